import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_the_stored_page_without_queries(client, home_page):
    client.get("/")  # the first visit creates the site settings row, which bumps the version
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert "Content-Security-Policy" in second.headers


def test_publishing_a_change_shows_at_once(client, home_page):
    client.get("/")
    home_page.intro = "Nieuwe groep in Zwolle"
    home_page.save_revision().publish()
    response = client.get("/")
    assert "Nieuwe groep in Zwolle" in response.content.decode()


def test_signed_in_people_never_get_a_stored_page(client, home_page, participant):
    client.get("/")  # stores the anonymous version
    client.force_login(participant)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert participant.full_name in response.content.decode()


def test_each_language_is_stored_separately(client, home_page):
    client.get("/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()


def test_a_pending_flash_message_bypasses_the_cache(client, home_page):
    client.get("/")
    client.cookies["messages"] = "anything"
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_pages_outside_wagtail_are_not_stored(client, home_page):
    client.get("/accounts/login/")
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response
