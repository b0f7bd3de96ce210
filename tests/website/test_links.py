"""Every link the site sends or publishes starts with the one public address
(``WAGTAILADMIN_BASE_URL``, website.links), never with the host of the request that
happened to cause it."""

import re

import icalendar
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site

from course.models import CalendarFeedToken, Registration
from course.services.registration import cancel_registration
from tests.factories import (
    CohortPageFactory,
    CourseDayPageFactory,
    HostVisitFactory,
    RegistrationFactory,
    site_home_page,
)
from website.links import public_url, sync_default_site

PUBLIC = "https://opleiding.example.nl"
INTERNAL_HOST = "127.0.0.1:8311"


@pytest.fixture
def public_address(db):
    with override_settings(WAGTAILADMIN_BASE_URL=PUBLIC + "/"):
        site_home_page()
        sync_default_site()
        yield


def test_the_default_site_takes_the_public_host_and_port(public_address):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("opleiding.example.nl", 443)
    assert site.root_url == PUBLIC


def test_public_url_joins_paths_and_pages(public_address):
    assert public_url("/aanmelden/") == PUBLIC + "/aanmelden/"
    cohort = CohortPageFactory()
    assert public_url(cohort) == PUBLIC + cohort.url


def test_the_waiting_list_offer_mail_links_to_the_public_address(
    public_address, django_capture_on_commit_callbacks
):
    cohort = CohortPageFactory(capacity=1)
    holder = RegistrationFactory(cohort=cohort)
    waiting = RegistrationFactory(cohort=cohort, status=Registration.Status.WAITING_LIST)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(holder, holder.participant)
    offer = next(m for m in mail.outbox if m.to == [waiting.participant.email])
    assert PUBLIC + reverse("registration:detail", args=[waiting.pk]) in offer.body
    assert "127.0.0.1" not in offer.body and "localhost" not in offer.body


def test_calendar_feeds_link_to_the_public_address(client, public_address):
    cohort = CohortPageFactory(days=True)
    course_day = CourseDayPageFactory(number=1)
    registration = RegistrationFactory(cohort=cohort)
    token = CalendarFeedToken.for_user(registration.participant)
    for url in (
        reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk}),
        reverse("feeds:personal", kwargs={"token": token.token}),
    ):
        response = client.get(url, HTTP_HOST=INTERNAL_HOST)
        cal = icalendar.Calendar.from_ical(response.content)
        urls = [str(event["url"]) for event in cal.walk("VEVENT") if "url" in event]
        assert urls == [PUBLIC + course_day.url]


def test_the_personal_calendar_link_on_mijn_opleiding_is_public(client, public_address):
    registration = RegistrationFactory(cohort=CohortPageFactory(days=True))
    client.force_login(registration.participant)
    response = client.get(reverse("course:dashboard"), HTTP_HOST=INTERNAL_HOST)
    assert response.context["feed_url"].startswith(PUBLIC + "/agenda/persoonlijk/")


def test_the_sitemap_lists_pages_at_the_public_address(client, public_address):
    cohort = CohortPageFactory()
    response = client.get("/sitemap.xml", HTTP_HOST=INTERNAL_HOST)
    body = response.content.decode()
    assert f"<loc>{PUBLIC}{cohort.url}</loc>" in body
    assert INTERNAL_HOST not in body and "localhost" not in body


def test_practice_day_host_links_use_the_public_address(client, public_address, coordinator):
    visit = HostVisitFactory()
    client.force_login(coordinator)
    response = client.get(
        reverse("practice_day_admin:overview", args=[visit.cohort_id]), HTTP_HOST=INTERNAL_HOST
    )
    link = PUBLIC + reverse("visits:host_visitors", args=[visit.access_token])
    assert link in response.content.decode()
    assert f"http://{INTERNAL_HOST}/" not in response.content.decode()


def test_account_mails_link_to_the_public_address(client, public_address):
    """The confirmation and password-reset links; the greeting's site name is the
    allauth templates' business."""
    from django.contrib.auth import get_user_model

    from tests.website.test_accounts import signup_data

    def links(message):
        return re.findall(r"https?://\S+", message.body)

    client.post(reverse("account_signup"), signup_data(), HTTP_HOST=INTERNAL_HOST)
    confirmation = links(mail.outbox[-1])
    assert confirmation and all(link.startswith(PUBLIC + "/accounts/") for link in confirmation)
    user = get_user_model().objects.get(email="lotte@example.nl")
    user.emailaddress_set.update(verified=True)
    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_HOST=INTERNAL_HOST)
    reset = links(mail.outbox[-1])
    assert reset and all(link.startswith(PUBLIC + "/accounts/") for link in reset)
