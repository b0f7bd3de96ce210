"""LBBO membership numbers: normalising and checking their format.

The format is set by the coordinator in ``RegistrationSettings``. Only ASCII characters
are ever accepted: Python's ``\\d`` and ``str.isdigit()`` also accept digits such as
Arabic-Indic "٣", which no member list contains.
"""

import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ASCII_DIGITS = frozenset(string.digits)
ASCII_LETTERS_AND_DIGITS = frozenset(string.ascii_uppercase + string.digits)


def normalise_membership_number(value):
    """Remove surrounding and inner whitespace; letters become capitals.

    This is the number as typed, for the format check; compare and store
    ``canonical_membership_number`` instead.
    """
    return re.sub(r"\s+", "", value or "").upper()


def canonical_membership_number(value):
    """The one form of a membership number that is stored and compared.

    Normalised, and without leading zeros: "0118470", "00118470" and "118 470" are all
    member 118470, the form the LBBO member list uses. An all-zero number has no
    canonical form (""); the format check refuses it. Member-list uploads and
    registrations both go through here, so they always match each other.
    """
    return normalise_membership_number(value).lstrip("0")


def is_on_member_list(number):
    """Whether ``number`` (in any form) is on the uploaded LBBO member list."""
    from .models import LbboMember

    canonical = canonical_membership_number(number)
    return bool(canonical) and LbboMember.objects.filter(number=canonical).exists()


def validate_membership_number(number, registration_settings):
    """Raise ``ValidationError`` with a clear sentence unless ``number`` has the set format.

    ``number`` must already be normalised; the lengths count what the person typed,
    leading zeros included, so a long run of zeros is refused as too long.
    """
    from .models import RegistrationSettings

    digits_only = (
        registration_settings.membership_number_characters
        == RegistrationSettings.NumberCharacters.DIGITS
    )
    allowed = ASCII_DIGITS if digits_only else ASCII_LETTERS_AND_DIGITS
    shortest = registration_settings.membership_number_min_length
    longest = registration_settings.membership_number_max_length
    if not number:
        raise ValidationError(
            _("Enter your LBBO membership number, or untick that you are a member."),
            code="membership_number_missing",
        )
    if any(char not in allowed for char in number):
        if digits_only:
            message = _("A membership number consists of the digits 0 to 9 only.")
        else:
            message = _(
                "A membership number consists of the letters A to Z and digits 0 to 9 only."
            )
        raise ValidationError(message, code="membership_number_characters")
    if not number.strip("0"):
        raise ValidationError(
            _("A membership number cannot consist of zeros only."),
            code="membership_number_zeros",
        )
    if len(number) > longest:
        raise ValidationError(
            _("A membership number has at most %(count)d characters.") % {"count": longest},
            code="membership_number_too_long",
        )
    if len(number) < shortest:
        raise ValidationError(
            _("A membership number has at least %(count)d characters.") % {"count": shortest},
            code="membership_number_too_short",
        )
