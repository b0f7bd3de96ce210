"""The role rota: fair turns as case presenter, swaps that need both, leavers refilled."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from course.models import Registration
from intervision.models import RoleSwap, SessionRole
from intervision.services.sessions import (
    answer_swap,
    create_session,
    fill_roles,
    plan_roles,
    request_swap,
)
from tests.factories import IntervisionSessionFactory
from website.errors import ActionRefused

Role = SessionRole.Role


def presenters_in_order(plan):
    return [session[Role.CASE_PRESENTER] for session in plan]


@pytest.mark.parametrize("size", [3, 4, 5, 7, 8])
def test_everyone_presents_once_before_anyone_presents_twice(size):
    members = list(range(100, 100 + size))
    plan = plan_roles(members, size * 3)
    presenters = presenters_in_order(plan)
    for start in range(0, len(presenters), size):
        assert sorted(presenters[start : start + size]) == members


def test_the_rota_continues_fairly_after_past_sessions():
    members = [1, 2, 3, 4]
    done = {Role.CASE_PRESENTER: Counter({1: 1, 2: 1})}
    plan = plan_roles(members, 2, done=done)
    assert sorted(presenters_in_order(plan)) == [3, 4]


def test_nobody_has_two_roles_in_one_session():
    for session in plan_roles([1, 2, 3, 4], 8):
        assert len(set(session.values())) == len(session) == 3


def test_a_group_smaller_than_the_roles_leaves_the_last_role_empty():
    plan = plan_roles([1, 2], 2)
    assert all(Role.SCRIBE not in session for session in plan)


def future(days):
    return timezone.now() + datetime.timedelta(days=days)


def roles_of(session):
    return {role.role: role.participant for role in session.roles.all()}


def test_planning_sessions_hands_out_the_roles_to_members(group):
    members = {m.participant for m in group.memberships.all()}
    sessions = [
        create_session(
            group,
            starts_at=future(d),
            ends_at=future(d) + datetime.timedelta(hours=1),
            method=IntervisionSessionFactory.build().method,
        )
        for d in (7, 14, 21, 28)
    ]
    presenters = [roles_of(s)[Role.CASE_PRESENTER] for s in sessions]
    assert set(presenters) == members


def test_a_member_who_cancels_their_registration_is_replaced_in_coming_sessions(group):
    sessions = [
        IntervisionSessionFactory(group=group, starts_at=future(d)) for d in (7, 14, 21, 28)
    ]
    fill_roles(group)
    leaver = roles_of(sessions[0])[Role.CASE_PRESENTER]
    registration = Registration.objects.get(cohort=group.cohort, participant=leaver)
    registration.status = Registration.Status.CANCELLED
    registration.save()

    remaining = {m.participant for m in group.memberships.active()}
    assert leaver not in remaining
    for session in sessions:
        assert leaver not in roles_of(session).values()
        assert len(roles_of(session)) == 3
    presenters = [roles_of(s)[Role.CASE_PRESENTER] for s in sessions[:3]]
    assert set(presenters) == remaining


def test_a_leaver_keeps_their_roles_in_past_sessions(group):
    past = IntervisionSessionFactory(group=group, starts_at=future(-14))
    member = group.memberships.first().participant
    SessionRole.objects.create(session=past, participant=member, role=Role.CASE_PRESENTER)
    from intervision.services.groups import leave_cohort

    leave_cohort(member, group.cohort)
    assert roles_of(past)[Role.CASE_PRESENTER] == member


@pytest.fixture
def session_with_roles(group):
    session = IntervisionSessionFactory(group=group, starts_at=future(7))
    fill_roles(group)
    return session


def test_a_swap_changes_nothing_until_the_other_member_accepts(session_with_roles):
    before = roles_of(session_with_roles)
    presenter = before[Role.CASE_PRESENTER]
    scribe = before[Role.SCRIBE]
    request_swap(session_with_roles, role=Role.CASE_PRESENTER, requested_by=presenter, other=scribe)
    assert roles_of(session_with_roles) == before


def test_an_accepted_swap_exchanges_the_two_roles(session_with_roles):
    before = roles_of(session_with_roles)
    presenter, scribe = before[Role.CASE_PRESENTER], before[Role.SCRIBE]
    swap = request_swap(
        session_with_roles, role=Role.CASE_PRESENTER, requested_by=presenter, other=scribe
    )
    answer_swap(swap, by=scribe, accept=True)
    after = roles_of(session_with_roles)
    assert after[Role.CASE_PRESENTER] == scribe
    assert after[Role.SCRIBE] == presenter


def test_a_declined_swap_changes_nothing(session_with_roles):
    before = roles_of(session_with_roles)
    presenter, scribe = before[Role.CASE_PRESENTER], before[Role.SCRIBE]
    swap = request_swap(
        session_with_roles, role=Role.CASE_PRESENTER, requested_by=presenter, other=scribe
    )
    answer_swap(swap, by=scribe, accept=False)
    assert roles_of(session_with_roles) == before
    swap.refresh_from_db()
    assert swap.status == RoleSwap.Status.DECLINED


def test_only_the_asked_member_can_accept_a_swap(session_with_roles):
    before = roles_of(session_with_roles)
    presenter, scribe = before[Role.CASE_PRESENTER], before[Role.SCRIBE]
    swap = request_swap(
        session_with_roles, role=Role.CASE_PRESENTER, requested_by=presenter, other=scribe
    )
    with pytest.raises(ActionRefused) as error:
        answer_swap(swap, by=presenter, accept=True)
    assert error.value.code == "not_asked"
    assert roles_of(session_with_roles) == before


def test_a_member_cannot_give_away_a_role_they_do_not_have(session_with_roles):
    roles = roles_of(session_with_roles)
    with pytest.raises(ActionRefused) as error:
        request_swap(
            session_with_roles,
            role=Role.CASE_PRESENTER,
            requested_by=roles[Role.SCRIBE],
            other=roles[Role.FACILITATOR],
        )
    assert error.value.code == "not_yours"


def test_a_swap_with_someone_outside_the_group_is_refused(session_with_roles, other_group):
    presenter = roles_of(session_with_roles)[Role.CASE_PRESENTER]
    outsider = other_group.memberships.first().participant
    with pytest.raises(ActionRefused) as error:
        request_swap(
            session_with_roles, role=Role.CASE_PRESENTER, requested_by=presenter, other=outsider
        )
    assert error.value.code == "not_member"


def test_a_session_planned_before_existing_ones_keeps_the_rota_fair(group):
    later = IntervisionSessionFactory(group=group, starts_at=future(60))
    fill_roles(group)
    for days in (7, 14, 21):
        create_session(
            group,
            starts_at=future(days),
            ends_at=future(days) + datetime.timedelta(hours=1),
            method=later.method,
        )
    sessions = group.sessions.order_by("starts_at")
    presenters = [roles_of(s)[Role.CASE_PRESENTER] for s in sessions]
    assert len(set(presenters)) == 4


def test_every_member_gets_a_role_before_anyone_gets_a_second(group):
    from tests.factories import GroupMembershipFactory

    GroupMembershipFactory(group=group)
    GroupMembershipFactory(group=group)  # six members, three roles per session
    for days in (7, 14):
        IntervisionSessionFactory(group=group, starts_at=future(days))
    fill_roles(group)
    people = [p for s in group.sessions.all() for p in roles_of(s).values()]
    assert len(set(people)) == 6


def test_roles_agreed_in_a_swap_stay_when_a_session_is_added(session_with_roles):
    before = roles_of(session_with_roles)
    presenter, scribe = before[Role.CASE_PRESENTER], before[Role.SCRIBE]
    swap = request_swap(
        session_with_roles, role=Role.CASE_PRESENTER, requested_by=presenter, other=scribe
    )
    answer_swap(swap, by=scribe, accept=True)
    agreed = roles_of(session_with_roles)
    create_session(
        session_with_roles.group,
        starts_at=future(3),
        ends_at=future(3) + datetime.timedelta(hours=1),
        method=session_with_roles.method,
    )
    assert roles_of(session_with_roles) == agreed


def test_the_swap_form_offers_the_other_members_by_name_from_one_query(client, session_with_roles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from intervision.models import GroupMembership

    presenter = roles_of(session_with_roles)[Role.CASE_PRESENTER]
    others = [
        m.participant
        for m in GroupMembership.objects.active()
        .filter(group=session_with_roles.group)
        .select_related("participant")
        if m.participant_id != presenter.pk
    ]
    client.force_login(presenter)
    url = reverse("intervision:session", args=[session_with_roles.pk])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    for person in others:
        assert f'<option value="{person.pk}">{person.full_name}</option>' in html
    assert f'value="{presenter.pk}"' not in html
    # Lists of people (not the signed-in person's own roles and access, asked from the
    # user table too).
    user_lists = [
        q
        for q in queries
        if q["sql"].startswith('SELECT "website_user"') and "ORDER BY" in q["sql"]
    ]
    assert len(user_lists) == 1, [q["sql"][:80] for q in user_lists]
