"""Intervision's part of a person's data: the export shows their groups and roles, the cases
and notes they wrote and their reflections; erasure takes them out of their group, hands
their coming roles to the other members and deletes what they wrote."""

import pytest
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from intervision.models import Case, GroupMembership, Reflection, SessionNote, SessionRole
from intervision.services.cases import share_case
from intervision.services.sessions import fill_roles
from tests.factories import (
    CaseFactory,
    IntervisionSessionFactory,
    ReflectionFactory,
    SessionNoteFactory,
)
from website.personal_data import erase_personal_data, export_personal_data


def sections_of(user):
    return {s["title"]: s["records"] for s in export_personal_data(user)}


def test_the_export_lists_the_persons_group_and_roles(group, member):
    IntervisionSessionFactory(group=group)
    fill_roles(group)
    sections = sections_of(member)
    groups = sections[_("Intervision groups")]
    assert [r[capfirst(_("group"))] for r in groups] == [group.name]
    assert len(sections[_("Roles in intervision sessions")]) == 1
    other = group.memberships.exclude(participant=member).first().participant
    assert other.full_name not in str(sections)


def test_erasure_takes_the_person_out_of_the_group_and_refills_their_roles(
    group, member, coordinator
):
    session = IntervisionSessionFactory(group=group)
    fill_roles(group)
    erase_personal_data(member, by=coordinator)
    assert not GroupMembership.objects.filter(participant=member).exists()
    assert not SessionRole.objects.filter(participant=member).exists()
    assert session.roles.count() == 3


# --- Cases, notes and reflections (iv-cases) ------------------------------------------------


def test_the_export_holds_the_persons_cases_notes_and_reflections_and_nobody_elses(people):
    CaseFactory(session=people.session, author=people.author, title="Mijn eigen casus")
    SessionNoteFactory(session=people.session, author=people.groupmate, body="Verslag van Greta")
    later = IntervisionSessionFactory(group=people.group)
    SessionRole.objects.create(
        session=later, participant=people.author, role=SessionRole.Role.SCRIBE
    )
    SessionNoteFactory(session=later, author=people.author, body="Mijn eigen verslag")
    ReflectionFactory(group=people.group, author=people.author, body="Mijn eigen reflectie")
    ReflectionFactory(group=people.group, author=people.groupmate, body="Reflectie van Greta")

    sections = sections_of(people.author)

    cases = sections[_("Intervision cases")]
    assert [r[capfirst(_("title"))] for r in cases] == ["Mijn eigen casus"]
    notes = sections[_("Intervision session notes")]
    assert [r[capfirst(_("notes"))] for r in notes] == ["Mijn eigen verslag"]
    reflections = sections[_("Intervision reflections")]
    assert [r[capfirst(_("reflection"))] for r in reflections] == ["Mijn eigen reflectie"]
    assert "Greta" not in str(sections)
    assert people.groupmate.full_name not in str(sections)


@pytest.fixture
def records(people):
    """The author's shared case, a note and reflections by the author, the groupmate's note
    on a later session and their reflection."""
    case = CaseFactory(session=people.session, author=people.author, title="Casus van de inbrenger")
    share_case(case, by=people.author)
    later = IntervisionSessionFactory(group=people.group)
    SessionRole.objects.create(
        session=later, participant=people.author, role=SessionRole.Role.SCRIBE
    )
    SessionNoteFactory(session=later, author=people.author, body="Verslag van de inbrenger")
    SessionNoteFactory(session=people.session, author=people.groupmate, body="Verslag van Greta")
    for shared in (False, True):
        ReflectionFactory(
            group=people.group,
            author=people.author,
            body="Reflectie van de inbrenger",
            shared_with_trainer=shared,
        )
    ReflectionFactory(group=people.group, author=people.groupmate, body="Reflectie van Greta")
    return people


def test_erasure_deletes_the_persons_cases_notes_and_reflections(records):
    summary = erase_personal_data(records.author, by=records.coordinator)

    assert not Case.objects.filter(author=records.author).exists()
    assert not SessionNote.objects.filter(author=records.author).exists()
    assert not Reflection.objects.filter(author=records.author).exists()
    texts = [
        *Case.objects.values_list("title", "body"),
        *SessionNote.objects.values_list("body", flat=True),
        *Reflection.objects.values_list("body", flat=True),
    ]
    assert "van de inbrenger" not in str(texts)
    assert summary[_("intervision cases deleted")] == 1
    assert summary[_("intervision session notes deleted")] == 1
    assert summary[_("intervision reflections deleted")] == 2


def test_after_erasure_the_groupmates_and_trainers_pages_still_work(records, client):
    erase_personal_data(records.author, by=records.coordinator)

    client.force_login(records.groupmate)
    for path in (
        reverse("intervision:group", args=[records.group.pk]),
        reverse("intervision:session", args=[records.session.pk]),
        reverse("intervision:note", args=[records.session.pk]),
        reverse("intervision:reflections", args=[records.group.pk]),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "van de inbrenger" not in response.content.decode()
    # The erased case is gone: the groupmate meets no case, as for a session without one.
    assert client.get(reverse("intervision:case", args=[records.session.pk])).status_code == 404
    client.force_login(records.trainer)
    response = client.get(reverse("intervision:reflections_shared", args=[records.group.pk]))
    assert response.status_code == 200
    assert "Reflectie van de inbrenger" not in response.content.decode()
