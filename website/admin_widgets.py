"""Choice widgets for the Wagtail admin's listing filters, rendered in Python.

Django renders a radio list or a select through templates: the list, then for every
option ``input_option.html``, ``input.html`` and ``attrs.html``. The coordinator's
registrations listing has five filters with some forty options: about 120 template
renders per page. These widgets take Django's own widget context (``get_context``: the
same ids, names, values, labels and checked/selected state) and write the markup of
Django's templates with every value escaped; tests/website/test_admin_widgets.py keeps
the two the same. The classes keep the names of the widgets they replace: Wagtail styles
a field by its widget's class name (``w-field--radio_select``).
"""

from html import escape

from django import forms
from django.utils.safestring import mark_safe
from wagtail.admin import widgets as wagtail_widgets


def _attrs(attrs):
    """``attrs.html``: ` name="value"`, a bare ` name` for True, nothing for False or None."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _input(option):
    value = option["value"]
    value_attr = f' value="{escape(str(value))}"' if value is not None else ""
    attrs = _attrs(option["attrs"])
    return f'<input type="{option["type"]}" name="{escape(option["name"])}"{value_attr}{attrs}>'


def _radio_option(option):
    if not option["wrap_label"]:
        return _input(option)
    option_id = option["attrs"].get("id")
    label_for = f' for="{escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)} {escape(str(option['label']))}</label>"


class PlainRadiosMixin:
    """For a ``RadioSelect``: Django's ``multiple_input.html`` in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{escape(str(group))}</label>")
            parts.extend(f"<div>\n    {_radio_option(option)}</div>" for option in options)
            if group:
                parts.append("\n  </div>")
        widget_id = widget["attrs"].get("id")
        css_class = widget["attrs"].get("class")
        id_attr = f' id="{escape(widget_id)}"' if widget_id else ""
        class_attr = f' class="{escape(css_class)}"' if css_class else ""
        html = f"<div{id_attr}{class_attr}>{''.join(parts)}\n</div>"
        return mark_safe(html)  # noqa: S308 - every value escaped above


class RadioSelect(PlainRadiosMixin, forms.RadioSelect):
    pass


class BooleanRadioSelect(PlainRadiosMixin, wagtail_widgets.BooleanRadioSelect):
    pass


class Select(forms.Select):
    """Django's ``select.html`` in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f'\n  <optgroup label="{escape(str(group))}">')
            parts.extend(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>"
                for option in options
            )
            if group:
                parts.append("\n  </optgroup>")
        html = (
            f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{''.join(parts)}\n</select>"
        )
        return mark_safe(html)  # noqa: S308 - every value escaped above


# Wagtail's filter widgets and the plain ones that replace them.
PLAIN_FILTER_WIDGETS = {
    forms.RadioSelect: RadioSelect,
    wagtail_widgets.BooleanRadioSelect: BooleanRadioSelect,
    forms.Select: Select,
}
