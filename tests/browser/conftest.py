"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

- Chromium must be at ``/usr/bin/chromium``; ``playwright install`` is never used (no downloads).
  Without it the browser tests are skipped with one line, unless ``REQUIRE_BROWSER_TESTS=1``
  (set by ``.ci/run``): then a missing browser is an error.
- The number of browser tests that passed goes to ``test-artifacts/browser-passed.txt``;
  ``.ci/run`` fails when it is 0.
- Screenshots of every step go to ``test-artifacts/screenshots/``.
"""

import os

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.language import assert_formal

from .helpers import (
    ARTIFACTS,
    CHROMIUM,
    browser_required,
    make_home_page,
    missing_chromium_message,
)

# Playwright's sync API runs an asyncio event loop in this thread; Django would then refuse
# the test's own (synchronous) database access. The live server runs in its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# pytest-django's live server listens on "localhost" unless told otherwise (--liveserver).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The network is closed: without these Chromium floods the log with refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSED_FILE = ARTIFACTS / "browser-passed.txt"

# Phone and laptop widths; every journey runs at both.
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1280, "height": 800},
}

_passed_browser_tests = 0


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        if browser_required():
            pytest.fail(
                f"{missing_chromium_message()}; REQUIRE_BROWSER_TESTS=1 makes them mandatory."
            )
        pytest.skip(f"browser tests skipped: {missing_chromium_message()}")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's database connections are "thread critical": while Playwright's event loop
    # counts as running in this thread, Django hands out other connection objects than the
    # ones the test databases were set up with. serialized_rollback restores the migrated
    # data (groups, Wagtail's root page) from an attribute of the connection: carry it over.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport, live_server):
    """A fresh browser tab (own cookies) at the parametrized width.

    No ``bypass_csp``: axe-core is injected with ``page.evaluate``, which goes through the
    DevTools protocol and is not subject to the page's Content-Security-Policy. So the pages
    are tested under the same strict CSP real visitors get.
    """
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale="nl-NL", base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.csp_errors = []

    def collect_csp_errors(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            tab.csp_errors.append(message.text)

    tab.on("console", collect_csp_errors)
    tab.on("load", record_page_text)
    tab.page_texts = []
    yield tab
    context.close()
    for url, text in tab.page_texts:
        assert_formal(text, f"The page {url}")


def record_page_text(tab):
    """``load`` handler: keep the visible text of each Dutch page of ours (not the Wagtail
    admin, third-party UI) for the "u, never je/jij" check at teardown (tests/language.py)."""
    if "/admin/" in tab.url:
        return
    try:
        lang, text = tab.evaluate(
            "() => [document.documentElement.lang,"
            " document.title + '\\n' + (document.body ? document.body.innerText : '')]"
        )
    except PlaywrightError:  # the page navigated on before its text could be read
        return
    if lang.startswith("nl"):
        tab.page_texts.append((tab.url, text))


@pytest.fixture
def live_home_page(transactional_db):
    """The home page with some text about the training, created inside the live-server test."""
    return make_home_page()


def pytest_runtest_logreport(report):
    # Only called for tests under tests/browser (this conftest's directory).
    global _passed_browser_tests
    if report.when == "call" and report.passed and "browser" in report.keywords:
        _passed_browser_tests += 1


def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput"):  # a pytest-xdist worker; the controller writes
        return
    ARTIFACTS.mkdir(exist_ok=True)
    PASSED_FILE.write_text(f"{_passed_browser_tests}\n")
