/* Second Chance — small enhancements only; every page works without this file. */
(function () {
  "use strict";
  // Submit the language switch as soon as a language is chosen.
  document.addEventListener("DOMContentLoaded", function () {
    var sel = document.getElementById("lang-select");
    if (sel && sel.form) {
      sel.addEventListener("change", function () { sel.form.submit(); });
    }
    // Move focus to the error summary so screen readers announce it.
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
    // Buttons marked data-confirm ask before they submit.
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (ev) {
        if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
      });
    });
    // Print buttons.
    document.querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
  });
})();
