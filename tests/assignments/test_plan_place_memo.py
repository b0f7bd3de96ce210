"""The plan editor keeps the person's place in the cohort and their own deadline per
content version (assignments/views/plans.py, ``_own_place``): a change through the real
service shows on the next request, and nobody else gets it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.services.assignments import grant_extension
from assignments.services.plans import format_moment
from course.models import Registration
from course.services.registration import cancel_registration
from tests.factories import DAY, CoordinatorFactory, enrol

pytestmark = pytest.mark.django_db


def plan_page(client, assignment):
    return client.get(reverse("assignments:plan", args=[assignment.cohort_id]))


def test_an_extension_shows_on_the_next_request_for_that_person_only(client, assignment, author):
    other = enrol(assignment.cohort)
    usual = format_moment(assignment.submission_deadline)
    later = timezone.now() + 20 * DAY
    client.force_login(other)
    assert usual in plan_page(client, assignment).content.decode()
    client.force_login(author)
    assert usual in plan_page(client, assignment).content.decode()

    grant_extension(assignment, author, submission_deadline=later, reason="Ziek", granted_by=None)

    page = plan_page(client, assignment).content.decode()
    assert format_moment(later) in page
    assert usual not in page
    client.force_login(other)
    page = plan_page(client, assignment).content.decode()
    assert usual in page
    assert format_moment(later) not in page


def test_a_cancelled_place_closes_the_plan_editor_on_the_next_request(client, assignment, author):
    client.force_login(author)
    assert plan_page(client, assignment).status_code == 200
    registration = Registration.objects.get(participant=author, cohort=assignment.cohort)
    cancel_registration(registration, CoordinatorFactory(), reason="Op verzoek.")
    assert plan_page(client, assignment).status_code == 404
