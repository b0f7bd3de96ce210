"""The final assignment's daily run: allocate reviewers, move stalled reviews, remind.

Run from cron once a day (any time; every step is idempotent, so running it twice or
catching up after a missed day is safe): ``manage.py assignments_daily``.

For every assignment of a live cohort:
1. from the submission deadline until the review deadline: give every submitted plan its
   peer reviews (a no-op once they have them);
2. move the reviews of reviewers who left the cohort or have not started two days before
   the review deadline, and tell the trainers (services.reassignment);
3. send the reminders that are due before each deadline, each once (services.reminders).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from assignments.models import Assignment
from assignments.services.reassignment import reassign
from assignments.services.reminders import send_reminders
from assignments.services.reviews import allocate_reviews


class Command(BaseCommand):
    help = "Allocate peer reviews, move stalled reviews and send deadline reminders."

    def handle(self, *args, **options):
        now = timezone.now()
        allocated = moved = reminded = 0
        assignments = Assignment.objects.filter(cohort__live=True).select_related("cohort")
        for assignment in assignments:
            if assignment.submission_deadline <= now < assignment.review_deadline:
                allocated += len(allocate_reviews(assignment, now=now).pairs)
            moved += len(reassign(assignment, now=now))
            reminded += send_reminders(assignment, now=now)
        self.stdout.write(
            f"{allocated} review(s) allocated, {moved} moved, {reminded} reminder(s) sent."
        )
