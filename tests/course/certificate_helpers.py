"""Helpers for the certificate tests (their fixtures are in conftest.py)."""

import datetime

import pytest
from django.utils import timezone
from wagtail import hooks as wagtail_hooks

from course.hooks import COMPLETION_REQUIREMENTS, Requirement
from course.services.attendance import record_attendance


def past(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def attend(cohort, person, days, *, by):
    """Mark ``person`` present on course days 1..``days`` of ``cohort`` (absent on the rest)."""
    for day in cohort.days.order_by("number"):
        present = [person] if day.number <= days else []
        others = [
            p
            for p in cohort.participants()
            if p.pk != person.pk and day.attendances.filter(participant=p, present=True).exists()
        ]
        record_attendance(day, present + others, by=by)


def plan_requirement(met_ids, *, met_on=None):
    """A completion requirement as a feature app would register it: met for ``met_ids``."""

    def requirement(cohort, users):
        return {
            user.pk: Requirement(
                label="Eindopdracht voldaan", met=user.pk in met_ids, met_on=met_on
            )
            for user in users
        }

    return requirement


@pytest.fixture(autouse=True)
def core_requirements_only(monkeypatch):
    """The core's certificate rules on their own: the feature apps' completion requirements
    (grading registers "final plan graded voldaan") are left out, so each test registers the
    requirement it is about. tests/assignments/test_grading.py proves the real one."""
    monkeypatch.setitem(wagtail_hooks._hooks, COMPLETION_REQUIREMENTS, [])
