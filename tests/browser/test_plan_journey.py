"""The implementation plan in Chromium: a participant writes in the browser, the script
autosaves, the privacy check stops a phone number, they replace it, assess their plan with
the rubric and submit it. axe-core checks every page of ours."""

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from assignments.models import Plan, PlanVersion, Review
from tests.factories import add_rubric, assignment_in, enrol

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_participant_writes_with_autosave_passes_the_privacy_check_and_submits(
    page, viewport, live_home_page
):
    assignment = assignment_in("writing")
    add_rubric(assignment, criteria=3, levels=3)
    author = enrol(assignment.cohort)
    journey = Journey(page, "plan", viewport)
    plan_url = f"/mijn-opleiding/uitvoeringsplan/{assignment.cohort_id}/"

    log_in(page, author.email, plan_url)
    expect(page.locator("h1")).to_have_text(_("Your implementation plan"))
    journey.step("editor")

    # Typing is saved automatically, without pressing Save.
    page.fill("#id_body", "## Doel\n\nBel de moeder van de leerling op 06-12345678.")
    page.locator("#id_body").press("End")
    expect(page.locator("#autosave-status")).not_to_be_empty(timeout=15_000)
    plan = Plan.objects.get(assignment=assignment, author=author)
    assert "06-12345678" in plan.body
    assert plan.versions.filter(kind=PlanVersion.Kind.AUTOSAVE).exists()

    # The privacy check stops the submission; the phone number is replaced.
    page.reload()
    page.get_by_role("link", name=_("Go to the privacy check")).click()
    journey.step("privacy-check")
    page.locator(".finding form button").first.click()
    expect(page.locator(".message--success").first).to_be_visible()
    journey.step("privacy-clear")

    # Submitting includes the self-assessment with the rubric.
    page.get_by_role("link", name=_("Continue to submitting")).click()
    journey.step("submit")
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[type=radio]").last.check()
    page.get_by_role("button", name=_("Submit my plan")).click()
    page.wait_for_url(f"**{plan_url}")
    journey.step("submitted")
    plan.refresh_from_db()
    assert plan.submitted_at is not None
    assert "06-12345678" not in plan.body
    assert Review.objects.filter(plan=plan, kind=Review.Kind.SELF).exists()
