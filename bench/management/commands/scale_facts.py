"""What the database holds after `make scale-test`'s load, as JSON for its checks
(bench/scale.py): registrations, visit bookings, plans, the mails that must have gone out
and the state of the task queue."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assignments.models import Plan
from course.models import Registration
from course.services.registration import MAIL_SUBJECTS
from practice_day.models import VisitBooking, VisitSlot
from practice_day.services import VISIT_MAIL_SUBJECTS

MAIL_TASK = "website.mail.deliver_mail"


def _subject(lazy, person):
    with translation.override(person.language or "nl"):
        return str(lazy)


class Command(BaseCommand):
    help = "Print the scale test's facts (registrations, bookings, plans, mails, tasks)."

    def add_arguments(self, parser):
        parser.add_argument("cohort_id", type=int)

    def handle(self, *args, cohort_id, **options):
        registrations = Registration.objects.filter(cohort_id=cohort_id).select_related(
            "participant"
        )
        bookings = VisitBooking.objects.filter(slot__host_visit__cohort_id=cohort_id)
        bookings = bookings.select_related("participant")
        slots = VisitSlot.objects.filter(host_visit__cohort_id=cohort_id)
        expected_mail = [
            (r.participant.email, _subject(MAIL_SUBJECTS[r.status], r.participant))
            for r in registrations
        ] + [
            (b.participant.email, _subject(VISIT_MAIL_SUBJECTS["booked"], b.participant))
            for b in bookings
        ]
        tasks = DBTaskResult.objects.filter(task_path=MAIL_TASK)
        facts = {
            "registrations": [
                {
                    "id": r.pk,
                    "email": r.participant.email,
                    "status": r.status,
                    "has_place": r.holds_a_place,
                }
                for r in registrations
            ],
            "bookings": [
                {
                    "id": b.pk,
                    "email": b.participant.email,
                    "slot": b.slot_id,
                    "active": b.status == VisitBooking.Status.ACTIVE,
                }
                for b in bookings
            ],
            "slot_capacity": {str(s.pk): s.capacity for s in slots},
            "plans": [
                {
                    "id": p.pk,
                    "email": p.author.email,
                    "submitted": p.submitted_at is not None,
                    "attachment": bool(p.attachment),
                }
                for p in Plan.objects.filter(assignment__cohort_id=cohort_id).select_related(
                    "author"
                )
            ],
            "expected_mail": [[address.lower(), subject] for address, subject in expected_mail],
            "mail_tasks": {
                row["status"]: row["n"]
                for row in tasks.values("status").annotate(n=Count("pk")).order_by()
            },
            "mail_tasks_unfinished": tasks.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            ).count(),
        }
        self.stdout.write(json.dumps(facts))
