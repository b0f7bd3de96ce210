"""Factories for the final assignment: an assignment in a chosen phase, a rubric, plans."""

import datetime

import factory
from django.utils import timezone

from assignments.models import Assignment, Plan, RubricCriterion, RubricLevel
from tests.factories import CohortPageFactory, ParticipantFactory, RegistrationFactory

DAY = datetime.timedelta(days=1)

#: Where "now" falls for each phase: days from now to each deadline.
PHASE_OFFSETS = {
    "writing": (-10, 10, 24, 31, 38, 45),
    "peer_review": (-30, -2, 12, 19, 26, 33),
    "revision": (-40, -20, -6, 7, 14, 21),
    "grading": (-50, -30, -16, -9, 4, 11),
    "closed": (-60, -40, -30, -20, -10, -1),
}


def dates_for(phase):
    offsets = PHASE_OFFSETS[phase]
    now = timezone.now()
    return dict(zip(Assignment.DATE_FIELDS, (now + DAY * days for days in offsets), strict=True))


def assignment_in(phase="writing", cohort=None, **fields):
    """The cohort's assignment (created with the cohort) with dates putting it in ``phase``."""
    cohort = cohort or CohortPageFactory()
    assignment = cohort.assignment
    for name, value in {**dates_for(phase), "dates_follow_course_days": False, **fields}.items():
        setattr(assignment, name, value)
    assignment.save()
    return assignment


def add_rubric(assignment, criteria=4, levels=3):
    """A rubric of ``criteria`` criteria with ``levels`` levels worth 0, 1, 2, ... points."""
    for number in range(1, criteria + 1):
        criterion = RubricCriterion.objects.create(
            assignment=assignment, title=f"Criterium {number}", sort_order=number
        )
        for points in range(levels):
            RubricLevel.objects.create(
                criterion=criterion, label=f"Niveau {points + 1}", points=points, sort_order=points
            )
    return list(assignment.criteria.prefetch_related("levels").order_by("sort_order"))


def enrol(cohort, user=None):
    user = user or ParticipantFactory()
    RegistrationFactory(cohort=cohort, participant=user)
    return user


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    assignment = factory.LazyFunction(assignment_in)
    author = factory.LazyAttribute(lambda plan: enrol(plan.assignment.cohort))
    body = "## Doel\n\nIedere leerling krijgt passende ondersteuning in de eigen klas.\n"
