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
    // A date proposed from another (the planned end, two years after the
    // start) follows that date until someone types a date of their own.
    // The server does the same when the proposal comes back untouched.
    document.querySelectorAll("input[data-follows]").forEach(function (proposal) {
      var form = proposal.form;
      var from = form && form.elements.namedItem(proposal.getAttribute("data-follows"));
      var to = form && form.elements.namedItem(proposal.getAttribute("data-proposes"));
      var years = parseInt(proposal.getAttribute("data-years"), 10);
      if (!from || !to || !years) { return; }
      from.addEventListener("change", function () {
        var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from.value);
        if (!m || to.value !== proposal.value) { return; }
        var y = Number(m[1]) + years, d = m[3];
        var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        if (m[2] === "02" && d === "29" && !leap) { d = "28"; }
        var next = String(y).padStart(4, "0") + "-" + m[2] + "-" + d;
        to.value = next;
        proposal.value = next;
      });
    });
    // Print buttons.
    document.querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
  });
})();
