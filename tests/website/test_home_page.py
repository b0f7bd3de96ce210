"""The home page leads somewhere (issue 15): the next cohorts with places left, each with
"Aanmelden", the seven days and the testimonials with responsive photos; still cached."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from course.models import Registration
from tests.factories import (
    CohortPageFactory,
    CourseDayPageFactory,
    RegistrationFactory,
    TestimonialFactory,
    today,
    training_page,
)

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_shows_an_open_cohort_with_its_aanmelden_link(client, home_page):
    cohort = CohortPageFactory(title="Groep Zwolle voorjaar", capacity=10)
    html = home(client)
    assert "Groep Zwolle voorjaar" in html
    assert reverse("registration:register", args=[cohort.pk]) in html
    assert _("Register") == "Aanmelden" and ">Aanmelden<" in html
    assert _("Register for the training") in html
    assert "Nog 10 plaatsen beschikbaar" in html


def test_a_full_closed_or_closing_cohort_is_not_among_the_next_ones(client, home_page):
    full = CohortPageFactory(title="Groep Vol", capacity=1)
    RegistrationFactory(cohort=full, status=Registration.Status.CONFIRMED)
    CohortPageFactory(title="Groep Besloten", is_closed=True, invitation_code="GEHEIM123")
    CohortPageFactory(
        title="Groep Gesloten",
        registration_opens=today() - datetime.timedelta(days=40),
        registration_closes=today() - datetime.timedelta(days=1),
    )
    html = home(client)
    assert "Groep Vol" not in html
    assert "Groep Besloten" not in html
    assert "Groep Gesloten" not in html
    assert _("There is no group with places left at the moment.") in html


def test_the_home_page_lists_the_seven_days_and_the_testimonials_with_a_srcset(client, home_page):
    training_page()
    for number in range(1, 8):
        CourseDayPageFactory(number=number, theme=f"Thema {number}")
    TestimonialFactory(name="Fatima Yilmaz")
    html = home(client)
    for number in range(1, 8):
        assert f"Thema {number}" in html
    assert "Fatima Yilmaz" in html
    assert 'srcset="' in html and " 320w" in html


def test_the_home_page_query_count_stays_flat_as_cohorts_and_testimonials_grow(
    client, home_page, django_assert_max_num_queries
):
    """Measured without the page cache (cleared), as the first visitor after a change."""
    CohortPageFactory(days=True)
    TestimonialFactory()
    home(client)  # creates the renditions and the site settings
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        home(client)
    first_count = len(one)  # read now: the next request resets Django's query log
    assert 0 < first_count <= 40
    for _index in range(5):
        CohortPageFactory(days=True)
        TestimonialFactory()
    home(client)
    cache.clear()
    with django_assert_max_num_queries(first_count):
        home(client)


def test_the_home_page_with_cohorts_is_still_served_from_the_page_cache(client, home_page):
    CohortPageFactory(days=True)
    TestimonialFactory()
    home(client)
    home(client)
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"


def test_a_new_registration_updates_the_places_left_on_the_cached_home_page(client, home_page):
    cohort = CohortPageFactory(capacity=3)
    home(client)
    assert "Nog 3 plaatsen beschikbaar" in home(client)
    RegistrationFactory(cohort=cohort)
    assert "Nog 2 plaatsen beschikbaar" in home(client)
