import logging

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


class _TracebackCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        if record.exc_info or record.exc_text or record.stack_info:
            self.records.append(record)


@pytest.fixture(autouse=True)
def no_logged_tracebacks(request):
    """Fail a test when any logger (django.request for a 500, also from a live server's
    thread) logs an ERROR with a traceback while it runs: the server log of a test run stays
    free of tracebacks. A test that provokes one on purpose says so with
    ``@pytest.mark.allow_server_errors``."""
    collector = _TracebackCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if collector.records and not request.node.get_closest_marker("allow_server_errors"):
        lines = [f"{r.name}: {r.getMessage()}" for r in collector.records]
        pytest.fail("logged with a traceback during the test:\n" + "\n".join(lines))


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
