"""Intervision on the course's pages through course/hooks.py: Mijn opleiding, the practice
day, the personal calendar feed and the trainer's cohort overview."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from course.models import CalendarFeedToken
from intervision.models import SessionRole
from intervision.services.groups import publish
from tests.factories import IntervisionSessionFactory, group_with_members

PLACEHOLDER = "Your intervision group is not available yet."


@pytest.fixture
def published(cohort):
    group = group_with_members(4, cohort, published_at=None)
    publish(cohort)  # plans the practice-day session
    return group


def test_mijn_opleiding_shows_the_members_group_and_next_session(client, published):
    member = published.memberships.first().participant
    client.force_login(member)
    html = client.get(reverse("course:dashboard")).content.decode()
    assert _("My intervision group") in html
    assert reverse("intervision:group", kwargs={"group_id": published.pk}) in html
    session = published.sessions.get()
    assert reverse("intervision:session", kwargs={"session_id": session.pk}) in html
    assert _(PLACEHOLDER) not in html


def test_mijn_opleiding_shows_the_next_session_with_every_role_of_the_member(client, cohort):
    """The next coming session (not a later or a past one), with all of the member's roles
    in it, in the roles' order; the group and its sessions come from one query."""
    group = group_with_members(3, cohort, published_at=timezone.now())
    member = group.memberships.first().participant
    now = timezone.now()
    past = IntervisionSessionFactory(group=group, starts_at=now - datetime.timedelta(days=3))
    later = IntervisionSessionFactory(group=group, starts_at=now + datetime.timedelta(days=9))
    after_past = IntervisionSessionFactory(group=group, starts_at=now + datetime.timedelta(days=2))
    for session, role in [
        (after_past, SessionRole.Role.SCRIBE),
        (after_past, SessionRole.Role.CASE_PRESENTER),
        (later, SessionRole.Role.FACILITATOR),
        (past, SessionRole.Role.FACILITATOR),
    ]:
        SessionRole.objects.create(session=session, participant=member, role=role)
    client.force_login(member)
    html = client.get(reverse("course:dashboard")).content.decode()
    assert reverse("intervision:session", kwargs={"session_id": after_past.pk}) in html
    for other in (past, later):
        assert reverse("intervision:session", kwargs={"session_id": other.pk}) not in html
    roles = f"{SessionRole.Role.CASE_PRESENTER.label}, {SessionRole.Role.SCRIBE.label}"
    assert f"<dd>{roles}</dd>" in html
    assert str(SessionRole.Role.FACILITATOR.label) not in html


def test_mijn_opleiding_says_no_session_is_planned_when_all_have_passed(client, cohort):
    group = group_with_members(3, cohort, published_at=timezone.now())
    IntervisionSessionFactory(group=group, starts_at=timezone.now() - datetime.timedelta(days=3))
    other = group_with_members(3, cohort, published_at=timezone.now())
    coming = IntervisionSessionFactory(group=other)
    client.force_login(group.memberships.first().participant)
    html = client.get(reverse("course:dashboard")).content.decode()
    assert reverse("intervision:group", kwargs={"group_id": group.pk}) in html
    assert _("No sessions have been planned yet.") in html
    assert reverse("intervision:session", kwargs={"session_id": coming.pk}) not in html


def test_mijn_opleiding_keeps_the_placeholder_until_groups_are_published(client, cohort):
    group = group_with_members(4, cohort, published_at=None)
    client.force_login(group.memberships.first().participant)
    html = client.get(reverse("course:dashboard")).content.decode()
    assert _(PLACEHOLDER) in html
    assert reverse("intervision:group", kwargs={"group_id": group.pk}) not in html


def test_the_practice_day_page_names_the_group_and_its_afternoon_session(client, published):
    member = published.memberships.first().participant
    client.force_login(member)
    html = client.get(reverse("visits:practice_day", args=[published.cohort_id])).content.decode()
    assert (
        _("In the afternoon you take part in intervision with %(name)s.") % {"name": published.name}
        in html
    )
    assert "13:30" in html


def test_the_personal_calendar_feed_holds_the_members_sessions(client, published):
    member = published.memberships.first().participant
    token = CalendarFeedToken.for_user(member).token
    feed = client.get(reverse("feeds:personal", kwargs={"token": token}))
    calendar = icalendar.Calendar.from_ical(feed.content)
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    session = published.sessions.get()
    assert any(uid.startswith(f"intervision-session-{session.pk}@") for uid in uids)


def test_another_groups_sessions_stay_out_of_the_feed(client, published, cohort):
    other = group_with_members(4, cohort)
    token = CalendarFeedToken.for_user(other.memberships.first().participant).token
    feed = client.get(reverse("feeds:personal", kwargs={"token": token}))
    session = published.sessions.get()
    assert f"intervision-session-{session.pk}@".encode() not in feed.content


def test_the_cohort_overview_links_to_the_groups_screen(client, published, cohort_trainer):
    client.force_login(cohort_trainer)
    html = client.get(reverse("course:cohort_overview")).content.decode()
    assert reverse("intervision:cohort_groups", kwargs={"cohort_id": published.cohort_id}) in html
