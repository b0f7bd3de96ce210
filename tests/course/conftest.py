"""Fixtures for the course tests: a training page and cohorts under it."""

import pytest

from course.models import CohortPage, TrainingPage

from .registration_fixtures import make_cohort


@pytest.fixture
def training_page(home_page):
    page = TrainingPage(title="De opleiding", slug="opleiding")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def cohort(training_page):
    return make_cohort(training_page)


@pytest.fixture
def make_cohort_under(training_page):
    def make(**overrides):
        overrides.setdefault("slug", f"groep-{CohortPage.objects.count() + 1}")
        return make_cohort(training_page, **overrides)

    return make
