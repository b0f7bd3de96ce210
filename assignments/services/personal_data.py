"""The final assignment's part of a person's data (AVG): their plans with every version and
the response table, the reviews of their plan they may read, the reviews they wrote, and
their deadline extensions. Registered under the hooks of ``website.personal_data`` in
assignments/wagtail_hooks.py.

Erasure, and why:
- *Their plans are deleted*, with the versions, privacy decisions, response table and the
  reviews of the plan (the self-assessment and the peers' reviews: they quote and judge the
  plan's text, so they cannot stay without it). The attachment is removed from storage
  once the transaction commits. A peer who reviewed the plan loses that review from their
  list and their counts (given and done drop together, so no flag appears).
- *Reviews they wrote on other people's plans stay*, pointing at the anonymised account,
  with their levels and points but without their words (the overall comment and the
  comment per criterion are emptied). The author's received reviews, the response table
  that answers them and the progress counts stay as they were; the author's rating of the
  review is the author's own text and stays too.
- *Reviews they had not submitted are withdrawn* with a reason, and their draft scores
  deleted. In a cohort that has not ended, the course's erasure has already cancelled the
  registration, which moves open reviews to other participants (services/reassignment.py);
  what remains belongs to an ended cohort, where the progress page shows any plan short.
- *Deadline extensions* are deleted (their reason is about the person).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from course import personal_cache
from website.personal_data import record, section

from ..models import (
    CriterionScore,
    DeadlineExtension,
    Grade,
    GuestAccess,
    GuestFeedback,
    Plan,
    PlanVersion,
    PresentationGuest,
    PresentationSlot,
    ResponseItem,
    Review,
)
from .reviews import author_sees_reviews

REASON_ERASED = gettext_lazy("The reviewer's data was erased.")
PLAN_FIELDS = [
    "body",
    "revised_body",
    "attachment_name",
    "marked_names",
    "submitted_at",
    "revised_at",
    "created_at",
    "updated_at",
]
REVIEW_FIELDS = ["kind", "status", "overall_comment", "submitted_at", "helpfulness"]


def _assignment(assignment):
    return {_("final assignment"): assignment.title, _("cohort"): assignment.cohort.title}


def _scores(review):
    """The review's scores as one readable text: criterion, level, points and comment."""
    lines = []
    for score in review.scores.all():
        line = f"{score.criterion_title}: {score.level_label} ({score.points}/{score.max_points})"
        lines.append(f"{line} – {score.comment}" if score.comment else line)
    return "\n".join(lines)


def _review_record(review, **extra):
    return record(
        review,
        REVIEW_FIELDS,
        **{_("scores"): _scores(review)},
        **_assignment(review.plan.assignment),
        **extra,
    )


def _readable_by_author(review, released_markings=()):
    """What the author may read: their self-assessment, peer reviews once submitted and the
    review phase has closed, and the trainer's decisive marking once the grade is released
    (``released_markings``: ids of those markings)."""
    if review.kind == Review.Kind.SELF or review.pk in released_markings:
        return True
    return (
        review.kind == Review.Kind.PEER and review.is_submitted and author_sees_reviews(review.plan)
    )


def export_assignment_data(user):
    """``PERSONAL_DATA_EXPORT``: the person's plans, versions and response table, the reviews
    of their plan they may read, the reviews they wrote and their deadline extensions. No
    reviewer's or author's name appears: peer review may be anonymous."""
    plans = Plan.objects.filter(author=user).select_related("assignment__cohort")
    yield section(
        _("Implementation plans"),
        [record(plan, PLAN_FIELDS, **_assignment(plan.assignment)) for plan in plans],
    )
    versions = PlanVersion.objects.filter(plan__author=user)
    yield section(
        _("Implementation plan versions"),
        [
            record(version, ["number", "kind", "body", "created_at"])
            for version in versions.order_by("plan", "number")
        ],
    )
    yield section(
        _("Responses to feedback"),
        [
            record(item, ["point", "accepted", "why"])
            for item in ResponseItem.objects.filter(plan__author=user)
        ],
    )
    reviews = Review.objects.select_related("plan__assignment__cohort").prefetch_related("scores")
    received = reviews.filter(plan__author=user).exclude(status=Review.Status.WITHDRAWN)
    grades = list(
        Grade.objects.released()
        .filter(plan__author=user)
        .select_related("plan__assignment__cohort")
    )
    released_markings = {grade.final_review_id for grade in grades}
    yield section(
        _("Reviews of your plan"),
        [
            _review_record(review)
            for review in received
            if _readable_by_author(review, released_markings)
        ],
    )
    # Only released grades: before release the participant sees nothing of the grading.
    yield section(
        _("Grades of your plan"),
        [
            record(
                grade,
                ["score", "max_score", "passed", "released_at"],
                **_assignment(grade.plan.assignment),
            )
            for grade in grades
        ],
    )
    yield section(
        _("Reviews you wrote"),
        [
            _review_record(review, **{_("why this rating"): review.helpfulness_reason})
            for review in reviews.filter(reviewer=user).exclude(plan__author=user)
        ],
    )
    yield section(
        _("Deadline extensions"),
        [
            record(
                extension,
                ["submission_deadline", "reason", "created_at"],
                **_assignment(extension.assignment),
            )
            for extension in DeadlineExtension.objects.filter(participant=user).select_related(
                "assignment__cohort"
            )
        ],
    )


def erase_assignment_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: delete the person's plans (attachments removed from
    storage after commit) and extensions; withdraw the reviews they had not submitted and
    empty the words of every review they wrote on someone else's plan (module docstring)."""
    written = Review.objects.filter(reviewer=user).exclude(plan__author=user)
    open_ids = list(
        written.filter(status__in=[Review.Status.ASSIGNED, Review.Status.DRAFT]).values_list(
            "pk", flat=True
        )
    )
    Review.objects.filter(pk__in=open_ids).update(
        status=Review.Status.WITHDRAWN, reason=str(REASON_ERASED)
    )
    # update() sends no signal: the trainer's screens count the reviews.
    personal_cache.bump(
        *(
            personal_cache.staff_scope(cohort_id)
            for cohort_id in written.values_list("plan__assignment__cohort_id", flat=True)
            .order_by()
            .distinct()
        )
    )
    # Draft scores of every review never submitted, also those reassignment withdrew when
    # the course's erasure cancelled the registration.
    unsubmitted = written.filter(status=Review.Status.WITHDRAWN, submitted_at__isnull=True)
    CriterionScore.objects.filter(review__in=unsubmitted).delete()
    kept = written.exclude(pk__in=open_ids).count()
    CriterionScore.objects.filter(review__reviewer=user).exclude(comment="").update(comment="")
    written.exclude(overall_comment="").update(overall_comment="")

    plans = Plan.objects.filter(author=user)
    storage = Plan._meta.get_field("attachment").storage
    files = [name for name in plans.values_list("attachment", flat=True) if name]
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    plan_count = plans.count()
    plans.delete()
    extensions = DeadlineExtension.objects.filter(participant=user).delete()[0]
    return {
        _("implementation plans deleted"): plan_count,
        _("plan attachments removed"): len(files),
        _("open reviews withdrawn"): len(open_ids),
        _("reviews of other plans kept without their comments"): kept,
        _("deadline extensions removed"): extensions,
    }


# --- Presentation day (issue 14) ---------------------------------------------------------
#
# The guests a participant invited are personal data of the guests that the participant
# typed in; they, their feedback and the log of their visits go with the participant's
# export and erasure. The participant's slot is deleted too (it names them); the cohort's
# schedule keeps everybody else's.


def export_presentation_data(user):
    """``PERSONAL_DATA_EXPORT``: the person's presentation slots, the guests they invited
    with their feedback and when they opened the link."""
    slots = PresentationSlot.objects.filter(participant=user).select_related("room", "day__cohort")
    yield section(
        _("Presentation day"),
        [
            record(slot, ["room", "starts_at", "ends_at"], **{_("cohort"): slot.day.cohort.title})
            for slot in slots
        ],
    )
    guests = PresentationGuest.objects.filter(participant=user).select_related("cohort")
    yield section(
        _("Guests you invited"),
        [
            record(
                guest,
                ["name", "email", "role", "invited_at", "revoked_at"],
                **{_("cohort"): guest.cohort.title},
            )
            for guest in guests
        ],
    )
    yield section(
        _("Feedback from your guests"),
        [
            record(item, ["text", "created_at"], **{_("guest"): item.guest.name})
            for item in GuestFeedback.objects.filter(guest__participant=user).select_related(
                "guest"
            )
        ],
    )
    yield section(
        _("When your guests opened their link"),
        [
            record(access, ["accessed_at"], **{_("guest"): access.guest.name})
            for access in GuestAccess.objects.filter(guest__participant=user).select_related(
                "guest"
            )
        ],
    )


def erase_presentation_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: delete the person's slots and their guests with the
    guests' feedback and access log (their links stop working at once)."""
    guests = PresentationGuest.objects.filter(participant=user)
    feedback = GuestFeedback.objects.filter(guest__in=guests).count()
    guest_count = guests.count()
    guests.delete()
    slots = PresentationSlot.objects.filter(participant=user).delete()[0]
    return {
        _("presentation slots removed"): slots,
        _("invited guests removed, with their feedback and link log"): guest_count,
        _("guest feedback removed"): feedback,
    }
