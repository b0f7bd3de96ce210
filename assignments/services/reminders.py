"""Reminders by email before each deadline, each one sent once.

Run daily (``manage.py assignments_daily``). ``REMIND_BEFORE`` before a deadline, whoever
still has something to do gets one email in their own language:

- submission: a participant without a submitted plan, before their own deadline (the
  extension if they have one; a new deadline earns a new reminder);
- review: a reviewer with peer reviews not yet submitted;
- revision: an author whose submitted plan is not revised yet.

What was sent is recorded in Wagtail's log (action ``assignments.reminder_sent`` on the
assignment, with kind, participant and deadline), which is also how "once" is checked.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from course.models import Registration

from ..anonymity import Pseudonyms
from ..models import Assignment, Plan, Review
from . import notify

REMIND_BEFORE = datetime.timedelta(days=3)
ACTION = "assignments.reminder_sent"


def _sent(assignment):
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=str(assignment.pk),
        action=ACTION,
    ).values_list("data", flat=True)
    return {(d.get("kind"), d.get("participant"), d.get("deadline")) for d in entries}


def _due(deadline, now):
    return deadline - REMIND_BEFORE <= now < deadline


def send_reminders(assignment, *, now=None):
    """Send the reminders that are due and not sent before; return how many were sent."""
    now = now or timezone.now()
    sent = _sent(assignment)
    todo = []  # (kind, user, deadline, context)
    participants = [
        r.participant
        for r in Registration.objects.confirmed()
        .filter(cohort=assignment.cohort)
        .select_related("participant")
    ]
    plans = {p.author_id: p for p in Plan.objects.filter(assignment=assignment)}
    extensions = assignment.extensions_by_participant()
    for user in participants:
        plan = plans.get(user.pk)
        deadline = assignment.deadline_for(user, extensions)
        if (plan is None or not plan.is_submitted) and _due(deadline, now):
            todo.append(("submission", user, deadline, {}))
        if plan is not None and plan.is_submitted and not plan.is_revised:
            if _due(assignment.revision_deadline, now):
                todo.append(("revision", user, assignment.revision_deadline, {}))
    if _due(assignment.review_deadline, now):
        open_reviews = (
            Review.objects.filter(plan__assignment=assignment, kind=Review.Kind.PEER)
            .filter(status__in=[Review.Status.ASSIGNED, Review.Status.DRAFT])
            .filter(reviewer__in=participants)
            .select_related("reviewer", "plan")
        )
        by_reviewer = {}
        for review in open_reviews:
            by_reviewer.setdefault(review.reviewer, []).append(review)
        for reviewer, reviews in by_reviewer.items():
            pseudonyms = Pseudonyms(assignment, reviewer)
            labels = [pseudonyms.plan_label(r.plan) for r in reviews]
            todo.append(("review", reviewer, assignment.review_deadline, {"plans": labels}))

    count = 0
    with transaction.atomic():
        for kind, user, deadline, context in todo:
            key = (kind, user.pk, deadline.isoformat())
            if key in sent:
                continue
            notify.mail(
                user,
                assignment.cohort,
                f"reminder_{kind}",
                {"assignment": assignment, "deadline": deadline} | context,
            )
            log(
                instance=assignment,
                action=ACTION,
                data={"kind": kind, "participant": user.pk, "deadline": deadline.isoformat()},
            )
            sent.add(key)
            count += 1
    return count
