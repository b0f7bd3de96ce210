"""Production guarantees that need PostgreSQL and real processes (skipped on SQLite):

- a task worker killed in the middle of a task: after a restart the task completes and the
  mail queued behind it goes out exactly once;
- a periodic job enqueued twice at the same time does its work once (advisory lock);
- scripts/backup.sh dumps the database and scripts/restore.sh brings every registration,
  booking, plan, review and log entry back in a fresh database.
"""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import (
    PlanFactory,
    RegistrationFactory,
    VisitBookingFactory,
)
from tests.production_tasks import slow_step
from website.mail import send_plain_mail
from website.tasks import run_job

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Worker processes, advisory locks and pg_dump need PostgreSQL: "
        "run with DATABASE_URL=postgres://…",
    ),
]

BASE_DIR = Path(settings.BASE_DIR)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url(name=None):
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name or db['NAME']}"


def production_env(tmp_path):
    """The environment a deployed worker gets (deploy/opleiding.env), on the test database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_")) and k not in ("REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings",
        DJANGO_SECRET_KEY="worker-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="opleiding.example.nl",
        DATABASE_URL=database_url(),
        DJANGO_TASKS_BACKEND="database",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
        DJANGO_CONN_MAX_AGE="0",
    )
    return env


def start_worker(env, *extra):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--worker-id",
            "web1-worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.2",
            *extra,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_task_loses_nothing_and_sends_each_mail_once(tmp_path):
    env = production_env(tmp_path)
    # The database cache (no Redis here) remembers which mail keys went out.
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"], cwd=BASE_DIR, env=env, check=True
    )
    marker = tmp_path / "marker"
    with override_settings(TASKS=DATABASE_TASKS):
        slow = slow_step.enqueue(str(marker), 3)
        for number in range(3):
            send_plain_mail(f"Bevestiging {number}", "Tekst", [f"deelnemer{number}@example.nl"])

    worker = start_worker(env)
    try:
        assert wait_for(lambda: marker.exists()), "the worker never started the task"
        worker.send_signal(signal.SIGKILL)  # a crash or `kill -9`: no graceful shutdown
        worker.wait(timeout=10)
        assert marker.read_text() == "start\n"
        assert DBTaskResult.objects.get(pk=slow.id).status == TaskResultStatus.RUNNING

        worker = start_worker(env)  # systemd's Restart=always
        assert wait_for(
            lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
        ), list(DBTaskResult.objects.values_list("task_path", "status"))
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    assert marker.read_text().endswith("done\n")
    mails = sorted((tmp_path / "mail").iterdir())
    subjects = sorted(
        line.split(": ", 1)[1]
        for path in mails
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    )
    assert subjects == ["Bevestiging 0", "Bevestiging 1", "Bevestiging 2"]


def test_two_runs_of_a_periodic_job_at_the_same_time_do_the_work_once(monkeypatch):
    calls = []
    inside = threading.Event()
    release = threading.Event()

    def slow_command(name, stdout=None):
        calls.append(name)
        inside.set()
        release.wait(10)
        stdout.write("1 expired offer(s) withdrawn.")

    monkeypatch.setattr("website.tasks.call_command", slow_command)
    results = {}

    def run(label):
        try:
            results[label] = run_job.call("expire_offers")
        finally:
            connections.close_all()

    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    second.join(10)  # it does not wait for the first: it skips
    release.set()
    first.join(10)
    assert calls == ["expire_offers"]
    assert results == {"first": "1 expired offer(s) withdrawn.", "second": None}


def test_two_real_expiry_runs_at_once_withdraw_each_offer_once():
    from course.models import Registration

    past = timezone.now() - datetime.timedelta(hours=1)
    offers = [
        RegistrationFactory(status=Registration.Status.OFFERED, offer_expires_at=past)
        for _ in range(3)
    ]
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            run_job.call("expire_offers")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    for offer in offers:
        offer.refresh_from_db()
        assert offer.status == Registration.Status.CANCELLED
        assert offer.log.filter(new_status=Registration.Status.CANCELLED).count() == 1


def test_a_backup_restores_every_registration_booking_plan_review_and_log_entry(tmp_path):
    from wagtail.models import PageLogEntry

    from assignments.models import Review
    from course.models import Registration, RegistrationLog
    from practice_day.models import VisitBooking

    registrations = RegistrationFactory.create_batch(3)
    VisitBookingFactory.create_batch(2)
    plan = PlanFactory()
    Review.objects.create(plan=plan, reviewer=registrations[0].participant)
    for registration in registrations:
        RegistrationLog.objects.create(
            registration=registration,
            kind=RegistrationLog.Kind.STATUS,
            new_status=registration.status,
            reason="test",
        )
    PageLogEntry.objects.log_action(plan.assignment.cohort, "wagtail.edit")

    expected = {
        "registrations": set(Registration.objects.values_list("pk", "status", "participant_id")),
        "bookings": set(VisitBooking.objects.values_list("pk", "slot_id", "participant_id")),
        "plans": set(type(plan).objects.values_list("pk", "author_id", "body")),
        "reviews": set(Review.objects.values_list("pk", "plan_id", "reviewer_id")),
        "registration_log": set(RegistrationLog.objects.values_list("pk", "new_status")),
        "page_log": set(PageLogEntry.objects.values_list("pk", "action")),
    }
    assert all(expected.values())

    env = {**os.environ, "DATABASE_URL": database_url()}
    backup = subprocess.run(
        ["bash", "scripts/backup.sh", str(tmp_path), "--no-media"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.split()[0])
    assert dump.exists() and dump.stat().st_size > 0

    restored = connection.settings_dict["NAME"] + "_restored"
    admin = psycopg.connect(database_url("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
    admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        restore = subprocess.run(
            ["bash", "scripts/restore.sh", str(dump), database_url(restored)],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restore.returncode == 0, restore.stderr
        with psycopg.connect(database_url(restored)) as copy:

            def rows(sql):
                return set(copy.execute(sql).fetchall())

            found = {
                "registrations": rows(
                    f"SELECT id, status, participant_id FROM {Registration._meta.db_table}"
                ),
                "bookings": rows(
                    f"SELECT id, slot_id, participant_id FROM {VisitBooking._meta.db_table}"
                ),
                "plans": rows(f"SELECT id, author_id, body FROM {type(plan)._meta.db_table}"),
                "reviews": rows(f"SELECT id, plan_id, reviewer_id FROM {Review._meta.db_table}"),
                "registration_log": rows(
                    f"SELECT id, new_status FROM {RegistrationLog._meta.db_table}"
                ),
                "page_log": rows(f"SELECT id, action FROM {PageLogEntry._meta.db_table}"),
            }
        assert found == expected
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.close()
