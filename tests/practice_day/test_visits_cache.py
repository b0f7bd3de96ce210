"""The practice-day page keeps its main content per person as HTML (practice_day/views.py,
``personal_cache.cached_html``, issue 16): every change it shows (a booking, a cancellation,
the waiting list, the person's choices, a changed slot, visit, day or setting, a deadline
passing) shows on the very next request; another person never gets the part; and the CSRF
token in a kept page is the request's own."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practice_day.models import PracticeDay, VisitBooking
from practice_day.services import (
    book_slot,
    cancel_booking,
    join_waiting_list,
    leave_waiting_list,
    practice_day_for,
    save_preferences,
)
from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    HostVisitFactory,
    VisitSlotFactory,
    enrol,
)

pytestmark = pytest.mark.django_db


def places(count):
    return ngettext("%(left)s place left", "%(left)s places left", count) % {"left": count}


@pytest.fixture
def cohort():
    return CohortPageFactory(practice_day_in=30)


def page(client, cohort):
    response = client.get(reverse("visits:practice_day", args=[cohort.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_another_persons_booking_and_cancellation_show_at_once(client, cohort):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=2)
    client.force_login(enrol(cohort))
    page(client, cohort)
    assert places(2) in page(client, cohort)  # the second request from the cache
    booking = book_slot(enrol(cohort), slot)
    assert places(1) in page(client, cohort)
    cancel_booking(booking, by=booking.participant)
    assert places(2) in page(client, cohort)


def test_a_changed_slot_and_a_new_visit_show_at_once(client, cohort):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=2)
    client.force_login(enrol(cohort))
    page(client, cohort)
    page(client, cohort)
    slot.capacity = 5
    slot.save()
    assert places(5) in page(client, cohort)
    HostVisitFactory(cohort=cohort, organisation="SBO De Vlinder")
    assert "SBO De Vlinder" in page(client, cohort)


def test_another_cohorts_visits_never_show(client, cohort):
    HostVisitFactory(cohort=cohort, organisation="OBS Hier")
    other = CohortPageFactory(practice_day_in=30)
    HostVisitFactory(cohort=other, organisation="OBS Daar")
    client.force_login(enrol(cohort))
    assert "OBS Daar" not in page(client, cohort)


def assert_shows_and_goes(client, cohort, text, add, remove):
    """``text`` is not on the kept page, shows after ``add()`` and goes after
    ``remove(what_add_returned)``."""
    page(client, cohort)
    assert text not in page(client, cohort)
    added = add()
    assert text in page(client, cohort)
    remove(added)
    assert text not in page(client, cohort)


def test_the_persons_own_booking_and_its_cancellation_show_at_once(client, cohort):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=2)
    person = enrol(cohort)
    client.force_login(person)
    assert_shows_and_goes(
        client,
        cohort,
        _("Cancel this visit"),
        lambda: book_slot(person, slot),
        lambda booking: cancel_booking(booking, by=person),
    )


def test_joining_and_leaving_the_waiting_list_show_at_once(client, cohort):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=1)
    book_slot(enrol(cohort), slot)
    person = enrol(cohort)
    client.force_login(person)
    assert_shows_and_goes(
        client,
        cohort,
        _("You are on the waiting list."),
        lambda: join_waiting_list(person, slot),
        lambda entry: leave_waiting_list(entry, by=person),  # an update(): no signal
    )


def preference_round(cohort, closes_in):
    return PracticeDay.objects.create(
        cohort=cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + closes_in,
    )


def test_saved_choices_show_at_once(client, cohort):
    practice_day = preference_round(cohort, datetime.timedelta(days=3))
    first, second = (
        VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort)) for _index in range(2)
    )
    person = enrol(cohort)
    client.force_login(person)
    page(client, cohort)
    assert "selected>Kindcentrum" not in page(client, cohort)
    save_preferences(person, practice_day, [second.pk])  # a bulk_create(): no signal
    assert f'<option value="{second.pk}" selected>' in page(client, cohort)
    save_preferences(person, practice_day, [first.pk, second.pk])
    content = page(client, cohort)
    assert f'<option value="{first.pk}" selected>' in content
    assert f'<option value="{second.pk}" selected>' in content


def test_changed_settings_and_day_show_at_once(client, cohort):
    VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    client.force_login(enrol(cohort))
    page(client, cohort)
    page(client, cohort)
    day = cohort.days.get()
    day.venue_name = "Zalencentrum De Linde"
    day.save()
    assert "Zalencentrum De Linde" in page(client, cohort)
    practice_day = practice_day_for(cohort)
    practice_day.mode = PracticeDay.Mode.PREFERENCES
    practice_day.preference_deadline = timezone.now() + datetime.timedelta(days=3)
    practice_day.save()
    assert _("Save my choices") in page(client, cohort)


@pytest.fixture
def later(monkeypatch):
    """Move the clock ``delta`` ahead for everything that asks ``timezone.now()``."""

    def move(delta):
        moved = timezone.now() + delta
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return move


def assert_shown_until_an_hour_later(client, cohort, later, shown, then):
    page(client, cohort)
    assert shown in page(client, cohort)
    later(datetime.timedelta(hours=1))
    content = page(client, cohort)
    assert shown not in content
    assert then in content


def test_the_cancellation_deadline_passing_shows_at_once(client, cohort, later):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    practice_day = practice_day_for(cohort)
    practice_day.cancellation_deadline = timezone.now() + datetime.timedelta(minutes=30)
    practice_day.save()
    person = enrol(cohort)
    book_slot(person, slot)
    client.force_login(person)
    closed = _(
        "The deadline for cancelling has passed. Can you not come? Please contact the coordinator."
    )
    assert_shown_until_an_hour_later(client, cohort, later, _("Cancel this visit"), closed)


def test_the_preference_deadline_passing_shows_at_once(client, cohort, later):
    preference_round(cohort, datetime.timedelta(minutes=30))
    VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    client.force_login(enrol(cohort))
    closed = _(
        "The preference round is closed. The coordinator is allocating the visits; you will "
        "get an email with your visit."
    )
    assert_shown_until_an_hour_later(client, cohort, later, _("Save my choices"), closed)


def test_another_person_never_gets_the_kept_page(client, cohort):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=3)
    booked, other = enrol(cohort), enrol(cohort)
    book_slot(booked, slot)
    client.force_login(booked)
    page(client, cohort)
    assert _("Cancel this visit") in page(client, cohort)
    client.force_login(other)
    content = page(client, cohort)
    assert _("Cancel this visit") not in content
    assert (
        _("You have not booked a visit yet. Choose one below: first come, first served.") in content
    )
    client.force_login(CoordinatorFactory())
    content = page(client, cohort)
    assert _("Your visit") not in content and _("Cancel this visit") not in content


def _token_in(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_kept_page_carries_a_csrf_token_that_works(cohort):
    """Two browsers of one person: the second gets the page the first stored, with its own
    token, and booking with it works."""
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    person = enrol(cohort)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(person)
    page(first, cohort)
    html = page(second, cohort)
    url = reverse("visits:book", args=[cohort.pk, slot.pk])
    assert f'action="{url}"' in html
    refused = second.post(url, {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
    response = second.post(url, {"csrfmiddlewaretoken": _token_in(html)})
    assert response.status_code == 302
    assert VisitBooking.objects.active().filter(participant=person, slot=slot).exists()
