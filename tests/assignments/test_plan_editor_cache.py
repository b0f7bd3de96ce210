"""The plan editor keeps its main content per person on a GET (assignments/views/plans.py,
``personal_cache.cached_html``): every change the author could see there is on the next
request, a POST's answers are never kept, nobody else gets the part and its forms carry
each request's own CSRF token."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments.services import plans as services
from assignments.services.plans import dismiss_finding, save_plan
from tests.factories import enrol

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _url(assignment):
    return reverse("assignments:plan", args=[assignment.cohort_id])


def _page(client, assignment):
    response = client.get(_url(assignment))
    assert response.status_code == 200
    return response.content.decode()


def _plan(assignment, person):
    return services.plan_for(assignment, person)


def test_a_saved_text_shows_on_the_next_request(author_client, assignment, author):
    _page(author_client, assignment)
    save_plan(_plan(assignment, author), body="Onze school werkt met groepsplannen.")
    assert "Onze school werkt met groepsplannen." in _page(author_client, assignment)


def test_a_finding_marked_as_not_personal_data_shows_on_the_next_request(
    author_client, assignment, author
):
    plan = _plan(assignment, author)
    save_plan(plan, body="Bel de intern begeleider op 06-12345678 voor overleg.")
    before = _page(author_client, assignment)
    assert "possible piece of personal data" in before or "persoonsgegeven" in before
    (finding,) = services.open_findings(plan)

    dismiss_finding(plan, finding.fingerprint)

    after = _page(author_client, assignment)
    assert after != before
    assert 'href="%s"' % reverse("assignments:submit", args=[assignment.cohort_id]) in after


def test_another_participant_never_gets_the_part(client, assignment, author):
    save_plan(_plan(assignment, author), body="Alleen van de eerste auteur.")
    client.force_login(author)
    assert "Alleen van de eerste auteur." in _page(client, assignment)
    client.force_login(enrol(assignment.cohort))
    assert "Alleen van de eerste auteur." not in _page(client, assignment)


def test_a_preview_is_never_kept(author_client, assignment, author):
    save_plan(_plan(assignment, author), body="Opgeslagen tekst.")
    _page(author_client, assignment)
    response = author_client.post(
        _url(assignment), {"body": "Nog niet opgeslagen voorbeeld.", "preview": "1"}
    )
    assert "Nog niet opgeslagen voorbeeld." in response.content.decode()

    page = _page(author_client, assignment)
    assert "Nog niet opgeslagen voorbeeld." not in page
    assert "Opgeslagen tekst." in page


def test_the_deadline_passing_locks_the_editor_on_the_next_request(
    author_client, assignment, author, monkeypatch
):
    deadline = timezone.now() + datetime.timedelta(hours=1)
    type(assignment).objects.filter(pk=assignment.pk).update(submission_deadline=deadline)
    assert "plan-form" in _page(author_client, assignment)

    later = deadline + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "plan-form" not in _page(author_client, assignment)


def test_a_kept_page_posts_with_its_own_csrf_token(assignment, author):
    first = Client(enforce_csrf_checks=True)
    first.force_login(author)
    _page(first, assignment)
    second = Client(enforce_csrf_checks=True)
    second.force_login(author)
    token = CSRF.search(_page(second, assignment)).group(1)

    response = second.post(
        _url(assignment), {"body": "Met het eigen token.", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert "Met het eigen token." in _page(second, assignment)
