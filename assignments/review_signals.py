"""Peer review follows what happens elsewhere: a late plan gets reviewers when it arrives,
and a participant who leaves the cohort hands their open reviews to others."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from course.models import Registration

from .models import Plan


@receiver(post_save, sender=Plan, dispatch_uid="assignments_review_late_plan")
def review_late_plan(sender, instance, raw=False, update_fields=None, **kwargs):
    """A plan submitted during the review phase (with an extension) gets its reviewers.

    Allocation only tops up, so a later save of a submitted plan changes nothing.
    """
    if raw or not instance.is_submitted:
        return
    if update_fields is not None and "submitted_at" not in update_fields:
        return
    from .services.reviews import allocate_late_plan

    allocate_late_plan(instance)


@receiver(post_save, sender=Registration, dispatch_uid="assignments_reviewer_left")
def reviewer_left(sender, instance, raw=False, **kwargs):
    """A cancelled registration moves that person's open reviews right away."""
    if raw or instance.status != Registration.Status.CANCELLED:
        return
    from .services.reassignment import on_registration_changed

    on_registration_changed(instance)
