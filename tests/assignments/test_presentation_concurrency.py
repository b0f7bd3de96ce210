"""The races the presentation-day locks prevent (PostgreSQL only): two coordinators moving
presentations into the same room and time at once, and a participant inviting guests in
parallel past the limit of three."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from assignments.models import PresentationGuest, PresentationSlot
from assignments.services import presentation as service
from tests.factories import CohortPageFactory, CoordinatorFactory, PresentationRoomFactory, enrol
from website.errors import ActionRefused

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and serialises writers itself; "
        "run with DATABASE_URL=postgres://...",
    ),
]


def run_parallel(calls):
    barrier = threading.Barrier(len(calls))
    outcomes, lock = [], threading.Lock()

    def attempt(call):
        try:
            barrier.wait()
            call()
            result = "ok"
        except ActionRefused as e:
            result = e.code
        except Exception as e:  # any other error fails the test
            result = repr(e)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_presentations_moved_into_the_same_free_room_and_time_at_once_give_one_move():
    cohort = CohortPageFactory(days=True)
    coordinator = CoordinatorFactory()
    day = service.presentation_day_for(cohort)
    room_a = PresentationRoomFactory(day=day, name="Lokaal A")
    PresentationRoomFactory(day=day, name="Lokaal B")
    for _ in range(4):
        enrol(cohort)
    service.generate_schedule(cohort, by=coordinator)
    movers = list(PresentationSlot.objects.filter(day=day).order_by("starts_at", "room__name"))[:2]
    free = timezone.make_aware(
        datetime.datetime.combine(cohort.days.get(number=7).date, datetime.time(14, 0))
    )
    outcomes = run_parallel(
        [
            lambda slot=slot: service.change_slot(
                slot, room=room_a, starts_at=free, trainer=None, by=coordinator
            )
            for slot in movers
        ]
    )
    assert outcomes == ["conflict", "ok"]
    assert PresentationSlot.objects.filter(room=room_a, starts_at=free).count() == 1


def test_six_parallel_invitations_of_one_participant_give_three_guests():
    cohort = CohortPageFactory(days=True)
    person = enrol(cohort)
    outcomes = run_parallel(
        [
            lambda n=n: service.invite_guest(
                person, cohort, name=f"Gast {n}", email=f"gast{n}@example.nl", role="other"
            )
            for n in range(6)
        ]
    )
    assert outcomes == ["limit"] * 3 + ["ok"] * 3
    assert PresentationGuest.objects.filter(participant=person).count() == 3
