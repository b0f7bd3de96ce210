import pytest
from django.core.cache import cache
from django.utils import translation

from .factories import PASSWORD, CoordinatorFactory, ParticipantFactory, TrainerFactory


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
    from wagtail.models import Page, Site

    from website.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Coördinator passend onderwijs", slug="start"))
    Site.objects.update(root_page=home)
    return home
