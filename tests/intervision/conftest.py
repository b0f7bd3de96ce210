"""Fixtures for the intervision tests: a cohort with its days, a trainer and two groups."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from intervision.models import SessionRole
from tests.factories import (
    CaseFactory,
    CohortPageFactory,
    CoordinatorFactory,
    GroupMembershipFactory,
    IntervisionGroupFactory,
    IntervisionSessionFactory,
    TrainerFactory,
    group_with_members,
    member_with_role,
)


@pytest.fixture
def cohort(db):
    first = timezone.localdate() + datetime.timedelta(days=30)
    return CohortPageFactory(days__first_date=first, trainers=[TrainerFactory()])


@pytest.fixture
def cohort_trainer(cohort):
    return cohort.trainers.get()


@pytest.fixture
def group(cohort):
    return group_with_members(4, cohort)


@pytest.fixture
def other_group(cohort):
    return group_with_members(4, cohort)


@pytest.fixture
def member(group):
    return group.memberships.first().participant


@pytest.fixture
def people(db):
    """One session of a published group, with everyone the visibility rules name.

    author: the session's case presenter; groupmate: its scribe; other_group: a member of
    another group of the same cohort; trainer: trains this cohort; other_trainer: trains
    another cohort; coordinator.
    """
    trainer, other_trainer = TrainerFactory(), TrainerFactory()
    cohort = CohortPageFactory(days=True, trainers=[trainer])
    CohortPageFactory(days=True, trainers=[other_trainer])
    group = IntervisionGroupFactory(cohort=cohort, number=1)
    session = IntervisionSessionFactory(group=group)
    GroupMembershipFactory(group=group)
    return SimpleNamespace(
        cohort=cohort,
        group=group,
        session=session,
        author=member_with_role(session, SessionRole.Role.CASE_PRESENTER),
        groupmate=member_with_role(session, SessionRole.Role.SCRIBE),
        other_group=GroupMembershipFactory(
            group=IntervisionGroupFactory(cohort=cohort, number=2)
        ).participant,
        trainer=trainer,
        other_trainer=other_trainer,
        coordinator=CoordinatorFactory(),
    )


@pytest.fixture
def draft(people):
    """A draft case without personal data by the session's case presenter."""
    return CaseFactory(session=people.session, author=people.author)
