from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from website.errors import ActionRefused

from .. import personal_cache
from ..models import Attendance


def record_attendance(cohort_day, present, *, by):
    """Save who was present on ``cohort_day``: every confirmed participant gets a record.

    ``present`` is an iterable of users (or their ids) who were there; every other confirmed
    participant of the cohort is recorded as absent. Everything is written in one transaction
    with one bulk upsert, so the day is saved whole or not at all.

    Raises ``ActionRefused`` with code "future" for a day that has not started yet, and
    "not_participant" when ``present`` holds someone without a confirmed place. Returns the
    number of records written.
    """
    if not cohort_day.accepts_attendance():
        raise ActionRefused(
            _("Attendance can be recorded from the course day itself, not before."),
            code="future",
        )
    present_ids = {getattr(person, "pk", person) for person in present}
    participant_ids = set(cohort_day.cohort.participants().values_list("pk", flat=True))
    if present_ids - participant_ids:
        raise ActionRefused(
            _("Only participants with a confirmed place in this cohort can be marked present."),
            code="not_participant",
        )
    now = timezone.now()
    records = [
        Attendance(
            cohort_day=cohort_day,
            participant_id=participant_id,
            present=participant_id in present_ids,
            recorded_by=by,
            recorded_at=now,
        )
        for participant_id in sorted(participant_ids)
    ]
    # No lock: the upsert is atomic per row, and two people saving the same day at once
    # simply means the last save wins for each participant, which is what they would expect.
    with transaction.atomic():
        Attendance.objects.bulk_create(
            records,
            update_conflicts=True,
            unique_fields=["cohort_day", "participant"],
            update_fields=["present", "recorded_by", "recorded_at"],
        )
        # bulk_create sends no signals: the participants' own pages show their attendance.
        personal_cache.bump(personal_cache.cohort_scope(cohort_day.cohort_id))
    return len(records)


def days_awaiting_attendance(cohorts):
    """Course days of ``cohorts`` that have begun (attendance may be recorded from the day
    itself, as ``record_attendance`` allows) with no attendance recorded yet. One query."""
    from django.db.models import Exists, OuterRef

    from ..models import CohortDay

    recorded = Attendance.objects.filter(cohort_day=OuterRef("pk"))
    return list(
        CohortDay.objects.filter(cohort__in=cohorts, date__lte=timezone.localdate())
        .exclude(Exists(recorded))
        .order_by("date", "number")
    )
