"""Typed input before use: single-line header values and ASCII-only integers (issue 10)."""

import pytest
from django import forms
from django.core import mail
from django.utils.translation import gettext as _

from website.fields import AsciiIntegerField, SingleLineCharField, single_line
from website.mail import send_plain_mail


class OneLineForm(forms.Form):
    name = SingleLineCharField()
    number = AsciiIntegerField(required=False, min_value=1)


@pytest.mark.parametrize(
    "value", ["Plan\r\nBcc: x@example.invalid", "Plan\nBcc", "Plan\rX", "a\u2028b", "a\x85b"]
)
def test_a_single_line_field_refuses_any_line_break(value):
    form = OneLineForm({"name": value})
    assert not form.is_valid()
    assert form.errors["name"] == [_("Enter this on a single line.")]


def test_a_single_line_field_keeps_ordinary_text():
    form = OneLineForm({"name": "  Stichting De Brug  "})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Stichting De Brug"


@pytest.mark.parametrize("value", ["²", "١٢", "12a", "9" * 4301, "9" * 19, "1.5", "0x10"])
def test_an_integer_field_refuses_anything_but_a_few_ascii_digits(value):
    form = OneLineForm({"name": "x", "number": value})
    assert not form.is_valid()
    assert form.errors["number"] == [_("Enter a whole number using the digits 0 to 9.")]


def test_an_integer_field_reads_ascii_digits():
    form = OneLineForm({"name": "x", "number": " 42 "})
    assert form.is_valid()
    assert form.cleaned_data["number"] == 42


def test_single_line_turns_line_breaks_into_one_space():
    assert single_line("New request from Plan\r\nBcc: x@example.invalid") == (
        "New request from Plan Bcc: x@example.invalid"
    )


def test_the_mail_helper_sends_a_subject_with_line_breaks_on_one_line():
    send_plain_mail("Plan\r\nBcc: x@example.invalid", "body", ["coordinator@example.nl"])
    (message,) = mail.outbox
    assert message.subject == "Plan Bcc: x@example.invalid"
    assert message.bcc == []
    assert message.message()["Bcc"] is None
