import pytest

from .factories import LibraryPageFactory, TrainingPageFactory


@pytest.fixture
def training_page(home_page):
    return TrainingPageFactory(parent=home_page)


@pytest.fixture
def library_page(training_page):
    return LibraryPageFactory(parent=training_page)
