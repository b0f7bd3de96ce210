"""Forming, changing and publishing the intervision groups of a cohort; who sees which group.

The grouping rules themselves (sizes within bounds, never two people of one school or one
board together) live in ``intervision.grouping`` (pure functions); this module feeds them
the cohort's participants and turns their answers into rows and Dutch messages.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from course.models import CohortPage, Registration
from course.permissions import trains_cohort

from ..models import GroupMembership, IntervisionGroup, IntervisionSession, IntervisionSettings
from .errors import IntervisionError
from .sessions import fill_roles, sync_practice_day_sessions


class _Grouping:
    """``intervision.grouping`` comes from branch ``pure``; imported on first use so this
    module loads before that branch is merged. Replace by a plain import after the merge."""

    def __getattr__(self, name):
        from .. import grouping as module

        return getattr(module, name)


grouping = _Grouping()


# --- Who may see and do what ---------------------------------------------------------------


def can_manage_groups(user, cohort):
    """A trainer of this cohort or a coordinator forms groups and plans their sessions."""
    return user.is_authenticated and (user.is_coordinator or trains_cohort(user, cohort))


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
        school=user.school_id,
        board=user.school.board_id if user.school_id else None,
    )


def arrangement(cohort):
    """The cohort's groups as ``{group: [participant, ...]}`` (active members), by number."""
    groups = list(cohort.intervision_groups.order_by("number"))
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


def describe_violation(violation, names):
    """A Dutch sentence for one violation of the grouping rules (see ``intervision.grouping``)."""
    people = ", ".join(names[pk] for pk in violation.people if pk in names)
    if violation.code == "same_school":
        return _("%(people)s work at the same school and may not be in one group.") % {
            "people": people
        }
    if violation.code == "same_board":
        return _("%(people)s work for the same school board and may not be in one group.") % {
            "people": people
        }
    if violation.code == "too_small":
        return _("This group has fewer than %(min)s members.") % {"min": violation.limit}
    if violation.code == "too_large":
        return _("This group has more than %(max)s members.") % {"max": violation.limit}
    return str(violation)


def check_cohort(cohort, layout=None):
    """Everything the trainer should know before publishing: per group (keyed by its pk, or
    ``None`` for the cohort as a whole) a list of Dutch sentences; empty when all is well."""
    layout = layout if layout is not None else arrangement(cohort)
    min_size, max_size = size_bounds()
    names = {person.pk: person.full_name for people in layout.values() for person in people}
    problems = {}
    for group, people in layout.items():
        violations = grouping.check_groups([[_person(p) for p in people]], min_size, max_size)
        if violations:
            problems[group.pk] = [describe_violation(v, names) for v in violations]
    placed = {person.pk for people in layout.values() for person in people}
    unplaced = [p for p in cohort_participants(cohort) if p.pk not in placed]
    if layout and unplaced:
        problems[None] = [
            _("Not in a group yet: %(people)s.")
            % {"people": ", ".join(p.full_name for p in unplaced)}
        ]
    return problems


# --- Forming and publishing ----------------------------------------------------------------


def suggest(cohort):
    """Replace the cohort's unpublished groups by a fresh suggestion; return Dutch conflicts.

    Raises IntervisionError when the groups are already published (moving people by hand is
    still possible then) or when the cohort has no participants.
    """
    min_size, max_size = size_bounds()
    people = list(cohort_participants(cohort))
    if not people:
        raise IntervisionError(
            _("This cohort has no participants with a confirmed place yet."), code="empty"
        )
    by_id = {person.pk: person for person in people}
    result = grouping.suggest_groups([_person(p) for p in people], min_size, max_size)
    with transaction.atomic():
        cohort = CohortPage.objects.select_for_update().get(pk=cohort.pk)
        if cohort.intervision_groups.published().exists():
            raise IntervisionError(
                _("The groups are already published. Move people by hand instead."),
                code="published",
            )
        cohort.intervision_groups.all().delete()
        for number, members in enumerate(result.groups, start=1):
            group = IntervisionGroup.objects.create(cohort=cohort, number=number)
            GroupMembership.objects.bulk_create(
                GroupMembership(group=group, cohort=cohort, participant_id=person.id)
                for person in members
            )
    names = {pk: person.full_name for pk, person in by_id.items()}
    return [describe_violation(conflict, names) for conflict in result.conflicts]


def move_member(cohort, participant, group):
    """Put ``participant`` (a confirmed participant of ``cohort``) into ``group``.

    Refused with a Dutch message when the move puts two people of one school or one board
    together or makes ``group`` larger than allowed; a group that becomes too small is
    reported by ``check_cohort``, because a trainer rebalancing groups passes through that.
    When the groups are published, the roles of both groups' coming sessions are handed out
    again.
    """
    if group.cohort_id != cohort.pk:
        raise IntervisionError(_("This group belongs to another cohort."), code="other_cohort")
    if not cohort_participants(cohort).filter(pk=participant.pk).exists():
        raise IntervisionError(
            _("%(name)s has no confirmed place in this cohort.") % {"name": participant},
            code="not_participant",
        )
    min_size, max_size = size_bounds()
    with transaction.atomic():
        CohortPage.objects.select_for_update().get(pk=cohort.pk)
        target = next(people for g, people in arrangement(cohort).items() if g.pk == group.pk)
        if any(person.pk == participant.pk for person in target):
            raise IntervisionError(
                _("%(name)s is already in this group.") % {"name": participant}, code="same"
            )
        proposed = [_person(p) for p in target] + [_person(participant)]
        names = {p.pk: p.full_name for p in target} | {participant.pk: participant.full_name}
        refusals = [
            v
            for v in grouping.check_groups([proposed], min_size, max_size)
            if v.code != "too_small" and participant.pk in v.people or v.code == "too_large"
        ]
        if refusals:
            raise IntervisionError(
                _("%(name)s cannot move to %(group)s: %(reason)s")
                % {
                    "name": participant.full_name,
                    "group": group.name,
                    "reason": describe_violation(refusals[0], names),
                },
                code=refusals[0].code,
            )
        membership = GroupMembership.objects.filter(cohort=cohort, participant=participant).first()
        previous = membership.group if membership else None
        if membership is None:
            membership = GroupMembership(cohort=cohort, participant=participant)
        membership.group, membership.left_at = group, None
        membership.save()
        for changed in {group, previous} - {None}:
            if changed.is_published:
                fill_roles(changed, reshuffle=True)
    return previous


def publish(cohort):
    """Publish the cohort's groups to their members and plan each group's practice-day session.

    Refused while two people of one school or board share a group. Groups that are too small
    or people not yet placed do not block publishing (a small cohort may not allow better);
    the trainer sees them on the screen before pressing the button.
    """
    layout = arrangement(cohort)
    if not layout:
        raise IntervisionError(_("There are no groups to publish yet."), code="no_groups")
    min_size, max_size = size_bounds()
    for group, people in layout.items():
        blocking = [
            v
            for v in grouping.check_groups([[_person(p) for p in people]], min_size, max_size)
            if v.code in ("same_school", "same_board")
        ]
        if blocking:
            names = {p.pk: p.full_name for p in people}
            raise IntervisionError(
                _("%(group)s cannot be published: %(reason)s")
                % {"group": group.name, "reason": describe_violation(blocking[0], names)},
                code=blocking[0].code,
            )
    now = timezone.now()
    with transaction.atomic():
        cohort.intervision_groups.filter(published_at__isnull=True).update(published_at=now)
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
    fill_roles(membership.group, now=now, reshuffle=True)
