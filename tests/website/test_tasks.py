"""Background work (website/tasks.py, website/mail.py): mail through a task, retries, the
task log line, recovery of a dead worker's task and the lock that periodic jobs hold.

These run on any database (the worker needs its own transactions: transaction=True);
the worker being killed for real and two concurrent job runs are in
tests/test_production_postgres.py.
"""

import datetime
import json
import logging
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import ParticipantFactory
from website import tasks as website_tasks
from website.logs import JsonFormatter
from website.mail import deliver_mail, send_plain_mail, send_templated_mail

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(*extra):
    call_command(
        "run_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--worker-id",
        "test-w1",
        "-v",
        "0",
        *extra,
    )


def test_templated_mail_is_delivered_by_a_task_in_the_recipients_language(db):
    person = ParticipantFactory(language="en")
    assert send_templated_mail(person, "account/email/unknown_account_message.txt", {}, "Hi") == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]


def test_a_mail_key_is_sent_once_even_when_its_task_runs_again(db):
    deliver_mail.call("Onderwerp", "Tekst", ["a@example.nl"], key="same-key")
    deliver_mail.call("Onderwerp", "Tekst", ["a@example.nl"], key="same-key")
    assert len(mail.outbox) == 1


def test_an_erased_address_gets_no_mail_and_no_task(db):
    with override_settings(TASKS=DATABASE_TASKS):
        assert send_plain_mail("Onderwerp", "Tekst", ["gewist-12@erased.invalid"]) == 0
        assert not DBTaskResult.objects.exists()


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_backend_mail_waits_for_the_worker_and_then_goes_once():
    send_plain_mail("Uw plaats", "Tekst", ["deelnemer@example.nl"])
    assert mail.outbox == []
    [queued] = DBTaskResult.objects.all()
    assert queued.status == TaskResultStatus.READY
    run_worker()
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert [m.subject for m in mail.outbox] == ["Uw plaats"]


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_task_is_logged_and_retried_later(monkeypatch, caplog):
    attempts = []

    def flaky_send(self, *args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionRefusedError("smtp down")
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", flaky_send)
    send_plain_mail("Herinnering", "Tekst", ["deelnemer@example.nl"])
    with caplog.at_level(logging.INFO, logger="website.tasks"):
        run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path.endswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.run_after > timezone.now()  # not at once: after the back-off
    assert retry.args_kwargs["kwargs"]["_attempt"] == 2

    lines = [
        json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "website.tasks"
    ]
    finished = [line for line in lines if line["message"] == "task"]
    assert finished[0]["status"] == "FAILED"
    assert finished[0]["task"] == "website.mail.deliver_mail"
    assert finished[0]["error"].endswith("ConnectionRefusedError")
    assert "deelnemer@example.nl" not in json.dumps(lines)  # never the arguments

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert len(attempts) == 2


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_left_running_by_a_dead_worker_runs_again_when_the_worker_restarts():
    send_plain_mail("Uw plaats", "Tekst", ["deelnemer@example.nl"])
    # the worker claimed it and was killed before it finished
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["test-w1"]
    )
    run_worker()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


@override_settings(TASKS=DATABASE_TASKS, TASK_LEASE_SECONDS=600)
def test_another_workers_task_is_taken_over_only_after_the_lease(db):
    send_plain_mail("Uw plaats", "Tekst", ["deelnemer@example.nl"])
    now = timezone.now()
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=now, worker_ids=["other-machine"]
    )
    assert website_tasks.requeue_abandoned(now=now + datetime.timedelta(minutes=5)) == 0
    assert website_tasks.requeue_abandoned(now=now + datetime.timedelta(minutes=11)) == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_a_held_lock_makes_a_second_run_skip(db):
    ran = []

    def second_run():  # another worker: its own thread and database connection
        try:
            ran.append(website_tasks.run_exclusively("job:test", lambda: "ran"))
        finally:
            connections.close_all()

    with website_tasks.exclusive("job:test") as first:
        assert first
        other = threading.Thread(target=second_run)
        other.start()
        other.join(10)
    assert ran == [None]
    ran.clear()
    website_tasks.run_exclusively("job:test", lambda: ran.append(1))
    assert ran == [1]


def test_enqueue_job_runs_a_periodic_job_and_refuses_an_unknown_one(db, capsys):
    call_command("enqueue_job", "expire_offers")
    assert "SUCCESSFUL" in capsys.readouterr().out
    with pytest.raises(Exception, match="Unknown job"):
        call_command("enqueue_job", "drop_everything")
    call_command("enqueue_job", "--list")
    assert "purge_intervision" in capsys.readouterr().out


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_periodic_job_runs_in_the_worker():
    from django.conf import settings

    for name in settings.PERIODIC_JOBS:
        call_command("enqueue_job", name)
    run_worker()
    results = DBTaskResult.objects.all()
    assert results.count() == len(settings.PERIODIC_JOBS)
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}
