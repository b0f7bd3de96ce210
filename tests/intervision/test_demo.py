"""Demo intervision: the demo director's cohort gets published groups and sessions with roles."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from intervision.models import GroupMembership, IntervisionSession, SessionRole
from website.models import User

pytestmark = pytest.mark.django_db


def intervision_state():
    return {
        "members": sorted(GroupMembership.objects.values_list("group__number", "participant")),
        "sessions": IntervisionSession.objects.count(),
        "roles": sorted(SessionRole.objects.values_list("session", "role", "participant")),
    }


def test_seed_demo_gives_the_demo_director_a_group_with_past_and_coming_sessions(
    settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = intervision_state()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert intervision_state() == first

    director = User.objects.get(email="directeur@example.nl")
    group = GroupMembership.objects.get(participant=director).group
    assert group.is_published
    sessions = list(group.sessions.all())
    assert any(not s.has_started() for s in sessions)
    assert any(s.has_started() for s in sessions)
    assert all(s.roles.count() == 3 for s in sessions)
    assert any(s.is_practice_day for s in sessions)

    client.force_login(director)
    page = client.get(reverse("course:dashboard"))
    assert group.name in page.content.decode()
    client.force_login(User.objects.get(email="trainer@example.nl"))
    manage = reverse("intervision:cohort_groups", kwargs={"cohort_id": group.cohort_id})
    assert client.get(manage).status_code == 200
