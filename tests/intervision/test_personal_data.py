"""Intervision's part of a person's data: the export shows their groups and roles; erasure
takes them out of their group and hands their coming roles to the other members."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from intervision.models import GroupMembership, SessionRole
from intervision.services.sessions import fill_roles
from website.personal_data import erase_personal_data, export_personal_data

from .factories import IntervisionSessionFactory


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
