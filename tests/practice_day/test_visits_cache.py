"""The practice-day page keeps the host visits with their places left per person
(practice_day/services.cached_host_visits, issue 16): another person's booking, a changed
slot and a new visit show on the very next request."""

import pytest
from django.urls import reverse
from django.utils.translation import ngettext

from practice_day.services import book_slot, cancel_booking
from tests.factories import CohortPageFactory, HostVisitFactory, VisitSlotFactory, enrol

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


def test_the_persons_own_booking_and_its_cancellation_show_at_once(client, cohort):
    from django.utils.translation import gettext as _

    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=2)
    person = enrol(cohort)
    client.force_login(person)
    page(client, cohort)
    assert _("Cancel this visit") not in page(client, cohort)
    booking = book_slot(person, slot)
    assert _("Cancel this visit") in page(client, cohort)
    cancel_booking(booking, by=person)
    assert _("Cancel this visit") not in page(client, cohort)
