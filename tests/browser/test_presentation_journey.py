"""The presentation day in Chromium: the coordinator publishes the schedule; a participant
sees their slot and invites a guest; the guest opens the private link from the mail, reads
the final plan and leaves feedback; the participant sees who opened the link and the
feedback. axe-core checks every page."""

import re

import pytest
from django.core import mail
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from assignments.models import GuestFeedback
from assignments.services.presentation import generate_schedule
from tests.assignments.conftest import PresentationCohort
from tests.factories import CoordinatorFactory

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_participant_invites_a_guest_who_reads_the_plan_and_leaves_feedback(
    page, viewport, live_home_page
):
    pday = PresentationCohort(size=3)
    coordinator = CoordinatorFactory()
    generate_schedule(pday.cohort, by=coordinator)
    person = pday.people[0]
    journey = Journey(page, "presentation", viewport)
    mine = f"/mijn-opleiding/uitvoeringsplan/presentatie/{pday.cohort.pk}/"

    # The coordinator publishes the generated schedule: until then nobody sees a time.
    schedule = f"/mijn-opleiding/uitvoeringsplan/presentatie/{pday.cohort.pk}/rooster/"
    log_in(page, coordinator.email, schedule)
    expect(
        page.get_by_text(
            _("Not published yet: the participants and their guests do not see the schedule.")
        )
    ).to_be_visible()
    journey.step("schedule-draft")
    page.get_by_role("button", name=_("Publish the schedule")).click()
    expect(page.locator(".message--success").first).to_be_visible()
    expect(page.get_by_role("button", name=_("Publish the schedule"))).to_have_count(0)
    journey.step("schedule-published")
    page.context.clear_cookies()

    # "Mijn opleiding" shows the slot; the panel leads to the guests.
    log_in(page, person.email, "/mijn-opleiding/")
    expect(page.get_by_role("heading", name=_("Your presentation"))).to_be_visible()
    journey.step("dashboard")
    page.get_by_role("link", name=_("Your presentation and guests")).click()
    page.wait_for_url(f"**{mine}")
    journey.step("presentation-page")

    # Sent empty: the summary leads to the guest's name and address.
    page.get_by_role("button", name=_("Send the invitation")).click()
    journey.assert_error_summary("invite-empty", fields=["id_name", "id_email"])

    mail.outbox.clear()
    page.fill("#id_name", "Dirk Directeur")
    page.fill("#id_email", "dirk@example.nl")
    page.select_option("#id_role", "director")
    page.get_by_role("button", name=_("Send the invitation")).click()
    expect(page.locator(".message--success")).to_be_visible()
    journey.step("invited")
    [invitation] = [m for m in mail.outbox if m.to == ["dirk@example.nl"]]
    link = re.search(r"https?://\S+(/gast/\S+/)", invitation.body).group(1)

    # The guest, without an account, opens the link from the mail.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
    expect(page.get_by_text("Eerste versie.")).to_be_visible()
    for other in pday.people[1:]:
        assert other.full_name not in page.content()
    assert page.locator("nav").count() == 0  # no way into the site
    journey.step("guest-page")
    # The guest's page has the same error summary (guest_base.html).
    page.get_by_role("button", name=_("Send feedback")).click()
    journey.assert_error_summary("guest-feedback-empty", fields=["id_text"])
    page.fill("#id_text", "Een sterk plan. Betrek de leerkrachten van groep 8 eerder.")
    page.get_by_role("button", name=_("Send feedback")).click()
    expect(page.locator(".message--success")).to_be_visible()
    journey.step("guest-feedback-sent")
    assert GuestFeedback.objects.filter(guest__participant=person).count() == 1

    # The participant sees that the link was opened, and the feedback.
    log_in(page, person.email, mine)
    expect(page.get_by_text("Betrek de leerkrachten van groep 8 eerder.")).to_be_visible()
    expect(page.get_by_text(_("Opened the link on:"))).to_be_visible()
    journey.step("feedback-received")
