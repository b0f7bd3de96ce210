"""The task worker: django-tasks-db's ``db_worker`` that first takes back its own tasks.

``manage.py run_worker --worker-id web1-worker`` (deploy/opleiding-worker.service). With a
fixed worker id per machine, a task the previous process of this worker was running when it
was killed (RUNNING, claimed by this id) is put back in the queue before the loop starts,
so a restart loses nothing. Tasks of a worker that does not come back are taken over by
the ``requeue_tasks`` job after ``TASK_LEASE_SECONDS``.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from website.tasks import requeue_abandoned


class Command(DbWorkerCommand):
    help = "Run the database task worker, requeueing what its previous process left running."

    def handle(self, *args, **options):
        requeue_abandoned(worker_id=options["worker_id"], lease_seconds=10**9)
        return super().handle(*args, **options)
