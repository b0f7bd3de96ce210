"""The plain widgets rendered in Python (website/form_rendering.py, issue 16): the same HTML
as Django's widget templates, for every value and attribute a form of ours can give them."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import BooleanRadioSelect

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


CHOICES = [
    ("", "Alle"),
    ("confirmed", gettext_lazy("Confirmed")),
    ("odd", 'Ouders & "verzorgers" <script>'),
    ("safe", mark_safe("<em>safe</em> &amp;")),
    (3, 3),
    ("Groep", [("a", "Groep A"), ("b", 'B "& <b>"')]),
]
CHOICE_WIDGETS = [
    forms.Select,
    forms.SelectMultiple,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.NullBooleanSelect,
    BooleanRadioSelect,  # Wagtail's yes/no filter
]


@pytest.mark.parametrize("widget_class", CHOICE_WIDGETS, ids=lambda w: w.__name__)
def test_a_choice_widget_renders_exactly_as_djangos_templates(widget_class):
    """Selects, radio buttons and checkbox lists: the school list of the registration form,
    the admin listing's filters."""
    takes_choices = widget_class not in (forms.NullBooleanSelect, BooleanRadioSelect)
    widget = widget_class(choices=CHOICES) if takes_choices else widget_class()
    assert widget.template_name in FAST_WIDGETS  # else this test tries nothing new
    values = [None, "", "confirmed", "b", 3, "true", False]
    if takes_choices:
        values.append(["a", "odd"])  # several chosen (a yes/no widget takes one)
    for attrs in ATTRS:
        for value in values:
            context = widget.get_context("field_name", value, attrs)
            theirs, ours = django_and_ours(widget.template_name, context)
            assert ours == theirs, (attrs, value)


def test_a_choice_widget_escapes_its_labels():
    html = forms.RadioSelect(choices=CHOICES).render(
        "status", None, {"id": "s"}, renderer=SiteFormRenderer()
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<em>safe</em>" in html  # a label marked safe stays as it is, as in the template


def test_a_widget_with_its_own_option_template_goes_through_the_engine():
    class Marked(forms.RadioSelect):
        option_template_name = "forms/label_text.html"  # any template that is not Django's

    renderer = SiteFormRenderer()
    html = Marked(choices=[("a", "A")]).render("x", None, renderer=renderer)
    assert "<input" not in html  # the option went through its own template


class Engine(SiteFormRenderer):
    def _is_ours_or_djangos(self, template_name):
        return False  # every template through the engine


def test_a_whole_form_renders_as_through_the_templates():
    class Form(forms.Form):
        name = forms.CharField(max_length=20, help_text="Help & more")
        email = forms.EmailField(required=False)
        note = forms.CharField(widget=forms.Textarea, required=False)
        agree = forms.BooleanField()
        choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        school = forms.ChoiceField(choices=[("", "---"), ("1", "De Linde & Co")])
        days = forms.MultipleChoiceField(
            choices=[("1", "Dag 1"), ("2", "Dag 2")], widget=forms.CheckboxSelectMultiple
        )

    for data in (
        None,
        {"name": "x" * 30, "email": "bad", "note": "<b>hi</b>\nthere", "school": "1"},
        {"days": ["2"], "choice": "b", "school": "nope"},
    ):
        ours = Form(data, renderer=SiteFormRenderer()).render()
        theirs = Form(data, renderer=Engine()).render()
        assert ours == theirs
        assert 'name="email"' in ours and "<textarea" in ours


def test_a_widget_template_the_site_overrides_goes_through_the_engine():
    renderer = SiteFormRenderer()
    assert renderer._is_djangos_own("django/forms/widgets/text.html")
    # A template found elsewhere (here one of ours, under a widget's name) is never skipped.
    assert not renderer._is_djangos_own("forms/field.html")


class EveryKindOfField(forms.Form):
    name = forms.CharField(max_length=5, help_text="Help & <b>more</b>")
    safe_label = forms.CharField(label=mark_safe("<abbr>LBBO</abbr>-nummer"), required=False)
    no_label = forms.CharField(label="", required=False)
    lazy = forms.CharField(label=gettext_lazy("Your colleague's name"), required=False)
    locked = forms.CharField(disabled=True, initial="vast", required=True)
    agree = forms.BooleanField(help_text=mark_safe('<a href="/v/">voorwaarden</a>'))
    kind = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Kies er een"
    )
    days = forms.MultipleChoiceField(
        choices=[("1", "Dag 1")], widget=forms.CheckboxSelectMultiple, required=False
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Het formulier & <alles>")


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize(
    "data", [None, {}, {"name": "te lang & <x>", "kind": "c", "secret": "s"}, {"kind": "a"}]
)
def test_field_groups_and_errors_render_as_through_the_templates(data, auto_id):
    """``forms/field.html`` and Django's error list, written in Python, for every kind of
    field: required or not, with and without help, errors, label or id, in a fieldset."""
    ours = EveryKindOfField(data, auto_id=auto_id, renderer=SiteFormRenderer())
    theirs = EveryKindOfField(data, auto_id=auto_id, renderer=Engine())
    assert ours.render() == theirs.render()
    for name in ours.fields:
        assert ours[name].as_field_group() == theirs[name].as_field_group(), name
    if data is not None:
        assert str(ours.non_field_errors()) == str(theirs.non_field_errors())
        assert "Het formulier &amp; &lt;alles&gt;" in ours.render()


def test_a_field_template_an_app_puts_in_place_of_ours_goes_through_the_engine():
    renderer = SiteFormRenderer()
    assert renderer._is_ours_or_djangos("forms/field.html")
    assert renderer._is_ours_or_djangos("django/forms/errors/list/default.html")
    assert not renderer._is_ours_or_djangos("forms/div.html")  # not written in Python
