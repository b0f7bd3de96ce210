"""Fixtures for the course tests: a training page, its library and a cohort under it."""

import pytest

from tests.factories import (
    CohortPageFactory,
    LibraryPageFactory,
    ParticipantFactory,
    RegistrationFactory,
    TrainingPageFactory,
)

from .certificate_helpers import attend, past


@pytest.fixture
def training_page(home_page):
    return TrainingPageFactory(parent=home_page)


@pytest.fixture
def library_page(training_page):
    return LibraryPageFactory(parent=training_page)


@pytest.fixture
def cohort(training_page):
    return CohortPageFactory(parent=training_page, title="Zwolle najaar")


@pytest.fixture
def finished_cohort(trainer, training_page):
    """Seven weekly course days, the last one a week ago."""
    return CohortPageFactory(
        parent=training_page,
        title="Groep Deventer",
        days__first_date=past(49),
        days__every=7,
        trainers=[trainer],
    )


@pytest.fixture
def graduate(finished_cohort, trainer):
    """A participant with a confirmed place who attended all seven days."""
    person = ParticipantFactory(full_name="Fleur Jansen")
    RegistrationFactory(cohort=finished_cohort, participant=person)
    attend(finished_cohort, person, 7, by=trainer)
    return person
