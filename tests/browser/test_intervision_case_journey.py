"""A case in Chromium: the case presenter writes a case with a BSN in it, the privacy guard
stops the sharing, they replace the BSN and share; a groupmate reads the case; a member of
another group gets a 404. axe-core checks every page of ours."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from intervision.models import Case, SessionRole
from tests.factories import (
    CohortPageFactory,
    GroupMembershipFactory,
    IntervisionGroupFactory,
    IntervisionSessionFactory,
    TrainerFactory,
    member_with_role,
)

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BSN = "123.456.782"  # passes the 11-proef, written with dots


def test_case_with_a_bsn_is_stopped_replaced_shared_and_read_by_the_group_only(
    page, viewport, live_home_page
):
    cohort = CohortPageFactory(
        days__first_date=timezone.localdate() + datetime.timedelta(days=20),
        trainers=[TrainerFactory()],
    )
    group = IntervisionGroupFactory(cohort=cohort, number=1)
    session = IntervisionSessionFactory(group=group)
    author = member_with_role(session, SessionRole.Role.CASE_PRESENTER)
    groupmate = member_with_role(session, SessionRole.Role.SCRIBE)
    outsider = GroupMembershipFactory(
        group=IntervisionGroupFactory(cohort=cohort, number=2)
    ).participant
    journey = Journey(page, "intervision-case", viewport)
    session_url = f"/mijn-opleiding/intervisie/bijeenkomst/{session.pk}/"

    # The case presenter starts from the session page and writes the case.
    log_in(page, author.email, session_url)
    page.get_by_role("link", name=_("Write your case")).click()
    expect(page.locator("#id_body")).to_contain_text(_("What has been tried"))
    journey.step("case-form")
    # Saved without a title: the summary leads to the title field.
    page.get_by_role("button", name=_("Save as draft")).click()
    journey.assert_error_summary("case-without-title", fields=["id_title"])
    page.fill("#id_title", "Een leerling die niet meer naar school wil")
    page.fill(
        "#id_body",
        f"## {_('Question')}\n\nDe leerling (BSN {BSN}) komt al weken niet. "
        "Hoe krijg ik de ouders betrokken?",
    )
    page.get_by_role("button", name=_("Save as draft")).click()
    expect(page.get_by_text(_("Your case is saved."))).to_be_visible()
    journey.step("case-draft")

    # Sharing is stopped: the BSN is shown in its context with a suggested replacement.
    page.get_by_role("button", name=_("Share with my group")).click()
    expect(
        page.get_by_text(_("Replace or dismiss every finding before you share the case."))
    ).to_be_visible()
    expect(page.locator(".finding__context mark")).to_have_text(BSN)
    journey.step("case-guard-stops")
    assert Case.objects.get().shared_at is None

    page.locator(".finding form[action$='/vervangen/'] button").click()
    expect(page.get_by_text(_("The privacy check found no personal data."))).to_be_visible()
    journey.step("case-guard-clear")
    page.get_by_role("button", name=_("Share with my group")).click()
    expect(page.get_by_text(_("Your case is shared with your group."))).to_be_visible()
    journey.step("case-shared")

    # A groupmate reads it, without the BSN.
    case_url = f"/mijn-opleiding/intervisie/bijeenkomst/{session.pk}/casus/"
    log_in(page, groupmate.email, session_url)
    page.get_by_role(
        "link",
        name=_("Read the case: %(title)s")
        % {"title": "Een leerling die niet meer naar school wil"},
    ).click()
    expect(page.locator(".case__body")).to_contain_text("Hoe krijg ik de ouders betrokken?")
    expect(page.locator(".case__body")).not_to_contain_text(BSN)
    journey.step("case-groupmate")

    # A member of another group of the same cohort gets a 404.
    log_in(page, outsider.email, "/mijn-opleiding/")
    response = page.goto(case_url)
    assert response.status == 404
    journey.step("case-outsider-404")
