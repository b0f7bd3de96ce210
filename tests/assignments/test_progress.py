"""The trainer's progress page, who may see which peer review page, and query counts that
stay flat from 6 to 60 participants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import Review
from assignments.services.reviews import allocate_reviews
from tests.factories import TrainerFactory

from .conftest import make_peer_cohort

pytestmark = pytest.mark.django_db


def test_the_progress_page_shows_each_participant_with_given_and_received_reviews(
    client, peer_cohort
):
    allocate_reviews(peer_cohort.assignment)
    review = Review.objects.filter(reviewer=peer_cohort.people[0]).first()
    review.status = Review.Status.SUBMITTED
    review.save()
    client.force_login(peer_cohort.trainer)
    response = client.get(reverse("assignments:progress", args=[peer_cohort.cohort.pk]))
    content = response.content.decode()
    for person in peer_cohort.people:
        assert person.full_name in content
    assert _("Reviews given") in content and _("Reviews received") in content
    row = next(r for r in response.context["rows"] if r.participant == peer_cohort.people[0])
    assert (row.given_done, row.given_total) == (1, 2)


def test_the_cohort_overview_links_to_the_progress_page(client, peer_cohort):
    client.force_login(peer_cohort.trainer)
    response = client.get(reverse("course:cohort_overview"))
    assert (
        reverse("assignments:progress", args=[peer_cohort.cohort.pk]) in response.content.decode()
    )


@pytest.fixture
def allocated(peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    return peer_cohort


def test_a_reviewer_of_another_plan_gets_a_404(client, allocated):
    review = Review.objects.filter(plan__assignment=allocated.assignment).first()
    outsider = next(
        p for p in allocated.people if p.pk != review.reviewer_id and p.pk != review.plan.author_id
    )
    client.force_login(outsider)
    assert client.get(reverse("assignments:review", args=[review.pk])).status_code == 404
    url = reverse("assignments:review_attachment", args=[review.pk])
    assert client.get(url).status_code == 404
    # The author cannot open the review page itself either.
    client.force_login(review.plan.author)
    assert client.get(reverse("assignments:review", args=[review.pk])).status_code == 404


def test_another_cohorts_trainer_gets_a_404_everywhere(client, allocated):
    review = Review.objects.filter(plan__assignment=allocated.assignment).first()
    client.force_login(TrainerFactory())
    cohort_id = allocated.cohort.pk
    for url in (
        reverse("assignments:progress", args=[cohort_id]),
        reverse("assignments:plan_reviews", args=[cohort_id, review.plan_id]),
        reverse("assignments:review", args=[review.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("assignments:allocate", args=[cohort_id]))
    assert response.status_code == 404


def test_a_participant_cannot_open_the_progress_page(client, allocated):
    client.force_login(allocated.people[0])
    response = client.get(reverse("assignments:progress", args=[allocated.cohort.pk]))
    assert response.status_code == 404


def test_an_anonymous_visitor_sees_no_review_and_is_sent_to_log_in(client, allocated):
    review = Review.objects.filter(plan__assignment=allocated.assignment).first()
    for url in (
        reverse("assignments:review", args=[review.pk]),
        reverse("assignments:received", args=[review.plan_id]),
        reverse("assignments:progress", args=[allocated.cohort.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_another_participant_cannot_read_the_reviews_of_a_plan(client, allocated):
    plan = allocated.plans[0]
    client.force_login(allocated.people[1])
    assert client.get(reverse("assignments:received", args=[plan.pk])).status_code == 404
    assert client.get(reverse("assignments:revision", args=[plan.pk])).status_code == 404


def count_queries(client, url):
    """Queries of one request after two warming ones (as tests/test_query_budgets.py)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def page_url(client, cohort, page):
    review = Review.objects.filter(plan__assignment=cohort.assignment).first()
    if page == "review":
        client.force_login(review.reviewer)
        return reverse("assignments:review", args=[review.pk])
    client.force_login(cohort.trainer)
    if page == "plan_reviews":
        return reverse("assignments:plan_reviews", args=[cohort.cohort.pk, review.plan_id])
    return reverse("assignments:progress", args=[cohort.cohort.pk])


@pytest.mark.parametrize("page", ["progress", "review", "plan_reviews"])
def test_peer_review_pages_use_as_many_queries_for_60_participants_as_for_6(client, db, page):
    # Both cohorts exist before measuring: creating a page resets the site's page caches.
    cohorts = [make_peer_cohort(size) for size in (6, 60)]
    for cohort in cohorts:
        allocate_reviews(cohort.assignment)
    counts = []
    for cohort in cohorts:
        url = page_url(client, cohort, page)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], counts


def test_mijn_opleiding_shows_how_many_reviews_are_still_to_write(client, allocated):
    person = allocated.people[0]
    client.force_login(person)
    content = client.get(reverse("course:dashboard")).content.decode()
    assert reverse("assignments:my_reviews") in content
    message = ngettext(
        "You have %(count)s review to write.", "You have %(count)s reviews to write.", 2
    )
    assert message % {"count": 2} in content
