"""The certificate: proof that a participant completed a cohort, verifiable by a code.

Who is eligible is decided by ``course.services.certificates`` (attendance plus the
``COMPLETION_REQUIREMENTS`` of course/hooks.py); this module holds the issued row and its
verification code. The PDF is never stored: it is drawn anew from the row on every download.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: Crockford's base32: no I, L, O or U, so a code read aloud or typed over is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 16 characters of 5 bits: 80 random bits, shown as four groups of four ("7KQ2-M9XD-…").
CODE_LENGTH = 16
CODE_GROUP = 4
# What people mistype for a Crockford character (Crockford's own decoding rules).
_LOOK_ALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def generate_code():
    """A new random verification code (normalised form, without dashes)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def normalise_code(text):
    """The stored form of a code typed by a person, or None when it cannot be one.

    Case, spaces and dashes do not matter; I and L read as 1, O as 0 (Crockford).
    """
    cleaned = "".join(str(text or "").split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(cleaned) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in cleaned):
        return None
    return cleaned


def format_code(code):
    """``7KQ2M9XD4RTAHV3C`` as ``7KQ2-M9XD-4RTA-HV3C``."""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        """Certificates that have not been revoked."""
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """One participant's certificate for one cohort, issued once.

    Written only through ``course.services.certificates`` (``issue_certificate``,
    ``revoke_certificate``). The name is kept as it was on the day of issue, so the PDF and
    the verification page keep saying what the participant received.
    """

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True)
    name = models.CharField(_("name on the certificate"), max_length=150)
    study_hours = models.PositiveSmallIntegerField(_("study hours"))
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "cohort"], name="certificate_unique_participant_cohort"
            ),
        ]

    def __str__(self):
        # No name: Wagtail's history keeps this label after the person's data is erased.
        return self.display_code

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def get_verification_path(self):
        return reverse("certificates:verify_code", kwargs={"code": self.display_code})
