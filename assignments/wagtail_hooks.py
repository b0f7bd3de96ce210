"""Wagtail admin for the final assignment (dates and the rubric, as nested inline panels),
and the assignment's contributions to the course core (course/hooks.py): the dashboard
panel, the deadlines in the personal calendar and a link per cohort in the overview.

Assignments are created with their cohort (assignments/signals.py), so the admin only
edits them: no add, copy or delete.
"""

import datetime
import hashlib

import icalendar
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from course import personal_cache
from course.calendar import UID_DOMAIN
from course.hooks import (
    CALENDAR_EVENTS,
    COHORT_OVERVIEW_ITEMS,
    COMPLETION_REQUIREMENTS,
    DASHBOARD_PANELS,
    TRAINER_TASKS,
    Task,
    loaded_day,
)
from website.keyed_urls import keyed_url
from website.personal_data import PERSONAL_DATA_ERASURE, PERSONAL_DATA_EXPORT

from .models import Assignment, DeadlineExtension, Grade, Plan, PresentationSlot, Review
from .services import grading
from .services.assignments import PRESENTATION_DAY_NUMBER
from .services.personal_data import (
    erase_assignment_data,
    erase_presentation_data,
    export_assignment_data,
    export_presentation_data,
)
from .services.progress import next_moment
from .services.reassignment import reviews_to_reassign


class AssignmentViewSet(SnippetViewSet):
    model = Assignment
    icon = "doc-full"
    menu_label = gettext_lazy("Final assignments")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["cohort", "title", "submission_deadline", "review_deadline"]
    copy_view_enabled = False
    inspect_view_enabled = False


register_snippet(AssignmentViewSet)


@hooks.register("construct_snippet_action_menu")
def no_delete_for_assignments(menu_items, request, context):
    if context.get("model") is Assignment:
        menu_items[:] = [item for item in menu_items if item.name != "action-delete"]


# --- Contributions to the course core (course/hooks.py) ----------------------------------

hooks.register(PERSONAL_DATA_EXPORT, export_assignment_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_assignment_data)


@hooks.register(DASHBOARD_PANELS)
def implementation_plan_panels(request, user, cohorts):
    """On "Mijn opleiding": the person's plan, its own deadline and the phase; then peer
    review (reviews to write, a link to the reviews of one's plan); then the presentation
    (``presentation_panel``). One query for all three."""
    if not cohorts:
        return []
    presenting = presentation_days(cohorts)
    mine = {"assignment": OuterRef("pk"), "participant": user}
    plan = Plan.objects.filter(assignment=OuterRef("pk"), author=user)
    to_write = (
        Review.objects.peer()
        .filter(
            plan__assignment=OuterRef("pk"),
            reviewer=user,
            status__in=[Review.Status.ASSIGNED, Review.Status.DRAFT],
        )
        .order_by()
        .values("plan__assignment")
        .annotate(count=Count("pk"))
        .values("count")
    )
    assignments = Assignment.objects.filter(cohort__in=cohorts).annotate(
        own_deadline=Subquery(
            DeadlineExtension.objects.filter(**mine).values("submission_deadline")[:1]
        ),
        plan_id=Subquery(plan.values("pk")[:1]),
        plan_submitted_at=Subquery(plan.values("submitted_at")[:1]),
        # Only a released grade shows: before release the participant sees nothing of it.
        grade_released=Exists(
            Grade.objects.released().filter(plan__assignment=OuterRef("pk"), plan__author=user)
        ),
        reviews_to_write=Coalesce(Subquery(to_write), 0),
    )
    if presenting:
        # The person's slot (at most one per cohort) with the assignment of its cohort.
        slot = PresentationSlot.objects.published().filter(
            day__cohort=OuterRef("cohort"), participant=user
        )
        assignments = assignments.annotate(
            slot_starts_at=Subquery(slot.values("starts_at")[:1]),
            slot_ends_at=Subquery(slot.values("ends_at")[:1]),
            slot_room=Subquery(slot.values("room__name")[:1]),
        )
    by_cohort = {assignment.cohort_id: assignment for assignment in assignments}
    rows = [
        {
            "cohort": cohort,
            "assignment": assignment,
            "plan": Plan(pk=assignment.plan_id, submitted_at=assignment.plan_submitted_at)
            if assignment.plan_id
            else None,
            "deadline": assignment.own_deadline or assignment.submission_deadline,
            "phase": assignment.phase(),
            "grade_released": assignment.grade_released,
        }
        for cohort in cohorts
        if (assignment := by_cohort.get(cohort.pk)) is not None
    ]
    panels = []
    if rows:
        panels.append(("assignments/dashboard_panel.html", {"rows": rows}))
    # Peer review: shown while there are reviews to write or once a plan is submitted.
    to_write = sum(assignment.reviews_to_write for assignment in by_cohort.values())
    if to_write or any(assignment.plan_submitted_at for assignment in by_cohort.values()):
        panels.append(("assignments/review_panel.html", {"to_write": to_write}))
    if presenting:
        slots = {
            cohort_id: {
                "starts_at": assignment.slot_starts_at,
                "ends_at": assignment.slot_ends_at,
                "room": assignment.slot_room,
            }
            for cohort_id, assignment in by_cohort.items()
            if assignment.slot_starts_at
        }
        # A cohort without an assignment (never made by hand: assignments/signals.py).
        if without := [pk for pk in presenting if pk not in by_cohort]:
            slots.update(presentation_slots(user, without))
        panels.extend(presentation_panel(cohorts, presenting, slots))
    return panels


@hooks.register(CALENDAR_EVENTS)
def plan_deadline_events(user, request):
    """The person's own submission deadline (an extension counts) and the review deadline."""
    from course.models import Registration

    cohort_ids = Registration.objects.confirmed().for_participant(user).values("cohort_id")
    events = []
    for assignment in Assignment.objects.filter(cohort_id__in=cohort_ids).prefetch_related(
        "extensions"
    ):
        extensions = {e.participant_id: e for e in assignment.extensions.all()}
        deadlines = [
            (
                "submission",
                _("Deadline implementation plan"),
                assignment.deadline_for(user, extensions),
            ),
            (
                "review",
                _("Deadline peer review of the implementation plans"),
                assignment.review_deadline,
            ),
        ]
        for key, summary, moment in deadlines:
            event = icalendar.Event()
            event.add("uid", f"plan-{key}-{assignment.pk}-{user.pk}@{UID_DOMAIN}")
            event.add("dtstamp", timezone.now())
            event.add("summary", summary)
            event.add("dtstart", moment)
            event.add("dtend", moment + datetime.timedelta(minutes=15))
            events.append(event)
    return events


@hooks.register(COHORT_OVERVIEW_ITEMS)
def cohort_plans_link(request, cohort):
    """In the cohort overview: the cohort's plans, deadlines and extensions."""
    return [(_("Implementation plans"), keyed_url("assignments:cohort_plans")(cohort.pk))]


# --- peer review (plan-b) ---


@hooks.register(COHORT_OVERVIEW_ITEMS)
def assignment_progress_link(request, cohort):
    """The final assignment's progress page, in the trainer's cohort overview (no query)."""
    return [(_("Final assignment progress"), keyed_url("assignments:progress")(cohort.pk))]


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        "assignments.reviews_allocated",
        gettext_lazy("Reviewers allocated"),
        gettext_lazy("Reviewers allocated"),
    )
    actions.register_action(
        "assignments.review_added", gettext_lazy("Review added"), gettext_lazy("Review added")
    )
    actions.register_action(
        "assignments.review_removed", gettext_lazy("Review removed"), gettext_lazy("Review removed")
    )
    actions.register_action(
        "assignments.review_moved", gettext_lazy("Review moved"), gettext_lazy("Review moved")
    )
    actions.register_action(
        "assignments.reminder_sent", gettext_lazy("Reminder sent"), gettext_lazy("Reminder sent")
    )
    actions.register_action(
        "assignments.schedule_generated",
        gettext_lazy("Presentation schedule generated"),
        gettext_lazy("Presentation schedule generated"),
    )
    actions.register_action(
        "assignments.schedule_published",
        gettext_lazy("Presentation schedule published"),
        gettext_lazy("Presentation schedule published"),
    )
    actions.register_action(
        "assignments.slot_moved",
        gettext_lazy("Presentation moved"),
        gettext_lazy("Presentation moved"),
    )
    actions.register_action(
        "assignments.grades_released",
        gettext_lazy("Grades released"),
        gettext_lazy("Grades released"),
    )
    actions.register_action(
        "assignments.grade_settled",
        gettext_lazy("Markers' disagreement settled"),
        gettext_lazy("Markers' disagreement settled"),
    )
    actions.register_action(
        "assignments.grade_reopened",
        gettext_lazy("Grading reopened"),
        gettext_lazy("Grading reopened"),
    )


# --- presentation day (issue 14) ---


def presentation_days(cohorts):
    """Course day 7 per cohort id, for cohorts whose day 7 is planned and at most a month
    past: their presentation is shown on "Mijn opleiding" (the days come with the cohorts,
    course.hooks.loaded_day: no query)."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    return {
        cohort.pk: day
        for cohort in cohorts
        if (day := loaded_day(cohort, PRESENTATION_DAY_NUMBER)) is not None and day.date >= since
    }


def presentation_slots(user, cohort_ids):
    """The person's slot per cohort id (starts_at, ends_at, room) once the schedule is
    published, one query."""
    return {
        slot["day__cohort"]: {
            "starts_at": slot["starts_at"],
            "ends_at": slot["ends_at"],
            "room": slot["room__name"],
        }
        for slot in PresentationSlot.objects.published()
        .filter(participant=user, day__cohort__in=cohort_ids)
        .values("day__cohort", "starts_at", "ends_at", "room__name")
    }


def presentation_panel(cohorts, days, slots):
    """The panel of ``implementation_plan_panels``: the person's slot, the venue and a link
    to invite guests, for the cohorts of ``presentation_days`` (``days``); ``slots`` by
    cohort id."""
    rows = [
        {"cohort": cohort, "cohort_day": day, "slot": slots.get(cohort.pk)}
        for cohort in cohorts
        if (day := days.get(cohort.pk)) is not None
    ]
    if not rows:
        return []
    return [("assignments/presentation/dashboard_panel.html", {"rows": rows})]


@hooks.register(CALENDAR_EVENTS)
def presentation_events(user, request):
    """The person's own presentation: one event per cohort, its UID stable however often
    the schedule is generated again."""
    from course.models import CohortDay

    slots = list(
        PresentationSlot.objects.published()
        .filter(participant=user)
        .select_related("room", "day__cohort")
    )
    venues = {
        day.cohort_id: day
        for day in CohortDay.objects.filter(
            cohort_id__in=[slot.day.cohort_id for slot in slots], number=PRESENTATION_DAY_NUMBER
        )
    }
    events = []
    for slot in slots:
        event = icalendar.Event()
        event.add("uid", f"presentation-{slot.day.cohort_id}-{user.pk}@{UID_DOMAIN}")
        event.add("dtstamp", timezone.now())
        event.add("summary", _("Presentation of your implementation plan"))
        event.add("dtstart", slot.starts_at)
        event.add("dtend", slot.ends_at)
        venue = venues.get(slot.day.cohort_id)
        location = slot.room.name
        if venue is not None:
            location = ", ".join(
                part for part in (slot.room.name, venue.venue_name, venue.venue_address) if part
            )
        event.add("location", location)
        events.append(event)
    return events


@hooks.register(COHORT_OVERVIEW_ITEMS)
def presentation_schedule_link(request, cohort):
    """The presentation day's schedule, in the trainer's cohort overview (no query)."""
    return [(_("Presentation day"), keyed_url("assignments:schedule")(cohort.pk))]


hooks.register(PERSONAL_DATA_EXPORT, export_presentation_data)
hooks.register(PERSONAL_DATA_ERASURE, erase_presentation_data)


# --- grading (issue 14) ---


hooks.register(COMPLETION_REQUIREMENTS, grading.completion_requirements)


@hooks.register(COHORT_OVERVIEW_ITEMS)
def grading_link(request, cohort):
    """The cohort's grading list, in the cohort overview and the workspace (no query)."""
    return [(_("Grading of the final plans"), keyed_url("assignments:grading")(cohort.pk))]


@hooks.register(TRAINER_TASKS)
def grading_and_review_tasks(request, user, cohorts):
    """Plans to grade, second markings, disagreements to settle, grades to release, and peer
    reviews not started close to the deadline (to reassign). Two queries for all cohorts,
    kept per person (``personal_cache.cached``) under the cohorts' staff scopes (plans,
    reviews, grades, allocation, release, the dates: assignments/apps.py) and the
    person's (a coordinator settles every disagreement) until the next of the cohorts'
    assignment dates passes."""
    if not cohorts:
        return []
    ids = sorted(cohort.pk for cohort in cohorts)
    moments = []
    return personal_cache.cached(
        "workspace_assignment_tasks:"
        + hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16],
        user,
        [*(personal_cache.staff_scope(pk) for pk in ids), personal_cache.user_scope(user.pk)],
        lambda: _grading_and_review_tasks(user, cohorts, moments),
        timeout=lambda: personal_cache.seconds_until(min(moments, default=None)),
    )


def _grading_and_review_tasks(user, cohorts, moments):
    """The tasks of ``grading_and_review_tasks``; adds to ``moments`` when they change."""
    counts = grading.grading_task_counts(cohorts, user)
    # A cohort without plans has neither tasks nor a row; its first plan bumps the scope.
    for row in counts.values():
        dates = Assignment(**{name: row[name] for name in Assignment.DATE_FIELDS})
        if moment := next_moment(dates):
            moments.append(moment)
    to_reassign = reviews_to_reassign(cohorts)
    tasks = []
    for cohort in cohorts:
        row = counts.get(cohort.pk, {})
        link = keyed_url("assignments:grading")(cohort.pk)
        wording = [
            (
                "to_grade",
                lambda n: ngettext("%(count)s plan to grade", "%(count)s plans to grade", n),
            ),
            (
                "second",
                lambda n: ngettext(
                    "%(count)s plan waits for a second marker",
                    "%(count)s plans wait for a second marker",
                    n,
                ),
            ),
            (
                "settle",
                lambda n: ngettext(
                    "%(count)s disagreement between markers to settle",
                    "%(count)s disagreements between markers to settle",
                    n,
                ),
            ),
            (
                "release",
                lambda n: ngettext(
                    "%(count)s grade ready for release", "%(count)s grades ready for release", n
                ),
            ),
        ]
        for key, words in wording:
            if count := row.get(key, 0):
                tasks.append(Task(cohort.pk, words(count) % {"count": count}, link, count))
        if count := to_reassign.get(cohort.pk, 0):
            label = ngettext(
                "%(count)s peer review not started close to the deadline: reassign",
                "%(count)s peer reviews not started close to the deadline: reassign",
                count,
            ) % {"count": count}
            tasks.append(
                Task(cohort.pk, label, keyed_url("assignments:progress")(cohort.pk), count)
            )
    return tasks
