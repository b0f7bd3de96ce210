"""Intervision in Chromium: a trainer suggests and publishes groups; a member opens their
group, a session and the session guide with its timer. axe-core checks every page of ours."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from intervision.models import GroupMembership
from tests.factories import (
    CohortPageFactory,
    ParticipantFactory,
    RegistrationFactory,
    TrainerFactory,
)

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_trainer_publishes_groups_and_a_member_opens_the_session_guide(
    page, viewport, live_home_page
):
    trainer = TrainerFactory()
    cohort = CohortPageFactory(
        days__first_date=timezone.localdate() + datetime.timedelta(days=20), trainers=[trainer]
    )
    people = [ParticipantFactory() for _i in range(9)]
    for person in people:
        RegistrationFactory(cohort=cohort, participant=person)
    journey = Journey(page, "intervision", viewport)
    manage_url = f"/mijn-opleiding/intervisie/cohort/{cohort.pk}/"

    log_in(page, trainer.email, manage_url)
    journey.step("trainer-no-groups")
    page.get_by_role("button", name=_("Suggest groups")).click()
    expect(page.get_by_role("heading", name=_("Group %(number)s") % {"number": 1})).to_be_visible()
    journey.step("trainer-suggested")
    page.get_by_role("button", name=_("Publish groups")).click()
    expect(
        page.get_by_text(_("The groups are published. Members now see their own group."))
    ).to_be_visible()
    journey.step("trainer-published")

    page.context.clear_cookies()
    member = people[0]
    group = GroupMembership.objects.get(participant=member).group
    log_in(page, member.email, "/mijn-opleiding/intervisie/")
    expect(
        page.get_by_role("heading", name=_("Intervision %(name)s") % {"name": group.name})
    ).to_be_visible()
    journey.step("member-group")
    page.locator(".session-item__when a").first.click()
    journey.step("member-session")
    page.get_by_role("link", name=_("Open the session guide")).click()
    expect(page.locator(".guide-steps .guide-timer").first).to_be_visible()  # the script ran
    journey.step("member-guide")
    page.get_by_role("link", name=_("Start with step 1")).click()
    page.get_by_role("button", name=_("Start timer")).click()
    expect(page.get_by_role("button", name=_("Pause"))).to_be_visible()
    journey.step("member-guide-step")
    page.get_by_role("link", name=_("Next step")).click()
    expect(page).to_have_url(re.compile(r"\?step=2$"))
