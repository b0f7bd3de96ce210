"""Fixtures for the course tests: a training page, its library and a cohort under it."""

import pytest

from tests.factories import CohortPageFactory, LibraryPageFactory, TrainingPageFactory


@pytest.fixture
def training_page(home_page):
    return TrainingPageFactory(parent=home_page)


@pytest.fixture
def library_page(training_page):
    return LibraryPageFactory(parent=training_page)


@pytest.fixture
def cohort(training_page):
    return CohortPageFactory(parent=training_page, title="Zwolle najaar")
