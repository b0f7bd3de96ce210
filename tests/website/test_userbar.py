"""Wagtail's userbar ("edit this page") shows on Wagtail's pages for people who manage the
site, and nowhere else (issue 16: on other screens it cost four queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"


def test_a_coordinator_gets_the_userbar_on_a_page_of_the_site(client, coordinator, home_page):
    client.force_login(coordinator)
    assert USERBAR in client.get(home_page.url).content.decode()


def test_not_on_other_screens_and_without_its_queries(client, coordinator):
    client.force_login(coordinator)
    client.get(reverse("course:workspace"))
    client.get(reverse("course:workspace"))  # after the first visit's settings rows
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("course:workspace")).content.decode()
    assert USERBAR not in html
    # the userbar's profile and the person's whole permission list
    assert not [q for q in queries if "userprofile" in q["sql"] or "codename" in q["sql"]]
    assert reverse("wagtailadmin_home") in html  # the header's link to the admin stays


def test_never_for_a_participant(client, home_page):
    client.force_login(ParticipantFactory())
    assert USERBAR not in client.get(home_page.url).content.decode()
