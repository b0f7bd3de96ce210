"""Grading the final (revised) plan: the trainer's marking with the rubric, blind second
marking near the pass mark, settling a disagreement, bulk release per cohort, the
comparison with the self-assessment and peer scores, the CSV export and the completion
requirement the certificate reads.

The states of a ``Grade``: not started -> in progress -> ready for release -> released.
Before release, the first marker or a coordinator may reopen a ready grade (``reopen``).

- A marking is a ``Review`` of kind TRAINER with its ``CriterionScore``s (level and
  feedback per criterion), stored by ``reviews.store_scores`` like every other review.
- Submitting the first marking sets the score. Far from the pass mark (or no margin set)
  the grade is ready for release; within ``Assignment.second_marking_margin`` it waits for
  a second marker: another trainer of the cohort or a coordinator, who does not see the
  first marking until their own is submitted (``Grade.first_marking_visible_to``).
- Same verdict: ready, with the first marking's score. Different verdicts: the first marker
  or a coordinator settles it, choosing the marking that counts, with a reason; who, when,
  the outcome and the reason stay on the grade.
- Release is per cohort, of the grades ready for release only, by the cohort's staff; each
  participant gets one mail. Nothing of a grade (state, score, verdict, feedback) reaches
  a participant before.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from course import personal_cache
from course.hooks import Requirement
from course.models import Registration
from course.permissions import is_staff_for
from course.spreadsheet import csv_safe
from website.errors import ActionRefused

from ..anonymity import Pseudonyms
from ..models import Assignment, Grade, Plan, Review
from . import notify
from .plans import rubric
from .reviews import store_scores

#: Two scores on one criterion "differ widely" when their levels are this many steps apart
#: or more (with levels 0/2/3: "onvoldoende" against "goed"). The one definition of the
#: divergence warning on the grading page.
WIDE_GAP_LEVELS = 2


# --- Questions ----------------------------------------------------------------------------


def may_grade(user, plan):
    """The cohort's trainers and coordinators (``course.permissions.is_staff_for``)."""
    return is_staff_for(user, plan.assignment.cohort)


def may_release(user, cohort):
    """The cohort's staff release its grades (the model has no separate lead trainer)."""
    return is_staff_for(user, cohort)


def is_gradable(plan, now=None):
    """A submitted plan is graded once revised, or once the revision deadline has passed."""
    now = now or timezone.now()
    return plan.is_submitted and (plan.is_revised or now >= plan.assignment.revision_deadline)


def max_score(criteria):
    return sum(criterion.max_points for criterion in criteria)


def level_rank(criterion, points):
    """The position of ``points`` among ``criterion``'s levels (0 for the lowest)."""
    return sum(1 for level in criterion.levels.all() if level.points < points)


def differs_widely(criterion, points, other_points):
    """True when two scores on ``criterion`` are ``WIDE_GAP_LEVELS`` levels apart or more."""
    gap = abs(level_rank(criterion, points) - level_rank(criterion, other_points))
    return gap >= WIDE_GAP_LEVELS


# --- Marking ------------------------------------------------------------------------------


def grade_for(plan):
    """The plan's ``Grade``, created (not started) when missing."""
    grade, _created = Grade.objects.get_or_create(plan=plan)
    return grade


def plan_reviews(plan):
    """Every review of ``plan`` that is not withdrawn, with its reviewer and scores (two
    queries), for ``markings`` and ``comparison`` on one page."""
    return list(plan.reviews.active().select_related("reviewer").prefetch_related("scores"))


def markings(plan, reviews=None):
    """The plan's trainer markings (kind TRAINER, not withdrawn), oldest first; from
    ``reviews`` (``plan_reviews``) when given."""
    if reviews is None:
        return list(
            plan.reviews.filter(kind=Review.Kind.TRAINER)
            .active()
            .select_related("reviewer")
            .prefetch_related("scores")
            .order_by("assigned_at", "pk")
        )
    marks = [r for r in reviews if r.kind == Review.Kind.TRAINER]
    return sorted(marks, key=lambda r: (r.assigned_at, r.pk))


def marking_role(grade, user):
    """ "first", "second" or None: which marking ``user`` may write on ``grade`` now."""
    if grade.status in (Grade.Status.READY, Grade.Status.RELEASED) or grade.disagreement:
        return None
    if grade.first_marker_id is None or grade.first_marker_id == user.pk:
        return "first" if grade.first_marked_at is None else None
    if grade.awaits_second_marker and grade.second_marker_id in (None, user.pk):
        return "second"
    return None


def _score_of(review):
    return sum(score.points for score in review.scores.all())


def save_marking(plan, *, by, levels, comments, overall_comment, submit, now=None):
    """Save ``by``'s marking of ``plan`` as a draft, or submit it when ``submit``.

    ``levels``: criterion id -> RubricLevel (or None); ``comments``: criterion id -> text.
    Submitting needs a level for every criterion and moves the grade on (see the module
    docstring). Raises ``ActionRefused`` ("not_allowed", "not_gradable", "incomplete",
    "taken"). Returns the grade.
    """
    now = now or timezone.now()
    if not may_grade(by, plan):
        raise ActionRefused(_("You do not grade this plan."), code="not_allowed")
    if not is_gradable(plan, now):
        raise ActionRefused(
            _("This plan can be graded once it is revised or the revision deadline has passed."),
            code="not_gradable",
        )
    criteria = rubric(plan.assignment)
    if submit and any(levels.get(c.pk) is None for c in criteria):
        raise ActionRefused(
            _("Choose a level for every criterion before you complete the grading."),
            code="incomplete",
        )
    grade_for(plan)
    with transaction.atomic():
        grade = Grade.objects.select_for_update().get(plan=plan)
        role = marking_role(grade, by)
        if role is None:
            raise ActionRefused(_("This grading cannot be changed by you now."), code="taken")
        review, _created = Review.objects.active().get_or_create(
            plan=plan,
            reviewer=by,
            kind=Review.Kind.TRAINER,
            defaults={"status": Review.Status.DRAFT, "assigned_at": now},
        )
        store_scores(review, criteria, levels, comments)
        review.overall_comment = overall_comment
        review.status = Review.Status.SUBMITTED if submit else Review.Status.DRAFT
        review.submitted_at = now if submit else None
        review.save(update_fields=["overall_comment", "status", "submitted_at"])
        if role == "first":
            grade.first_marker = by
        else:
            grade.second_marker = by
        grade.status = Grade.Status.IN_PROGRESS
        if submit:
            _complete(grade, review, role, criteria, now)
        grade.save()
    return grade


def _complete(grade, review, role, criteria, now):
    assignment = grade.plan.assignment
    total, maximum = _score_of(review), max_score(criteria)
    grade.max_score = maximum
    if role == "first":
        grade.first_marked_at = now
        grade.needs_second_marker = assignment.near_pass_mark(total, maximum)
        if not grade.needs_second_marker:
            _decide(grade, review, total, maximum)
        return
    grade.second_marked_at = now
    first = (
        Review.objects.filter(
            plan=grade.plan, reviewer=grade.first_marker_id, kind=Review.Kind.TRAINER
        )
        .active()
        .prefetch_related("scores")
        .first()
    )
    first_total = _score_of(first)
    if assignment.passes(first_total, maximum) == assignment.passes(total, maximum):
        _decide(grade, first, first_total, maximum)
    else:
        grade.disagreement = True


def _decide(grade, review, total, maximum):
    grade.final_review = review
    grade.score = total
    grade.passed = grade.plan.assignment.passes(total, maximum)
    grade.status = Grade.Status.READY


def may_settle(user, grade):
    """The first marker or a coordinator settles a disagreement."""
    return user.is_authenticated and (user.pk == grade.first_marker_id or user.is_coordinator)


def settle(grade, *, by, marking, reason, now=None):
    """Settle the markers' disagreement: ``marking`` ("first" or "second") counts.

    Records who, when, the outcome and ``reason``; the grade is then ready for release.
    Raises ``ActionRefused`` ("not_allowed", "nothing_to_settle", "reason").
    """
    now = now or timezone.now()
    if not may_settle(by, grade) or not may_grade(by, grade.plan):
        raise ActionRefused(
            _("Only the first marker or a coordinator settles this."), code="not_allowed"
        )
    if not reason.strip():
        raise ActionRefused(_("Give the reason for the outcome."), code="reason")
    if marking not in ("first", "second"):
        raise ActionRefused(_("Choose the grading that counts."), code="invalid")
    with transaction.atomic():
        locked = (
            Grade.objects.select_for_update().select_related("plan__assignment").get(pk=grade.pk)
        )
        if not locked.awaits_settlement:
            raise ActionRefused(_("There is no disagreement to settle."), code="nothing_to_settle")
        marker = locked.first_marker_id if marking == "first" else locked.second_marker_id
        review = (
            Review.objects.filter(plan=locked.plan, reviewer=marker, kind=Review.Kind.TRAINER)
            .active()
            .prefetch_related("scores")
            .get()
        )
        _decide(locked, review, _score_of(review), locked.max_score)
        locked.settled_by, locked.settled_at = by, now
        locked.settlement_reason = reason.strip()
        locked.save()
        log(
            instance=locked.plan.assignment,
            action="assignments.grade_settled",
            user=by,
            data={"plan": locked.plan_id, "marking": marking, "passed": locked.passed},
        )
    return locked


def may_reopen(user, grade):
    """A grade that is ready but not yet released goes back to its markers when the first
    marker or a coordinator reopens it (a slip noticed before the participant sees it)."""
    return (
        grade.status == Grade.Status.READY
        and user.is_authenticated
        and (user.pk == grade.first_marker_id or user.is_coordinator)
    )


def reopen(grade, *, by, reason, now=None):
    """Take a grade that is ready for release back to "in progress", with a reason.

    The markings become drafts again with their levels and feedback, so nothing is lost:
    the first marker completes theirs again, and the rules of ``save_marking`` (second
    marking near the pass mark, settling) apply as the first time. Blind second marking
    stays blind: ``needs_second_marker`` is kept until the first marking is completed
    again. Logged with the reason. Raises ``ActionRefused`` ("not_allowed", "reason",
    "not_ready").
    """
    now = now or timezone.now()
    if not may_grade(by, grade.plan) or not (by.pk == grade.first_marker_id or by.is_coordinator):
        raise ActionRefused(
            _("Only the first marker or a coordinator reopens a grading."), code="not_allowed"
        )
    if not reason.strip():
        raise ActionRefused(_("Give the reason for reopening the grading."), code="reason")
    with transaction.atomic():
        locked = (
            Grade.objects.select_for_update().select_related("plan__assignment").get(pk=grade.pk)
        )
        if locked.status != Grade.Status.READY:
            raise ActionRefused(
                _("Only a grading that is ready and not yet released can be reopened."),
                code="not_ready",
            )
        markings = Review.objects.filter(plan=locked.plan, kind=Review.Kind.TRAINER).active()
        marker_ids = list(markings.values_list("reviewer_id", flat=True))
        markings.update(status=Review.Status.DRAFT, submitted_at=None)
        # update() sends no signal: the markers' own pages show their markings.
        personal_cache.bump(*(personal_cache.user_scope(pk) for pk in marker_ids))
        locked.status = Grade.Status.IN_PROGRESS
        locked.first_marked_at = locked.second_marked_at = None
        locked.final_review = None
        locked.score = locked.passed = None
        locked.disagreement = False
        locked.settled_by, locked.settled_at, locked.settlement_reason = None, None, ""
        locked.save()
        log(
            instance=locked.plan.assignment,
            action="assignments.grade_reopened",
            user=by,
            data={"plan": locked.plan_id, "reason": reason.strip()},
        )
    return locked


# --- Release ------------------------------------------------------------------------------


def release_grades(cohort, *, by, now=None):
    """Release every grade of ``cohort`` that is ready for release; mail each participant.

    Grades in any other state stay as they are. Returns the number released. Raises
    ``ActionRefused`` ("not_allowed", "nothing_ready").
    """
    now = now or timezone.now()
    if not may_release(by, cohort):
        raise ActionRefused(_("You may not release this cohort's grades."), code="not_allowed")
    with transaction.atomic():
        grades = list(
            Grade.objects.select_for_update()
            .for_cohort(cohort)
            .ready()
            .select_related("plan__author")
            .order_by("pk")
        )
        if not grades:
            raise ActionRefused(_("No grades are ready for release."), code="nothing_ready")
        Grade.objects.filter(pk__in=[g.pk for g in grades]).update(
            status=Grade.Status.RELEASED, released_at=now, released_by=by
        )
        # update() sends no signal: the released grade shows on the authors' own pages and
        # on the trainer's screens.
        personal_cache.bump(
            personal_cache.cohort_scope(cohort.pk), personal_cache.staff_scope(cohort.pk)
        )
        log(
            instance=cohort.assignment,
            action="assignments.grades_released",
            user=by,
            data={"grades": len(grades)},
        )
        for grade in grades:
            notify.mail(grade.plan.author, cohort, "grade_released", {"plan": grade.plan})
    return len(grades)


# --- The grading page: the comparison ------------------------------------------------------


@dataclass
class CriterionRow:
    criterion: object
    own: object = None  # the viewer's CriterionScore, or None
    self_score: object = None
    peer_scores: list = field(default_factory=list)  # (label, CriterionScore)
    first_score: object = None  # the first marking's, for the second marker after theirs
    warnings: list = field(default_factory=list)  # translated sentences


def comparison(plan, criteria, viewer, own_marking, first_marking=None, reviews=None):
    """Per criterion: the viewer's score beside the self-assessment and the peer scores,
    with a warning where the viewer's level and another differ widely. ``reviews``: the
    plan's reviews (``plan_reviews``), when the page has them."""
    kinds = (Review.Kind.SELF, Review.Kind.PEER)
    if reviews is None:
        reviews = list(
            plan.reviews.filter(kind__in=kinds)
            .submitted()
            .select_related("reviewer")
            .prefetch_related("scores")
            .order_by("kind", "submitted_at", "pk")
        )
    else:
        # The database's order: by kind, then submission (none last), then id.
        reviews = sorted(
            (r for r in reviews if r.kind in kinds and r.status == Review.Status.SUBMITTED),
            key=lambda r: (r.kind, r.submitted_at is None, r.submitted_at or 0, r.pk),
        )
    pseudonyms = Pseudonyms(plan.assignment, viewer)

    def by_criterion(review):
        return {score.criterion_id: score for score in review.scores.all() if score.level_label}

    own = by_criterion(own_marking) if own_marking else {}
    first = by_criterion(first_marking) if first_marking else {}
    self_review = next((r for r in reviews if r.kind == Review.Kind.SELF), None)
    own_self = by_criterion(self_review) if self_review else {}
    peers = [(pseudonyms.reviewer_name(r), by_criterion(r)) for r in reviews if r.kind == "peer"]
    rows = []
    for criterion in criteria:
        row = CriterionRow(
            criterion, own=own.get(criterion.pk), first_score=first.get(criterion.pk)
        )
        row.self_score = own_self.get(criterion.pk)
        row.peer_scores = [(label, scores.get(criterion.pk)) for label, scores in peers]
        if row.own is not None:
            if row.self_score and differs_widely(criterion, row.own.points, row.self_score.points):
                row.warnings.append(_("Your score differs widely from the self-assessment."))
            for label, score in row.peer_scores:
                if score and differs_widely(criterion, row.own.points, score.points):
                    row.warnings.append(
                        _("Your score differs widely from %(reviewer)s.") % {"reviewer": label}
                    )
        rows.append(row)
    return rows


# --- The cohort's grading list and the CSV ---------------------------------------------------


@dataclass
class GradingRow:
    participant: object
    plan: object = None
    grade: object = None
    gradable: bool = False
    markers: list = field(default_factory=list)

    @property
    def status(self):
        return self.grade.status if self.grade else Grade.Status.NOT_STARTED


def grading_rows(assignment, now=None):
    """One row per confirmed participant, ordered by name; a fixed number of queries."""
    now = now or timezone.now()
    # Only what the list and the CSV show of each person (full rows cost more to build
    # than the rest of the page).
    registrations = (
        Registration.objects.confirmed()
        .filter(cohort=assignment.cohort)
        .select_related("participant__school")
        .only(
            "cohort_id",
            "participant__full_name",
            "participant__email",
            "participant__school__name",
            "participant__school__place",
        )
        .order_by("participant__full_name", "participant_id")
    )
    # A plan's texts (up to 30,000 characters each) load only when read.
    plans = {
        p.author_id: p
        for p in Plan.objects.filter(assignment=assignment).defer(
            "body", "revised_body", "marked_names"
        )
    }
    grades = {
        g.plan_id: g
        for g in Grade.objects.filter(plan__assignment=assignment).select_related(
            "first_marker", "second_marker", "settled_by"
        )
    }
    rows = []
    for registration in registrations:
        plan = plans.get(registration.participant_id)
        row = GradingRow(participant=registration.participant, plan=plan)
        if plan is not None:
            plan.assignment = assignment
            row.grade = grades.get(plan.pk)
            row.gradable = is_gradable(plan, now)
        rows.append(row)
    return rows


def status_counts(rows):
    counts = defaultdict(int)
    for row in rows:
        if row.gradable or row.grade:
            counts[row.status] += 1
    return counts


def write_csv(response, assignment, rows):
    """The cohort's grades for Dutch Excel: UTF-8 with BOM, ``;`` separated, every text
    cell through ``course.spreadsheet.csv_safe``. Unreleased grades show their state."""
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Name"),
            _("Email address"),
            _("School"),
            _("Status"),
            _("Score"),
            _("Maximum score"),
            _("Verdict"),
            _("First marker"),
            _("Second marker"),
            _("Settled by"),
            _("Reason for the outcome"),
            _("Released at"),
        ]
    )
    verdicts = {True: _("pass"), False: _("fail"), None: ""}
    for row in rows:
        grade = row.grade
        person = row.participant
        cells = [person.full_name, person.email, person.school or ""]
        if grade is None:
            cells += [Grade.Status.NOT_STARTED.label] + [""] * 8
        else:
            cells += [
                grade.get_status_display(),
                grade.score if grade.score is not None else "",
                grade.max_score if grade.max_score is not None else "",
                verdicts[grade.passed],
                grade.first_marker.full_name if grade.first_marker else "",
                grade.second_marker.full_name if grade.second_marker else "",
                grade.settled_by.full_name if grade.settled_by else "",
                grade.settlement_reason,
                f"{timezone.localtime(grade.released_at):%d-%m-%Y %H:%M}"
                if grade.released_at
                else "",
            ]
        writer.writerow([csv_safe(cell) if isinstance(cell, str) else cell for cell in cells])


# --- The participant's view -----------------------------------------------------------------


def released_grade(plan):
    """``plan``'s grade when released, with its decisive marking's scores; else None."""
    return (
        Grade.objects.released()
        .filter(plan=plan)
        .select_related("final_review")
        .prefetch_related("final_review__scores")
        .first()
    )


# --- Contributions to the core: completion, the trainer's tasks ------------------------------

REQUIREMENT_LABEL = gettext_lazy("Final plan graded: pass")


def completion_requirements(cohort, users):
    """The COMPLETION_REQUIREMENTS hook: met when the participant's final plan's grade is
    released with the verdict voldaan; ``met_on`` is the release date. One query."""
    released = {
        author_id: released_at
        for author_id, released_at in Grade.objects.released()
        .filter(
            plan__assignment__cohort=cohort,
            plan__author__in=[user.pk for user in users],
            passed=True,
        )
        .values_list("plan__author_id", "released_at")
    }
    label = str(REQUIREMENT_LABEL)
    return {
        user.pk: Requirement(
            label=label,
            met=user.pk in released,
            met_on=timezone.localdate(released[user.pk]) if user.pk in released else None,
        )
        for user in users
    }


def grading_task_counts(cohorts, user, now=None):
    """Per cohort id: plans waiting for ``user``'s marking, settlements, grades to release,
    and the assignment's dates (``Assignment.DATE_FIELDS``: when the counts change with
    time). Cohorts without plans have no row.

    One query for all cohorts (the workspace's budget).
    """
    now = now or timezone.now()
    gradable = Q(submitted_at__isnull=False) & (
        Q(revised_at__isnull=False) | Q(assignment__revision_deadline__lte=now)
    )
    not_done = Q(grade__isnull=True) | Q(
        grade__status__in=[Grade.Status.NOT_STARTED, Grade.Status.IN_PROGRESS],
        grade__first_marked_at__isnull=True,
    )
    second = Q(
        grade__status=Grade.Status.IN_PROGRESS,
        grade__needs_second_marker=True,
        grade__first_marked_at__isnull=False,
        grade__second_marked_at__isnull=True,
    ) & ~Q(grade__first_marker=user)
    settle = Q(grade__status=Grade.Status.IN_PROGRESS, grade__disagreement=True)
    if not user.is_coordinator:
        settle &= Q(grade__first_marker=user)
    rows = (
        Plan.objects.filter(assignment__cohort__in=cohorts)
        .values("assignment__cohort_id")
        .annotate(
            to_grade=Count("pk", filter=gradable & not_done),
            second=Count("pk", filter=gradable & second),
            settle=Count("pk", filter=settle),
            release=Count("pk", filter=Q(grade__status=Grade.Status.READY)),
            **{name: Max(f"assignment__{name}") for name in Assignment.DATE_FIELDS},
        )
        .order_by()
    )
    return {row["assignment__cohort_id"]: row for row in rows}
