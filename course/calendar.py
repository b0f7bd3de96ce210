"""iCalendar feeds: a public one per cohort and a private one per person.

The private feed is assembled from the ``CALENDAR_EVENTS`` hook (course/hooks.py): the
course contributes the confirmed course days (course/wagtail_hooks.py), feature apps their
own events (practice-day visits, later the presentation slot on day 7).
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from website.links import public_url

from .hooks import calendar_events
from .models import CohortDay, CohortPage, CourseDayPage, Registration, TrainingPage

PRODID = "-//Coördinator passend onderwijs//Agenda//NL"
# UIDs must never change for the same appointment, or calendar apps show it twice. They
# name the cohort and the day number, not the CohortDay row, which the admin may recreate.
UID_DOMAIN = "coordinator-passend-onderwijs"

CONTENT_TYPE = "text/calendar; charset=utf-8"


def new_calendar(name):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def render_calendar(name, events):
    """The feed as bytes: the events plus the VTIMEZONE components their TZIDs need."""
    cal = new_calendar(name)
    years = set()
    for event in events:
        cal.add_component(event)
        if "dtstart" in event:
            years.add(event.decoded("dtstart").year)
    # Only the transitions around the events: the full 1970-2038 history triples the size.
    if years:
        cal.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
    return cal.to_ical()


def course_day_uid(cohort_id, number):
    return f"cohort-{cohort_id}-day-{number}@{UID_DOMAIN}"


def _local(date, time):
    # The site's zone, not the request's current one: the feed must be the same for everyone.
    return datetime.datetime.combine(date, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def course_day_events(cohorts, request=None):
    """One event per course day of ``cohorts`` (an iterable of CohortPages).

    Three queries whatever the number of cohorts: days, course-day themes, training titles.
    """
    cohorts = list(cohorts)
    days = CohortDay.objects.filter(cohort__in=cohorts).order_by("cohort_id", "number")
    course_days = {page.number: page for page in CourseDayPage.objects.live().specific()}
    parent_paths = {cohort.path[: -cohort.steplen] for cohort in cohorts}
    trainings = {page.path: page for page in TrainingPage.objects.filter(path__in=parent_paths)}
    by_id = {cohort.pk: cohort for cohort in cohorts}
    now = timezone.now()
    events = []
    for day in days:
        cohort = by_id[day.cohort_id]
        training = trainings.get(cohort.path[: -cohort.steplen])
        training_title = training.title if training else cohort.title
        course_day = course_days.get(day.number)
        theme = getattr(course_day, "theme", "")
        if theme:
            summary = _("Day %(number)s: %(theme)s – %(training)s") % {
                "number": day.number,
                "theme": theme,
                "training": training_title,
            }
        else:
            summary = _("Day %(number)s – %(training)s") % {
                "number": day.number,
                "training": training_title,
            }
        event = icalendar.Event()
        event.add("uid", course_day_uid(cohort.pk, day.number))
        event.add("dtstamp", now)
        event.add("summary", summary)
        event.add("dtstart", _local(day.date, day.starts_at))
        event.add("dtend", _local(day.date, day.ends_at))
        event.add(
            "location", ", ".join(part for part in [day.venue_name, day.venue_address] if part)
        )
        description = [cohort.title]
        if course_day is not None:
            url = public_url(course_day, request)
            if url:
                description.append(_("What to prepare: %(url)s") % {"url": url})
                event.add("url", url)
        event.add("description", "\n".join(description))
        events.append(event)
    return events


def cohort_calendar(cohort, request=None):
    """The public feed of one cohort: its course days."""
    return render_calendar(cohort.title, course_day_events([cohort], request))


def confirmed_course_days(user, request=None):
    """The course days of every cohort where ``user`` has a confirmed place."""
    cohort_ids = Registration.objects.confirmed().for_participant(user).values("cohort_id")
    return course_day_events(CohortPage.objects.live().filter(pk__in=cohort_ids), request)


def personal_calendar(user, request=None):
    """The private feed of ``user``: every event the ``CALENDAR_EVENTS`` hooks contribute."""
    return render_calendar(_("My training"), calendar_events(user, request))
