"""The race the cohort lock prevents: many people registering for the last place at once."""

import threading

import pytest
from django.db import connection, connections

from course.models import Registration, RegistrationSettings
from course.services.registration import register
from tests.factories import CohortPageFactory, ParticipantFactory

from .registration_fixtures import details

PARALLEL = 30

pytestmark = [
    # serialized_rollback: the flush after a transactional test would drop the root page
    # and role groups that migrations create.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (select_for_update) need PostgreSQL; SQLite serialises all writes. "
        "Run with DATABASE_URL=postgres://… to exercise this race.",
    ),
]


def test_thirty_parallel_registrations_for_the_last_place_sell_it_once(training_page):
    cohort = CohortPageFactory(capacity=3)
    RegistrationSettings.load()  # created once, not by the racing threads
    for _ in range(2):
        register(ParticipantFactory(), cohort, details())
    people = [ParticipantFactory() for _ in range(PARALLEL)]
    start = threading.Barrier(PARALLEL)
    results, errors = [], []

    def attempt(person):
        try:
            start.wait()
            results.append(register(person, cohort, details()))
        except Exception as error:  # every failure counts against the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(r.status for r in results)
    assert statuses.count(Registration.Status.CONFIRMED) == 1
    assert statuses.count(Registration.Status.WAITING_LIST) == PARALLEL - 1
    assert cohort.registrations.holding_a_place().count() == cohort.capacity
    assert cohort.registrations.waiting_list().count() == PARALLEL - 1


def test_parallel_double_submits_by_one_person_store_one_registration(training_page):
    cohort = CohortPageFactory(capacity=5)
    RegistrationSettings.load()
    person = ParticipantFactory()
    start = threading.Barrier(10)
    results, errors = [], []

    def attempt():
        try:
            start.wait()
            results.append(register(person, cohort, details()))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 1
    assert {getattr(e, "code", repr(e)) for e in errors} == {"already_registered"}
    assert cohort.registrations.count() == 1


def test_parallel_duo_and_single_registrations_never_overbook(training_page):
    """Register together holds two places under the same cohort lock: with five places
    and racing duos and singles, the places taken and held never exceed the capacity, and
    every duo got both places or neither."""
    from course.models import DuoInvitation
    from course.services.registration import register_together
    from website.errors import ActionRefused

    cohort = CohortPageFactory(capacity=5)
    RegistrationSettings.load()
    duos = [ParticipantFactory() for _ in range(8)]
    singles = [ParticipantFactory() for _ in range(6)]
    start = threading.Barrier(len(duos) + len(singles))
    refused, errors = [], []

    def attempt(person, duo):
        try:
            start.wait()
            if duo:
                register_together(
                    person,
                    cohort,
                    details(),
                    colleague_name="Collega",
                    colleague_email=f"collega-{person.pk}@example.nl",
                )
            else:
                register(person, cohort, details())
        except ActionRefused as error:
            refused.append(error.code)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(p, True)) for p in duos]
    threads += [threading.Thread(target=attempt, args=(p, False)) for p in singles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert set(refused) <= {"duo_no_places"}
    held = DuoInvitation.objects.filter(cohort=cohort).pending().count()
    taken = cohort.registrations.holding_a_place().count()
    assert taken + held <= cohort.capacity
    assert cohort.places_left == cohort.capacity - taken - held
    # Every duo that got in has its colleague's place held; no duo is half in.
    for person in duos:
        registered = cohort.registrations.filter(participant=person).exists()
        assert registered == DuoInvitation.objects.filter(invited_with__participant=person).exists()
    assert len(refused) + held == len(duos)
