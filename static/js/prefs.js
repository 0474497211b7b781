// 适老化 display preferences (大字版 / 高对比度), applied before the first paint: this file is loaded
// in <head> without `defer`, so the page never flashes in the default style. The buttons that change
// the preferences are wired in portal.js. No inline script, so a strict CSP can apply.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    ["large-font", "high-contrast"].forEach(function (name) {
      if (window.localStorage.getItem("portal-pref:" + name) === "1") {
        root.classList.add(name);
      }
    });
  } catch (e) {
    // Storage disabled (private mode, blocked cookies): the default style applies.
  }
})();
