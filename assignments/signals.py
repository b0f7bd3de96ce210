"""Every cohort gets its final assignment; its dates follow the course days until edited."""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from course.models import CohortDay, CohortPage


@receiver(post_save, sender=CohortPage, dispatch_uid="assignments_create_with_cohort")
def create_assignment_with_cohort(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .services.assignments import ensure_assignment

    ensure_assignment(instance)


@receiver(post_save, sender=CohortDay, dispatch_uid="assignments_follow_course_days")
def follow_course_days(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services.assignments import follow_course_days

    follow_course_days(instance.cohort)


#: Sent after a plan is submitted (``plan=``), also a late one with an extension: peer
#: allocation (plan-b) connects here to give a late plan its reviewers.
plan_submitted = Signal()
