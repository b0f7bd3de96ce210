/* Autosave for the plan editor (templates/assignments/plan_edit.html).
 * Without JavaScript the Save button does the same. Saves a few seconds after the last
 * keystroke, with the form's CSRF token, to the form's data-autosave-url; the server
 * keeps at most one autosaved version per ten minutes. A static file: the CSP allows
 * no inline script. */
(function () {
    "use strict";
    var form = document.querySelector("form[data-autosave-url]");
    if (!form) { return; }
    var status = document.getElementById("autosave-status");
    var fields = [form.elements.body, form.elements.marked_names].filter(Boolean);
    var timer = null;
    var lastSent = null;
    var DELAY = 3000;

    function payload() {
        var data = new FormData();
        data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
        fields.forEach(function (field) { data.append(field.name, field.value); });
        return data;
    }

    function snapshot() {
        return fields.map(function (field) { return field.value; }).join("\u0000");
    }

    function save() {
        timer = null;
        var current = snapshot();
        if (current === lastSent) { return; }
        lastSent = current;
        fetch(form.dataset.autosaveUrl, {
            method: "POST",
            body: payload(),
            credentials: "same-origin",
            headers: { "X-Requested-With": "XMLHttpRequest" }
        }).then(function (response) {
            return response.json().then(function (json) { return json; });
        }).then(function (json) {
            status.textContent = json.saved ? json.message : json.error;
            if (!json.saved) { lastSent = null; }
        }).catch(function () {
            lastSent = null;
            status.textContent = form.dataset.autosaveFailed || "";
        });
    }

    fields.forEach(function (field) {
        field.addEventListener("input", function () {
            if (timer) { clearTimeout(timer); }
            timer = setTimeout(save, DELAY);
        });
    });
    lastSent = snapshot();
})();
