import logging

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connections
from django.utils import translation
from wagtail.models import Page

from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    ParticipantFactory,
    TrainerFactory,
    site_home_page,
)
from tests.language import assert_outbox_formal
from website import admin_chrome
from website.templatetags import admin_filters
from website.templatetags.admin_sidebar import forget_sidebars


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    """Leave a kept test database (``--reuse-db``) as migrations made it.

    A transactional test (browser, concurrency) ends with a flush that empties every table,
    including what migrations create (Wagtail's root page, the role groups); the next test
    gets them back through ``serialized_rollback``, but a kept database would start the next
    run empty. So at the end of the session the migrated data is put back. A run killed
    before that leaves the database empty: then the session stops and says to rebuild it.
    """
    if django_db_keepdb:
        with django_db_blocker.unblock():
            if not Page.objects.exists():
                pytest.exit(
                    "The reused test database is empty (an interrupted run?): "
                    "run the tests once with --create-db.",
                    returncode=1,
                )
    yield
    if not django_db_keepdb:
        return
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                call_command(
                    "flush",
                    database=connection.alias,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                connection.creation.deserialize_db_from_string(contents)
                reset_sequences(connection)


def reset_sequences(connection):
    """Point each table's id sequence past its highest id again. ``flush`` resets them and
    the restored rows keep their ids, so on PostgreSQL the next browser run's first new
    page would get id 1 again and fail."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def dutch():
    """The site speaks Dutch unless a test switches language (PX has the same for "en")."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def formal_emails():
    """Every email a test sends addresses its reader as "u" (tests/language.py)."""
    yield
    from django.core import mail

    assert_outbox_formal(getattr(mail, "outbox", []))


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters, cached pages, admin menus and each process's per-version memory
    (website/content.py) must not leak from one test into the next."""
    cache.clear()
    caches["local"].clear()
    forget_sidebars()
    admin_chrome.forget()
    admin_filters.forget()
    yield
    cache.clear()
    caches["local"].clear()


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
    return site_home_page()


class KeptContent:
    """The anonymous home page stored in the page cache and the per-version memos
    (``website.content.memo``) built by some signed-in pages, to show that a change leaves
    them alone: the content version holds, the stored page is served, no memo is rebuilt.

    ``store(*pages)`` renders the home page and each ``(client, url)`` twice (the first
    round creates what a first visit creates: the site settings row, a person's plan), then
    checks that the home page is served from the cache. ``assert_kept(*memo_names)`` after
    the change, once the signed-in pages were asked again."""

    def __init__(self, monkeypatch):
        from django.test import Client

        self.anonymous = Client()
        self.version = None
        self.built = []
        local = caches["local"]
        keep = local.set

        def recording(key, *args, **kwargs):
            self.built.append(str(key).split(":", 1)[0])
            return keep(key, *args, **kwargs)

        monkeypatch.setattr(local, "set", recording)

    def store(self, *pages):
        from website import page_cache

        for _round in range(2):
            self.anonymous.get("/")
            for client, url in pages:
                assert client.get(url).status_code == 200, url
        assert self.anonymous.get("/")["X-Page-Cache"] == "hit"
        self.version = page_cache.current_version()
        self.built.clear()

    def assert_kept(self, *memo_names):
        from website import page_cache

        assert page_cache.current_version() == self.version
        rebuilt = sorted(set(memo_names) & set(self.built))
        assert not rebuilt, f"rebuilt: {rebuilt}"
        assert self.anonymous.get("/")["X-Page-Cache"] == "hit"


@pytest.fixture
def kept_content(home_page, monkeypatch):
    return KeptContent(monkeypatch)
