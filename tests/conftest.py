import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    ParticipantFactory,
    TrainerFactory,
    site_home_page,
)


@pytest.fixture(autouse=True)
def dutch():
    """The site speaks Dutch unless a test switches language (PX has the same for "en")."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def participant(db):
    return ParticipantFactory()


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def home_page(db):
    return site_home_page()
