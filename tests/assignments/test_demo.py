"""The demo data shows every step: an assignment in peer review, a rubric, submitted plans
with self-assessments, and the demo director's draft behind the privacy check."""

import pytest

from assignments import demo
from assignments.models import Phase, Plan, Review
from assignments.services.plans import open_findings

pytestmark = pytest.mark.django_db


def test_the_demo_assignment_is_in_peer_review_with_a_rubric_and_submitted_plans(home_page):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    assignment = demo.seed()
    demo.seed()  # idempotent
    assert assignment.phase() == Phase.PEER_REVIEW
    criteria = list(assignment.criteria.all())
    assert 4 <= len(criteria) <= 5
    assert all(3 <= criterion.levels.count() <= 4 for criterion in criteria)
    submitted = Plan.objects.filter(assignment=assignment).submitted()
    assert submitted.count() >= 2
    assert (
        Review.objects.filter(plan__in=submitted, kind=Review.Kind.SELF).count()
        == submitted.count()
    )
    draft = Plan.objects.get(assignment=assignment, author__email=demo.DIRECTOR_EMAIL)
    assert draft.submitted_at is None
    assert assignment.accepts_submissions(draft.author)
    assert open_findings(draft)


def test_the_demo_seed_allocates_peer_reviews_so_the_demo_logins_see_them(home_page):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    assignment = demo.seed()  # a second run leaves the reviews as they are
    reviews = Review.objects.filter(plan__assignment=assignment, kind=Review.Kind.PEER)
    assert reviews.filter(reviewer__email=demo.DIRECTOR_EMAIL).exists()
    assert reviews.submitted().exists()


def test_the_demo_has_a_presentation_schedule_and_a_guest_whose_printed_link_works(
    home_page, client
):
    import io
    import re

    from django.core.management import call_command

    from assignments.models import PresentationGuest, PresentationSlot

    call_command("seed_demo", verbosity=0)
    out = io.StringIO()
    assignment = demo.seed(out)
    cohort = assignment.cohort
    assert PresentationSlot.objects.filter(day__cohort=cohort).count() == (
        cohort.participants().count()
    )
    assert PresentationGuest.objects.filter(cohort=cohort).count() == 1
    link = re.search(r"https?://\S+(/gast/\S+/)", out.getvalue()).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Marieke Bakker" in page.content.decode()
