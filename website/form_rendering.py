"""The one form pattern of the site: how every form of ours is rendered and how it reports
its errors (issue 18, WCAG 1.3.5, 3.3.1, 3.3.2).

- ``SiteFormRenderer`` (``settings.FORM_RENDERER``) renders every form through
  ``templates/forms/``: a required field says "verplicht" in its label and carries
  ``required`` and ``aria-required``; field errors are linked through ``aria-describedby``
  (Django's own).
- ``AutocompleteMixin`` gives personal and organisation fields their ``autocomplete`` token
  and the input type that goes with it (``email``, ``tel``).
- ``form_errors(context)`` collects the errors of every bound form in a template context; the
  templates ``base.html`` and ``guest_base.html`` show them as one error summary at the top of
  the page (focused on load) and start the page title with "Fout: " (``form_tags``).
"""

from pathlib import Path

import django
from django.forms import BaseForm, BoundField
from django.forms.formsets import BaseFormSet
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.functional import LazyObject, Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

# The input type that belongs with an autocomplete token (the rest stay type="text").
INPUT_TYPES = {"email": "email", "tel": "tel", "url": "url"}


class SiteBoundField(BoundField):
    """A bound field that also says it is required to assistive technology.

    ``aria-required`` goes on single inputs only: a group of radio buttons or checkboxes is
    a fieldset whose legend carries the visible marker (ARIA does not allow
    ``aria-required`` on a single radio button).
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("required") and not self.use_fieldset:
            attrs["aria-required"] = "true"
        return attrs

    @property
    def shows_required_marker(self):
        """The label says "verplicht": a required field a person fills in. A required
        checkbox (agreeing to the terms) says so too."""
        return self.field.required and not self.is_hidden and not self.field.disabled

    @property
    def summary_target_id(self):
        """The id the error summary links to: the field's input or, for a group of radio
        buttons or checkboxes, the element around the group (Django's widget wraps the
        options in a div with the field's id; a group laid out by hand puts it on its
        fieldset)."""
        if not self.auto_id or self.is_hidden:
            return ""
        return self.field.widget.id_for_label(self.auto_id) or self.auto_id


class SiteFormRenderer(TemplatesSetting):
    """Django's renderer with the site's templates (``templates/forms/``) and bound field.

    ``TemplatesSetting`` looks templates up through ``settings.TEMPLATES``, so the site's
    ``templates/`` directory comes first; Django's widget templates come from the
    ``django.forms`` app.
    """

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = SiteBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._own_django_template = {}

    def render(self, template_name, context, request=None):
        """Render a plain ``<input>`` or ``<textarea>`` widget in Python: the same HTML as
        Django's widget template (``tests/website/test_form_rendering.py`` compares them),
        without the two template renders per field that made up a quarter of a form
        page's time. Every other template, and these when the site overrides them, goes
        through the template engine as before."""
        fast = FAST_TEMPLATES.get(template_name)
        if fast is not None and request is None and self._is_ours_or_djangos(template_name):
            widget = context.get("widget", {})
            if all(map(self._is_ours_or_djangos, _option_templates(widget))):
                return fast(context)
        return super().render(template_name, context, request=request)

    def _is_ours_or_djangos(self, template_name):
        if template_name in OWN_TEMPLATES:
            return self._is_own(template_name)
        return self._is_djangos_own(template_name)

    def _is_own(self, template_name):
        """Our ``templates/forms/`` template, not one an app puts in its place."""
        own = self._own_django_template.get(template_name)
        if own is None:
            origin = Path(self.get_template(template_name).origin.name)
            own = origin == SITE_FORM_TEMPLATES / template_name
            self._own_django_template[template_name] = own
        return own

    def _is_djangos_own(self, template_name):
        own = self._own_django_template.get(template_name)
        if own is None:
            if template_name not in FAST_TEMPLATES and template_name not in FAST_OPTIONS:
                return False  # a widget's own option template: always through the engine
            origin = Path(self.get_template(template_name).origin.name)
            own = origin.is_relative_to(DJANGO_FORM_TEMPLATES)
            self._own_django_template[template_name] = own
        return own


# Django's own widget templates (``django/forms/templates/django/forms/widgets/``).
DJANGO_FORM_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
# The site's ``templates/`` directory (``forms/field.html`` and its includes).
SITE_FORM_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _format(value):
    """``{{ value|stringformat:'s' }}``: safe text stays unescaped, as in the template."""
    if isinstance(value, SafeData):
        return conditional_escape(value)
    try:
        return conditional_escape("%s" % (value,))
    except (TypeError, ValueError):  # the filter's own fallback
        return ""


def _widget_attrs(attrs):
    """``django/forms/widgets/attrs.html``: ``False`` leaves an attribute out, ``True``
    writes its bare name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_format(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _render_input(widget):
    """``django/forms/widgets/input.html``."""
    value = widget["value"]
    value = "" if value is None else f' value="{_format(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{value}{_widget_attrs(widget["attrs"])}>'
    )


def _render_textarea(widget):
    """``django/forms/widgets/textarea.html``."""
    value = widget["value"]  # {{ widget.value }}: localized like any template variable
    value = conditional_escape(localize(template_localtime(value))) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"'
        f"{_widget_attrs(widget['attrs'])}>\n{value}</textarea>"
    )


def _text(value):
    """``{{ value }}``: localized like any template variable, then escaped."""
    return conditional_escape(localize(template_localtime(value)))


def _option_templates(widget):
    """The option templates a choice widget includes (none for a plain input)."""
    for _group, options, _index in widget.get("optgroups", ()):
        for option in options:
            yield option["template_name"]


# An included template keeps its file's last newline (only the widget's own template is
# stripped by the renderer), so the options carry theirs.


def _render_select_option(option):
    """``django/forms/widgets/select_option.html``."""
    return (
        f'<option value="{_format(option["value"])}"{_widget_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _render_input_option(option):
    """``radio_option.html``/``checkbox_option.html``, which include ``input_option.html``
    (radio and checkbox options)."""
    if not option["wrap_label"]:
        return f"{_render_input(option)}\n\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_render_input(option)}\n {_text(option['label'])}</label>\n\n"


def _render_option(option):
    return FAST_OPTIONS[option["template_name"]](option)


def _render_optgroups(widget, group_open, group_close, option_format):
    """The options of a choice widget, each group opened and closed as its template does."""
    parts = []
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(group_open.format(_text(group)))
        parts.extend(option_format.format(_render_option(option)) for option in options)
        if group:
            parts.append(group_close)
    return "".join(parts)


def _render_select(widget):
    """``django/forms/widgets/select.html``: a school list of a few hundred options was
    a few hundred template renders."""
    options = _render_optgroups(widget, '\n  <optgroup label="{}">', "\n  </optgroup>", "\n  {}")
    name = _text(widget["name"])
    return f'<select name="{name}"{_widget_attrs(widget["attrs"])}>{options}\n</select>'


def _render_multiple_input(widget):
    """``django/forms/widgets/multiple_input.html`` (radio buttons, checkboxes)."""
    options = _render_optgroups(
        widget, "\n  <div><label>{}</label>", "\n  </div>", "<div>\n    {}</div>"
    )
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    id_attr = f' id="{_text(widget_id)}"' if widget_id else ""
    class_attr = f' class="{_text(css_class)}"' if css_class else ""
    return f"<div{id_attr}{class_attr}>{options}\n</div>"


# The option templates Django's choice widgets include.
FAST_OPTIONS = {
    "django/forms/widgets/select_option.html": _render_select_option,
    "django/forms/widgets/radio_option.html": _render_input_option,
    "django/forms/widgets/checkbox_option.html": _render_input_option,
}


def required_marker(field):
    """``forms/required_marker.html``."""
    if not field.shows_required_marker:
        return ""
    return f' <span class="required-marker">({conditional_escape(_("required"))})</span>'


def label_text(field):
    """``forms/label_text.html``: ``{{ field.label|capfirst }}`` and the marker."""
    label = field.label
    text = capfirst(label)
    text = mark_safe(text) if isinstance(label, SafeData) else conditional_escape(str(text))  # noqa: S308 - safe stays safe, as in the template
    return f"{text}{required_marker(field)}"


def _render_label(field):
    """``forms/label.html`` as ``forms/field.html`` includes it (no ``label_class``)."""
    label_id = field.id_for_label
    label_for = f' for="{_text(label_id)}"' if label_id else ""
    return f"<label{label_for}>{label_text(field)}</label>"


def _render_field_group(context):
    """``forms/field.html``, the template of every field of every form: it and the three
    templates it includes cost four template renders per field, more than the widget.
    ``tests/website/test_form_rendering_fast_widgets.py`` keeps the two the same; change
    both together."""
    field = context["field"]
    parts = []
    if field.use_fieldset:
        described_by = field.aria_describedby
        described_by = f' aria-describedby="{_text(described_by)}"' if described_by else ""
        parts.append(f"<fieldset{described_by}>\n  ")
        if field.label:
            parts.append(f"<legend>{label_text(field)}</legend>")
        parts.append("\n")
    elif field.label:
        parts.append(_render_label(field))
    parts.append("\n")
    if field.help_text:
        help_id = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{help_id}>{field.help_text}</div>')
    parts.append(f"\n{field.errors}\n{field}")
    if field.use_fieldset:
        parts.append("</fieldset>")
    return "".join(parts).strip()


def _render_error_list(context):
    """Django's ``errors/list/default.html`` (``ul.html``): nothing for a field without
    errors, which is every field of a form shown for the first time."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = errors.field_id
    id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{id_attr}>{items}</ul>'


def _widget(render):
    return lambda context: render(context["widget"])


# The widget templates that only include input.html, and the textarea.
FAST_WIDGETS = {
    f"django/forms/widgets/{name}.html": _render_input
    for name in (
        "text",
        "email",
        "number",
        "url",
        "password",
        "tel",
        "search",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "color",
    )
}
FAST_WIDGETS["django/forms/widgets/textarea.html"] = _render_textarea
FAST_WIDGETS["django/forms/widgets/select.html"] = _render_select
FAST_WIDGETS["django/forms/widgets/radio.html"] = _render_multiple_input
FAST_WIDGETS["django/forms/widgets/checkbox_select.html"] = _render_multiple_input

# Every template the renderer writes in Python, by name: the widgets above (given the
# widget's context), a field group and an error list.
FAST_TEMPLATES = {name: _widget(render) for name, render in FAST_WIDGETS.items()}
FAST_TEMPLATES["forms/field.html"] = _render_field_group
FAST_TEMPLATES["django/forms/errors/list/default.html"] = _render_error_list
# Ours: written in Python only while ``templates/forms/`` holds them.
OWN_TEMPLATES = {"forms/field.html"}


class AutocompleteMixin:
    """Form mixin: ``autocomplete_fields = {"phone": "tel", ...}`` gives each named field its
    HTML autocomplete token and, for ``email``/``tel``/``url``, the matching input type.

    Only for the person's own details and their organisation (WCAG 1.3.5); a colleague's
    email address gets no token (the browser would fill in the person's own).
    """

    autocomplete_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.autocomplete_fields.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.widget.attrs["autocomplete"] = token
            input_type = INPUT_TYPES.get(token)
            if input_type and hasattr(field.widget, "input_type"):
                field.widget.input_type = input_type


def _bound_forms(value):
    # Never evaluate a lazy value (``isinstance`` would): the context's lazy ``csrf_token``
    # would set the CSRF cookie on every page, and a page with a cookie is never stored in
    # the anonymous page cache (website/page_cache.py).
    if issubclass(type(value), (LazyObject, Promise)):
        return
    if isinstance(value, (list, tuple)):  # one form per row, say
        for item in value:
            if isinstance(item, (BaseForm, BaseFormSet)):
                yield from _bound_forms(item)
    elif isinstance(value, BaseForm):
        if value.is_bound:
            yield value
    elif isinstance(value, BaseFormSet):
        if value.is_bound:
            yield value
            yield from (form for form in value.forms if form.is_bound)


def form_errors(context):
    """The errors of every bound form (and formset) in a template context, in page order
    as far as the context knows it, as ``(label, message, target_id)``; ``target_id`` is
    empty for an error of the whole form.

    Each form is counted once, whatever names the view gave it in the context.
    """
    seen = set()
    errors = []
    for value in context.flatten().values():
        for form in _bound_forms(value):
            if id(form) in seen:
                continue
            seen.add(id(form))
            if isinstance(form, BaseFormSet):
                errors.extend(("", str(message), "") for message in form.non_form_errors())
                continue
            if form.is_valid():
                continue
            errors.extend(("", str(message), "") for message in form.non_field_errors())
            for field in form:  # in the form's field order, as on the page
                if not field.errors:
                    continue
                label = str(field.label or "")
                target = getattr(field, "summary_target_id", "")  # our bound field
                if not target and not field.is_hidden:
                    target = field.auto_id or ""
                errors.extend((label, str(message), target) for message in field.errors)
    return errors
