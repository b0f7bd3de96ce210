"""Registration in Chromium: the waiting-list offer seen and accepted on "Mijn opleiding"
(a plain form, no script needed), and the terms page reached from the registration form.
axe-core checks every page of ours."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect
from wagtail.models import Site

from course.models import Registration
from tests.factories import CohortPageFactory, ParticipantFactory, RegistrationFactory
from website.models import InformationPage, SiteConfig

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_waiting_list_offer_is_seen_and_accepted_on_mijn_opleiding(
    page, viewport, live_home_page
):
    cohort = CohortPageFactory(title="Groep Deventer voorjaar", capacity=1)
    RegistrationFactory(cohort=cohort)
    person = ParticipantFactory(full_name="Noor Jansen")
    registration = RegistrationFactory(
        cohort=cohort,
        participant=person,
        status=Registration.Status.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    journey = Journey(page, "waiting-list-offer", viewport)

    log_in(page, person.email, "/mijn-opleiding/")
    item = page.locator(".registration-item--offered")
    expect(item).to_contain_text("Groep Deventer voorjaar")
    expect(item).to_contain_text(str(Registration.Status.OFFERED.label))
    journey.step("offer-on-dashboard")

    # Pressing the button is a plain form post: it works with scripts off as well.
    page.get_by_role(
        "button", name=_("Accept the place in %(title)s") % {"title": cohort.title}
    ).click()
    page.wait_for_url(f"**/aanmelden/aanmelding/{registration.pk}/**")
    expect(page.locator(".message--success").first).to_be_visible()
    journey.step("offer-accepted")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    page.goto("/mijn-opleiding/")
    expect(page.locator(".registration-item--confirmed")).to_contain_text(cohort.title)
    expect(page.get_by_role("link", name=_("My registrations")).first).to_be_visible()
    journey.step("dashboard-confirmed")


def test_the_terms_page_is_reached_from_the_registration_form(page, viewport, live_home_page):
    terms = InformationPage(
        title="Algemene voorwaarden, annulering en privacy",
        slug="voorwaarden",
        intro="Deze voorwaarden gelden voor elke aanmelding.",
        body=[("heading", "Annuleren"), ("paragraph", "<p>Kosteloos tot de datum.</p>")],
    )
    live_home_page.add_child(instance=terms)
    terms.save_revision().publish()
    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    config.terms_page = terms
    config.save()
    cohort = CohortPageFactory(title="Groep Zwolle najaar")
    person = ParticipantFactory()
    journey = Journey(page, "terms", viewport)

    register_url = f"/aanmelden/groep/{cohort.pk}/"
    log_in(page, person.email, register_url)
    link = page.get_by_role(
        "link",
        name=_("Read the terms and conditions, cancellation conditions and privacy statement"),
    )
    expect(link).to_be_visible()
    journey.step("registration-form")

    with page.context.expect_page() as new_tab:
        link.click()
    terms_tab = new_tab.value
    terms_tab.csp_errors = []
    terms_tab.wait_for_load_state()
    expect(terms_tab.locator("h1")).to_have_text(terms.title)
    expect(terms_tab.get_by_role("heading", name="Annuleren")).to_be_visible()
    Journey(terms_tab, "terms-page", viewport).step("terms-page")
    terms_tab.close()

    # The registration form is still there, filled in as it was.
    expect(page.locator("#id_terms")).to_be_visible()
    journey.assert_required_fields_marked()

    # Sent without agreeing to the terms: the summary says so and leads to the checkbox.
    page.get_by_role("button", name=_("Check my registration")).click()
    journey.assert_error_summary("registration-without-terms", fields=["id_terms"])
    expect(page.locator("#id_terms")).to_be_focused()
