"""Validators shared by every form where people type names (people, schools, boards)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters and symbols that Unicode files as visible but that every font draws as blank
# space (Hangul fillers, the blank Braille pattern): favourites for "empty" names.
BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Letters (L), marks that follow a letter are fine, numbers (N), punctuation (P), symbols (S).
VISIBLE_CATEGORY_GROUPS = frozenset("LNPS")


def has_visible_character(value):
    """True when ``value`` holds at least one character a reader can see.

    Zero-width spaces and joiners, direction marks, other format and control characters,
    spaces and combining marks on their own do not count: ``str.strip()`` keeps most of
    them, so a required field alone lets an invisible name through.
    """
    return any(
        unicodedata.category(char)[0] in VISIBLE_CATEGORY_GROUPS and char not in BLANK_LOOKALIKES
        for char in value
    )


def validate_visible_text(value):
    """Refuse non-empty text made only of invisible characters (an empty value is left to
    ``required``)."""
    if value and not has_visible_character(value):
        raise ValidationError(
            _("Type a name with visible letters; this one consists only of invisible characters."),
            code="invisible",
        )


class VisibleTextFieldsMixin:
    """Form mixin: the fields named in ``visible_text_fields`` get ``validate_visible_text``.

    One list per form keeps the rule in one place for model forms too, whose fields are
    built from the model.
    """

    visible_text_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.visible_text_fields:
            field = self.fields.get(name)
            if field is not None and validate_visible_text not in field.validators:
                field.validators.append(validate_visible_text)
