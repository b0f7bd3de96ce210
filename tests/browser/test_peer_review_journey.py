"""Peer review in Chromium: a participant reviews a colleague's plan with the rubric (a
draft, then submitted); when the review phase has closed the author reads the reviews,
rates one and revises the plan with a response table. axe-core checks every page."""

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from assignments.models import Review
from assignments.services.reviews import allocate_reviews
from tests.assignments.conftest import dates_for, make_peer_cohort

from .helpers import Journey, log_in, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_participant_reviews_a_plan_and_the_author_rates_the_reviews_and_revises(
    page, viewport, live_home_page
):
    cohort = make_peer_cohort(4)
    allocate_reviews(cohort.assignment)
    author = cohort.people[0]
    plan = cohort.plan_of(author)
    review = plan.reviews.active().select_related("reviewer").first()
    journey = Journey(page, "peer-review", viewport)

    log_in(page, review.reviewer.email, "/mijn-opleiding/uitvoeringsplan/feedback/")
    expect(page.get_by_role("heading", name=_("Plans you review"))).to_be_visible()
    journey.step("reviewer-list")
    page.goto(f"/mijn-opleiding/uitvoeringsplan/feedback/{review.pk}/")
    expect(page.get_by_role("heading", name=_("Your review"))).to_be_visible()
    assert author.full_name not in page.content()
    journey.step("review-form")
    first, second = cohort.criteria
    page.locator(f"#id_level_{first.pk}_{first.levels.get(label='goed').pk}").check()
    page.fill(f"#id_comment_{first.pk}", "De **route** is helder.")
    page.get_by_role("button", name=_("Save draft")).click()
    expect(page.get_by_text(_("Your draft has been saved."))).to_be_visible()
    journey.step("review-draft")
    page.locator(f"#id_level_{second.pk}_{second.levels.get(label='voldoende').pk}").check()
    page.fill("#id_overall_comment", "Een plan om trots op te zijn.")
    page.get_by_role("button", name=_("Submit review")).click()
    expect(page.get_by_text(_("Your review has been submitted."))).to_be_visible()
    journey.step("review-submitted")

    # The other reviews are in; the review phase closes.
    for other in plan.reviews.active().exclude(pk=review.pk):
        other.status = Review.Status.SUBMITTED
        other.submitted_at = timezone.now()
        other.overall_comment = "Denk aan de evaluatie."
        other.save()
    for name, value in dates_for("revision").items():
        setattr(cohort.assignment, name, value)
    cohort.assignment.save()

    page.context.clear_cookies()
    log_in(page, author.email, "/mijn-opleiding/uitvoeringsplan/feedback/")
    page.get_by_role("link", name=_("Read the reviews of your plan")).click()
    expect(page.get_by_role("heading", name=_("Reviews of your plan"))).to_be_visible()
    assert review.reviewer.full_name not in page.content()
    journey.step("author-reviews")
    rating = page.locator(f"#review-{review.pk}")
    rating.locator(f"#id_r{review.pk}-helpfulness_3").check()  # the fourth choice: 4
    rating.locator(f"#id_r{review.pk}-reason").fill("Concreet en vriendelijk.")
    rating.get_by_role("button", name=_("Save rating")).click()
    expect(page.get_by_text(_("Thank you for your rating."))).to_be_visible()
    journey.step("author-rated")
    page.get_by_role("link", name=_("Revise your plan")).first.click()
    page.fill("#id_revised_body", "## Herzien plan\n\nMet evaluatie na elke fase.")
    page.select_option("#id_responses-0-review", str(review.pk))
    page.fill("#id_responses-0-point", "Evaluatiemomenten toevoegen")
    page.locator("#id_responses-0-accepted_0").check()
    page.fill("#id_responses-0-why", "Zo zien we of het werkt.")
    journey.step("revision-form")
    page.get_by_role("button", name=_("Submit revised plan")).click()
    expect(page.get_by_text(_("Your revised plan has been submitted."))).to_be_visible()
    journey.step("revision-submitted")

    review.refresh_from_db()
    plan.refresh_from_db()
    assert review.helpfulness == 4
    assert plan.is_revised and plan.responses.get().accepted
