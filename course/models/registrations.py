from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that are not cancelled."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        """Registrations holding a confirmed place."""
        return self.filter(status=Registration.Status.CONFIRMED)

    def for_participant(self, user):
        return self.filter(participant=user)


class Registration(models.Model):
    """A person's place (or wish for one) in a cohort."""

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("awaiting email confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITING_LIST = "waiting_list", _("on the waiting list")
        OFFERED = "offered", _("place offered")
        CANCELLED = "cancelled", _("cancelled")

    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.AWAITING_CONFIRMATION
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"],
                condition=~models.Q(status="cancelled"),
                name="one_active_registration_per_person_per_cohort",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.participant} – {self.cohort}"
