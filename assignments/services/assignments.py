"""Creating a cohort's assignment and giving one participant a later deadline."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment, DeadlineExtension

#: The presentation day: participants present their plan on the last course day.
PRESENTATION_DAY_NUMBER = 7

#: Each date relative to the presentation day's date (at 23:59 local time), and when
#: writing opens relative to the first course day.
DEFAULT_OFFSETS = {
    "submission_deadline": -28,
    "review_deadline": -14,
    "revision_deadline": -7,
    "grading_deadline": -1,
    "closes_at": 14,
}


def default_dates(cohort):
    """The assignment's dates derived from ``cohort``'s course days.

    Peer review, revision and grading all fit before the presentation day. Without a
    presentation day yet, the last planned day stands in for it, and without any days the
    end of registration plus four months.
    """
    days = sorted(cohort.days.all(), key=lambda day: day.number)
    presentation = next((d for d in days if d.number == PRESENTATION_DAY_NUMBER), None)
    if presentation is None and days:
        presentation = days[-1]
    anchor = (
        presentation.date
        if presentation
        else cohort.registration_closes + datetime.timedelta(days=120)
    )
    first = days[0].date if days else anchor - datetime.timedelta(days=90)

    def at_end_of(date):
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(23, 59)))

    dates = {
        name: at_end_of(anchor + datetime.timedelta(days=offset))
        for name, offset in DEFAULT_OFFSETS.items()
    }
    opens = min(first, anchor - datetime.timedelta(days=35))
    dates["writing_opens"] = timezone.make_aware(datetime.datetime.combine(opens, datetime.time(0)))
    return dates


def ensure_assignment(cohort):
    """``cohort``'s assignment, created with default dates when it has none yet."""
    assignment = Assignment.objects.filter(cohort=cohort).first()
    if assignment is None:
        assignment = Assignment.objects.create(
            cohort=cohort, title=_("Implementation plan"), **default_dates(cohort)
        )
    return assignment


def follow_course_days(cohort):
    """Move the assignment's dates with the cohort's days, while nobody relies on them yet."""
    assignment = Assignment.objects.filter(cohort=cohort).first()
    if assignment is None:
        ensure_assignment(cohort)
        return
    if not assignment.dates_follow_course_days or assignment.plans.exists():
        return
    for name, value in default_dates(cohort).items():
        setattr(assignment, name, value)
    assignment.save(update_fields=list(Assignment.DATE_FIELDS))


@transaction.atomic
def grant_extension(assignment, participant, *, submission_deadline, reason, granted_by):
    """Give ``participant`` their own later submission deadline (or change it)."""
    extension, _created = DeadlineExtension.objects.update_or_create(
        assignment=assignment,
        participant=participant,
        defaults={
            "submission_deadline": submission_deadline,
            "reason": reason,
            "granted_by": granted_by,
        },
    )
    return extension
