"""The races the grade's row lock prevents: several trainers completing the first marking of
one plan at once, and two bulk releases of one cohort at once (one mail per participant)."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from assignments.models import Grade, Review
from assignments.services import grading
from tests.factories import TrainerFactory
from website.errors import ActionRefused

from .conftest import make_peer_cohort

PARALLEL = 6

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and serialises writers itself; "
        "run with DATABASE_URL=postgres://...",
    ),
]


def in_parallel(calls):
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
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_trainers_completing_the_first_marking_at_once_give_one_first_marker():
    c = make_peer_cohort(3, phase="grading")
    trainers = [TrainerFactory() for _ in range(PARALLEL)]
    c.cohort.trainers.set(trainers)
    c.cohort.save()
    plan = c.plans[0]
    levels = {cr.pk: cr.levels.order_by("-points").first() for cr in c.criteria}

    def complete(trainer):
        return lambda: grading.save_marking(
            plan, by=trainer, levels=levels, comments={}, overall_comment="", submit=True
        )

    outcomes = in_parallel([complete(t) for t in trainers])
    assert outcomes == ["ok"] + ["taken"] * (PARALLEL - 1)
    grade = Grade.objects.get(plan=plan)
    assert grade.status == Grade.Status.READY
    assert Review.objects.filter(plan=plan, kind=Review.Kind.TRAINER).count() == 1


def test_two_releases_at_once_release_each_grade_once_and_mail_once(settings):
    c = make_peer_cohort(4, phase="grading")
    for plan in c.plans:
        grading.save_marking(
            plan,
            by=c.trainer,
            levels={cr.pk: cr.levels.order_by("-points").first() for cr in c.criteria},
            comments={},
            overall_comment="",
            submit=True,
        )
    outcomes = in_parallel([lambda: grading.release_grades(c.cohort, by=c.trainer)] * 2)
    assert outcomes == ["nothing_ready", "ok"]
    assert Grade.objects.released().count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.author.email for p in c.plans)
