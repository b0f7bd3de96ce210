"""What every journey step does: take screenshots, run axe-core, check reflow at 320 px and
keyboard focus; and what every form journey checks after a failed submit."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
MAX_TABS = 40
# WCAG 1.4.10: content reflows at 320 CSS px without scrolling sideways.
REFLOW_WIDTH = 320

_axe = Axe()


def axe_report(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html']}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"       {summary}")
    return "\n".join(lines)


def browser_required():
    """CI sets ``REQUIRE_BROWSER_TESTS=1``: there a missing browser is an error, not a skip."""
    return os.environ.get("REQUIRE_BROWSER_TESTS", "").strip().lower() in {"1", "true", "yes"}


def missing_chromium_message():
    return f"Chromium not found at {CHROMIUM}"


def skip_module_without_chromium():
    """Skip the calling test module, as one line in ``-rs``, when Chromium is not installed.

    When the browser is required, the module runs and the ``browser`` fixture fails each
    test instead (a collection error would stop the whole suite).
    """
    if not CHROMIUM.exists() and not browser_required():
        pytest.skip(f"browser tests skipped: {missing_chromium_message()}", allow_module_level=True)


class Journey:
    """One visitor's walk through the site at one width.

    ``step()`` screenshots the page and, for our own pages, runs axe-core and fails on any
    violation with impact "serious" or "critical".
    """

    def __init__(self, page, name, viewport):
        self.page = page
        self.name = name
        self.viewport = viewport
        self.count = 0
        self.directory = Path(SCREENSHOTS)
        self.directory.mkdir(parents=True, exist_ok=True)
        for old in self.directory.glob(f"{name}-{viewport}-*.png"):  # from an earlier run
            old.unlink()

    def step(self, label, *, axe=True):
        self.count += 1
        self.page.wait_for_load_state("load")
        path = self.directory / f"{self.name}-{self.viewport}-{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if axe:
            self.check_accessibility(label)
        if "/admin/" not in self.page.url:  # Wagtail's own UI is not ours to reflow
            self.check_reflow(label)
        self.check_csp(label)

    def check_reflow(self, label):
        """At 320 px wide the page does not scroll sideways; names what sticks out if it does.

        The page is narrowed and put back to the journey's width afterwards.
        """
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
        try:
            state = self.page.evaluate(
                """() => {
                    const width = window.innerWidth;
                    const wide = [...document.body.querySelectorAll('*')].filter(el => {
                        const box = el.getBoundingClientRect();
                        const spills = el.scrollWidth > el.clientWidth + 1
                            && getComputedStyle(el).overflowX === 'visible';  // its text
                        return box.width && (box.right > width + 1 || spills)
                            && !(el.parentElement && el.parentElement.closest('.table-scroll'));
                    }).slice(0, 5).map(el => el.outerHTML.slice(0, 140));
                    return {scroll: document.documentElement.scrollWidth, width, wide};
                }"""
            )
        finally:
            self.page.set_viewport_size(size)
        assert state["scroll"] <= state["width"], (
            f"At {REFLOW_WIDTH} px the page {self.page.url} (step {label!r}) is "
            f"{state['scroll']} px wide; sticking out: {state['wide']}"
        )

    def check_accessibility(self, label):
        results = _axe.run(self.page, options={"resultTypes": ["violations"]})
        blocking = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert not blocking, (
            f"axe-core found serious/critical problems on step {label!r} "
            f"({self.page.url}, {self.viewport}):\n{axe_report(blocking)}"
        )

    def check_csp(self, label):
        errors, self.page.csp_errors[:] = list(self.page.csp_errors), []
        assert not errors, f"Content-Security-Policy violations on step {label!r}: {errors}"

    # --- keyboard -------------------------------------------------------------------------

    def focused(self, selector):
        return self.page.evaluate(
            "sel => document.activeElement && document.activeElement.matches(sel)", selector
        )

    def assert_focus_visible(self):
        """The focused element shows a visible focus indicator (outline or box shadow)."""
        state = self.page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {
                    element: el.outerHTML.slice(0, 160),
                    focusVisible: el.matches(':focus-visible'),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== 'none',
                };
            }"""
        )
        assert state["focusVisible"], f"Tab focus is not :focus-visible on {state['element']}"
        assert state["outline"] or state["shadow"], (
            f"No visible focus indicator on {state['element']}"
        )

    def tab_to(self, selector):
        """Press Tab until ``selector`` has focus, checking the focus is visible at every stop."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            self.assert_focus_visible()
            if self.focused(selector):
                return
        raise AssertionError(f"{selector} not reached with {MAX_TABS} presses of Tab")

    def type_into(self, selector, text):
        self.tab_to(selector)
        self.page.keyboard.type(text)

    # --- forms (website/form_rendering.py) -------------------------------------------------

    def assert_required_fields_marked(self):
        """Every required control in <main> says "(verplicht)" in its label, or for a radio
        button or a group, in its fieldset's legend."""
        from django.utils.translation import gettext

        marker = f"({gettext('required')})"
        unmarked = self.page.evaluate(
            """marker => [...document.querySelectorAll('main [required]')].filter(el => {
                const label = el.type !== 'radio' && el.id
                    && document.querySelector(`label[for="${el.id}"]`);
                const group = el.closest('fieldset');
                const legend = group && group.querySelector('legend');
                const text = (label || legend || {}).textContent || '';
                return !text.includes(marker);
            }).map(el => el.outerHTML.slice(0, 140))""",
            marker,
        )
        assert not unmarked, f"Required fields without {marker!r} on {self.page.url}: {unmarked}"

    def assert_error_summary(self, label, *, fields=()):
        """After a failed submit: the error summary is there, has the focus, links to fields
        that exist (``fields``: ids that must be among them), the title starts with "Fout: ";
        a link puts the cursor in its field. Then the usual step checks."""
        from django.utils.translation import gettext

        self.page.wait_for_load_state("load")
        summary = self.page.locator("#error-summary")
        summary.wait_for(state="visible")
        self.page.wait_for_function("() => document.activeElement.id === 'error-summary'")
        title = self.page.title()
        assert title.startswith(gettext("Error: ")), f"The title {title!r} does not say Fout:"
        targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
        assert targets, "The error summary links to no field"
        missing = [t for t in targets if not self.page.locator(f"[id='{t}']").count()]
        assert not missing, f"The error summary links to missing ids: {missing}"
        assert set(fields) <= set(targets), f"{set(fields) - set(targets)} not in {targets}"
        self.assert_required_fields_marked()
        self.step(label)
        # Following the first link puts the cursor in that field (or its group's first option).
        summary.locator("a").first.click()
        focused = self.page.evaluate("() => document.activeElement.id")
        assert focused.startswith(targets[0]), f"{focused!r} has focus, not {targets[0]!r}"


def make_home_page():
    """A home page with a few paragraphs about the training and a link to sign up.

    Demo text in our own words; editorial content is Dutch, like the real site's.
    """
    from wagtail.models import Page, Site

    from website.models import HomePage

    home = HomePage(
        title="Coördinator passend onderwijs",
        slug="start",
        intro=(
            "Een opleiding van zeven dagen voor intern begeleiders en zorgcoördinatoren "
            "in het primair onderwijs."
        ),
        body=[
            ("heading", "Over de opleiding"),
            (
                "paragraph",
                "<p>Als ib'er bent u steeds vaker de schakel tussen de school en de zorg "
                "daarbuiten. In zeven lesdagen leert u samen met collega's hoe u die "
                "samenwerking opbouwt, met het kind en de ouders als uitgangspunt.</p>",
            ),
            ("heading", "Voor wie"),
            (
                "paragraph",
                "<p>Voor intern begeleiders en zorgcoördinatoren die hun rol in passend "
                "onderwijs verder willen ontwikkelen.</p>",
            ),
        ],
        call_to_action='<p><a href="/accounts/signup/">Maak een account aan</a></p>',
    )
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.update(root_page=home)
    return home


def log_in(page, email, next_url):
    """Sign in through the login form (the factories' password) and land on ``next_url``."""
    from tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(lambda url: next_url in url)


def path_of(url):
    """The path and query of an absolute URL (mails link to the production host and scheme)."""
    return re.sub(r"^https?://[^/]+", "", url)
