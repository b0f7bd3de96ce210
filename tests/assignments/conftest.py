"""A cohort in the peer review phase: participants of different schools, submitted plans, a
rubric of two criteria with three levels each, and a trainer."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assignments.models import Plan
from tests.factories import (
    CohortPageFactory,
    ParticipantFactory,
    PlanFactory,
    RegistrationFactory,
    RubricCriterionFactory,
    RubricLevelFactory,
    TrainerFactory,
    assignment_for,
)

DAY = datetime.timedelta(days=1)


def phase_dates(now, phase="peer_review"):
    """Dates that put ``now`` in ``phase`` (peer_review, revision or writing)."""
    shift = {"writing": 3 * DAY, "peer_review": 0 * DAY, "revision": -8 * DAY}[phase]
    start = now + shift
    return {
        "writing_opens": start - 30 * DAY,
        "submission_deadline": start - DAY,
        "review_deadline": start + 7 * DAY,
        "revision_deadline": start + 14 * DAY,
        "grading_deadline": start + 20 * DAY,
        "closes_at": start + 30 * DAY,
    }


@dataclass
class PeerCohort:
    cohort: object
    assignment: object
    trainer: object
    people: list
    plans: list
    criteria: list

    def plan_of(self, user):
        return next(p for p in self.plans if p.author_id == user.pk)


def make_peer_cohort(size=6, *, phase="peer_review", submitted=True, anonymous=True, now=None):
    now = now or timezone.now()
    trainer = TrainerFactory()
    cohort = CohortPageFactory(trainers=[trainer])
    assignment = assignment_for(cohort, anonymous=anonymous, **phase_dates(now, phase))
    criteria = []
    for title in ("Onderwijsbehoeften", "Planning en evaluatie"):
        criterion = RubricCriterionFactory(assignment=assignment, title=title)
        for label, points in (("onvoldoende", 0), ("voldoende", 2), ("goed", 3)):
            RubricLevelFactory(
                criterion=criterion, label=label, points=points, description=f"{title}: {label}"
            )
        criteria.append(criterion)
    people = [ParticipantFactory() for _ in range(size)]
    for person in people:
        RegistrationFactory(cohort=cohort, participant=person)
    plans = [PlanFactory(assignment=assignment, author=person) for person in people]
    if submitted:
        # update(): no post_save, so the fixture does not allocate reviewers by itself.
        Plan.objects.filter(assignment=assignment).update(submitted_at=now - 2 * DAY)
        for plan in plans:
            plan.refresh_from_db()
    return PeerCohort(cohort, assignment, trainer, people, plans, criteria)


@pytest.fixture
def peer_cohort(db):
    return make_peer_cohort()
