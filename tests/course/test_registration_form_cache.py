"""The registration form keeps the person's place in the cohort and their school per person
(course/personal_cache.py, issue 16): every change shows on the very next request, and
nobody sees another person's."""

import pytest
from django.urls import reverse

from course.services.registration import cancel_registration, register
from tests.factories import BoardFactory, ParticipantFactory, SchoolFactory

from .registration_fixtures import details

pytestmark = pytest.mark.django_db


def form_url(cohort):
    return reverse("registration:register", args=[cohort.pk])


def test_a_registration_made_elsewhere_sends_the_person_to_it_at_once(client, cohort):
    person = ParticipantFactory()
    client.force_login(person)
    assert client.get(form_url(cohort)).status_code == 200
    assert client.get(form_url(cohort)).status_code == 200  # now from the cache
    registration = register(person, cohort, details())
    response = client.get(form_url(cohort))
    assert response.status_code == 302
    assert response["Location"] == reverse("registration:detail", args=[registration.pk])
    cancel_registration(registration, by=person)
    assert client.get(form_url(cohort)).status_code == 200


def test_another_persons_place_is_never_theirs(client, cohort):
    register(ParticipantFactory(), cohort, details())
    client.force_login(ParticipantFactory())
    assert client.get(form_url(cohort)).status_code == 200


def test_a_new_school_and_a_renamed_board_show_at_once(client, cohort):
    person = ParticipantFactory()
    client.force_login(person)
    client.get(form_url(cohort))
    assert person.school.name in client.get(form_url(cohort)).content.decode()
    person.school = SchoolFactory(name="Kindcentrum De Horizon", board=BoardFactory())
    person.save()
    assert "Kindcentrum De Horizon" in client.get(form_url(cohort)).content.decode()
    board = person.school.board
    board.name = "Stichting Nieuwe Naam"
    board.save()
    assert "Stichting Nieuwe Naam" in client.get(form_url(cohort)).content.decode()
