"""Sessions of an intervision group: creating them, the role rota and role swaps.

The rota itself is a pure function (``plan_roles``); ``fill_roles`` applies it to a group's
sessions that have not started yet.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from course import personal_cache
from course.models import CohortDay
from course.models.pages import PRACTICE_DAY_NUMBER
from website.errors import ActionRefused

from ..models import GroupMembership, IntervisionSession, Method, RoleSwap, SessionRole

Role = SessionRole.Role

#: The order in which a session's roles are handed out: the case presenter first, because
#: the rota's promise (everyone presents once before anyone presents twice) is about that role.
ROLE_ORDER = (Role.CASE_PRESENTER, Role.FACILITATOR, Role.SCRIBE)

#: The practice-day afternoon session; the course day itself ends at its own time.
PRACTICE_DAY_SESSION_START = datetime.time(13, 30)
PRACTICE_DAY_SESSION_MINUTES = 90
PRACTICE_DAY_METHOD = "incidentmethode"


# --- The rota (pure) -----------------------------------------------------------------------


def plan_roles(members, session_count, *, done=None, fixed=None):
    """Hand out the roles of ``session_count`` sessions in order among ``members``.

    ``members`` is the ordered list of member ids (the order breaks ties); ``done`` maps a
    role to a ``Counter`` of how often each member already had it (past sessions); ``fixed``
    is, per session, a dict role -> member id that must stay (an empty dict for none).
    For every session and role in ``ROLE_ORDER`` the member who had that role least often so
    far gets it (then: who had fewest roles at all), never two roles in one session. So
    everyone presents a case once before anyone presents twice. With fewer members than
    roles, the last roles stay empty.

    Returns a list with a dict role -> member id per session.
    """
    counts = {role: Counter((done or {}).get(role, {})) for role in ROLE_ORDER}
    total = Counter()
    for role_counts in counts.values():
        total.update(role_counts)
    position = {member: index for index, member in enumerate(members)}
    fixed = list(fixed or [])
    plan = []
    for index in range(session_count):
        given = fixed[index] if index < len(fixed) else {}
        assigned = {role: member for role, member in given.items() if member in position}
        for role in ROLE_ORDER:
            if role in assigned:
                continue
            taken = set(assigned.values())
            candidates = [member for member in members if member not in taken]
            if candidates:
                assigned[role] = min(
                    candidates, key=lambda m, r=role: (counts[r][m], total[m], position[m])
                )
        for role, member in assigned.items():
            counts[role][member] += 1
            total[member] += 1
        plan.append(assigned)
    return plan


# --- Applying the rota ---------------------------------------------------------------------


def fill_roles(group, *, now=None):
    """Hand out the roles of the group's sessions that have not started yet, by the rota.

    Past sessions count as history. The coming sessions are planned again from scratch, so
    the rota stays fair when a session is added in between or a member left; the plan is
    deterministic, so adding a session at the end changes nothing before it. Only sessions
    in which two members agreed on a swap keep their roles (still held by active members):
    their agreement wins over the rota.
    """
    now = now or timezone.now()
    members = list(
        group.memberships.active().order_by("pk").values_list("participant_id", flat=True)
    )
    with transaction.atomic():
        sessions = list(group.sessions.order_by("starts_at", "pk"))
        coming = [session for session in sessions if session.starts_at > now]
        coming_ids = {session.pk for session in coming}
        agreed = set(
            RoleSwap.objects.filter(
                session__in=coming_ids, status=RoleSwap.Status.ACCEPTED
            ).values_list("session", flat=True)
        )
        done = {role: Counter() for role in ROLE_ORDER}
        current = {session.pk: {} for session in coming}
        kept = {session.pk: {} for session in coming}
        for role in SessionRole.objects.filter(session__group=group):
            if role.session_id not in coming_ids:
                done[role.role][role.participant_id] += 1
                continue
            current[role.session_id][role.role] = role
            if role.session_id in agreed and role.participant_id in members:
                kept[role.session_id][role.role] = role.participant_id
        plan = plan_roles(members, len(coming), done=done, fixed=[kept[s.pk] for s in coming])
        stale, new = [], []
        for session, assigned in zip(coming, plan, strict=True):
            for role_name, role in current[session.pk].items():
                if assigned.get(role_name) != role.participant_id:
                    stale.append(role.pk)
            for role_name, member in assigned.items():
                role = current[session.pk].get(role_name)
                if role is None or role.participant_id != member:
                    new.append(SessionRole(session=session, role=role_name, participant_id=member))
        SessionRole.objects.filter(pk__in=stale).delete()
        SessionRole.objects.bulk_create(new)
        personal_cache.bump(personal_cache.cohort_scope(group.cohort_id))
        RoleSwap.objects.filter(session__in=coming_ids, status=RoleSwap.Status.PENDING).exclude(
            requested_by__in=members, other__in=members
        ).update(status=RoleSwap.Status.DECLINED, decided_at=now)


def create_session(
    group, *, starts_at, ends_at, method, location="", video_url="", is_practice_day=False
):
    """Add a session to ``group`` and give its roles to members by the rota."""
    if ends_at <= starts_at:
        raise ActionRefused(_("A session must end after it starts."), code="ends_before_start")
    session = IntervisionSession.objects.create(
        group=group,
        starts_at=starts_at,
        ends_at=ends_at,
        method=method,
        location=location,
        video_url=video_url,
        is_practice_day=is_practice_day,
    )
    fill_roles(group)
    return session


def practice_day_method():
    return Method.objects.filter(slug=PRACTICE_DAY_METHOD).first() or Method.objects.first()


def sync_practice_day_sessions(cohort):
    """Give each published group of ``cohort`` its session on the practice-day afternoon.

    The practice day is course day 5 of the cohort (``CohortDay``, in course): reading the
    date there keeps intervision independent of the practice_day app. Creates missing
    sessions and moves sessions that have not started when the day's date changed; does
    nothing without a day 5 or a method. Returns the number of sessions created.
    """
    day = CohortDay.objects.filter(cohort=cohort, number=PRACTICE_DAY_NUMBER).first()
    method = practice_day_method()
    if day is None or method is None:
        return 0
    starts_at = timezone.make_aware(datetime.datetime.combine(day.date, PRACTICE_DAY_SESSION_START))
    ends_at = starts_at + datetime.timedelta(minutes=PRACTICE_DAY_SESSION_MINUTES)
    created = 0
    groups = cohort.intervision_groups.published().prefetch_related("sessions")
    for group in groups:
        existing = [session for session in group.sessions.all() if session.is_practice_day]
        if not existing:
            create_session(
                group,
                starts_at=starts_at,
                ends_at=ends_at,
                method=method,
                location=day.venue_name,
                is_practice_day=True,
            )
            created += 1
        else:
            for session in existing:
                if session.starts_at.date() != starts_at.date() and not session.has_started():
                    session.starts_at, session.ends_at = starts_at, ends_at
                    session.save(update_fields=["starts_at", "ends_at"])
    return created


# --- Swapping a role -----------------------------------------------------------------------


def request_swap(session, *, role, requested_by, other):
    """Ask ``other`` to take over ``requested_by``'s ``role`` in ``session``.

    Raises ActionRefused when the requester does not hold that role, the other person is
    not an active member of the group, or the session has started.
    """
    if session.has_started():
        raise ActionRefused(
            _("This session has already started; roles can no longer be swapped."), code="started"
        )
    if not SessionRole.objects.filter(
        session=session, role=role, participant=requested_by
    ).exists():
        raise ActionRefused(_("You do not have this role in this session."), code="not_yours")
    if (
        other == requested_by
        or not GroupMembership.objects.active()
        .filter(group=session.group_id, participant=other)
        .exists()
    ):
        raise ActionRefused(
            _("You can only swap with another member of your group."), code="not_member"
        )
    if RoleSwap.objects.filter(
        session=session, role=role, requested_by=requested_by, status=RoleSwap.Status.PENDING
    ).exists():
        raise ActionRefused(
            _("You have already asked someone to take over this role."), code="pending"
        )
    return RoleSwap.objects.create(
        session=session, role=role, requested_by=requested_by, other=other
    )


def answer_swap(swap, *, by, accept):
    """The asked member accepts or declines ``swap``; only they can answer, only once.

    On acceptance the two exchange roles: the asked member takes the requested role and the
    requester takes over the role the asked member had in that session (if any).
    """
    if by.pk != swap.other_id:
        raise ActionRefused(_("Only the member who was asked can answer."), code="not_asked")
    with transaction.atomic():
        swap = RoleSwap.objects.select_for_update().get(pk=swap.pk)
        if swap.status != RoleSwap.Status.PENDING:
            raise ActionRefused(_("This request has already been answered."), code="answered")
        if swap.session.has_started():
            raise ActionRefused(
                _("This session has already started; roles can no longer be swapped."),
                code="started",
            )
        swap.decided_at = timezone.now()
        if not accept:
            swap.status = RoleSwap.Status.DECLINED
            swap.save(update_fields=["status", "decided_at"])
            return swap
        roles = {
            role.participant_id: role
            for role in SessionRole.objects.select_for_update().filter(session=swap.session_id)
        }
        given = roles.get(swap.requested_by_id)
        if given is None or given.role != swap.role:
            raise ActionRefused(
                _("The role has changed since the request; ask again."), code="changed"
            )
        taken = roles.get(swap.other_id)
        # Free the requested role first: (session, role) is unique.
        given.delete()
        if taken is not None:
            taken.participant_id = swap.requested_by_id
            taken.save(update_fields=["participant"])
        SessionRole.objects.create(session_id=swap.session_id, role=swap.role, participant=by)
        swap.status = RoleSwap.Status.ACCEPTED
        swap.save(update_fields=["status", "decided_at"])
    return swap
