"""Enqueue one periodic job for the task worker: ``manage.py enqueue_job expire_offers``.

What the systemd timers in deploy/ run (one timer per job). ``--list`` prints the jobs.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from website.tasks import run_job


class Command(BaseCommand):
    help = "Enqueue a periodic job (see PERIODIC_JOBS) for the task worker."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--list", action="store_true", help="Print the job names.")

    def handle(self, *args, name=None, list=False, **options):
        if list or not name:
            self.stdout.write("\n".join(settings.PERIODIC_JOBS))
            return
        if name not in settings.PERIODIC_JOBS:
            raise CommandError(
                f"Unknown job {name!r}; one of: {', '.join(settings.PERIODIC_JOBS)}."
            )
        result = run_job.enqueue(name)
        self.stdout.write(f"{name}: task {result.id} {result.status}")
