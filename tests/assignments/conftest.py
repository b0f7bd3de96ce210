"""A cohort in the peer review phase: participants of different schools, submitted plans, a
rubric of two criteria with three levels each, and a trainer."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assignments.models import Plan, RubricCriterion, RubricLevel
from assignments.services.presentation import presentation_day_for
from tests.factories import (
    DAY,
    CohortPageFactory,
    ParticipantFactory,
    PlanFactory,
    PresentationRoomFactory,
    RegistrationFactory,
    TrainerFactory,
    add_rubric,
    assignment_in,
    dates_for,
    enrol,
)

__all__ = ["DAY", "PresentationCohort", "dates_for", "make_peer_cohort"]


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


def make_peer_cohort(size=6, *, phase="peer_review", submitted=True, anonymous=True):
    now = timezone.now()
    trainer = TrainerFactory()
    cohort = CohortPageFactory(trainers=[trainer])
    assignment = assignment_in(phase, cohort=cohort, anonymous=anonymous)
    criteria = []
    for number, title in enumerate(("Onderwijsbehoeften", "Planning en evaluatie")):
        criterion = RubricCriterion.objects.create(
            assignment=assignment,
            title=title,
            description="Hoe goed is dit uitgewerkt?",
            sort_order=number,
        )
        for order, (label, points) in enumerate(
            (("onvoldoende", 0), ("voldoende", 2), ("goed", 3))
        ):
            RubricLevel.objects.create(
                criterion=criterion,
                label=label,
                points=points,
                sort_order=order,
                description=f"{title}: {label}",
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


@pytest.fixture
def assignment(db):
    assignment = assignment_in("writing")
    add_rubric(assignment, criteria=4, levels=3)
    return assignment


@pytest.fixture
def author(assignment):
    return enrol(assignment.cohort)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


class PresentationCohort:
    """A cohort whose course day 7 is in three weeks, with two trainers, two rooms (one
    trainer each) and ``size`` participants, each with a submitted plan."""

    def __init__(self, size=4):
        self.trainers = [TrainerFactory(), TrainerFactory()]
        self.cohort = CohortPageFactory(
            days__first_date=timezone.localdate() - datetime.timedelta(days=21),
            days__every=7,
            trainers=self.trainers,
        )
        self.day7 = self.cohort.days.get(number=7)
        self.day = presentation_day_for(self.cohort)
        self.rooms = [
            PresentationRoomFactory(day=self.day, name=f"Lokaal {n + 1}", trainer=trainer)
            for n, trainer in enumerate(self.trainers)
        ]
        self.assignment = assignment_in("revision", cohort=self.cohort)
        self.people = [enrol(self.cohort) for _ in range(size)]
        self.plans = [
            PlanFactory(
                assignment=self.assignment,
                author=person,
                body=f"## Plan van {person.full_name}\n\nEerste versie.",
                submitted_at=timezone.now() - datetime.timedelta(days=10),
            )
            for person in self.people
        ]

    def at(self, hour, minute=0):
        return timezone.make_aware(
            datetime.datetime.combine(self.day7.date, datetime.time(hour, minute))
        )
