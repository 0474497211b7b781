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
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
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
