// Progressive enhancements for the public column. No inline handlers, so a strict CSP can apply.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.documentElement;

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // A list's 筛选 on a phone (portal.css hides the folded fields below 40rem): the button opens and closes them.
  document.querySelectorAll(".filter-fold__toggle").forEach(function (button) {
    var form = button.closest(".filter-fold");
    button.addEventListener("click", function () {
      var open = form.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  // 适老化 preferences: each button toggles a class on <html> and remembers it (prefs.js applies it
  // on the next page before the first paint).
  var buttons = document.querySelectorAll("[data-pref]");
  function sync() {
    buttons.forEach(function (button) {
      var on = root.classList.contains(button.getAttribute("data-pref"));
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function store(name, on) {
    try {
      if (on) {
        window.localStorage.setItem("portal-pref:" + name, "1");
      } else {
        window.localStorage.removeItem("portal-pref:" + name);
      }
    } catch (e) {
      // Storage disabled: the preference lasts for this page only.
    }
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-pref");
      store(name, root.classList.toggle(name));
      sync();
    });
  });
  // Another tab changed a preference: follow it.
  window.addEventListener("storage", function (event) {
    if (!event.key || event.key.indexOf("portal-pref:") !== 0) { return; }
    root.classList.toggle(event.key.slice("portal-pref:".length), event.newValue === "1");
    sync();
  });
  sync();
});
