"""Intervision in the Wagtail admin (the method library, which coordinators extend) and its
contributions to the course core (course/hooks.py): the "Mijn intervisiegroep" panel, the
panel on the practice-day page, sessions in the personal calendar feed and the trainer's
link per cohort.

Groups, sessions and cases are not in the admin: trainers form groups on their own screen
(intervision/views/groups.py) and cases are for the group and its trainer only.
"""

import icalendar
from django.db.models import FilteredRelation, OuterRef, Q, StringAgg, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from course.calendar import UID_DOMAIN
from course.hooks import (
    CALENDAR_EVENTS,
    COHORT_OVERVIEW_ITEMS,
    DASHBOARD_PANELS,
    PRACTICE_DAY_PANELS,
)
from website.keyed_urls import keyed_url
from website.personal_data import PERSONAL_DATA_ERASURE, PERSONAL_DATA_EXPORT

from .models import Method, SessionRole
from .services.cases import erase_case_data, export_case_data
from .services.groups import erase_group_data, export_group_data, own_groups, sessions_of_groups
from .services.reflections import erase_reflection_data, export_reflection_data
from .services.retention import WARNING_ACTION


class MethodViewSet(SnippetViewSet):
    """Coordinators add and edit methods (permissions: IntervisionConfig.role_permissions)."""

    model = Method
    icon = "list-ol"
    menu_label = gettext_lazy("Intervision methods")
    menu_name = "intervision-methods"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "slug"]
    search_fields = ["name"]
    copy_view_enabled = False


register_snippet(MethodViewSet)


# --- Contributions to the course core (course/hooks.py) ----------------------------------


@hooks.register(DASHBOARD_PANELS)
def my_group_panel(request, user, cohorts):
    """On "Mijn opleiding": the person's published group with its next session and role."""
    if not cohorts:
        return []
    # One query in all (the dashboard's budget, tests/test_query_budgets.py): the groups
    # joined with their coming sessions (one row per group and coming session, or one row
    # for a group without one), each with this person's roles in it; the cohorts come with
    # the dashboard.
    my_roles = (
        SessionRole.objects.filter(session=OuterRef("coming__pk"), participant=user)
        .order_by()
        .values("session")
        .annotate(roles=StringAgg("role", Value(",")))
        .values("roles")
    )
    rows = (
        own_groups(user)
        .filter(cohort__in=cohorts)
        .select_related(None)
        .annotate(
            coming=FilteredRelation("sessions", condition=Q(sessions__ends_at__gte=timezone.now())),
            my_roles=Subquery(my_roles),
        )
        .select_related("coming__method")
        .order_by("cohort", "number", "coming__starts_at", "coming__pk")
    )
    by_pk = {cohort.pk: cohort for cohort in cohorts}
    groups = {}
    for group in rows:
        if group.pk in groups:
            continue  # a later coming session of a group already listed
        groups[group.pk] = group
        group.cohort = by_pk[group.cohort_id]
        group.next_session = getattr(group, "coming", None)  # set only when one exists
        roles = sorted(group.my_roles.split(",")) if group.my_roles else []
        group.my_roles = [SessionRole(role=role) for role in roles]
    return [("intervision/dashboard_panel.html", {"groups": list(groups.values())})]


@hooks.register(PRACTICE_DAY_PANELS)
def practice_day_group_panel(request, user, cohort):
    """On the practice-day page: the person's group and its afternoon session."""
    group = own_groups(user).filter(cohort=cohort).first()
    session = None
    if group:
        session = sessions_of_groups([group]).filter(is_practice_day=True).first()
    return [
        (
            "intervision/practice_day_panel.html",
            {"group": group, "session": session, "cohort": cohort},
        )
    ]


@hooks.register(CALENDAR_EVENTS)
def session_events(user, request):
    """The sessions of the person's published groups in their personal calendar feed."""
    events = []
    for session in sessions_of_groups(own_groups(user)):
        roles = [r.get_role_display() for r in session.roles.all() if r.participant_id == user.pk]
        event = icalendar.Event()
        event.add("uid", f"intervision-session-{session.pk}@{UID_DOMAIN}")
        event.add("dtstamp", timezone.now())
        summary = _("Intervision: %(group)s") % {"group": session.group.name}
        if roles:
            summary += f" ({', '.join(roles)})"
        event.add("summary", summary)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("location", session.location or session.video_url)
        event.add("description", session.method.name)
        events.append(event)
    return events


@hooks.register(COHORT_OVERVIEW_ITEMS)
def cohort_groups_link(request, cohort):
    """In the cohort overview: the screen to form the cohort's groups and plan sessions."""
    return [(_("Intervision groups"), keyed_url("intervision:cohort_groups")(cohort.pk))]


hooks.register(PERSONAL_DATA_EXPORT, export_group_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_group_data)
hooks.register(PERSONAL_DATA_EXPORT, export_case_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_case_data)
hooks.register(PERSONAL_DATA_EXPORT, export_reflection_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_reflection_data)


@hooks.register("register_log_actions")
def register_retention_warning(actions):
    """purge_intervision logs on the group that its members were warned (iv-cases)."""
    actions.register_action(
        WARNING_ACTION,
        gettext_lazy("Retention warning sent"),
        gettext_lazy("Members were told when their cases, notes and reflections will be deleted"),
    )
