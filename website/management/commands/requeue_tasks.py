"""Put tasks whose worker died back in the queue (``website.tasks.requeue_abandoned``).

A periodic job (deploy/opleiding-job@requeue_tasks.timer): a task RUNNING for longer than
``TASK_LEASE_SECONDS`` lost its worker (its machine went away) and is run again.
"""

from django.core.management.base import BaseCommand

from website.tasks import requeue_abandoned


class Command(BaseCommand):
    help = "Requeue background tasks whose worker died."

    def handle(self, *args, **options):
        count = requeue_abandoned()
        self.stdout.write(f"{count} abandoned task(s) requeued.")
