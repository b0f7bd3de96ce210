"""Warn intervision members before their records go, and delete what is past its date.

Run from cron once a day: ``manage.py purge_intervision``. Idempotent: a second run on the
same day warns nobody again and deletes nothing more. Prints and logs counts, never content.
"""

from django.core.management.base import BaseCommand

from intervision.services.retention import purge, send_warnings


class Command(BaseCommand):
    help = "Warn members, then delete intervision cases, notes and reflections past their date."

    def handle(self, *args, **options):
        warned = send_warnings()
        counts = purge()
        self.stdout.write(
            f"{warned} warning(s) sent; deleted {counts['cases']} case(s), "
            f"{counts['notes']} note(s), {counts['reflections']} reflection(s)."
        )
