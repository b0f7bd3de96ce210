"""Withdraw expired place offers and offer those places to the next people waiting.

Run from cron, e.g. every hour: ``manage.py expire_offers``.
"""

from django.core.management.base import BaseCommand

from course.services.registration import expire_offers


class Command(BaseCommand):
    help = "Withdraw expired place offers and offer the places to the next people waiting."

    def handle(self, *args, **options):
        count = expire_offers()
        self.stdout.write(f"{count} expired offer(s) withdrawn.")
