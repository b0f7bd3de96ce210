"""Whole journeys through the site in Chromium, at phone and laptop width.

Every page of ours a journey visits is checked with axe-core (no serious or critical
violations) and screenshotted; the Wagtail admin itself is third-party UI and only
screenshotted. Groups, permissions and Wagtail's root page come from migrations; a live-server
test flushes the database afterwards, so ``serialized_rollback`` puts them back for each test
(see the ``browser`` fixture for what that needs while Playwright runs).
"""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.factories import PASSWORD, ParticipantFactory, TrainerFactory
from website.models import Role, User

from .helpers import Journey, path_of, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "zeven-lesdagen-samen"


def log_in_with_the_form(page, email, password):
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("form.form button[type=submit]").click()


def test_newcomer_signs_up_confirms_logs_in_switches_language_and_logs_out(
    page, viewport, live_home_page
):
    journey = Journey(page, "newcomer", viewport)
    email = f"nieuw-{viewport}@example.nl"

    # The home page tells what the training is and invites to sign up.
    page.goto("/")
    expect(page.locator("h1")).to_have_text(live_home_page.title)
    expect(page.get_by_role("heading", name="Over de opleiding")).to_be_visible()
    journey.step("home")

    page.locator(".hero__cta a").click()
    page.wait_for_url("**/accounts/signup/")
    journey.assert_required_fields_marked()
    journey.step("signup")

    # Sent empty: our Dutch messages, not the browser's, in a summary that takes the focus.
    page.locator("form.form button[type=submit]").click()
    journey.assert_error_summary(
        "signup-empty", fields=["id_full_name", "id_email", "id_password1", "id_password2"]
    )
    expect(page.locator("#error-summary")).to_contain_text(
        _("Choose your school from the list, or give its name and place.")
    )

    # The whole sign-up form with the keyboard alone; the summary's first link left the
    # cursor in the name field.
    expect(page.locator("#id_full_name")).to_be_focused()
    page.keyboard.type("Noor van Dijk")
    journey.type_into("#id_email", email)
    journey.type_into("#id_password1", NEW_PASSWORD)
    journey.type_into("#id_password2", NEW_PASSWORD)
    journey.tab_to("#id_function")
    page.keyboard.press("ArrowDown")  # from "intern begeleider" to "zorgcoördinator"
    journey.tab_to("#id_school")  # left at "my school is not in the list"
    journey.type_into("#id_new_school_name", "Basisschool De Vlinderboom")
    journey.type_into("#id_new_school_place", "Zwolle")
    journey.step("signup-filled", axe=False)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/confirm-email/")
    journey.step("verification-sent")

    user = User.objects.get(email=email)
    assert user.full_name == "Noor van Dijk"
    assert user.function == User.Function.CARE_COORDINATOR
    assert (user.school.name, user.school.place) == ("Basisschool De Vlinderboom", "Zwolle")
    assert user.has_role(Role.PARTICIPANT)

    # The verification link from the mail, opened in the same browser.
    (message,) = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(path_of(link))
    journey.step("confirm-email")
    page.locator("main form button[type=submit]").click()

    # Confirming in the browser that signed up also logs in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    page.wait_for_url("**/mijn-opleiding/")
    expect(page.locator("h1")).to_have_text(_("My training"))
    journey.step("dashboard-after-confirm")
    page.locator(".site-header form[action$='/logout/'] button").click()
    page.wait_for_url(lambda url: url.endswith("/"))

    # A later visit: the login form with the keyboard alone.
    page.goto("/accounts/login/")
    journey.step("login")
    page.locator("form.form button[type=submit]").click()
    journey.assert_error_summary("login-empty", fields=["id_login", "id_password"])
    expect(page.locator("#id_login")).to_be_focused()
    page.keyboard.type(email)
    journey.type_into("#id_password", NEW_PASSWORD)
    journey.step("login-keyboard-focus", axe=False)  # shows the focus ring on the password field
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-opleiding/")
    expect(page.locator("h1")).to_have_text(_("My training"))
    expect(page.locator(".details")).to_contain_text("Basisschool De Vlinderboom, Zwolle")
    journey.step("dashboard")

    page.locator("main a[href='/accounts/profile/']").click()
    page.wait_for_url("**/accounts/profile/")
    expect(page.locator("#id_new_school_name")).to_be_visible()
    journey.step("profile")
    page.locator(".site-nav a[href='/mijn-opleiding/']").click()
    page.wait_for_url("**/mijn-opleiding/")

    page.locator(".language-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with translation.override("en"):
        expect(page.locator(".skip-link")).to_have_text(_("Skip to main content"))
    assert page.url.endswith("/mijn-opleiding/")
    journey.step("dashboard-english")

    page.locator(".language-switch button[value=nl]").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".skip-link")).to_have_text(_("Skip to main content"))
    journey.step("dashboard-dutch-again", axe=False)  # audited above as "dashboard"

    page.locator(".site-header form[action$='/logout/'] button").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.locator(".site-header a[href='/accounts/login/']")).to_be_visible()
    journey.step("logged-out", axe=False)  # the home page, audited above


def test_trainer_logs_in_and_reaches_the_wagtail_admin(page, viewport, live_home_page):
    trainer = TrainerFactory()
    journey = Journey(page, "trainer", viewport)

    page.goto("/admin/")
    page.wait_for_url(lambda url: url.endswith("/accounts/login/?next=/admin/"))
    journey.step("login")
    log_in_with_the_form(page, trainer.email, PASSWORD)
    page.wait_for_url(lambda url: url.endswith("/admin/"))
    expect(page.locator("body#wagtail")).to_be_attached()
    journey.step("admin", axe=False)  # Wagtail's own UI: not ours to audit


def test_participant_who_tries_the_admin_gets_the_refusal_page(page, viewport, live_home_page):
    participant = ParticipantFactory()
    journey = Journey(page, "participant", viewport)

    page.goto("/admin/")
    page.wait_for_url(lambda url: url.endswith("/accounts/login/?next=/admin/"))
    journey.step("login")
    with page.expect_navigation(url=re.compile(r"/admin/login/\?next=/admin/$")) as navigation:
        log_in_with_the_form(page, participant.email, PASSWORD)
    assert navigation.value.status == 403
    expect(page.locator("h1")).to_have_text(_("No access to management"))
    journey.step("admin-refused")


@pytest.mark.parametrize("viewport", ["laptop"])  # one width is enough for this self-test
def test_the_accessibility_check_runs_under_our_csp_and_catches_problems(
    page, viewport, live_home_page
):
    journey = Journey(page, "axe-self-test", viewport)
    page.goto("/")
    # An image without alt text and an unlabeled field, added after the page loaded.
    page.evaluate(
        """() => {
            document.querySelector('main').insertAdjacentHTML(
                'beforeend', '<img src="/static/missing.png"><input type="text">');
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        journey.check_accessibility("broken-on-purpose")
    report = str(failure.value)
    assert "image-alt" in report
    assert "label" in report
    assert '<img src="/static/missing.png">' in report
