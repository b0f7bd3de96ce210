"""Moving reviews away from reviewers who left the cohort or have not started.

- A reviewer whose registration is no longer confirmed (cancelled) loses every review
  they have not submitted, right away (a receiver on Registration) and in the daily run.
- A review still untouched (status "assigned": no draft saved) two days before the review
  deadline moves to someone else, if it was assigned before that moment (a review given
  later, e.g. for a late plan, gets its full time).

The reviews are withdrawn with the reason, the allocation tops every plan up again from
the remaining participants (never back to the same person), and the cohort's trainers get
one email per run naming what moved and any plan still short, so no plan is left with
fewer than N reviews without a trainer seeing it (the progress page shows it as well).
"""

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from course.models import Registration
from website.errors import ActionRefused
from website.models import User

from ..anonymity import Pseudonyms
from ..models import Plan, Review
from . import notify
from .reviews import NOT_STARTED_WINDOW, allocate_reviews

REASON_LEFT = gettext_lazy("The reviewer left the cohort.")
REASON_NOT_STARTED = gettext_lazy("The reviewer had not started two days before the deadline.")


def reviews_of_leavers(assignment):
    """Open peer reviews whose reviewer no longer holds a confirmed place in the cohort."""
    staying = (
        Registration.objects.confirmed().filter(cohort=assignment.cohort).values("participant_id")
    )
    return (
        Review.objects.filter(plan__assignment=assignment, kind=Review.Kind.PEER)
        .filter(status__in=[Review.Status.ASSIGNED, Review.Status.DRAFT])
        .exclude(reviewer__in=staying)
    )


def not_started_filter(now):
    """Peer reviews untouched within two days of their deadline, assigned before that window
    opened: the daily job moves them, the trainer's workspace lists them until then."""
    return Q(
        kind=Review.Kind.PEER,
        status=Review.Status.ASSIGNED,
        plan__assignment__review_deadline__gt=now,
        plan__assignment__review_deadline__lte=now + NOT_STARTED_WINDOW,
        assigned_at__lt=F("plan__assignment__review_deadline") - NOT_STARTED_WINDOW,
    )


def reviews_not_started(assignment, now=None):
    """``assignment``'s peer reviews that ``not_started_filter`` selects."""
    now = now or timezone.now()
    return Review.objects.filter(not_started_filter(now), plan__assignment=assignment)


def reviews_to_reassign(cohorts, now=None):
    """Per cohort id, the number of reviews ``not_started_filter`` selects. One query."""
    now = now or timezone.now()
    rows = (
        Review.objects.filter(not_started_filter(now), plan__assignment__cohort__in=cohorts)
        .values("plan__assignment__cohort_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["plan__assignment__cohort_id"]: row["count"] for row in rows}


def reassign(assignment, *, now=None):
    """Move the reviews of leavers and of reviewers who have not started; tell the trainers.

    Idempotent: a second run finds nothing to move. Returns the withdrawn reviews.
    """
    now = now or timezone.now()
    moved = []
    with transaction.atomic():
        for reason, reviews in (
            (REASON_LEFT, reviews_of_leavers(assignment)),
            (REASON_NOT_STARTED, reviews_not_started(assignment, now)),
        ):
            for review in reviews.select_for_update():
                review.status = Review.Status.WITHDRAWN
                review.reason = str(reason)
                review.save(update_fields=["status", "reason"])
                moved.append(review)
        if not moved:
            return []
        result = None
        if assignment.submission_deadline <= now < assignment.review_deadline:
            leaving = User.objects.filter(pk__in={r.reviewer_id for r in moved})
            try:
                result = allocate_reviews(assignment, now=now, leaving=leaving)
            except ActionRefused:
                result = None
        _link_moved(moved, result.created if result else [])
        _tell_trainers(assignment, moved, result)
    return moved


def _link_moved(moved, created):
    """Each new review of a plan points at the review it replaced, with its reason."""
    fresh = {}
    for review in created:
        fresh.setdefault(review.plan_id, []).append(review)
    for review in moved:
        if fresh.get(review.plan_id):
            replacement = fresh[review.plan_id].pop(0)
            replacement.reassigned_from = review
            replacement.reason = review.reason
            replacement.save(update_fields=["reassigned_from", "reason"])


def _tell_trainers(assignment, moved, result):
    plans = {
        p.pk: p
        for p in Plan.objects.filter(pk__in={r.plan_id for r in moved}).select_related("author")
    }
    reviewers = {u.pk: u for u in User.objects.filter(pk__in={r.reviewer_id for r in moved})}
    for trainer in assignment.cohort.trainers.all():
        pseudonyms = Pseudonyms(assignment, trainer)
        lines = [
            {
                "reviewer": reviewers[r.reviewer_id].full_name,
                "plan": pseudonyms.author_name(plans[r.plan_id]),
                "reason": r.reason,
            }
            for r in moved
        ]
        short = []
        if result is not None:
            short_plans = {
                p.pk: p
                for p in Plan.objects.filter(
                    pk__in=[s.plan_id for s in result.shortfalls]
                ).select_related("author")
            }
            short = [
                s.message(pseudonyms.author_name(short_plans[s.plan_id])) for s in result.shortfalls
            ]
        notify.mail(
            trainer,
            assignment.cohort,
            "reviews_moved",
            {"assignment": assignment, "moved": lines, "short": short},
        )


def on_registration_changed(registration):
    """A registration stopped being confirmed: move that person's open reviews now."""
    from ..models import Assignment

    assignment = Assignment.objects.filter(cohort_id=registration.cohort_id).first()
    if assignment is not None:
        reassign(assignment)
