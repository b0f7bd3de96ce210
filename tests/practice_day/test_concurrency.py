"""The race the slot lock prevents: many people booking the last place at once."""

import threading

import pytest
from django.db import connection, connections

from practice_day.models import VisitBooking
from practice_day.services import book_slot
from tests.factories import CohortPageFactory, HostVisitFactory, VisitSlotFactory, enrol
from website.errors import ActionRefused

PARALLEL = 30

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and serialises writers itself; "
        "run with DATABASE_URL=postgres://...",
    ),
]


def test_thirty_parallel_bookings_of_the_last_place_give_exactly_one_booking():
    cohort = CohortPageFactory(practice_day_in=30)
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=3)
    for _ in range(2):
        book_slot(enrol(cohort), slot)
    people = [enrol(cohort) for _ in range(PARALLEL)]
    barrier = threading.Barrier(PARALLEL)
    outcomes, lock = [], threading.Lock()

    def attempt(person):
        try:
            barrier.wait()
            book_slot(person, slot)
            result = "booked"
        except ActionRefused as e:
            result = e.code
        except Exception as e:  # any other error fails the test below
            result = repr(e)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["booked"] + ["full"] * (PARALLEL - 1)
    assert VisitBooking.objects.active().filter(slot=slot).count() == 3


def test_one_person_booking_two_slots_at_once_gets_only_one():
    cohort = CohortPageFactory(practice_day_in=30)
    person = enrol(cohort)
    slots = [
        VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=5) for _ in range(6)
    ]
    barrier = threading.Barrier(len(slots))
    outcomes, lock = [], threading.Lock()

    def attempt(slot):
        try:
            barrier.wait()
            book_slot(person, slot)
            result = "booked"
        except ActionRefused as e:
            result = e.code
        except Exception as e:
            result = repr(e)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(s,)) for s in slots]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["booked"] + ["limit"] * (len(slots) - 1)
    assert VisitBooking.objects.active().filter(participant=person).count() == 1
