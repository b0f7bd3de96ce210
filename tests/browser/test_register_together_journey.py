"""Register together in Chromium (issue 15): a director registers themself and their own
ib'er in one go; the ib'er, who has no account yet, opens the emailed link, creates an
account, confirms their address and continues to confirm their own place and details."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from course.models import DuoInvitation, Registration
from tests.factories import PASSWORD, CohortPageFactory, ParticipantFactory
from website.models import User

from .helpers import Journey, path_of, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COLLEAGUE_PASSWORD = "samen-naar-de-opleiding"


def test_director_registers_both_and_the_ib_er_confirms_through_the_emailed_link(
    page, viewport, live_home_page
):
    cohort = CohortPageFactory(
        title="Zwolle voorjaar", days__first_date=timezone.localdate() + datetime.timedelta(days=40)
    )
    director = ParticipantFactory(full_name="Dirk Directeur", function=User.Function.DIRECTOR)
    colleague_email = f"ilse-{viewport}@example.nl"
    journey = Journey(page, "register-together", viewport)

    # The director signs in and registers both.
    register_url = f"/aanmelden/groep/{cohort.pk}/"
    page.goto(register_url)
    page.fill("#id_login", director.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{register_url}")
    journey.step("director-form")
    page.check("#id_register_together")
    page.fill("#id_colleague_name", "Ilse Ib")
    page.fill("#id_colleague_email", colleague_email)
    page.check("#id_terms")
    page.get_by_role("button", name=_("Check my registration")).click()
    expect(page.get_by_role("heading", name=_("Register together"))).to_be_visible()
    journey.step("director-preview")
    page.get_by_role("button", name=_("Confirm my registration")).click()
    page.wait_for_url("**/aanmelden/aanmelding/*/")
    expect(page.get_by_role("heading", name=_("Registered together"))).to_be_visible()
    journey.step("director-registered")
    invitation = DuoInvitation.objects.get()
    assert invitation.status == DuoInvitation.Status.PENDING

    # The ib'er has no account: the emailed link leads to sign in, sign up, confirm, continue.
    page.context.clear_cookies()
    (message,) = [m for m in mail.outbox if colleague_email in m.to]
    link = path_of(re.search(r"https?://\S+/samen-aanmelden/\S+/", message.body).group(0))
    page.goto(link)
    page.wait_for_url("**/accounts/login/**")
    journey.step("colleague-login")
    page.locator("main a[href*='/accounts/signup/']").first.click()
    page.wait_for_url("**/accounts/signup/**")
    page.fill("#id_full_name", "Ilse Ib")
    page.fill("#id_email", colleague_email)
    page.fill("#id_password1", COLLEAGUE_PASSWORD)
    page.fill("#id_password2", COLLEAGUE_PASSWORD)
    page.fill("#id_new_school_name", "Basisschool Het Anker")
    page.fill("#id_new_school_place", "Zwolle")
    journey.step("colleague-signup", axe=False)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/confirm-email/")
    (confirm,) = [m for m in mail.outbox if colleague_email in m.to and "confirm-email" in m.body]
    page.goto(
        path_of(re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirm.body).group(0))
    )
    page.locator("main form button[type=submit]").click()

    # Back on the invitation, signed in: their own details, price and place.
    page.wait_for_url(f"**{link}")
    expect(page.get_by_text("Dirk Directeur")).to_be_visible()
    journey.step("colleague-invitation")
    page.check("#id_terms")
    page.get_by_role("button", name=_("Confirm my place")).click()
    page.wait_for_url("**/aanmelden/aanmelding/*/")
    journey.step("colleague-registered")

    own = Registration.objects.get(participant__email=colleague_email)
    assert own.status == Registration.Status.CONFIRMED
    assert Registration.objects.get(participant=director).pk != own.pk
    invitation.refresh_from_db()
    assert invitation.status == DuoInvitation.Status.ACCEPTED
