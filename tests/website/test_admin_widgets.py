"""The admin filter widgets rendered in Python (website/admin_widgets.py) write what
Django's and Wagtail's templates write, escaped the same way."""

import re

import pytest
from django import forms
from wagtail.admin.widgets import BooleanRadioSelect

from website import admin_widgets

CHOICES = [
    ("", "Alle"),
    ("confirmed", "bevestigd"),
    ("odd", 'Ouders & "verzorgers" <script>'),
    ("Groep", [("a", "Groep A"), ("b", "Groep B")]),
]


def same_markup(html):
    """Whitespace between tags is not part of the markup."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize(
    ("django_widget", "plain_widget"),
    [(forms.RadioSelect, admin_widgets.RadioSelect), (forms.Select, admin_widgets.Select)],
)
@pytest.mark.parametrize("value", [None, "", "confirmed", "b"])
@pytest.mark.parametrize("attrs", [{"id": "id_status"}, {"id": "id_x", "class": "w-a"}, {}])
def test_a_plain_choice_widget_writes_what_djangos_templates_write(
    django_widget, plain_widget, value, attrs
):
    expected = django_widget(choices=CHOICES).render("status", value, attrs)
    assert same_markup(plain_widget(choices=CHOICES).render("status", value, attrs)) == (
        same_markup(expected)
    )


@pytest.mark.parametrize("value", [None, "true", "false"])
def test_the_plain_yes_no_filter_writes_what_wagtails_widget_writes(value):
    expected = BooleanRadioSelect().render("is_lbbo_member", value, {"id": "id_m"})
    ours = admin_widgets.BooleanRadioSelect().render("is_lbbo_member", value, {"id": "id_m"})
    assert same_markup(ours) == same_markup(expected)


def test_a_plain_widget_escapes_labels():
    html = admin_widgets.RadioSelect(choices=CHOICES).render("status", None, {"id": "s"})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
