from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceQuerySet(models.QuerySet):
    def for_participant(self, user):
        return self.filter(participant=user)

    def for_cohort(self, cohort):
        """Attendance records of all days of one cohort."""
        return self.filter(cohort_day__cohort=cohort)


class Attendance(models.Model):
    """Whether one participant was present on one course day of their cohort.

    Written only through ``course.services.record_attendance``, which saves a whole day at once.
    """

    cohort_day = models.ForeignKey(
        "course.CohortDay",
        verbose_name=_("course day"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort_day", "participant"], name="attendance_unique_day_participant"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.cohort_day}: {self.present}"
