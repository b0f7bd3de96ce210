"""The final assignment's contributions to the course core (see course/hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from course.hooks import COHORT_OVERVIEW_ITEMS, DASHBOARD_PANELS


@hooks.register(DASHBOARD_PANELS)
def implementation_plan_panel(request, user, cohorts):
    """A placeholder on "Mijn opleiding" until the implementation plan is built."""
    if not cohorts:
        return []
    return [("assignments/dashboard_panel.html", {})]


# --- peer review (plan-b) ---


@hooks.register(COHORT_OVERVIEW_ITEMS)
def assignment_progress_link(request, cohort):
    """The final assignment's progress page, in the trainer's cohort overview (no query)."""
    return [(_("Final assignment progress"), reverse("assignments:progress", args=[cohort.pk]))]


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        "assignments.reviews_allocated", _("Reviewers allocated"), _("Reviewers allocated")
    )
    actions.register_action("assignments.review_added", _("Review added"), _("Review added"))
    actions.register_action("assignments.review_removed", _("Review removed"), _("Review removed"))
    actions.register_action("assignments.review_moved", _("Review moved"), _("Review moved"))
    actions.register_action("assignments.reminder_sent", _("Reminder sent"), _("Reminder sent"))


@hooks.register(DASHBOARD_PANELS)
def peer_review_panel(request, user, cohorts):
    """Peer review on "Mijn opleiding": reviews to write and the reviews of one's plan."""
    from .models import Plan, Review

    if not cohorts:
        return []
    ids = [cohort.pk for cohort in cohorts]
    to_write = (
        Review.objects.peer()
        .by_reviewer(user)
        .filter(plan__assignment__cohort_id__in=ids)
        .filter(status__in=[Review.Status.ASSIGNED, Review.Status.DRAFT])
        .count()
    )
    submitted = (
        Plan.objects.for_author(user).submitted().filter(assignment__cohort_id__in=ids).exists()
    )
    if not to_write and not submitted:
        return []
    return [("assignments/review_panel.html", {"to_write": to_write})]
