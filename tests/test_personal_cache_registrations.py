""" "Mijn opleiding" keeps the person's registration rows per person (course/views/dashboard.py,
course/personal_cache.py): a change through the services shows on the next request, the
waiting-list place follows other people's registrations, and an offer's deadline is judged
at every request."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from course.models import Registration
from course.services.registration import cancel_registration
from tests.factories import CohortPageFactory, CoordinatorFactory, RegistrationFactory, enrol
from tests.test_personal_cache import page

pytestmark = pytest.mark.django_db


def position_text(position):
    return _(
        "You are number %(position)s on the waiting list. When a place becomes free, the "
        "first person waiting gets an offer by email."
    ) % {"position": position}


def test_a_cancelled_registration_shows_as_cancelled_at_once(client):
    cohort = CohortPageFactory()
    person = enrol(cohort)
    client.force_login(person)
    assert _("Your place is confirmed.") in page(client)
    registration = Registration.objects.get(participant=person)
    cancel_registration(registration, by=CoordinatorFactory())
    html = page(client)
    assert _("This registration has been cancelled.") in html
    assert _("Your place is confirmed.") not in html


def test_the_waiting_list_place_moves_up_when_someone_ahead_leaves(client):
    cohort = CohortPageFactory()
    first = RegistrationFactory(cohort=cohort, status=Registration.Status.WAITING_LIST)
    person = enrol(cohort, status=Registration.Status.WAITING_LIST)
    client.force_login(person)
    assert position_text(2) in page(client)
    # Another person's registration: only their own scope is bumped.
    cancel_registration(first, by=CoordinatorFactory())
    assert position_text(1) in page(client)


def test_a_renamed_cohort_shows_in_the_registration_list_at_once(client):
    cohort = CohortPageFactory(title="Groep najaar")
    client.force_login(enrol(cohort, status=Registration.Status.WAITING_LIST))
    assert "Groep najaar" in page(client)
    cohort.title = "Groep winter"
    cohort.save_revision().publish()
    html = page(client)
    assert "Groep winter" in html and "Groep najaar" not in html


def test_an_offer_whose_deadline_passed_is_shown_as_expired_without_a_change(client, monkeypatch):
    cohort = CohortPageFactory()
    person = enrol(cohort, status=Registration.Status.OFFERED)
    deadline = timezone.now() + datetime.timedelta(hours=1)
    Registration.objects.filter(participant=person).update(offer_expires_at=deadline)
    client.force_login(person)
    accept = reverse("registration:accept_offer", args=[person.registrations.get().pk])
    assert accept in page(client)
    # Time passes; nothing is written (the expiry job has not run yet).
    later = deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = page(client)
    assert accept not in html
    assert _("This offer has expired; the place has gone to the next person waiting.") in html
