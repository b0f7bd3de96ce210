"""The trainer's progress overview: per participant, where they are in the assignment.

A constant number of queries whatever the cohort's size (tests/assignments/test_progress.py).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from course.models import Registration

from ..anonymity import Pseudonyms
from ..models import Plan, Review
from .reviews import NOT_STARTED_WINDOW


@dataclass
class Row:
    participant: object
    plan: object = None
    plan_label: str = ""
    deadline: object = None
    extended: bool = False
    given_done: int = 0
    given_total: int = 0
    received_done: int = 0
    received_total: int = 0
    not_started: int = 0
    plan_url: str = ""  # the trainer's page of the plan, set by the view
    flags: list = field(default_factory=list)

    @property
    def submitted(self):
        return self.plan is not None and self.plan.is_submitted

    @property
    def revised(self):
        return self.plan is not None and self.plan.is_revised


#: Flag codes; the template words them.
SHORT = "short"  # a submitted plan with fewer than N active peer reviews
NOT_STARTED = "not_started"  # open reviews not started close to the deadline
LATE = "late"  # no submitted plan after the own deadline


def progress(assignment, viewer, now=None):
    """Rows for every confirmed participant, ordered by name, and the number of flags."""
    now = now or timezone.now()
    cohort = assignment.cohort
    # Only what the screen shows: names and schools, and of each plan its dates (a plan's
    # texts are up to 30,000 characters each, loaded when read).
    registrations = (
        Registration.objects.confirmed()
        .filter(cohort=cohort)
        .select_related("participant__school")
        .only("participant__full_name", "participant__school__name", "cohort_id")
        .order_by("participant__full_name", "participant_id")
    )
    plans = {
        p.author_id: p
        for p in Plan.objects.filter(assignment=assignment).defer(
            "body", "revised_body", "marked_names"
        )
    }
    pseudonyms = Pseudonyms(assignment, viewer, plan_ids=[p.pk for p in plans.values()])
    extensions = assignment.extensions_by_participant()
    reviews = list(
        Review.objects.filter(plan__assignment=assignment, kind=Review.Kind.PEER)
        .active()
        .values_list("plan_id", "reviewer_id", "status")
    )
    given_total = Counter(r for _p, r, _s in reviews)
    given_done = Counter(r for _p, r, s in reviews if s == Review.Status.SUBMITTED)
    untouched = Counter(r for _p, r, s in reviews if s == Review.Status.ASSIGNED)
    received_total = Counter(p for p, _r, _s in reviews)
    received_done = Counter(p for p, _r, s in reviews if s == Review.Status.SUBMITTED)
    allocated = now >= assignment.submission_deadline
    close_to_deadline = now >= assignment.review_deadline - NOT_STARTED_WINDOW

    rows = []
    for registration in registrations:
        user = registration.participant
        plan = plans.get(user.pk)
        row = Row(participant=user, plan=plan)
        row.deadline = assignment.deadline_for(user, extensions)
        row.extended = user.pk in extensions
        row.given_total, row.given_done = given_total[user.pk], given_done[user.pk]
        row.not_started = untouched[user.pk]
        if plan is not None:
            plan.assignment = assignment
            row.plan_label = pseudonyms.plan_label(plan)
            row.received_total = received_total[plan.pk]
            row.received_done = received_done[plan.pk]
        if row.submitted and allocated and row.received_total < assignment.reviews_per_plan:
            row.flags.append(SHORT)
        if row.not_started and close_to_deadline and now < assignment.review_deadline:
            row.flags.append(NOT_STARTED)
        if not row.submitted and now >= row.deadline:
            row.flags.append(LATE)
        rows.append(row)
    return rows


def next_moment(assignment, moments=()):
    """The first of the assignment's dates (and ``moments``) still to come, else None: what
    the trainer's screens show changes with time only then (phase, "no plan submitted",
    reviews close to their deadline, plans gradable)."""
    now = timezone.now()
    dates = (
        assignment.writing_opens,
        assignment.submission_deadline,
        assignment.review_deadline - NOT_STARTED_WINDOW,
        assignment.review_deadline,
        assignment.revision_deadline,
        assignment.grading_deadline,
        assignment.closes_at,
        *moments,
    )
    return min((moment for moment in dates if moment and moment > now), default=None)
