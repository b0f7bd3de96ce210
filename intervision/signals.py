"""Keep intervision in step with the course core without the core knowing about it."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from course.models import CohortDay, Registration
from course.models.pages import PRACTICE_DAY_NUMBER


@receiver(post_save, sender=Registration, dispatch_uid="intervision_leave_on_cancel")
def leave_group_when_registration_cancelled(sender, instance, **kwargs):
    """A cancelled registration takes the person out of their group and its coming roles."""
    if instance.status == Registration.Status.CANCELLED:
        from .services.groups import leave_cohort

        leave_cohort(instance.participant, instance.cohort)


@receiver(post_save, sender=CohortDay, dispatch_uid="intervision_practice_day_sessions")
def follow_practice_day_date(sender, instance, **kwargs):
    """When day 5 is planned or moved, each published group's afternoon session follows."""
    if instance.number == PRACTICE_DAY_NUMBER:
        from .services.sessions import sync_practice_day_sessions

        sync_practice_day_sessions(instance.cohort)
