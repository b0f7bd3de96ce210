"""Retention: records are deleted a set time after the last course day, after one warning."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intervision.models import Case, PrivacyDecision, Reflection, SessionNote
from intervision.services import retention
from tests.factories import CaseFactory, ReflectionFactory, SessionNoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(people):
    """A case with a privacy decision, a note and two reflections in the people's group."""
    case = CaseFactory(session=people.session, author=people.author)
    PrivacyDecision.objects.create(
        case=case,
        kind="bsn",
        fingerprint="bsn:x",
        decision="not_personal",
        decided_by=people.author,
    )
    SessionNoteFactory(session=people.session, author=people.groupmate)
    ReflectionFactory(group=people.group, author=people.author, body="Mijn eigen reflectie.")
    ReflectionFactory(group=people.group, author=people.groupmate, body="Van een ander.")
    return people


def last_day(people):
    return people.cohort.days.order_by("-date").first().date


def days_after_last_day(people, days):
    return last_day(people) + datetime.timedelta(days=days)


def test_nothing_is_deleted_before_the_retention_date(records):
    counts = retention.purge(today=days_after_last_day(records, 91))
    assert counts == {"cases": 0, "notes": 0, "reflections": 0}
    assert Case.objects.exists() and SessionNote.objects.exists()


def test_cases_notes_and_reflections_are_deleted_on_the_retention_date(records):
    counts = retention.purge(today=days_after_last_day(records, 92))
    assert counts == {"cases": 1, "notes": 1, "reflections": 2}
    assert not Case.objects.exists()
    assert not PrivacyDecision.objects.exists()
    assert not SessionNote.objects.exists()
    assert not Reflection.objects.exists()
    nothing = {"cases": 0, "notes": 0, "reflections": 0}
    assert retention.purge(today=days_after_last_day(records, 93)) == nothing


def test_a_group_of_a_cohort_still_running_keeps_its_records(records):
    from tests.factories import IntervisionGroupFactory

    later = IntervisionGroupFactory()  # a cohort without days yet
    ReflectionFactory(group=later)
    retention.purge(today=days_after_last_day(records, 400))
    assert Reflection.objects.filter(group=later).exists()


def test_members_are_warned_once_a_week_before_the_deletion_date(records):
    today = days_after_last_day(records, 92 - 7)
    assert retention.send_warnings(today=days_after_last_day(records, 84)) == 0
    assert retention.send_warnings(today=today) == 4  # both groups of the cohort: 3 + 1
    assert retention.send_warnings(today=today) == 0
    assert retention.send_warnings(today=today + datetime.timedelta(days=1)) == 0
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert records.other_group.email in by_recipient
    dutch = by_recipient[records.author.email]
    assert reverse("intervision:reflection_export", args=[records.group.pk]) in dutch.body
    assert "Mijn eigen reflectie." not in dutch.body  # no content in the mail


def test_each_member_gets_the_retention_warning_in_the_language_of_their_account(records):
    records.groupmate.language = "en"
    records.groupmate.save(update_fields=["language"])
    records.author.language = "nl"
    records.author.save(update_fields=["language"])
    retention.send_warnings(today=days_after_last_day(records, 92 - 7))
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english = by_recipient[records.groupmate.email]
    dutch = by_recipient[records.author.email]
    deletion = retention.deletion_date(records.group)
    for message, language in ((english, "en"), (dutch, "nl")):
        with translation.override(language):
            date = date_format(deletion)
            subject = _("Your intervision records will be deleted on %(date)s") % {"date": date}
            download = _(
                "Do you want to keep your own reflections? Download them before that date:"
            )
        assert message.subject == subject
        assert download in message.body
    assert english.subject != dutch.subject


def test_the_command_warns_deletes_and_reports_counts_only(records, capsys, caplog):
    cohort_days = records.cohort.days.all()
    for day in cohort_days:
        day.date -= datetime.timedelta(days=365)
        day.save()
    call_command("purge_intervision")
    output = capsys.readouterr().out
    assert "1 case(s), 1 note(s), 2 reflection(s)" in output
    assert "Mijn eigen reflectie." not in output + caplog.text
    assert not Reflection.objects.exists()


def test_the_export_holds_only_the_members_own_reflections(client, records):
    client.force_login(records.author)
    response = client.get(reverse("intervision:reflection_export", args=[records.group.pk]))
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert "Mijn eigen reflectie." in text
    assert "Van een ander." not in text


@pytest.mark.parametrize("viewer", ["other_group", "trainer", "coordinator"])
def test_only_members_export_reflections_of_a_group(client, records, viewer):
    client.force_login(getattr(records, viewer))
    url = reverse("intervision:reflection_export", args=[records.group.pk])
    assert client.get(url).status_code == 404
