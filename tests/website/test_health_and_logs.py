"""/healthz for the load balancer and the one JSON line per request."""

import json
import logging

import pytest
from django.urls import reverse

from tests.factories import HostVisitFactory, ParticipantFactory
from website import health
from website.logs import JsonFormatter


def test_healthz_answers_ok_without_cookie_session_or_page_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "X-Page-Cache" not in response
    assert reverse("healthz") == "/healthz"
    # a second probe is not served from any cache either
    assert "X-Page-Cache" not in client.get("/healthz")


def test_healthz_answers_over_plain_http_from_the_load_balancer(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200


@pytest.mark.allow_server_errors
@pytest.mark.parametrize("part", ["database", "cache", "storage"])
def test_healthz_is_503_when_a_part_does_not_answer_and_says_not_which(
    client, db, monkeypatch, part
):
    def broken():
        raise ConnectionError("secret-host.internal:6379 refused")

    monkeypatch.setitem(health.CHECKS, part, broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


@pytest.mark.allow_server_errors
def test_healthz_is_503_when_the_database_is_gone(client, db, monkeypatch):
    class Gone:
        def cursor(self):
            raise OSError("connection refused")

    monkeypatch.setattr(health, "connection", Gone())
    assert client.get("/healthz").status_code == 503


def test_healthz_takes_no_posts(client, db):
    assert client.post("/healthz").status_code == 405


def _request_lines(caplog):
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "website.requests"
    ]


def test_every_request_logs_one_json_line_with_method_path_status_duration_and_user(
    client, db, caplog
):
    person = ParticipantFactory(email="geheim.adres@example.nl", full_name="Anna de Vries")
    client.force_login(person)
    with caplog.at_level(logging.INFO, logger="website.requests"):
        client.get("/accounts/profile/?q=Anna+de+Vries&token=abc")
    [line] = _request_lines(caplog)
    assert line["method"] == "GET"
    assert line["path"] == "/accounts/profile/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["user_id"] == person.pk
    text = json.dumps(line)
    assert "Anna" not in text and "geheim" not in text and "abc" not in text


def test_secret_link_segments_are_masked_in_the_request_log(client, db, caplog):
    visit = HostVisitFactory()
    token = visit.access_token
    with caplog.at_level(logging.INFO, logger="website.requests"):
        client.get(reverse("visits:host_visitors", args=[token]))
        client.get("/agenda/persoonlijk/Zx81kQ0pLm3vT7yWq2Ns.ics")
        client.get("/accounts/confirm-email/MQ:1vBx7r:abcDEF123ghi456/")
    paths = [line["path"] for line in _request_lines(caplog)]
    assert paths[0] == "/praktijkdag/gastheer/<token>/"
    assert paths[1] == "/agenda/persoonlijk/<token>.ics"
    assert paths[2] == "/accounts/confirm-email/<token>/"
    assert token not in json.dumps(paths)


def test_an_anonymous_request_logs_no_user(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="website.requests"):
        client.get("/healthz")
    [line] = _request_lines(caplog)
    assert line["user_id"] is None and line["path"] == "/healthz" and line["status"] == 200
