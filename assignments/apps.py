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
    plans, reviews and grades bump their people, the rest the cohort. Everything the
    trainer's screens show (progress, grading list and page) also bumps the cohort's staff
    scope: the participants' work, their places, and the names of the people listed."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from course.models import Registration
    from course.personal_cache import (
        cohort_scope,
        scopes_through,
        staff_scope,
        user_scope,
        watch,
    )

    from . import models

    of_assignment = scopes_through(models.Assignment, "cohort_id", staff_scope)
    # The rubric shows on the staff's screens and on the reviewers' pages (the cohort's).
    rubric_of_assignment = scopes_through(models.Assignment, "cohort_id", staff_scope, cohort_scope)
    rubric_of_criterion = scopes_through(
        models.RubricCriterion, "assignment__cohort_id", staff_scope, cohort_scope
    )
    of_presentation_day = scopes_through(models.PresentationDay, "cohort_id", cohort_scope)

    def of_plan(plan_id):
        """The plan's author and its cohort's staff screens (one query)."""
        rows = models.Plan.objects.filter(pk=plan_id).values_list(
            "author_id", "assignment__cohort_id"
        )
        return [
            scope for author, cohort in rows for scope in (user_scope(author), staff_scope(cohort))
        ]

    def of_person(user):
        """The staff screens that name ``user``: as a participant (any place), a reviewer,
        or a marker, settler or releaser of a grade (one query)."""
        places = (
            Registration.objects.filter(participant=user.pk).values_list("cohort_id").order_by()
        )
        reviews = (
            models.Review.objects.filter(reviewer=user.pk)
            .values_list("plan__assignment__cohort_id")
            .order_by()
        )
        grades = (
            models.Grade.objects.filter(
                Q(first_marker=user.pk)
                | Q(second_marker=user.pk)
                | Q(settled_by=user.pk)
                | Q(released_by=user.pk)
            )
            .values_list("plan__assignment__cohort_id")
            .order_by()
        )
        return [staff_scope(cohort_id) for (cohort_id,) in places.union(reviews, grades).order_by()]

    watch(
        models.Assignment,
        lambda assignment: [
            cohort_scope(assignment.cohort_id),
            staff_scope(assignment.cohort_id),
        ],
    )
    watch(
        models.DeadlineExtension,
        lambda extension: [
            user_scope(extension.participant_id),
            *of_assignment(extension.assignment_id),
        ],
    )
    watch(
        models.Plan,
        lambda plan: [user_scope(plan.author_id), *of_assignment(plan.assignment_id)],
    )
    watch(models.Grade, lambda grade: of_plan(grade.plan_id))
    # The plan editor counts the privacy check's open findings.
    watch(models.PlanPrivacyDecision, lambda decision: of_plan(decision.plan_id))
    watch(
        models.Review,
        lambda review: [user_scope(review.reviewer_id), *of_plan(review.plan_id)],
    )
    watch(models.RubricCriterion, lambda criterion: rubric_of_assignment(criterion.assignment_id))
    watch(models.RubricLevel, lambda level: rubric_of_criterion(level.criterion_id))
    watch(Registration, lambda registration: [staff_scope(registration.cohort_id)])
    watch(get_user_model(), of_person, fields=("full_name", "school", "school_id"))
    watch(models.PresentationDay, lambda day: [cohort_scope(day.cohort_id)])
    watch(models.PresentationRoom, lambda room: of_presentation_day(room.day_id))
    watch(models.PresentationSlot, lambda slot: of_presentation_day(slot.day_id))
