"""The Wagtail admin and the history tables show translated values (issue 15): no
"confirmed", no "True"/"False"."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from course.models import Registration, RegistrationLog
from tests.factories import CohortPageFactory, LibraryItemFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_registration(home_page):
    registration = RegistrationFactory(cohort=CohortPageFactory())
    RegistrationLog.objects.create(
        registration=registration,
        kind=RegistrationLog.Kind.STATUS,
        old_status=Registration.Status.WAITING_LIST,
        new_status=Registration.Status.CONFIRMED,
        reason="Plaats vrijgekomen",
    )
    return registration


def cells(html):
    return re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)


def test_the_registration_log_list_shows_translated_statuses(
    client, coordinator, logged_registration
):
    client.force_login(coordinator)
    html = client.get(reverse("registrationlog:index")).content.decode()
    text = " ".join(cells(html))
    assert str(Registration.Status.CONFIRMED.label) in text
    assert str(Registration.Status.WAITING_LIST.label) in text
    assert not re.search(r"\b(confirmed|waiting_list)\b", text)


def test_the_registration_log_export_shows_translated_statuses(
    client, coordinator, logged_registration
):
    client.force_login(coordinator)
    response = client.get(reverse("registrationlog:index") + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    assert str(Registration.Status.CONFIRMED.label) in content
    assert ",confirmed" not in content
    assert _("old status").capitalize() in content or _("old status") in content


def test_the_history_on_the_manage_screen_shows_translated_statuses(
    client, coordinator, logged_registration
):
    client.force_login(coordinator)
    html = client.get(
        reverse("registration_admin:manage", args=[logged_registration.pk])
    ).content.decode()
    assert (
        f"{Registration.Status.WAITING_LIST.label} → {Registration.Status.CONFIRMED.label}" in html
    )
    assert "waiting_list →" not in html


def test_a_yes_no_column_in_the_admin_shows_no_true_or_false(client, coordinator, home_page):
    LibraryItemFactory(participants_only=True)
    LibraryItemFactory(participants_only=False)
    client.force_login(coordinator)
    html = client.get(reverse("wagtailsnippets_course_libraryitem:list")).content.decode()
    text = " ".join(cells(html))
    assert not re.search(r"\b(True|False)\b", text)
    spoken = re.findall(r'<span class="w-sr-only">\s*(.*?)\s*</span>', text)
    assert _("yes") in spoken and _("no") in spoken
