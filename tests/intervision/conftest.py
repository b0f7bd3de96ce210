"""Fixtures for the intervision tests: a cohort with its days, a trainer and two groups."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import TrainerFactory, cohort_with_days

from .factories import group_with_members


@pytest.fixture
def cohort(db):
    first = timezone.localdate() + datetime.timedelta(days=30)
    return cohort_with_days(first, trainers=[TrainerFactory()])


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
