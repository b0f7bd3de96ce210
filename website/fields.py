"""Form fields that check the *type* of untrusted input before anything uses it.

- ``SingleLineCharField`` for every value that can end up in a mail header (a subject,
  a name): a line break there is refused with a clear sentence, never passed on.
- ``AsciiIntegerField`` for numbers and ids typed or posted by a person: only the ASCII
  digits 0-9 and a bounded length. Python's ``int()`` also reads "١٢" as 12 and "²" as a
  digit, and refuses more than 4,300 digits with a ``ValueError``.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every character str.splitlines() breaks on: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS.
LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")

# 18 digits always fit a 64-bit database integer (PostgreSQL bigint, SQLite INTEGER).
MAX_INTEGER_DIGITS = 18
ASCII_INTEGER = re.compile(r"[+-]?[0-9]{1,%d}" % MAX_INTEGER_DIGITS)


def single_line(text):
    """``text`` with every run of line breaks replaced by one space, stripped."""
    return LINE_BREAKS.sub(" ", str(text)).strip()


def validate_single_line(value):
    if LINE_BREAKS.search(value or ""):
        raise ValidationError(_("Enter this on a single line."), code="line_break")


class SingleLineCharField(forms.CharField):
    default_validators = [validate_single_line]


def parse_ascii_integer(value):
    """``value`` (text) as an int; ``ValueError`` unless it is ASCII digits of bounded length."""
    text = str(value).strip()
    if not ASCII_INTEGER.fullmatch(text):
        raise ValueError(value)
    return int(text)


class AsciiIntegerField(forms.IntegerField):
    """An ``IntegerField`` that accepts only an optional sign and 1 to 18 ASCII digits."""

    default_error_messages = {"invalid": _("Enter a whole number using the digits 0 to 9.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_ascii_integer(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
