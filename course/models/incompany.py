from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class InCompanyRequest(models.Model):
    """A board's or school's request for a trajectory for its own team. Never LBBO discount."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        SCHEDULED = "scheduled", _("closed cohort created")

    organisation = models.CharField(_("board or school"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=30)
    participant_count = models.PositiveSmallIntegerField(
        _("number of participants"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    region = models.CharField(_("preferred region"), max_length=100)
    period = models.CharField(_("preferred period"), max_length=100)
    questions = models.TextField(_("questions"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    cohort = models.ForeignKey(
        "course.CohortPage",
        verbose_name=_("closed cohort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incompany_requests",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("in-company request")
        verbose_name_plural = _("in-company requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation} ({self.participant_count})"
