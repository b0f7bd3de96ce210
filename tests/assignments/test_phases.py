"""Assignments come with their cohort; phases follow the dates; each person's own deadline."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment, Phase
from assignments.services.assignments import PRESENTATION_DAY_NUMBER, grant_extension
from tests.factories import (
    DAY,
    CohortPageFactory,
    TrainerFactory,
    assignment_in,
    enrol,
)

pytestmark = pytest.mark.django_db


def test_a_new_cohort_gets_its_assignment_with_dates_before_the_presentation_day():
    cohort = CohortPageFactory(days__first_date=datetime.date(2026, 9, 15))
    assignment = Assignment.objects.get(cohort=cohort)
    presentation = cohort.days.get(number=PRESENTATION_DAY_NUMBER).date
    assert assignment.submission_deadline.date() < assignment.review_deadline.date()
    assert assignment.revision_deadline.date() < presentation
    assert timezone.localtime(assignment.submission_deadline).date() == presentation - 28 * DAY


def test_dates_set_by_hand_stay_when_the_course_days_move():
    cohort = CohortPageFactory(days__first_date=datetime.date(2026, 9, 15))
    assignment = cohort.assignment
    assignment.dates_follow_course_days = False
    chosen = assignment.submission_deadline - 3 * DAY
    assignment.submission_deadline = chosen
    assignment.save()
    day = cohort.days.get(number=PRESENTATION_DAY_NUMBER)
    day.date += 14 * DAY
    day.save()
    assignment.refresh_from_db()
    assert assignment.submission_deadline == chosen


@pytest.mark.parametrize(
    "phase", [Phase.WRITING, Phase.PEER_REVIEW, Phase.REVISION, Phase.GRADING, Phase.CLOSED]
)
def test_the_phase_follows_the_dates(phase):
    assert assignment_in(phase.value).phase() == phase


def test_the_phase_moves_on_at_the_deadline_itself():
    assignment = assignment_in("writing")
    deadline = assignment.submission_deadline
    assert assignment.phase(deadline - datetime.timedelta(seconds=1)) == Phase.WRITING
    assert assignment.phase(deadline) == Phase.PEER_REVIEW
    assert assignment.phase(assignment.writing_opens - DAY) == Phase.NOT_OPEN


def test_an_extension_gives_one_participant_a_later_deadline_and_nobody_else():
    assignment = assignment_in("peer_review")
    late, other = enrol(assignment.cohort), enrol(assignment.cohort)
    later = timezone.now() + 3 * DAY
    grant_extension(
        assignment, late, submission_deadline=later, reason="Ziek", granted_by=TrainerFactory()
    )
    assert assignment.deadline_for(late) == later
    assert assignment.deadline_for(other) == assignment.submission_deadline
    assert assignment.accepts_submissions(late)
    assert not assignment.accepts_submissions(other)


def test_an_extension_can_be_changed_but_there_is_only_one_per_person():
    assignment = assignment_in("writing")
    person = enrol(assignment.cohort)
    for days in (20, 25):
        grant_extension(
            assignment,
            person,
            submission_deadline=timezone.now() + days * DAY,
            reason="Verlof",
            granted_by=None,
        )
    assert assignment.extensions.count() == 1
    assert assignment.deadline_for(person) > timezone.now() + 24 * DAY


def test_a_cohort_without_days_still_gets_consistent_dates():
    assignment = CohortPageFactory().assignment
    dates = [getattr(assignment, name) for name in Assignment.DATE_FIELDS]
    assert dates == sorted(dates)


def test_the_personal_calendar_holds_the_persons_own_plan_deadline(client):
    from django.urls import reverse

    from course.models import CalendarFeedToken

    assignment = assignment_in("writing")
    person = enrol(assignment.cohort)
    later = timezone.now() + 30 * DAY
    grant_extension(assignment, person, submission_deadline=later, reason="x", granted_by=None)
    token = CalendarFeedToken.for_user(person)
    feed = client.get(reverse("feeds:personal", kwargs={"token": token.token})).content.decode()
    assert f"plan-submission-{assignment.pk}-{person.pk}@" in feed
    assert timezone.localtime(later).strftime("%Y%m%d") in feed or later.strftime("%Y%m%d") in feed


def test_the_dashboard_panel_shows_the_persons_own_deadline_and_links_to_the_plan(client):
    from django.urls import reverse

    assignment = assignment_in("writing")
    person = enrol(assignment.cohort)
    later = timezone.localtime(timezone.now() + 40 * DAY)
    grant_extension(assignment, person, submission_deadline=later, reason="x", granted_by=None)
    client.force_login(person)
    page = client.get(reverse("course:dashboard")).content.decode()
    assert reverse("assignments:plan", args=[assignment.cohort_id]) in page
    assert str(later.year) in page and _("Your implementation plan") in page
