"""Issue 18 in Chromium: the pages that used to scroll sideways at 320 px, and a form sent
empty. Every step also runs the shared checks (axe-core, reflow at 320 px, CSP)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from course.models import InCompanyRequest
from tests.factories import (
    CohortPageFactory,
    CourseDayPageFactory,
    HostVisitFactory,
    LibraryItemFactory,
    LibraryPageFactory,
    ParticipantFactory,
    VisitSlotFactory,
    enrol,
)

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_in_company_request_sent_empty_leads_to_each_field_and_then_goes_through(
    page, viewport, live_home_page
):
    journey = Journey(page, "in-company", viewport)
    page.goto(reverse("registration:incompany"))
    journey.assert_required_fields_marked()
    expect(page.locator("#id_phone")).to_have_attribute("type", "tel")
    expect(page.locator("#id_phone")).to_have_attribute("autocomplete", "tel")
    expect(page.locator("#id_organisation")).to_have_attribute("autocomplete", "organization")
    journey.step("form")

    page.get_by_role("button", name=_("Send request")).click()
    journey.assert_error_summary(
        "sent-empty", fields=["id_organisation", "id_contact_name", "id_email", "id_phone"]
    )
    expect(page.locator("#id_organisation")).to_be_focused()
    assert not InCompanyRequest.objects.exists()

    page.fill("#id_organisation", "Stichting Samenwerkingsverband Passend Onderwijs IJssel")
    page.fill("#id_contact_name", "Fatima el Amrani")
    page.fill("#id_email", "f.elamrani@example.nl")
    page.fill("#id_phone", "038 123 45 67")
    page.fill("#id_participant_count", "14")
    page.fill("#id_region", "Zwolle")
    page.fill("#id_period", "najaar 2027")
    page.get_by_role("button", name=_("Send request")).click()
    page.wait_for_url("**/incompany/bedankt/")
    assert not page.title().startswith(_("Error: "))
    journey.step("sent")
    assert InCompanyRequest.objects.get().phone == "038 123 45 67"


def test_wide_tables_and_long_words_stay_inside_a_320_px_screen(page, viewport, live_home_page):
    cohort = CohortPageFactory(title="Groep Apeldoorn", days=True)
    person = ParticipantFactory()
    enrol(cohort, person)
    visit = HostVisitFactory(
        cohort=cohort, organisation="Samenwerkingsverband Passend Onderwijs Apeldoorn"
    )
    VisitSlotFactory(host_visit=visit)
    VisitSlotFactory(host_visit=visit, starts_at="13:00", ends_at="15:30")
    CourseDayPageFactory(number=2, theme="Onderwijsbehoeften en ondersteuningsbehoeften")
    library = LibraryPageFactory()
    item = LibraryItemFactory(title="Ondersteuningsplanvergadering samenwerkingsverband")
    journey = Journey(page, "reflow", viewport)

    log_in(page, person.email, "/mijn-opleiding/")
    days = page.get_by_role("region", name=_("All course days"))
    expect(days).to_have_attribute("tabindex", "0")
    journey.step("dashboard")

    page.goto(reverse("visits:practice_day", args=[cohort.pk]))
    slots = page.get_by_role(
        "region", name=_("Time slots at %(host)s") % {"host": visit.organisation}
    )
    expect(slots.get_by_role("button").first).to_be_attached()
    hint = page.locator(".table-scroll__hint").first
    if viewport == "phone":
        expect(hint).to_have_text(_("Scroll sideways to see more columns."))
    else:
        expect(hint).to_be_hidden()
    journey.step("practice-day")

    page.goto("/opleiding/dag-2/")
    expect(page.locator("h1")).to_be_visible()
    journey.step("course-day")

    page.goto(f"{library.url}{item.pk}/")
    expect(page.locator("h1")).to_contain_text("Ondersteuningsplanvergadering")
    journey.step("library-item")

    # The price table on the registration preview.
    other = CohortPageFactory(title="Groep Zwolle")
    page.goto(reverse("registration:register", args=[other.pk]))
    page.check("#id_terms")
    page.get_by_role("button", name=_("Check my registration")).click()
    expect(page.locator(".price-table")).to_be_visible()
    journey.step("registration-preview")
