"""Retention: cases, session notes and reflections do not outlive the cohort by long.

They are deleted ``IntervisionSettings.retention_days`` after the cohort's last course day;
``warning_days`` before that the group's members get one email (in their language) with a
link to export their own reflections. ``purge_intervision`` (a management command, run daily)
calls ``send_warnings`` and ``purge``; both are idempotent and log counts, never content.

That the warning went out is remembered as a Wagtail log entry on the group
(``WARNING_ACTION``), so a second run on the same or a later day sends nothing.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from website.links import public_url
from website.mail import send_templated_mail

from ..models import Case, IntervisionGroup, IntervisionSettings, Reflection, SessionNote

logger = logging.getLogger(__name__)

WARNING_ACTION = "intervision.retention_warning"


def groups_with_last_day():
    """Groups annotated with ``last_day``: the date of their cohort's last course day."""
    return IntervisionGroup.objects.annotate(last_day=Max("cohort__days__date")).filter(
        last_day__isnull=False
    )


def deletion_date(group, config=None):
    """The day ``group``'s cases, notes and reflections are deleted (None without course days)."""
    config = config or IntervisionSettings.load()
    last_day = getattr(group, "last_day", None)
    if last_day is None:
        last_day = group.cohort.days.aggregate(last=Max("date"))["last"]
    if last_day is None:
        return None
    return last_day + datetime.timedelta(days=config.retention_days)


def groups_due(today=None, config=None):
    """Groups whose records are past their deletion date on ``today``."""
    today = today or timezone.localdate()
    config = config or IntervisionSettings.load()
    cutoff = today - datetime.timedelta(days=config.retention_days)
    return groups_with_last_day().filter(last_day__lte=cutoff)


def purge(today=None):
    """Delete the cases (with their privacy decisions), notes and reflections of every group
    past its deletion date. Returns the counts per kind; running it again deletes nothing."""
    groups = list(groups_due(today).values_list("pk", flat=True))
    with transaction.atomic():
        counts = {
            "cases": Case.objects.filter(session__group__in=groups)
            .delete()[1]
            .get(Case._meta.label, 0),
            "notes": SessionNote.objects.filter(session__group__in=groups).delete()[0],
            "reflections": Reflection.objects.filter(group__in=groups).delete()[0],
        }
    logger.info(
        "purge_intervision: deleted %(cases)d cases, %(notes)d notes, %(reflections)d reflections",
        counts,
    )
    return counts


def _warned(group_ids=None):
    """Log entries of warnings already sent (for ``group_ids``, or all groups)."""
    entries = ModelLogEntry.objects.filter(
        content_type__app_label="intervision",
        content_type__model="intervisiongroup",
        action=WARNING_ACTION,
    )
    if group_ids is not None:
        entries = entries.filter(object_id__in=[str(pk) for pk in group_ids])
    return entries


def groups_to_warn(today=None, config=None):
    """Groups within ``warning_days`` of their deletion date that were not warned yet."""
    today = today or timezone.localdate()
    config = config or IntervisionSettings.load()
    warned = [int(pk) for pk in _warned().values_list("object_id", flat=True)]
    first = today - datetime.timedelta(days=config.retention_days)
    last = first + datetime.timedelta(days=config.warning_days)
    return (
        groups_with_last_day()
        .filter(last_day__gt=first, last_day__lte=last)
        .exclude(pk__in=warned)
        .select_related("cohort")
    )


def send_warnings(today=None):
    """Email each active member of every group due for a warning, once per group.

    Per group, the warning is logged under a lock on the group row (re-checked there, so two
    runs at once send one round) and committed before the mails go out: a crash in between
    means no warning rather than two. Returns the number of mails sent.
    """
    config = IntervisionSettings.load()
    sent = 0
    for group in groups_to_warn(today, config):
        with transaction.atomic():
            IntervisionGroup.objects.select_for_update().get(pk=group.pk)
            if _warned([group.pk]).exists():
                continue
            members = list(group.memberships.active().select_related("participant").order_by("pk"))
            ModelLogEntry.objects.log_action(
                group, WARNING_ACTION, data={"recipients": len(members)}
            )
        when = deletion_date(group, config)
        for membership in members:
            sent += _send_warning(membership.participant, group, when)
    logger.info("purge_intervision: sent %d retention warnings", sent)
    return sent


def _send_warning(user, group, when):
    """Mail ``user`` the warning, in the language stored on their account (``User.language``)."""
    export_url = public_url(reverse("intervision:reflection_export", args=[group.pk]))
    return send_templated_mail(
        user,
        "intervision/email/retention_warning.txt",
        {"group": group, "cohort": group.cohort, "deletion_date": when, "export_url": export_url},
        lambda: (
            _("Your intervision records will be deleted on %(date)s") % {"date": date_format(when)}
        ),
    )
