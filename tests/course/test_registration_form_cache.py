"""The registration form keeps the person's place in the cohort and their school per person,
and the empty form's page as HTML (course/personal_cache.py, issue 16): every change shows
on the very next request, nobody sees another person's, and a form with the answers of a
POST is never kept."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from course.models import Registration, RegistrationSettings
from course.services.registration import cancel_registration, register
from tests.factories import BoardFactory, CohortPageFactory, ParticipantFactory, SchoolFactory
from website.models import User

from .registration_fixtures import details, form_data

pytestmark = pytest.mark.django_db


def form_url(cohort):
    return reverse("registration:register", args=[cohort.pk])


PART = "course/registration/_form.html"


def form_page(client, url):
    """The form page's HTML and whether its main content was rendered (not kept)."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), PART in [t.name for t in response.templates]


def warm(client, url):
    """Two requests: the first creates the site's settings rows (a content change)."""
    client.get(url)
    client.get(url)


def test_the_empty_form_is_kept_and_a_new_name_and_function_show_at_once(client, cohort):
    person = ParticipantFactory(full_name="Anna Oud", function=User.Function.INTERNAL_COORDINATOR)
    client.force_login(person)
    warm(client, form_url(cohort))
    html, rendered = form_page(client, form_url(cohort))
    assert not rendered and "Anna Oud" in html
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Anna Nieuw",
            "function": User.Function.CARE_COORDINATOR,
            "school": person.school.pk,
            "language": "nl",
        },
    )
    assert response.status_code == 302
    html, rendered = form_page(client, form_url(cohort))
    assert rendered and "Anna Nieuw" in html and "Anna Oud" not in html
    assert f'value="{User.Function.CARE_COORDINATOR}" selected' in html


def test_another_person_never_gets_the_kept_form(client, cohort):
    first, second = ParticipantFactory(full_name="Eerste Persoon"), ParticipantFactory()
    client.force_login(first)
    warm(client, form_url(cohort))
    assert not form_page(client, form_url(cohort))[1]
    client.force_login(second)
    html, rendered = form_page(client, form_url(cohort))
    assert rendered
    assert second.full_name in html and second.email in html
    assert "Eerste Persoon" not in html and first.email not in html


def test_a_cohort_filled_by_someone_else_shows_as_full_at_once(client, training_page):
    cohort = CohortPageFactory(parent=training_page, capacity=1)
    client.force_login(ParticipantFactory())
    warm(client, form_url(cohort))
    full = _("This cohort is full. If you register, you are placed on the waiting list.")
    assert full not in form_page(client, form_url(cohort))[0]
    register(ParticipantFactory(), cohort, details())
    assert full in form_page(client, form_url(cohort))[0]


def test_new_registration_settings_show_at_once(client, cohort):
    client.force_login(ParticipantFactory())
    warm(client, form_url(cohort))
    assert not form_page(client, form_url(cohort))[1]
    settings = RegistrationSettings.load()
    settings.lbbo_discount_percent = 7
    settings.save()
    html = form_page(client, form_url(cohort))[0]
    assert _("Members get %(percent)s%% off an individual registration.") % {"percent": 7} in html


def test_a_form_with_the_answers_of_a_post_is_never_kept(client, cohort):
    person = ParticipantFactory()
    client.force_login(person)
    warm(client, form_url(cohort))
    response = client.post(
        form_url(cohort), form_data(school_name="", school_place="Kampen", step="preview")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Kampen"' in html and _("This field is required.") in html
    html, _rendered = form_page(client, form_url(cohort))
    assert 'value="Kampen"' not in html and _("This field is required.") not in html
    assert f'value="{person.school.place}"' in html


def test_the_invitation_code_of_a_link_is_never_kept(client, training_page):
    closed = CohortPageFactory(parent=training_page, is_closed=True, invitation_code="TEAM2027")
    client.force_login(ParticipantFactory())
    warm(client, form_url(closed))
    html, rendered = form_page(client, form_url(closed) + "?code=TEAM2027")
    assert rendered and 'value="TEAM2027"' in html
    html = form_page(client, form_url(closed) + "?code=ANDERS")[0]
    assert 'value="ANDERS"' in html and "TEAM2027" not in html
    assert "ANDERS" not in form_page(client, form_url(closed))[0]


def test_a_kept_form_is_sent_with_the_requests_own_csrf_token(cohort):
    person = ParticipantFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(person)
    second.force_login(person)
    warm(first, form_url(cohort))
    html, rendered = form_page(second, form_url(cohort))
    assert not rendered
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = second.post(form_url(cohort), form_data(step="confirm", csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Registration.objects.filter(cohort=cohort, participant=person).exists()


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
