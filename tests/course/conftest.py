"""Fixtures for the course tests: a training page, its library and cohorts under it."""

import pytest

from course.models import CohortPage

from .factories import LibraryPageFactory, TrainingPageFactory
from .registration_fixtures import make_cohort


@pytest.fixture
def training_page(home_page):
    return TrainingPageFactory(parent=home_page)


@pytest.fixture
def library_page(training_page):
    return LibraryPageFactory(parent=training_page)


@pytest.fixture
def cohort(training_page):
    return make_cohort(training_page)


@pytest.fixture
def make_cohort_under(training_page):
    def make(**overrides):
        overrides.setdefault("slug", f"groep-{CohortPage.objects.count() + 1}")
        return make_cohort(training_page, **overrides)

    return make
