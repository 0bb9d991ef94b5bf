/* FollowScope theme toggle: system → light → dark, remembered in localStorage. Loaded in <head>
   (no inline script under the CSP), so the saved choice applies before the first paint. */
(function () {
  "use strict";
  var KEY = "followscope-theme";
  var root = document.documentElement;
  function saved() {
    try { return window.localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  }
  function apply(choice) {
    if (choice === "light" || choice === "dark") { root.setAttribute("data-theme", choice); }
    else { root.removeAttribute("data-theme"); }
  }
  apply(saved());
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) { return; }
    var order = ["", "light", "dark"];
    var current = saved();
    function label() {
      // the words come from the page (data-text-*, written by the template through gettext), never from here
      var text = button.getAttribute("data-text-" + current);
      if (text) { button.textContent = text; }
    }
    button.hidden = false;
    label();
    button.addEventListener("click", function () {
      var next = order[(order.indexOf(current) + 1) % order.length];
      current = next;
      try {
        if (next) { window.localStorage.setItem(KEY, next); } else { window.localStorage.removeItem(KEY); }
      } catch (e) { /* storage refused (private mode): the choice lasts for this page only */ }
      apply(next);
      label();
    });
  });
}());
