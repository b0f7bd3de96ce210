"""Fixtures for the intervision tests: a cohort with its days, a trainer and two groups."""

import pytest

from tests.factories import TrainerFactory, cohort_with_days

from .factories import group_with_members


@pytest.fixture
def cohort(db):
    return cohort_with_days(trainers=[TrainerFactory()])


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
