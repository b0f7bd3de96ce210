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
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) {
            return;
        }
        // A group of radio buttons or checkboxes: its first option.
        var field = target.matches("input, select, textarea") ? target
            : target.querySelector("input:not([type=hidden]), select, textarea");
        if (!field) {
            return;
        }
        event.preventDefault();
        var group = field.closest("fieldset");
        var label = field.type === "radio" || field.type === "checkbox" || target !== field
            ? group && group.querySelector("legend")
            : document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView();
        field.focus({ preventScroll: true });
    });
})();
