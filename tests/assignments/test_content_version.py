"""What people write while they work on the final assignment (a plan's text, a review's
scores) does not bump the content version (website/page_cache.py, assignments/apps.py):
the anonymous pages stay stored and the per-version memos stay built. What the memos hold
(the rubric, the plans that give the letters, a person's extension) still shows on the
next request (also tests/assignments/test_review_memo.py, test_plan_place_memo.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from assignments.models import Plan, Review
from assignments.services.plans import plan_for
from assignments.services.reviews import save_review
from tests.factories import enrol

pytestmark = pytest.mark.django_db

REVIEW_MEMOS = ("assignments.rubric", "assignments.plan_ids")


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_a_plan_autosave_keeps_the_stored_pages_and_the_memos(kept_content, assignment, author):
    client = _client(author)
    url = reverse("assignments:plan", args=[assignment.cohort_id])
    kept_content.store((client, url))

    response = client.post(
        reverse("assignments:autosave", args=[assignment.cohort_id]),
        {"body": "## Mijn plan\n\nEen nieuwe alinea."},
    )
    assert response.json()["saved"] is True

    assert "Een nieuwe alinea." in client.get(url).content.decode()
    kept_content.assert_kept("assignments.own_place")


def test_a_review_score_keeps_the_stored_pages_and_the_memos(kept_content, peer_cohort):
    person, other = peer_cohort.people[0], peer_cohort.people[1]
    review = Review.objects.create(plan=peer_cohort.plan_of(other), reviewer=person)
    client = _client(person)
    url = reverse("assignments:review", args=[review.pk])
    kept_content.store((client, url))

    criterion = peer_cohort.criteria[0]
    save_review(
        review,
        by=person,
        levels={criterion.pk: criterion.levels.order_by("sort_order").last()},
        comments={criterion.pk: "Sterke analyse van de route."},
        overall_comment="Helder plan.",
        submit=False,
    )

    assert "Sterke analyse van de route." in client.get(url).content.decode()
    kept_content.assert_kept(*REVIEW_MEMOS)


def test_a_new_plan_gets_its_letter_on_the_next_review_form(client, peer_cohort):
    person = peer_cohort.people[0]
    newcomer = enrol(peer_cohort.cohort)
    first = Review.objects.create(plan=peer_cohort.plan_of(peer_cohort.people[1]), reviewer=person)
    client.force_login(person)
    first_form = reverse("assignments:review", args=[first.pk])
    client.get(first_form)  # the first visit creates the site settings row
    assert _("Plan %(code)s") % {"code": "B"} in client.get(first_form).content.decode()

    plan = plan_for(peer_cohort.assignment, newcomer)  # the editor's first visit
    Plan.objects.filter(pk=plan.pk).update(submitted_at=peer_cohort.plans[0].submitted_at)
    late = Review.objects.create(plan=plan, reviewer=person)

    body = client.get(reverse("assignments:review", args=[late.pk])).content.decode()
    letter = "ABCDEFGHIJ"[len(peer_cohort.plans)]
    assert _("Plan %(code)s") % {"code": letter} in body


def test_a_removed_plan_renames_the_later_ones_on_the_next_review_form(client, peer_cohort):
    """Only the plan's own deletion changes the version here (its reviews are private)."""
    person, gone, last = peer_cohort.people[0], peer_cohort.people[1], peer_cohort.people[-1]
    review = Review.objects.create(plan=peer_cohort.plan_of(last), reviewer=person)
    client.force_login(person)
    url = reverse("assignments:review", args=[review.pk])
    client.get(url)  # the first visit creates the site settings row
    letter = "ABCDEFGHIJ"[len(peer_cohort.plans) - 1]
    assert _("Plan %(code)s") % {"code": letter} in client.get(url).content.decode()

    Plan.objects.filter(pk=peer_cohort.plan_of(gone).pk).delete()

    earlier = "ABCDEFGHIJ"[len(peer_cohort.plans) - 2]
    assert _("Plan %(code)s") % {"code": earlier} in client.get(url).content.decode()
