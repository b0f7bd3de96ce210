"""Grading in Chromium: a trainer grades two plans from the workspace, releases them in bulk,
and a participant reads the grade from "Mijn opleiding". axe-core checks every page."""

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect

from assignments.models import Grade
from tests.assignments.conftest import make_peer_cohort

from .helpers import Journey, skip_module_without_chromium
from .test_peer_review_journey import log_in

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_trainer_grades_two_plans_releases_them_and_the_participant_reads_the_grade(
    page, viewport, live_home_page
):
    cohort = make_peer_cohort(3, phase="grading")
    journey = Journey(page, "grading", viewport)
    first, second = cohort.criteria

    log_in(page, cohort.trainer.email, "/mijn-opleiding/")
    page.get_by_role("link", name=_("Trainer's workspace")).first.click()
    expect(page.get_by_role("heading", name=_("Trainer's workspace"))).to_be_visible()
    plans_to_grade = ngettext("%(count)s plan to grade", "%(count)s plans to grade", 3) % {
        "count": 3
    }
    journey.step("workspace")
    page.get_by_role("link", name=plans_to_grade).click()
    journey.step("grading-list")

    for plan, (level_first, level_second) in zip(
        cohort.plans[:2], [("goed", "voldoende"), ("voldoende", "onvoldoende")], strict=True
    ):
        page.get_by_role("link", name=plan.author.full_name).click()
        expect(page.get_by_role("heading", name=_("Your grading"))).to_be_visible()
        page.locator(f"#id_level_{first.pk}_{first.levels.get(label=level_first).pk}").check()
        page.locator(f"#id_level_{second.pk}_{second.levels.get(label=level_second).pk}").check()
        page.fill(f"#id_comment_{first.pk}", "De analyse is **sterk**.")
        journey.step(f"grading-form-{plan.pk}")
        page.get_by_role("button", name=_("Complete grading")).click()
        expect(page.locator(".message--success")).to_be_visible()
        journey.step(f"graded-{plan.pk}")
        page.get_by_role(
            "link", name=_("Grading – %(cohort)s") % {"cohort": cohort.cohort.title}
        ).click()

    release = ngettext("Release %(count)s grade", "Release %(count)s grades", 2) % {"count": 2}
    page.get_by_role("button", name=release).click()
    expect(page.locator(".message--success")).to_be_visible()
    journey.step("released")
    assert Grade.objects.filter(status=Grade.Status.RELEASED).count() == 2

    page.context.clear_cookies()
    author = cohort.plans[0].author
    log_in(page, author.email, "/mijn-opleiding/")
    page.get_by_role("link", name=_("Read your grade")).click()
    expect(
        page.get_by_role("heading", name=_("The grade of your implementation plan"))
    ).to_be_visible()
    expect(page.get_by_text(_("pass"), exact=True)).to_be_visible()
    expect(page.get_by_text("De analyse is")).to_be_visible()
    journey.step("participant-grade")
