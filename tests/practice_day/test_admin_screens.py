"""The coordinator's practice-day screens: the warning before an early allocation, and the
list of visit bookings where single bookings are cancelled (issue 15)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_day.models import PracticeDay, ProposedAssignment, VisitBooking, WaitingListEntry
from practice_day.services import save_preferences
from tests.factories import (
    CohortPageFactory,
    HostVisitFactory,
    VisitBookingFactory,
    VisitSlotFactory,
    enrol,
)


@pytest.fixture
def cohort(db):
    return CohortPageFactory(practice_day_in=30)


def preference_round(cohort, deadline_in_days):
    return PracticeDay.objects.create(
        cohort=cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + datetime.timedelta(days=deadline_in_days),
    )


def test_running_the_allocation_before_the_deadline_asks_to_confirm_first(
    client, coordinator, cohort
):
    practice_day = preference_round(cohort, 3)
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    save_preferences(enrol(cohort), practice_day, [slot.pk])
    client.force_login(coordinator)
    run_url = reverse("practice_day_admin:run", args=[cohort.pk])

    response = client.post(run_url)
    assert response.status_code == 200
    assert _("Run the allocation anyway") in response.content.decode()
    assert not ProposedAssignment.objects.exists()

    response = client.post(run_url, {"before_deadline": "yes"})
    assert response.status_code == 302
    assert ProposedAssignment.objects.count() == 1


def test_after_the_deadline_the_allocation_runs_without_a_warning(client, coordinator, cohort):
    practice_day = preference_round(cohort, 3)
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    save_preferences(enrol(cohort), practice_day, [slot.pk])
    practice_day.preference_deadline = timezone.now() - datetime.timedelta(minutes=1)
    practice_day.save()
    client.force_login(coordinator)
    response = client.post(reverse("practice_day_admin:run", args=[cohort.pk]))
    assert response.status_code == 302
    assert ProposedAssignment.objects.count() == 1


def test_the_overview_warns_while_participants_can_still_rank(client, coordinator, cohort):
    preference_round(cohort, 3)
    client.force_login(coordinator)
    response = client.get(reverse("practice_day_admin:overview", args=[cohort.pk]))
    assert (
        _(
            "The preference deadline has not passed yet: "
            "participants can still change their choices."
        )
        in response.content.decode()
    )


def test_the_coordinator_sees_every_booking_of_the_cohort_and_no_other(client, coordinator, cohort):
    mine = VisitBookingFactory(slot=VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort)))
    other = VisitBookingFactory()
    client.force_login(coordinator)
    page = client.get(reverse("practice_day_admin:bookings", args=[cohort.pk])).content.decode()
    assert mine.participant.full_name in page
    assert other.participant.full_name not in page


def test_cancelling_a_booking_asks_first_then_frees_the_place_for_the_first_waiting(
    client, coordinator, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=1)
    booking = VisitBookingFactory(slot=slot)
    waiting = enrol(cohort)
    WaitingListEntry.objects.create(slot=slot, participant=waiting)
    client.force_login(coordinator)
    cancel_url = reverse("practice_day_admin:cancel_booking", args=[cohort.pk, booking.pk])

    response = client.get(cancel_url)
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.ACTIVE

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.CANCELLED
    assert VisitBooking.objects.active().get(slot=slot).participant == waiting
    assert [m.to for m in mailoutbox] == [[waiting.email]]


def test_cancelling_twice_gives_a_message_not_an_error(client, coordinator, cohort):
    booking = VisitBookingFactory(slot=VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort)))
    client.force_login(coordinator)
    cancel_url = reverse("practice_day_admin:cancel_booking", args=[cohort.pk, booking.pk])
    client.post(cancel_url)
    response = client.post(cancel_url, follow=True)
    assert _("This visit has already been cancelled.") in response.content.decode()


def test_a_booking_cannot_be_cancelled_under_another_cohort(client, coordinator, cohort):
    booking = VisitBookingFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("practice_day_admin:cancel_booking", args=[cohort.pk, booking.pk])
    )
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.ACTIVE


def test_a_trainer_cannot_cancel_bookings_in_the_admin(client, trainer, cohort):
    booking = VisitBookingFactory(slot=VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort)))
    client.force_login(trainer)
    client.post(reverse("practice_day_admin:cancel_booking", args=[cohort.pk, booking.pk]))
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.ACTIVE


@pytest.mark.parametrize("size", [6, 60])
def test_the_bookings_list_query_count_stays_flat(
    client, coordinator, cohort, size, django_assert_max_num_queries
):
    host_visit = HostVisitFactory(cohort=cohort)
    slots = [VisitSlotFactory(host_visit=host_visit, capacity=size) for _ in range(2)]
    for n in range(size):
        VisitBookingFactory(slot=slots[n % 2])
    client.force_login(coordinator)
    url = reverse("practice_day_admin:bookings", args=[cohort.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.content.decode().count(_("Cancel") + "<span") == size
