"""The reviewer's page keeps its main content per person on a GET (assignments/views/
reviews.py ``_kept_review``): every change the reviewer could see there is on the next
request, a POST with errors is never kept, nobody else gets the part, and its form carries
each request's own CSRF token."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments.models import Review
from assignments.services.reviews import allocate_reviews, rate_review, remove_review
from course import personal_cache

from .conftest import dates_for, make_peer_cohort

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def peer_cohort(db):
    cohort = make_peer_cohort()
    allocate_reviews(cohort.assignment)
    return cohort


@pytest.fixture
def my_review(peer_cohort):
    return (
        Review.objects.filter(plan__assignment=peer_cohort.assignment, kind=Review.Kind.PEER)
        .select_related("reviewer", "plan__author")
        .order_by("pk")
        .first()
    )


def _url(review):
    return reverse("assignments:review", args=[review.pk])


def _client(person, *, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(person)
    return client


def _page(client, review):
    response = client.get(_url(review))
    assert response.status_code == 200
    return response.content.decode()


def _levels(peer_cohort, index=2, comment="Helder"):
    data = {}
    for criterion in peer_cohort.criteria:
        data[f"level_{criterion.pk}"] = list(criterion.levels.all())[index].pk
        data[f"comment_{criterion.pk}"] = comment
    return data


def test_the_second_request_renders_nothing_of_the_part(my_review, monkeypatch):
    client = _client(my_review.reviewer)
    first = _page(client, my_review)

    def must_not_render(*args, **kwargs):
        raise AssertionError("the part was not cached")

    monkeypatch.setattr("assignments.views.reviews.render_to_string", must_not_render)
    second = _page(client, my_review)
    assert CSRF.sub("", first) == CSRF.sub("", second)
    assert 'type="radio"' in second


def test_a_saved_draft_and_then_the_submission_show_on_the_next_request(peer_cohort, my_review):
    client = _client(my_review.reviewer)
    _page(client, my_review)
    client.post(_url(my_review), {"overall_comment": "Eerste indruk", "save": "1"})
    assert "Eerste indruk" in _page(client, my_review)

    data = {**_levels(peer_cohort), "overall_comment": "Sterk plan", "submit": "1"}
    client.post(_url(my_review), data)
    page = _page(client, my_review)
    assert "Sterk plan" in page
    assert 'type="radio"' not in page


def test_a_form_with_errors_is_never_kept(peer_cohort, my_review):
    client = _client(my_review.reviewer)
    _page(client, my_review)
    response = client.post(
        _url(my_review), {"overall_comment": "Nog niet opgeslagen", "submit": "1"}
    )
    assert "Nog niet opgeslagen" in response.content.decode()
    assert "Nog niet opgeslagen" not in _page(client, my_review)


def test_a_changed_plan_shows_to_its_reviewer_at_once(my_review):
    client = _client(my_review.reviewer)
    _page(client, my_review)
    plan = my_review.plan
    plan.body = "Een herschreven plan over de ondersteuningsroute."
    plan.save()
    assert "Een herschreven plan over de ondersteuningsroute." in _page(client, my_review)


def test_a_changed_rubric_level_shows_on_the_form_at_once(peer_cohort, my_review):
    client = _client(my_review.reviewer)
    assert "Onderwijsbehoeften: goed" in _page(client, my_review)
    level = peer_cohort.criteria[0].levels.get(label="goed")
    level.description = "Onderwijsbehoeften: uitgewerkt met voorbeelden"
    level.save()
    page = _page(client, my_review)
    assert "Onderwijsbehoeften: uitgewerkt met voorbeelden" in page
    assert "Onderwijsbehoeften: goed" not in page


def test_the_authors_rating_shows_to_the_reviewer_at_once(peer_cohort, my_review):
    client = _client(my_review.reviewer)
    client.post(_url(my_review), {**_levels(peer_cohort), "submit": "1"})
    _page(client, my_review)
    for name, value in dates_for("revision").items():
        setattr(peer_cohort.assignment, name, value)
    peer_cohort.assignment.save()
    _page(client, my_review)
    my_review.refresh_from_db()
    rate_review(my_review, by=my_review.plan.author, helpfulness=4, reason="Concrete tips")
    assert "Concrete tips" in _page(client, my_review)


def test_the_form_closes_when_the_review_deadline_passes(peer_cohort, my_review, monkeypatch):
    client = _client(my_review.reviewer)
    assert 'type="radio"' in _page(client, my_review)
    later = peer_cohort.assignment.review_deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert 'type="radio"' not in _page(client, my_review)


def test_a_withdrawn_review_is_gone_for_its_reviewer_at_once(peer_cohort, my_review):
    client = _client(my_review.reviewer)
    _page(client, my_review)
    remove_review(my_review, by=peer_cohort.trainer, reason="Zelfde school")
    assert client.get(_url(my_review)).status_code == 404


def test_nobody_else_gets_the_kept_part(peer_cohort, my_review, client):
    _page(_client(my_review.reviewer), my_review)
    others = [p for p in peer_cohort.people if p.pk != my_review.reviewer_id]
    for person in others:
        assert _client(person).get(_url(my_review)).status_code == 404
    assert client.get(_url(my_review)).status_code == 302
    # The trainer sees the names, never the reviewer's kept page.
    trainer_page = _page(_client(peer_cohort.trainer), my_review)
    assert my_review.plan.author.full_name in trainer_page
    assert 'type="radio"' not in trainer_page


def test_a_post_with_the_kept_pages_csrf_token_is_accepted(peer_cohort, my_review):
    _page(_client(my_review.reviewer), my_review)
    client = _client(my_review.reviewer, csrf=True)
    page = _page(client, my_review)
    assert personal_cache.CSRF_PLACEHOLDER not in page
    token = CSRF.search(page).group(1)
    response = client.post(
        _url(my_review),
        {"csrfmiddlewaretoken": token, "overall_comment": "Met token", "save": "1"},
    )
    assert response.status_code == 302
    my_review.refresh_from_db()
    assert my_review.overall_comment == "Met token"
