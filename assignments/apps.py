from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Final assignment")

    # What each role may do with this app's models (applied by website/roles.py).
    role_permissions = {
        "COORDINATOR": {
            "assignment": ["change", "view"],
            "rubriccriterion": ["add", "change", "delete", "view"],
            "rubriclevel": ["add", "change", "delete", "view"],
            "deadlineextension": ["add", "change", "delete", "view"],
            "plan": ["view"],
            "review": ["view"],
        },
    }

    def ready(self):
        from . import signals  # noqa: F401 - creates the assignment with the cohort
        from .review_signals import reviewer_left  # noqa: F401 - and review_late_plan

        declare_content(self.label)
        watch_personal_data()


def declare_content(app_label):
    """Which of this app's models bump the content version (website/page_cache.py). No
    public page shows the final assignment; only the per-version memos read it: the rubric
    (``services.plans.rubric``: criteria, levels), the plan ids that give the plans their
    letters (``anonymity.plan_ids``: a plan created or deleted, not its text) and the
    person's place in the plan editor (``views.plans._own_place``: the assignment, an
    extension). Everything written while people work (plan text and versions, privacy
    decisions, reviews and scores, response items, grades, the presentation schedule,
    guests and their feedback) shows only on personal pages, kept per person."""
    from website import page_cache

    from . import models

    page_cache.content_app(
        app_label,
        private=[
            models.PlanVersion,
            models.PlanPrivacyDecision,
            models.Review,
            models.CriterionScore,
            models.ResponseItem,
            models.Grade,
            models.PresentationDay,
            models.PresentationRoom,
            models.PresentationSlot,
            models.PresentationGuest,
            models.GuestFeedback,
            models.GuestAccess,
        ],
        rows_only=[models.Plan],
    )


def watch_personal_data():
    """What this app's models change on people's cached pages (course/personal_cache.py):
    plans, reviews and grades bump their people, the rest the cohort."""
    from course.personal_cache import cohort_scope, scopes_through, user_scope, watch

    from . import models

    of_plan = scopes_through(models.Plan, "author_id", user_scope)
    of_presentation_day = scopes_through(models.PresentationDay, "cohort_id", cohort_scope)

    watch(models.Assignment, lambda assignment: [cohort_scope(assignment.cohort_id)])
    watch(models.DeadlineExtension, lambda extension: [user_scope(extension.participant_id)])
    watch(models.Plan, lambda plan: [user_scope(plan.author_id)])
    watch(models.Grade, lambda grade: of_plan(grade.plan_id))
    watch(
        models.Review,
        lambda review: [user_scope(review.reviewer_id), *of_plan(review.plan_id)],
    )
    watch(models.PresentationDay, lambda day: [cohort_scope(day.cohort_id)])
    watch(models.PresentationRoom, lambda room: of_presentation_day(room.day_id))
    watch(models.PresentationSlot, lambda slot: of_presentation_day(slot.day_id))
