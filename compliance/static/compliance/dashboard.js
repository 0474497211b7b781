// 公开时限督办: draws the monthly trend chart from its JSON data island. No inline script, so a
// strict CSP can apply; without JavaScript the data table below the chart still shows the numbers.
document.addEventListener("DOMContentLoaded", function () {
  var container = document.getElementById("trend-chart");
  if (!container || typeof window.echarts === "undefined") {
    return;
  }
  var source = document.getElementById(container.dataset.source);
  if (!source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colors = { "按时公开": "#0b3d91", "逾期公开": "#b3161c" };
  var chart = window.echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
    // ECharts' own tooltip HTML carries style="" attributes, which the CSP blocks: build it here
    // (styles set through the DOM are allowed), looking like the default one.
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: tooltip },
    legend: { top: 8 },
    grid: { left: 48, right: 16, top: 48, bottom: 48 },
    xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", minInterval: 1, name: "条" },
    series: data.series.map(function (series) {
      return {
        name: series.name,
        type: "bar",
        stack: "published",
        data: series.data,
        itemStyle: { color: colors[series.name] },
        emphasis: { focus: "series" }
      };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
});

function tooltip(params) {
  var box = document.createElement("div");
  var month = document.createElement("div");
  month.textContent = params.length ? params[0].axisValueLabel : "";
  month.style.cssText = "font-size:14px;color:#666;line-height:1;margin-bottom:10px";
  box.appendChild(month);
  params.forEach(function (item) {
    var line = document.createElement("div");
    line.style.cssText = "font-size:14px;color:#666;line-height:1;margin-top:10px";
    var marker = document.createElement("span");
    marker.style.cssText = "display:inline-block;margin-right:4px;border-radius:10px;width:10px;height:10px";
    marker.style.backgroundColor = item.color;
    var value = document.createElement("span");
    value.textContent = item.value;
    value.style.cssText = "float:right;margin-left:20px;font-weight:900;color:#464646";
    line.appendChild(marker);
    line.appendChild(document.createTextNode(item.seriesName));
    line.appendChild(value);
    box.appendChild(line);
  });
  return box;
}
