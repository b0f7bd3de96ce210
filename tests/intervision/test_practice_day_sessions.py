"""Each group's afternoon session on the practice day (course day 5 of the cohort)."""

import datetime

from django.utils import timezone

from course.models import CohortDay
from intervision.services.groups import publish
from intervision.services.sessions import sync_practice_day_sessions
from tests.factories import group_with_members


def practice_day(cohort):
    return CohortDay.objects.get(cohort=cohort, number=5)


def test_publishing_groups_plans_their_practice_day_session(cohort):
    groups = [group_with_members(4, cohort, published_at=None) for _i in range(2)]
    publish(cohort)
    day = practice_day(cohort)
    for group in groups:
        session = group.sessions.get(is_practice_day=True)
        assert timezone.localtime(session.starts_at).date() == day.date
        assert timezone.localtime(session.starts_at).time() == datetime.time(13, 30)
        assert session.location == day.venue_name
        assert session.method.slug == "incidentmethode"
        assert session.roles.count() == 3


def test_publishing_twice_does_not_plan_a_second_practice_day_session(cohort):
    group = group_with_members(4, cohort, published_at=None)
    publish(cohort)
    publish(cohort)
    assert group.sessions.filter(is_practice_day=True).count() == 1


def test_moving_the_practice_day_moves_the_session(cohort):
    group = group_with_members(4, cohort)
    sync_practice_day_sessions(cohort)
    day = practice_day(cohort)
    day.date += datetime.timedelta(days=7)
    day.save()
    session = group.sessions.get(is_practice_day=True)
    assert timezone.localtime(session.starts_at).date() == day.date


def test_unpublished_groups_get_no_practice_day_session_yet(cohort):
    group = group_with_members(4, cohort, published_at=None)
    assert sync_practice_day_sessions(cohort) == 0
    assert not group.sessions.exists()


def test_a_cohort_without_a_practice_day_gets_no_session(cohort):
    group = group_with_members(4, cohort)
    practice_day(cohort).delete()
    assert sync_practice_day_sessions(cohort) == 0
    assert not group.sessions.exists()
