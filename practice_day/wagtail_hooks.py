"""Wagtail admin for the practice day: host visits with their time slots, per-cohort
settings, and the coordinator's page for host links and the preference-round allocation.

The actions call ``practice_day.services``. Also the practice day's contributions to the
extension points of the course core (course/hooks.py): a dashboard panel, the visits in the
personal calendar feed and a link per cohort in the cohort overview.
"""

import icalendar
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from course.calendar import UID_DOMAIN
from course.hooks import CALENDAR_EVENTS, COHORT_OVERVIEW_ITEMS, DASHBOARD_PANELS, loaded_day
from course.models import CohortPage
from course.models.pages import PRACTICE_DAY_NUMBER
from website.admin_columns import YesNoColumn
from website.errors import ActionRefused
from website.keyed_urls import keyed_url
from website.links import public_url
from website.personal_data import PERSONAL_DATA_ERASURE, PERSONAL_DATA_EXPORT

from .allocation import MAX_PREFERENCES
from .forms import AdjustAssignmentForm, slot_label
from .models import (
    HostVisit,
    PracticeDay,
    ProposedAssignment,
    VisitBooking,
    VisitPreference,
    VisitSlot,
)
from .personal_data import erase_practice_day_data, export_practice_day_data
from .services import (
    adjust_assignment,
    bookings_for,
    cancel_booking,
    practice_day_for,
    publish_allocation,
    run_allocation,
)

ADMIN_NAMESPACE = "practice_day_admin"


class HostVisitViewSet(SnippetViewSet):
    model = HostVisit
    icon = "home"
    menu_label = gettext_lazy("Host visits")
    list_display = ["organisation", "cohort", "host_type", "theme"]
    list_filter = ["cohort", "host_type"]
    search_fields = ["organisation", "theme"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return HostVisit.objects.select_related("cohort")  # the cohort column, in one query


class PracticeDayViewSet(SnippetViewSet):
    model = PracticeDay
    icon = "cog"
    menu_label = gettext_lazy("Practice-day settings")
    list_display = [
        "cohort",
        "mode",
        "preference_deadline",
        # A tick or a cross, not "True"/"False" (issue 15).
        YesNoColumn("results_published", label=capfirst(gettext_lazy("allocation published"))),
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        return PracticeDay.objects.select_related("cohort")  # the cohort column, in one query


def _require(request, codename):
    if not request.user.has_perm(f"practice_day.{codename}"):
        raise PermissionDenied


def cohorts_index(request):
    """Every cohort with its practice-day mode, linking to its overview."""
    _require(request, "view_practiceday")
    cohorts = CohortPage.objects.order_by("-pk").select_related("practice_day")
    cohorts = cohorts.annotate(host_visit_count=Count("host_visits", distinct=True))
    return render(
        request,
        "practice_day/admin/index.html",
        {"cohorts": cohorts, "page_title": _("Practice days"), "header_icon": "date"},
    )


def overview(request, cohort_id):
    """Host visits with their private links, and the allocation of a preference round."""
    _require(request, "view_practiceday")
    cohort = get_object_or_404(CohortPage, pk=cohort_id)
    practice_day = practice_day_for(cohort)
    active = Q(bookings__status=VisitBooking.Status.ACTIVE)
    host_visits = list(
        HostVisit.objects.filter(cohort=cohort)
        .annotate(booked=Count("slots__bookings", filter=Q(slots__bookings__status="active")))
        .order_by("organisation", "pk")
    )
    for visit in host_visits:
        visit.link = public_url(reverse("visits:host_visitors", args=[visit.access_token]))
    slots = list(
        VisitSlot.objects.filter(host_visit__cohort=cohort)
        .select_related("host_visit__school")
        .annotate(active_count=Count("bookings", filter=active))
        .order_by("host_visit__organisation", "starts_at", "pk")
    )
    proposals = list(
        ProposedAssignment.objects.filter(practice_day=practice_day).select_related(
            "participant__school", "slot__host_visit"
        )
    )
    choices = {}
    for pref in VisitPreference.objects.filter(practice_day=practice_day).select_related(
        "slot__host_visit"
    ):
        choices.setdefault(pref.participant_id, {})[pref.rank] = pref.slot
    proposed_per_slot = {}
    for proposal in proposals:
        proposal.choices = [
            choices.get(proposal.participant_id, {}).get(r) for r in range(1, MAX_PREFERENCES + 1)
        ]
        proposal.options = [
            (slot.pk, slot_label(slot))
            for slot in slots
            if not slot.host_visit.is_own_for(proposal.participant)
        ]
        if proposal.slot_id:
            proposed_per_slot[proposal.slot_id] = proposed_per_slot.get(proposal.slot_id, 0) + 1
    for slot in slots:
        slot.label = slot_label(slot)
        slot.proposed = proposed_per_slot.get(slot.pk, 0)
    counts = {
        "first": sum(1 for p in proposals if p.rank == 1),
        "second": sum(1 for p in proposals if p.rank == 2),
        "third": sum(1 for p in proposals if p.rank == 3),
        "manual": sum(1 for p in proposals if p.slot_id and p.rank is None),
        "unassigned": sum(1 for p in proposals if not p.slot_id),
    }
    context = {
        "cohort": cohort,
        "practice_day": practice_day,
        "host_visits": host_visits,
        "slots": slots,
        "proposals": proposals,
        "counts": counts,
        "ranked_count": len(choices),
        "can_change": request.user.has_perm("practice_day.change_practiceday"),
        "can_change_hosts": request.user.has_perm("practice_day.change_hostvisit"),
        "page_title": _("Practice day: %(cohort)s") % {"cohort": cohort.title},
        "header_icon": "date",
    }
    return render(request, "practice_day/admin/overview.html", context)


def _back(cohort_id):
    return redirect(reverse(f"{ADMIN_NAMESPACE}:overview", args=[cohort_id]))


@require_POST
def regenerate_link(request, cohort_id, host_visit_id):
    _require(request, "change_hostvisit")
    host_visit = get_object_or_404(HostVisit, pk=host_visit_id, cohort_id=cohort_id)
    host_visit.regenerate_access_token()
    messages.success(
        request,
        _("%(host)s has a new link; the old link no longer works.")
        % {"host": host_visit.organisation},
    )
    return _back(cohort_id)


@require_POST
def run(request, cohort_id):
    """Run the allocation; while participants may still rank, first ask to confirm."""
    _require(request, "change_practiceday")
    cohort = get_object_or_404(CohortPage, pk=cohort_id)
    practice_day = practice_day_for(cohort)
    if practice_day.accepts_preferences() and request.POST.get("before_deadline") != "yes":
        return render(
            request,
            "practice_day/admin/confirm_run.html",
            {
                "cohort": cohort,
                "practice_day": practice_day,
                "page_title": _("Run the allocation before the deadline?"),
                "header_icon": "warning",
            },
        )
    try:
        result = run_allocation(practice_day)
    except ActionRefused as e:
        messages.error(request, str(e))
    else:
        counts = result.counts
        messages.success(
            request,
            _(
                "Proposal ready: %(first)d first choices, %(second)d second, %(third)d third, "
                "%(none)d without a visit. Review it, then publish."
            )
            % {"first": counts[1], "second": counts[2], "third": counts[3], "none": counts[None]},
        )
    return _back(cohort_id)


@require_POST
def adjust(request, cohort_id, proposal_id):
    _require(request, "change_practiceday")
    proposal = get_object_or_404(
        ProposedAssignment.objects.select_related("practice_day", "participant__school"),
        pk=proposal_id,
        practice_day__cohort_id=cohort_id,
    )
    form = AdjustAssignmentForm(request.POST)
    slot = None
    if form.is_valid() and form.cleaned_data["slot"] is not None:
        slot = (
            VisitSlot.objects.select_related("host_visit__school")
            .filter(pk=form.cleaned_data["slot"], host_visit__cohort_id=cohort_id)
            .first()
        )
    if not form.is_valid() or (form.cleaned_data["slot"] is not None and slot is None):
        messages.error(request, _("Choose a visit of this practice day."))
        return _back(cohort_id)
    try:
        adjust_assignment(proposal, slot)
    except ActionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, _("%(name)s's visit is changed.") % {"name": proposal.participant}
        )
    return _back(cohort_id)


@require_POST
def publish(request, cohort_id):
    _require(request, "change_practiceday")
    practice_day = practice_day_for(get_object_or_404(CohortPage, pk=cohort_id))
    try:
        made = publish_allocation(practice_day)
    except ActionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            ngettext(
                "The allocation is published: %(count)d visit booked and participants emailed.",
                "The allocation is published: %(count)d visits booked and participants emailed.",
                len(made),
            )
            % {"count": len(made)},
        )
    return _back(cohort_id)


def bookings(request, cohort_id):
    """Every visit booking of the cohort's practice day, to cancel single ones."""
    _require(request, "view_visitbooking")
    cohort = get_object_or_404(CohortPage, pk=cohort_id)
    rows = (
        VisitBooking.objects.for_cohort(cohort)
        .select_related("participant__school", "slot__host_visit")
        .order_by("status", "slot__host_visit__organisation", "slot__starts_at", "pk")
    )
    return render(
        request,
        "practice_day/admin/bookings.html",
        {
            "cohort": cohort,
            "bookings": rows,
            "can_change": request.user.has_perm("practice_day.change_visitbooking"),
            "page_title": _("Visit bookings: %(cohort)s") % {"cohort": cohort.title},
            "header_icon": "date",
        },
    )


def cancel(request, cohort_id, booking_id):
    """Ask to confirm (GET), then cancel one booking through the service (POST)."""
    _require(request, "change_visitbooking")
    booking = get_object_or_404(
        VisitBooking.objects.select_related("participant", "slot__host_visit"),
        pk=booking_id,
        slot__host_visit__cohort_id=cohort_id,
    )
    back = redirect(reverse(f"{ADMIN_NAMESPACE}:bookings", args=[cohort_id]))
    if request.method != "POST":
        return render(
            request,
            "practice_day/admin/confirm_cancel.html",
            {
                "booking": booking,
                "slot_label": slot_label(booking.slot),
                "page_title": _("Cancel a visit booking"),
                "header_icon": "warning",
            },
        )
    try:
        cancel_booking(booking, by=request.user)
    except ActionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            _("The visit of %(name)s to %(host)s is cancelled; the first person waiting gets it.")
            % {"name": booking.participant, "host": booking.slot.host_visit.organisation},
        )
    return back


class PracticeDayMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("practice_day.view_practiceday")


class PracticeDayAdminViewSet(ViewSet):
    name = ADMIN_NAMESPACE
    icon = "date"
    menu_label = gettext_lazy("Allocation and host links")
    menu_item_class = PracticeDayMenuItem

    def get_urlpatterns(self):
        return [
            path("", cohorts_index, name="index"),
            path("<int:cohort_id>/", overview, name="overview"),
            path("<int:cohort_id>/run/", run, name="run"),
            path("<int:cohort_id>/publish/", publish, name="publish"),
            path("<int:cohort_id>/adjust/<int:proposal_id>/", adjust, name="adjust"),
            path("<int:cohort_id>/bookings/", bookings, name="bookings"),
            path(
                "<int:cohort_id>/bookings/<int:booking_id>/cancel/",
                cancel,
                name="cancel_booking",
            ),
            path(
                "<int:cohort_id>/host/<int:host_visit_id>/new-link/",
                regenerate_link,
                name="regenerate_link",
            ),
        ]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


class PracticeDayGroup(SnippetViewSetGroup):
    items = (PracticeDayAdminViewSet, HostVisitViewSet, PracticeDayViewSet)
    menu_icon = "date"
    menu_label = gettext_lazy("Practice day")
    menu_name = "practice_day"


register_snippet(PracticeDayGroup)


# --- Contributions to the course core (course/hooks.py) ----------------------------------


@hooks.register(DASHBOARD_PANELS)
def practice_day_panel(request, user, cohorts):
    """On "Mijn opleiding": the person's booked visits and a link per cohort."""
    if not cohorts:
        return []
    return [
        (
            "practice_day/dashboard_panel.html",
            {
                # Day 5 of each cohort as the dashboard loaded it (no query for it).
                "bookings": bookings_for(
                    user, days={c.pk: loaded_day(c, PRACTICE_DAY_NUMBER) for c in cohorts}
                ),
                "cohorts": cohorts,
            },
        )
    ]


@hooks.register(CALENDAR_EVENTS)
def visit_booking_events(user, request):
    """The person's booked practice-day visits in their personal calendar feed."""
    events = []
    for booking in bookings_for(user):
        if booking.starts is None:
            continue
        host = booking.slot.host_visit
        event = icalendar.Event()
        event.add("uid", f"visit-booking-{booking.pk}@{UID_DOMAIN}")
        event.add("dtstamp", timezone.now())
        event.add("summary", _("Practice day visit: %(host)s") % {"host": host.organisation})
        event.add("dtstart", booking.starts)
        event.add("dtend", booking.ends)
        event.add("location", host.address)
        event.add("description", host.theme)
        events.append(event)
    return events


@hooks.register(COHORT_OVERVIEW_ITEMS)
def practice_day_link(request, cohort):
    """In the cohort overview: the cohort's practice-day page (visits, bookings)."""
    return [(_("Practice day"), keyed_url("visits:practice_day")(cohort.pk))]


hooks.register(PERSONAL_DATA_EXPORT, export_practice_day_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_practice_day_data)
