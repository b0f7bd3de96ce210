"""Forming, changing and publishing the intervision groups of a cohort; who sees which group.

The grouping rules themselves (sizes within bounds, never two people of one school or one
board together) live in ``intervision.grouping`` (pure functions); this module feeds them
the cohort's participants and turns their answers into rows and Dutch messages.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from course import personal_cache
from course.models import CohortPage, Registration
from course.permissions import trains_cohort
from website.errors import ActionRefused
from website.personal_data import record, section

from .. import grouping
from ..models import (
    GroupMembership,
    IntervisionGroup,
    IntervisionSession,
    IntervisionSettings,
    RoleSwap,
    SessionRole,
)
from .sessions import fill_roles, sync_practice_day_sessions

#: Rules that block a move and publishing; sizes only warn (a small cohort may not allow better).
COLLEAGUE_CODES = (grouping.Code.SAME_SCHOOL, grouping.Code.SAME_BOARD)


# --- Who may see and do what ---------------------------------------------------------------


def can_manage_groups(user, cohort, *, listed=None):
    """A trainer of this cohort or a coordinator forms groups and plans their sessions.
    ``listed``: whether ``user`` is among the cohort's trainers, when already asked (a group
    or session loaded ``with_viewer``)."""
    return user.is_authenticated and (
        user.is_coordinator or trains_cohort(user, cohort, listed=listed)
    )


def visible_groups(user):
    """The groups ``user`` may open: their own published group, the groups of the cohorts
    they train, and for coordinators every group (to manage them; cases stay hidden)."""
    if not user.is_authenticated:
        return IntervisionGroup.objects.none()
    if user.is_coordinator:
        return IntervisionGroup.objects.all()
    own = GroupMembership.objects.active().filter(participant=user).values("group")
    return IntervisionGroup.objects.filter(
        Q(pk__in=own, published_at__isnull=False)
        | Q(cohort__in=CohortPage.objects.filter(trainers=user).values("pk"))
    )


def may_see_group(user, group, *, is_member=None, listed=None):
    """Whether ``group`` is one of ``visible_groups(user)``, answered for one loaded group:
    a page of one group or session asks this instead of filtering by ``visible_groups``,
    whose subqueries cost more to build than the page's other queries. ``is_member``:
    ``is_active_member(user, group)`` when the caller already asked; ``listed``: whether
    ``user`` is among the cohort's trainers, likewise (both come with ``with_viewer``)."""
    if not user.is_authenticated:
        return False
    if is_member is None:
        is_member = is_active_member(user, group)
    if (is_member and group.is_published) or user.is_coordinator:
        return True
    if listed is not None:
        return listed
    return CohortPage.trainers.through.objects.filter(
        cohortpage_id=group.cohort_id, user_id=user.pk
    ).exists()


def visible_sessions(user):
    """Sessions of the groups ``user`` may open."""
    return IntervisionSession.objects.filter(group__in=visible_groups(user))


def is_active_member(user, group):
    return (
        user.is_authenticated
        and GroupMembership.objects.active().filter(group=group, participant=user).exists()
    )


def own_groups(user):
    """``user``'s own published groups (one per cohort), with their cohort."""
    if not user.is_authenticated:
        return IntervisionGroup.objects.none()
    own = GroupMembership.objects.active().filter(participant=user).values("group")
    return IntervisionGroup.objects.published().filter(pk__in=own).select_related("cohort")


# --- The cohort's people -------------------------------------------------------------------


def cohort_participants(cohort):
    """People with a confirmed place in ``cohort``, with school and board, by name."""
    return (
        get_user_model()
        .objects.filter(
            registrations__cohort=cohort, registrations__status=Registration.Status.CONFIRMED
        )
        .select_related("school__board")
        .order_by("full_name", "pk")
    )


def size_bounds():
    settings = IntervisionSettings.load()
    return settings.min_group_size, settings.max_group_size


def _person(user):
    return grouping.Person(
        id=user.pk,
        school_id=user.school_id,
        board_id=user.school.board_id if user.school_id else None,
        name=user.full_name,
    )


def cohort_groups(cohort):
    """The cohort's groups by number (a queryset)."""
    return cohort.intervision_groups.order_by("number")


def arrangement(cohort, groups=None):
    """The cohort's groups as ``{group: [participant, ...]}`` (active members), by number.
    ``groups``: ``cohort_groups(cohort)`` when the caller reads it again (once run here, it
    is not run again)."""
    groups = list(groups if groups is not None else cohort_groups(cohort))
    members = {group.pk: [] for group in groups}
    memberships = (
        GroupMembership.objects.active()
        .filter(group__cohort=cohort)
        .select_related("participant__school__board")
        .order_by("participant__full_name")
    )
    for membership in memberships:
        members[membership.group_id].append(membership.participant)
    return {group: members[group.pk] for group in groups}


def _violations(layout, people):
    """What breaks the grouping rules in ``layout`` ({group: [person]}) for the cohort's
    ``people``; each violation's ``group`` indexes ``list(layout)``."""
    min_size, max_size = size_bounds()
    return grouping.check_groups(
        [[person.pk for person in members] for members in layout.values()],
        [_person(person) for person in people],
        min_size=min_size,
        max_size=max_size,
        labels=[group.number for group in layout],
    )


def check_cohort(cohort, layout=None, participants=None):
    """Everything the trainer should know before publishing: per group (keyed by its pk, or
    ``None`` for the cohort as a whole) a list of Dutch sentences; empty when all is well.
    ``participants``: ``cohort_participants(cohort)`` when the caller has it."""
    layout = layout if layout is not None else arrangement(cohort)
    if not layout:
        return {}
    groups = list(layout)
    problems = {}
    if participants is None:
        participants = cohort_participants(cohort)
    for violation in _violations(layout, participants):
        key = groups[violation.group].pk if violation.group is not None else None
        problems.setdefault(key, []).append(violation.message)
    return problems


# --- Forming and publishing ----------------------------------------------------------------


def suggest(cohort):
    """Replace the cohort's unpublished groups by a fresh suggestion; return Dutch conflicts.

    Raises ActionRefused when the groups are already published (moving people by hand is
    still possible then) or when the cohort has no participants.
    """
    min_size, max_size = size_bounds()
    people = list(cohort_participants(cohort))
    if not people:
        raise ActionRefused(
            _("This cohort has no participants with a confirmed place yet."), code="empty"
        )
    result = grouping.suggest_groups(
        [_person(p) for p in people], min_size=min_size, max_size=max_size
    )
    with transaction.atomic():
        cohort = CohortPage.objects.select_for_update().get(pk=cohort.pk)
        if cohort.intervision_groups.published().exists():
            raise ActionRefused(
                _("The groups are already published. Move people by hand instead."),
                code="published",
            )
        cohort.intervision_groups.all().delete()
        for number, members in enumerate(result.groups, start=1):
            group = IntervisionGroup.objects.create(cohort=cohort, number=number)
            GroupMembership.objects.bulk_create(
                GroupMembership(group=group, cohort=cohort, participant_id=person_id)
                for person_id in members
            )
        personal_cache.bump(personal_cache.cohort_scope(cohort.pk))
    # The suggestion labels its groups 1, 2, 3, ... like the numbers given above.
    return [violation.message for violation in result.violations]


def move_member(cohort, participant, group):
    """Put ``participant`` (a confirmed participant of ``cohort``) into ``group``.

    Refused with a Dutch message when the move puts two people of one school or one board
    together or makes ``group`` larger than allowed; a group that becomes too small is
    reported by ``check_cohort``, because a trainer rebalancing groups passes through that.
    When the groups are published, the roles of both groups' coming sessions are handed out
    again.
    """
    if group.cohort_id != cohort.pk:
        raise ActionRefused(_("This group belongs to another cohort."), code="other_cohort")
    if not cohort_participants(cohort).filter(pk=participant.pk).exists():
        raise ActionRefused(
            _("%(name)s has no confirmed place in this cohort.") % {"name": participant},
            code="not_participant",
        )
    with transaction.atomic():
        CohortPage.objects.select_for_update().get(pk=cohort.pk)
        layout = arrangement(cohort)
        target = next(g for g in layout if g.pk == group.pk)
        if any(person.pk == participant.pk for person in layout[target]):
            raise ActionRefused(
                _("%(name)s is already in this group.") % {"name": participant.full_name},
                code="same",
            )
        proposed = {
            g: [person for person in members if person.pk != participant.pk]
            for g, members in layout.items()
        }
        proposed[target].append(participant)
        index = list(proposed).index(target)
        refusals = [
            violation
            for violation in _violations(proposed, cohort_participants(cohort))
            if violation.group == index
            and (
                violation.code == grouping.Code.TOO_LARGE
                or violation.code in COLLEAGUE_CODES
                and participant.pk in violation.people
            )
        ]
        if refusals:
            raise ActionRefused(
                _("%(name)s cannot move to %(group)s. %(reason)s")
                % {
                    "name": participant.full_name,
                    "group": group.name,
                    "reason": refusals[0].message,
                },
                code=str(refusals[0].code),
            )
        membership = GroupMembership.objects.filter(cohort=cohort, participant=participant).first()
        previous = membership.group if membership else None
        if membership is None:
            membership = GroupMembership(cohort=cohort, participant=participant)
        membership.group, membership.left_at = group, None
        membership.save()
        for changed in {group, previous} - {None}:
            if changed.is_published:
                fill_roles(changed)
    return previous


def publish(cohort):
    """Publish the cohort's groups to their members and plan each group's practice-day session.

    Refused while two people of one school or board share a group. Groups that are too small
    or people not yet placed do not block publishing (a small cohort may not allow better);
    the trainer sees them on the screen before pressing the button.
    """
    layout = arrangement(cohort)
    if not layout:
        raise ActionRefused(_("There are no groups to publish yet."), code="no_groups")
    blocking = [
        violation
        for violation in _violations(layout, cohort_participants(cohort))
        if violation.code in COLLEAGUE_CODES
    ]
    if blocking:
        raise ActionRefused(
            _("The groups cannot be published yet. %(reason)s") % {"reason": blocking[0].message},
            code=str(blocking[0].code),
        )
    now = timezone.now()
    with transaction.atomic():
        cohort.intervision_groups.filter(published_at__isnull=True).update(published_at=now)
        personal_cache.bump(personal_cache.cohort_scope(cohort.pk))
        sync_practice_day_sessions(cohort)
        for group in cohort.intervision_groups.all():
            fill_roles(group)


def leave_cohort(participant, cohort, *, now=None):
    """``participant`` left ``cohort``: they drop out of their group and its coming roles."""
    now = now or timezone.now()
    membership = (
        GroupMembership.objects.active()
        .filter(cohort=cohort, participant=participant)
        .select_related("group")
        .first()
    )
    if membership is None:
        return
    membership.left_at = now
    membership.save(update_fields=["left_at"])
    fill_roles(membership.group, now=now)


def _roles():
    roles = SessionRole.objects.select_related("participant").order_by("role")
    return Prefetch("roles", queryset=roles)


def with_roles(sessions):
    """``sessions`` with method and roles (people included), in a fixed number of queries."""
    return sessions.select_related("method").prefetch_related(_roles())


def load_roles(sessions):
    """Roles (people included) of already loaded ``sessions``, as ``with_roles`` would
    have: one query, for a page that needs them only when its cached part is rendered."""
    prefetch_related_objects(sessions, _roles())


def sessions_of_groups(groups):
    """Sessions of ``groups`` by start, with their group, method and roles."""
    return with_roles(
        IntervisionSession.objects.filter(group__in=groups).select_related("group")
    ).order_by("starts_at")


# --- A person's data (AVG; hooks of website.personal_data) ---------------------------------


def export_group_data(user):
    """``PERSONAL_DATA_EXPORT``: the person's groups and their roles in sessions; the other
    members' names are left out. (Cases and notes: services/cases.py; reflections:
    services/reflections.py.)"""
    memberships = GroupMembership.objects.filter(participant=user).select_related("group__cohort")
    yield section(
        _("Intervision groups"),
        [
            record(m, ["left_at"], **{_("cohort"): m.group.cohort.title, _("group"): m.group.name})
            for m in memberships
        ],
    )
    roles = SessionRole.objects.filter(participant=user).select_related("session__method")
    yield section(
        _("Roles in intervision sessions"),
        [
            record(
                role,
                ["role"],
                **{_("starts at"): role.session.starts_at, _("method"): role.session.method.name},
            )
            for role in roles.order_by("session__starts_at")
        ],
    )


def erase_group_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: leave every group (coming sessions get their roles from the
    other members), then remove the memberships and swap requests. Roles in past sessions
    stay, pointing at the anonymised account: they are the group's history."""
    left = 0
    for membership in GroupMembership.objects.active().filter(participant=user):
        leave_cohort(user, membership.cohort)
        left += 1
    memberships = GroupMembership.objects.filter(participant=user).delete()[0]
    swaps = RoleSwap.objects.filter(Q(requested_by=user) | Q(other=user)).delete()[0]
    return {
        _("intervision groups left"): memberships or left,
        _("role swap requests removed"): swaps,
    }
