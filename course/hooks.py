"""The extension points of the course core, declared and documented in one place.

``course`` never imports a feature app (``practice_day``, ``intervision``, ``assignments``;
an import-linter contract in pyproject.toml enforces it). A feature contributes to the core
by registering a function under one of the hook names below in its ``wagtail_hooks.py``::

    from wagtail import hooks
    from course.hooks import DASHBOARD_PANELS

    @hooks.register(DASHBOARD_PANELS)
    def my_panel(request, user, cohorts):
        return [("intervision/dashboard_panel.html", {"groups": ...})]

Hooks run in the order Wagtail loads the apps' ``wagtail_hooks`` modules (INSTALLED_APPS
order) unless registered with an ``order``. The helpers at the bottom are what the core calls.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from wagtail import hooks

#: Panels on "Mijn opleiding" (``course:dashboard``), below the person's course days.
#: ``fn(request, user, cohorts) -> iterable of (template_name, context)``: ``cohorts`` is the
#: list of CohortPages where ``user`` has a confirmed place (possibly empty). Each panel is
#: rendered with ``template_name`` and ``context`` (plus the request); return nothing to show
#: no panel. Mind the query budget of the dashboard (tests/test_query_budgets.py): each cohort
#: comes with its course days loaded (``loaded_day(cohort, number)``), so a panel that needs
#: day 5 or day 7 asks no query for it.
DASHBOARD_PANELS = "course_dashboard_panels"

#: Events in the personal calendar feed (``feeds:personal``).
#: ``fn(user, request) -> iterable of icalendar.Event`` for that person; ``request`` may be
#: None. Give every event a UID that never changes for the same appointment
#: (``...@course.calendar.UID_DOMAIN``), or calendar apps show it twice.
CALENDAR_EVENTS = "course_calendar_events"

#: Extra links per cohort in the trainer's and coordinator's cohort overview
#: (``course:cohort_overview``). ``fn(request, cohort) -> iterable of (label, url)``; called
#: once per cohort shown, so it must not query the database per cohort.
COHORT_OVERVIEW_ITEMS = "course_cohort_overview_items"

#: Panels on a cohort's practice-day page (course day 5; ``visits:practice_day``), below the
#: host visits. ``fn(request, user, cohort) -> iterable of (template_name, context)``; the
#: page shows its own placeholder when no feature contributes a panel.
PRACTICE_DAY_PANELS = "course_practice_day_panels"

#: What a participant must have done, besides attending enough course days (which the core
#: checks itself), to complete the course and receive the certificate.
#: ``fn(cohort, users) -> dict[user_id, Requirement]`` for every user in ``users`` (a list of
#: participants with a confirmed place in ``cohort``); a user missing from the dict has not
#: met it. Called for a whole cohort at once, so it must query the database a fixed number of
#: times, never per user.
COMPLETION_REQUIREMENTS = "course_completion_requirements"

#: What waits for a trainer (or coordinator) in their workspace (``course:workspace``, also
#: summarised on the Wagtail admin's home page). ``fn(request, user, cohorts) ->
#: iterable of Task``: ``cohorts`` is the list of CohortPages the user oversees
#: (``course.permissions.cohorts_overseen_by``). Return only tasks with something to do.
#: Called once for all cohorts, so it must query the database a fixed number of times
#: (tests/test_query_budgets.py). The core itself contributes attendance to record.
TRAINER_TASKS = "course_trainer_tasks"

#: Demo data is a module, not a hook function: ``<app>/demo.py`` (or a ``demo`` package)
#: with ``seed(stdout)``, which creates or updates that app's demo content idempotently.
#: ``manage.py seed_demo`` calls every installed app's ``demo.seed`` in INSTALLED_APPS
#: order, so an app may rely on the demo data of the apps listed before it.
DEMO_MODULE = "demo"

#: Per-person cached parts of logged-in pages ("Mijn opleiding") are not a hook either: an
#: app whose records show there calls ``course.personal_cache.watch(Model, scopes)`` in its
#: ``AppConfig.ready()``, so a save or delete makes the cached part outdated; a service that
#: writes with ``update()`` or ``bulk_create()`` calls ``course.personal_cache.bump`` itself.
#:
#: A person's data (AVG) has two more extension points, declared in the project package
#: because the account lives there and ``website`` may not import this app:
#: ``website.personal_data.PERSONAL_DATA_EXPORT`` (``fn(user) -> iterable of sections``,
#: the person's own export page and JSON download) and
#: ``website.personal_data.PERSONAL_DATA_ERASURE`` (``fn(user, *, by) -> summary``, a
#: coordinator carrying out a deletion request, all in one transaction). Course
#: (``course/services/personal_data.py``) and practice day implement both; intervision and
#: assignments plug in the same way.


@dataclass(frozen=True)
class Requirement:
    """One completion requirement as a feature app reports it for one participant."""

    #: Short, translated description shown to the participant ("Final plan graded: pass").
    label: str
    met: bool
    #: The day the requirement was met (for instance the day a grade was released), or None.
    met_on: date | None = None


@dataclass(frozen=True)
class Task:
    """One item of a trainer's workspace: something waiting in one cohort."""

    cohort_id: int
    #: Short, translated sentence with the count ("3 plans to grade").
    label: str
    url: str
    count: int = 1


def loaded_day(cohort, number):
    """The course day ``number`` of a cohort handed to ``DASHBOARD_PANELS`` (its days were
    loaded with it: ``attach_days``), or None while it is not planned. A cohort without
    loaded days asks the database (one query)."""
    days = getattr(cohort, "loaded_days", None)
    if days is None:
        return cohort.days.filter(number=number).first()
    return next((day for day in days if day.number == number), None)


def attach_days(cohorts, days):
    """Give each cohort its ``loaded_days`` (CohortDays, by date) for ``loaded_day``."""
    for cohort in cohorts:
        cohort.loaded_days = [day for day in days if day.cohort_id == cohort.pk]


def dashboard_panels(request, user, cohorts):
    """Every contributed dashboard panel, rendered to HTML, in hook order."""
    return [
        render_to_string(template_name, context, request=request)
        for fn in hooks.get_hooks(DASHBOARD_PANELS)
        for template_name, context in fn(request, user, cohorts)
    ]


def practice_day_panels(request, user, cohort):
    """Every contributed practice-day panel for ``cohort``, rendered to HTML, in hook order."""
    return [
        render_to_string(template_name, context, request=request)
        for fn in hooks.get_hooks(PRACTICE_DAY_PANELS)
        for template_name, context in fn(request, user, cohort)
    ]


def calendar_events(user, request=None):
    """Every contributed event of ``user``'s personal calendar feed."""
    return [event for fn in hooks.get_hooks(CALENDAR_EVENTS) for event in fn(user, request)]


def cohort_overview_items(request, cohort):
    """Every contributed ``(label, url)`` link for ``cohort`` in the cohort overview."""
    return [item for fn in hooks.get_hooks(COHORT_OVERVIEW_ITEMS) for item in fn(request, cohort)]


def completion_requirements(cohort, users):
    """Every contributed requirement per user id: ``{user_id: [Requirement, ...]}``.

    A hook that does not report a user counts as an unmet requirement with its first-seen
    label, so a feature can never be skipped by forgetting someone.
    """
    users = list(users)
    result = {user.pk: [] for user in users}
    for fn in hooks.get_hooks(COMPLETION_REQUIREMENTS):
        reported = fn(cohort, users)
        fallback_label = next((r.label for r in reported.values()), fn.__name__)
        missing = Requirement(label=fallback_label, met=False)
        for user in users:
            result[user.pk].append(reported.get(user.pk, missing))
    return result


def trainer_tasks(request, user, cohorts):
    """Every contributed workspace task per cohort id: ``{cohort_id: [Task, ...]}``."""
    cohorts = list(cohorts)
    result = {cohort.pk: [] for cohort in cohorts}
    for fn in hooks.get_hooks(TRAINER_TASKS):
        for task in fn(request, user, cohorts):
            result.setdefault(task.cohort_id, []).append(task)
    return result
