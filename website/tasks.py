"""Background work: how a task is declared, retried, logged, locked and recovered.

Every task of the project is declared with ``@background(...)`` instead of django_tasks'
bare ``@task``. It runs through Django's tasks API (the ``django_tasks`` backport that
Wagtail 8 uses; ``TASKS`` in settings): in the request in development and tests
(ImmediateBackend), in the database and the ``run_worker`` process in production
(django-tasks-db, see deploy/).

- **Retries.** A task that raises is logged and, when the backend can run a task later
  (the database backend), enqueued again after ``retry_delay * 2**(attempt-1)`` seconds, up
  to ``max_attempts``; the failed attempt stays in the task table as FAILED with its
  traceback. Tasks must therefore be idempotent: each of ours is (mail carries a key and is
  sent once per key; the services re-check state under a lock).
- **A worker that dies** leaves its task RUNNING. ``requeue_abandoned`` puts such tasks back
  in the queue: at the start of ``manage.py run_worker`` for the worker's own id (its
  previous process is gone), and from the ``requeue_tasks`` timer for any task running
  longer than ``TASK_LEASE_SECONDS`` (a worker on a machine that went away).
- **Logs.** One JSON line per task on the ``website.tasks`` logger when it finishes: task,
  id, status, attempt, duration in ms, the exception class on failure; never arguments.
- **Periodic jobs** (``PERIODIC_JOBS`` in settings, ``manage.py enqueue_job NAME`` from a
  systemd timer) run under ``exclusive(name)``: a second run while the first still holds
  the lock skips instead of doing the work twice.
"""

import contextlib
import datetime
import functools
import hashlib
import io
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks.signals import task_finished

logger = logging.getLogger("website.tasks")


def background(*, max_attempts=5, retry_delay=30, **task_options):
    """Declare a task with retries (see the module docstring); ``task_options`` go to @task."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, _attempt=1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception as error:
                backend = declared.get_backend()
                will_retry = _attempt < max_attempts and backend.supports_defer
                logger.warning(
                    "task attempt failed",
                    extra={
                        "event": {
                            "task": declared.module_path,
                            "attempt": _attempt,
                            "error": type(error).__name__,
                            "retry": will_retry,
                        }
                    },
                )
                if will_retry:
                    delay = retry_delay * 2 ** (_attempt - 1)
                    declared.using(
                        run_after=timezone.now() + datetime.timedelta(seconds=delay)
                    ).enqueue(*args, _attempt=_attempt + 1, **kwargs)
                raise

        declared = task(**task_options)(run)
        return declared

    return decorate


def log_finished_task(sender, task_result, **kwargs):
    """One JSON line per finished task (ours and Wagtail's)."""
    started, finished = task_result.started_at, task_result.finished_at
    duration = (
        round((finished - started).total_seconds() * 1000, 1) if started and finished else None
    )
    event = {
        "task": task_result.task.module_path,
        "task_id": str(task_result.id),
        "status": str(task_result.status),
        "attempt": task_result.kwargs.get("_attempt", 1),
        "duration_ms": duration,
    }
    if task_result.errors:
        event["error"] = task_result.errors[-1].exception_class_path
        logger.error("task", extra={"event": event})
    else:
        logger.info("task", extra={"event": event})


task_finished.connect(log_finished_task, dispatch_uid="website.tasks.log_finished_task")


def requeue_abandoned(*, worker_id=None, lease_seconds=None, now=None):
    """Put RUNNING tasks whose worker is gone back in the queue; returns how many.

    A task counts as abandoned when its last worker is ``worker_id`` (a worker calls this
    as it starts: its own earlier process died) or when it started more than
    ``lease_seconds`` ago (default ``TASK_LEASE_SECONDS``). The update re-checks the status,
    so a task that finishes meanwhile is left alone.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease = datetime.timedelta(
        seconds=settings.TASK_LEASE_SECONDS if lease_seconds is None else lease_seconds
    )
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    stale = [
        result.pk
        for result in running.only("pk", "worker_ids", "started_at")
        if (worker_id and result.worker_ids and result.worker_ids[-1] == worker_id)
        or (result.started_at and result.started_at < now - lease)
    ]
    if not stale:
        return 0
    count = running.filter(pk__in=stale).update(status=TaskResultStatus.READY, started_at=None)
    logger.warning("requeued abandoned tasks", extra={"event": {"count": count}})
    return count


def _lock_key(name):
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def exclusive(name, *, timeout=60 * 60):
    """Hold the lock ``name`` for the block; yields False (and holds nothing) when taken.

    PostgreSQL: a session advisory lock, released at the end of the block or when the
    connection goes (a killed worker never leaves it held). Elsewhere (SQLite, one machine):
    an entry in the shared cache that expires after ``timeout`` seconds.
    """
    if connection.vendor == "postgresql":
        key = _lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    cache_key = f"lock:{name}"
    acquired = cache.add(cache_key, "1", timeout=timeout)
    try:
        yield acquired
    finally:
        if acquired:
            cache.delete(cache_key)


def run_exclusively(name, job):
    """Run ``job()`` under ``exclusive(name)``; returns its result, or None when skipped."""
    with exclusive(name) as acquired:
        if not acquired:
            logger.info("job already running, skipped", extra={"event": {"job": name}})
            return None
        return job()


@background(max_attempts=3, retry_delay=300)
def run_job(name):
    """Run the periodic job ``name`` (a management command in ``PERIODIC_JOBS``) once.

    Under ``exclusive(name)``: a run that finds the lock taken skips. The command's own
    output (counts only) goes into the task's log line and its return value.
    """
    if name not in settings.PERIODIC_JOBS:
        raise ValueError(f"unknown periodic job {name!r}")

    def job():
        out = io.StringIO()
        call_command(name, stdout=out)
        summary = out.getvalue().strip()
        logger.info("job finished", extra={"event": {"job": name, "summary": summary}})
        return summary

    return run_exclusively(f"job:{name}", job)
