"""Peer review: allocating reviewers, the trainer's changes, writing and rating reviews,
and the revision with its response table.

Who may see what (views call these, never repeat them):
- a peer review: its reviewer (while it is not withdrawn) and the cohort's staff;
- the reviews of a plan: its author once the review phase has closed (submitted reviews
  only, reviewers under a pseudonym when the assignment is anonymous) and the staff.
Everything else is a 404 in the views.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from course import personal_cache
from course.models import Registration
from website.errors import ActionRefused
from website.models import User

from .. import allocation
from ..anonymity import Pseudonyms
from ..models import Assignment, CriterionScore, Plan, PlanVersion, ResponseItem, Review
from . import notify
from .plans import is_staff_for

#: A reviewer who has not started this long before the review deadline loses the review.
NOT_STARTED_WINDOW = datetime.timedelta(days=2)


# --- Who may see what -------------------------------------------------------------------


def may_see_review(user, review):
    """The reviewer (unless withdrawn), the author after the review phase, or staff.

    A trainer's marking never shows here: the grading pages decide who sees it (a second
    marker must not read the first marking before giving theirs, services/grading.py).
    """
    if review.kind == Review.Kind.TRAINER:
        return False
    assignment = review.plan.assignment
    if is_staff_for(user, assignment.cohort):
        return True
    if review.kind != Review.Kind.PEER or review.status == Review.Status.WITHDRAWN:
        return False
    if review.reviewer_id == user.pk:
        return True
    return review.plan.author_id == user.pk and author_sees_reviews(review.plan)


def author_sees_reviews(plan, now=None):
    """The author reads the peer reviews once the review phase has closed, not before."""
    return (now or timezone.now()) >= plan.assignment.review_deadline


def participant_people(cohort):
    """Confirmed participants of ``cohort`` with school and board, ordered by id."""
    ids = Registration.objects.confirmed().filter(cohort=cohort).values("participant_id")
    return list(User.objects.filter(pk__in=ids).select_related("school").order_by("pk"))


def _groups_by_person(cohort):
    """participant id -> intervision group id, where the intervision app has groups."""
    from django.apps import apps

    try:
        membership = apps.get_model("intervision", "GroupMembership")
    except LookupError:  # intervision groups not built yet
        return {}
    rows = membership.objects.filter(cohort=cohort, left_at__isnull=True)
    return dict(rows.values_list("participant_id", "group_id"))


def as_person(user, groups):
    school = user.school
    return allocation.Person(
        user.pk,
        school_id=school.pk if school else None,
        board_id=school.board_id if school else None,
        group_id=groups.get(user.pk),
    )


# --- Allocation ---------------------------------------------------------------------------


def _lock(assignment):
    return Assignment.objects.select_for_update().select_related("cohort").get(pk=assignment.pk)


def allocate_reviews(assignment, *, now=None, leaving=(), by=None):
    """Give every submitted plan its N peer reviews; idempotent (only tops up).

    Runs from the submission deadline until the review deadline: at the deadline (the
    daily command or the trainer's button), when a late plan arrives, and after reviews
    were withdrawn. ``leaving``: users to give no new reviews in this run (reviewers whose
    reviews were just moved away). Reviews withdrawn earlier are never handed back to the
    same person. Returns the ``allocation.Allocation`` (new pairs and shortfalls). Mails
    each new reviewer after commit.
    """
    now = now or timezone.now()
    if not assignment.submission_deadline <= now < assignment.review_deadline:
        raise ActionRefused(
            _("Reviewers are allocated between the submission deadline and the review deadline."),
            code="not_review_phase",
        )
    leaving = {user.pk for user in leaving}
    with transaction.atomic():
        assignment = _lock(assignment)
        cohort = assignment.cohort
        groups = _groups_by_person(cohort)
        people = participant_people(cohort)
        person = {user.pk: as_person(user, groups) for user in people}
        plans = list(
            Plan.objects.filter(assignment=assignment).submitted().select_related("author__school")
        )
        reviews = Review.objects.filter(plan__assignment=assignment, kind=Review.Kind.PEER)
        existing, excluded = [], []
        for plan_id, reviewer_id, status in reviews.values_list("plan_id", "reviewer_id", "status"):
            pair = (plan_id, reviewer_id)
            (excluded if status == Review.Status.WITHDRAWN else existing).append(pair)
        result = allocation.allocate(
            [
                allocation.PlanToReview(
                    p.pk, person.get(p.author_id) or as_person(p.author, groups)
                )
                for p in plans
            ],
            [person[pk] for pk in person if pk not in leaving],
            per_plan=assignment.reviews_per_plan,
            existing=existing,
            excluded=excluded,
        )
        # bulk_create sends no signal: reviews to write show on the reviewers' own pages
        # and on the trainer's screens.
        personal_cache.bump(
            personal_cache.cohort_scope(cohort.pk), personal_cache.staff_scope(cohort.pk)
        )
        created = Review.objects.bulk_create(
            [
                Review(
                    plan_id=plan_id, reviewer_id=reviewer_id, kind=Review.Kind.PEER, assigned_at=now
                )
                for plan_id, reviewer_id in result.pairs
            ]
        )
        if created:
            log(
                instance=assignment,
                action="assignments.reviews_allocated",
                user=by,
                data={"reviews": len(created), "short": len(result.shortfalls)},
            )
        _mail_new_reviewers(assignment, created)
    result.created = created
    return result


def allocate_late_plan(plan, *, now=None):
    """A plan submitted after the deadline (with an extension) gets its reviewers now.

    Called when a plan is submitted; does nothing before the general deadline (the first
    allocation will include it) or after the review deadline (the progress page flags it).
    """
    now = now or timezone.now()
    assignment = plan.assignment
    if assignment.submission_deadline <= now < assignment.review_deadline:
        return allocate_reviews(assignment, now=now)
    return None


def _mail_new_reviewers(assignment, reviews):
    if not reviews:
        return
    by_user = {}
    for review in reviews:
        by_user.setdefault(review.reviewer_id, []).append(review)
    pseudonyms = None
    for user in User.objects.filter(pk__in=by_user):
        pseudonyms = pseudonyms or Pseudonyms(assignment, user)
        labels = [pseudonyms.plan_label(r.plan) for r in by_user[user.pk]]
        notify.mail(
            user,
            assignment.cohort,
            "review_assigned",
            {"assignment": assignment, "plans": labels},
        )


# --- The trainer's changes ------------------------------------------------------------------


def _refuse_unless_staff(user, assignment):
    if not is_staff_for(user, assignment.cohort):
        raise ActionRefused(_("Only the cohort's trainers may change reviews."), code="not_allowed")


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Please give a reason."), code="reason_required")
    return reason


def check_reviewer(plan, reviewer):
    """Raise ``ActionRefused`` unless ``reviewer`` may peer-review ``plan``."""
    cohort = plan.assignment.cohort
    if not Registration.objects.confirmed().filter(cohort=cohort, participant=reviewer).exists():
        raise ActionRefused(
            _("Only a participant of this cohort can review this plan."), code="not_participant"
        )
    if not allocation.may_review(as_person(reviewer, {}), as_person(plan.author, {})):
        raise ActionRefused(
            _("Nobody reviews their own plan or a plan from their own school or board."),
            code="not_eligible",
        )
    if plan.reviews.active().filter(reviewer=reviewer, kind=Review.Kind.PEER).exists():
        raise ActionRefused(_("This participant already reviews this plan."), code="duplicate")


def add_review(plan, reviewer, *, by, reason, now=None):
    """A trainer gives ``plan`` one more peer review by ``reviewer``, with a reason."""
    _refuse_unless_staff(by, plan.assignment)
    reason = _require_reason(reason)
    if not plan.is_submitted:
        raise ActionRefused(_("This plan has not been submitted yet."), code="not_submitted")
    with transaction.atomic():
        _lock(plan.assignment)
        check_reviewer(plan, reviewer)
        review = Review.objects.create(
            plan=plan,
            reviewer=reviewer,
            kind=Review.Kind.PEER,
            reason=reason,
            assigned_at=now or timezone.now(),
        )
        log(instance=review, action="assignments.review_added", user=by, data={"reason": reason})
        _mail_new_reviewers(plan.assignment, [review])
    return review


def remove_review(review, *, by, reason):
    """A trainer withdraws ``review`` with a reason; its text stays for the record."""
    _refuse_unless_staff(by, review.plan.assignment)
    reason = _require_reason(reason)
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status == Review.Status.WITHDRAWN:
            raise ActionRefused(_("This review has already been withdrawn."), code="withdrawn")
        review.status = Review.Status.WITHDRAWN
        review.reason = reason
        review.save(update_fields=["status", "reason"])
        log(instance=review, action="assignments.review_removed", user=by, data={"reason": reason})
    return review


def move_review(review, to, *, by=None, reason, now=None, notify_reviewer=True):
    """Withdraw ``review`` and give the same plan a new review by ``to``.

    By a trainer (``by``) or automatically (``by=None``, from reassignment). The new review
    starts empty and remembers where it came from.
    """
    if by is not None:
        _refuse_unless_staff(by, review.plan.assignment)
    reason = _require_reason(reason)
    with transaction.atomic():
        _lock(review.plan.assignment)
        review = (
            Review.objects.select_for_update().select_related("plan__assignment").get(pk=review.pk)
        )
        if review.status in (Review.Status.WITHDRAWN, Review.Status.SUBMITTED):
            raise ActionRefused(
                _("Only a review that has not been submitted can be moved."), code="not_movable"
            )
        review.status = Review.Status.WITHDRAWN
        review.reason = reason
        review.save(update_fields=["status", "reason"])
        check_reviewer(review.plan, to)
        moved = Review.objects.create(
            plan=review.plan,
            reviewer=to,
            kind=Review.Kind.PEER,
            reason=reason,
            reassigned_from=review,
            assigned_at=now or timezone.now(),
        )
        log(
            instance=moved,
            action="assignments.review_moved",
            user=by,
            data={"reason": reason, "from_review": review.pk},
        )
        if notify_reviewer:
            _mail_new_reviewers(review.plan.assignment, [moved])
    return moved


# --- Writing a review -----------------------------------------------------------------------


def may_write(review, user, now=None):
    """The reviewer may change the review: theirs, not withdrawn or submitted, in time."""
    return (
        review.reviewer_id == user.pk
        and review.status in (Review.Status.ASSIGNED, Review.Status.DRAFT)
        and (now or timezone.now()) < review.plan.assignment.review_deadline
    )


def store_scores(review, criteria, levels, comments):
    """Replace ``review``'s scores: a snapshot per criterion with a level
    (``CriterionScore.snapshot``), and a comment without a level is kept too, so a draft
    loses nothing. Peer reviews and trainer markings both store their scores here."""
    review.scores.all().delete()
    CriterionScore.objects.bulk_create(
        [
            CriterionScore.snapshot(review, c, levels[c.pk], comments.get(c.pk, ""))
            for c in criteria
            if levels.get(c.pk) is not None
        ]
    )
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(
                review=review,
                criterion=c,
                criterion_title=c.title,
                level_label="",
                points=0,
                max_points=c.max_points,
                comment=comments[c.pk],
            )
            for c in criteria
            if levels.get(c.pk) is None and comments.get(c.pk, "").strip()
        ]
    )


def save_review(review, *, by, levels, comments, overall_comment, submit, now=None):
    """Save ``review`` as a draft, or submit it when ``submit``.

    ``levels``: criterion id -> RubricLevel (or None); ``comments``: criterion id -> text.
    Submitting needs a level for every criterion. Scores copy the rubric's text and points
    (``CriterionScore.snapshot``), so a later rubric change never alters them. Raises
    ``ActionRefused`` ("not_allowed", "incomplete").
    """
    now = now or timezone.now()
    criteria = list(review.plan.assignment.criteria.prefetch_related("levels"))
    if submit and any(levels.get(c.pk) is None for c in criteria):
        raise ActionRefused(
            _("Choose a level for every criterion before you submit the review."),
            code="incomplete",
        )
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if not may_write(locked, by, now):
            raise ActionRefused(_("This review can no longer be changed."), code="not_allowed")
        store_scores(locked, criteria, levels, comments)
        locked.overall_comment = overall_comment
        locked.status = Review.Status.SUBMITTED if submit else Review.Status.DRAFT
        locked.submitted_at = now if submit else None
        locked.save(update_fields=["overall_comment", "status", "submitted_at"])
    return locked


# --- Feedback on feedback and the revision ---------------------------------------------------


def rate_review(review, *, by, helpfulness, reason, now=None):
    """The author rates how helpful a submitted peer review was (1-5) with a short reason."""
    if review.plan.author_id != by.pk or review.kind != Review.Kind.PEER:
        raise ActionRefused(_("Only the plan's author rates its reviews."), code="not_allowed")
    if not review.is_submitted or not author_sees_reviews(review.plan, now):
        raise ActionRefused(
            _("Reviews can be rated once the review phase has closed."), code="too_early"
        )
    if helpfulness not in range(1, 6):
        raise ActionRefused(_("Choose a rating from 1 to 5."), code="invalid")
    review.helpfulness = helpfulness
    review.helpfulness_reason = reason.strip()
    review.save(update_fields=["helpfulness", "helpfulness_reason"])
    return review


def may_revise(plan, user, now=None):
    now = now or timezone.now()
    assignment = plan.assignment
    return (
        plan.author_id == user.pk
        and plan.is_submitted
        and assignment.review_deadline <= now < assignment.revision_deadline
    )


def save_revision(plan, *, by, revised_body, responses, submit, now=None):
    """Save the revised plan and its response table; ``submit`` marks the plan revised.

    ``responses``: list of dicts (review, point, accepted, why) in order; the table is
    replaced as a whole. A version of kind "revision" keeps the revised text. Raises
    ``ActionRefused`` ("not_allowed", "empty").
    """
    now = now or timezone.now()
    if not may_revise(plan, by, now):
        raise ActionRefused(_("This plan cannot be revised now."), code="not_allowed")
    if submit and not revised_body.strip():
        raise ActionRefused(_("Write the revised plan before you submit it."), code="empty")
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        plan.revised_body = revised_body
        if submit:
            plan.revised_at = now
        plan.save(update_fields=["revised_body", "revised_at", "updated_at"])
        plan.responses.all().delete()
        ResponseItem.objects.bulk_create(
            [ResponseItem(plan=plan, order=i, **row) for i, row in enumerate(responses)]
        )
        if submit:
            last = plan.versions.order_by("-number").values_list("number", flat=True).first()
            PlanVersion.objects.create(
                plan=plan,
                number=(last or 0) + 1,
                body=revised_body,
                kind=PlanVersion.Kind.REVISION,
                created_at=now,
                updated_at=now,
            )
    return plan
