/* The error summary (templates/forms/error_summary.html): take focus on load, so a screen
   reader reads the problems first, and let each link put the cursor in its field with the
   field's label in view (a plain #id link only scrolls). Works without it: the summary is the
   first thing in <main>. */
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
        return;
    }
    if (document.activeElement !== summary) {
        summary.focus();
    }
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) {
            return;
        }
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
            return;
        }
        event.preventDefault();
        var label = field.closest("fieldset") ? field.closest("fieldset").querySelector("legend")
            : document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView();
        field.focus({ preventScroll: true });
    });
})();
