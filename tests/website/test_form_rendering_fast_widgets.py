"""The plain widgets rendered in Python (website/form_rendering.py, issue 16): the same HTML
as Django's widget templates, for every value and attribute a form of ours can give them."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from website.form_rendering import FAST_WIDGETS, SiteFormRenderer

ATTRS = [
    {},
    {"id": "id_x", "required": True, "aria-required": "true", "disabled": False},
    {"class": 'a "quoted" <b> & c', "placeholder": gettext_lazy("Your colleague's name")},
    {"maxlength": 200, "rows": 3, "autocomplete": "organization", "aria-describedby": "x y"},
    {"data-x": mark_safe("<safe> &amp;"), "checked": True},
]
VALUES = [
    None,
    "",
    "plain",
    '"quoted" <script>&amp;',
    mark_safe("&amp; safe"),
    0,
    12,
    1.5,
    datetime.date(2026, 11, 30),
    datetime.datetime(2026, 11, 30, 8, 30, tzinfo=datetime.UTC),
    ("a", 1),
    "ünïcode € 'q'",
]
WIDGETS = [
    forms.TextInput,
    forms.EmailInput,
    forms.NumberInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.CheckboxInput,
    forms.Textarea,
    forms.DateInput,
    forms.TimeInput,
]


def django_and_ours(template_name, context):
    return TemplatesSetting().render(template_name, context), SiteFormRenderer().render(
        template_name, context
    )


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
def test_a_plain_widget_renders_exactly_as_djangos_template(widget_class):
    widget = widget_class()
    assert widget.template_name in FAST_WIDGETS  # else this test tries nothing new
    for attrs in ATTRS:
        for value in VALUES:
            context = widget.get_context("field_name", value, attrs)
            theirs, ours = django_and_ours(widget.template_name, context)
            assert ours == theirs, (attrs, value)
            # and with the raw value, as a widget's own get_context may pass it on
            context["widget"]["value"] = value
            theirs, ours = django_and_ours(widget.template_name, context)
            assert ours == theirs, (attrs, value)


def test_a_whole_form_renders_as_through_the_templates():
    class Form(forms.Form):
        name = forms.CharField(max_length=20, help_text="Help & more")
        email = forms.EmailField(required=False)
        note = forms.CharField(widget=forms.Textarea, required=False)
        agree = forms.BooleanField()
        choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    class Engine(SiteFormRenderer):
        def _is_djangos_own(self, template_name):
            return False  # every template through the engine

    for data in (None, {"name": "x" * 30, "email": "bad", "note": "<b>hi</b>\nthere"}):
        ours = Form(data, renderer=SiteFormRenderer()).render()
        theirs = Form(data, renderer=Engine()).render()
        assert ours == theirs
        assert 'name="email"' in ours and "<textarea" in ours


def test_a_widget_template_the_site_overrides_goes_through_the_engine():
    renderer = SiteFormRenderer()
    assert renderer._is_djangos_own("django/forms/widgets/text.html")
    # A template found elsewhere (here one of ours, under a widget's name) is never skipped.
    assert not renderer._is_djangos_own("forms/field.html")
