"""The reflection log: private to its author, shared with the cohort's trainers on request."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from intervision.models import Reflection
from tests.factories import IntervisionSessionFactory, ReflectionFactory

from .test_cases import HOSTILE, VIEWERS, assert_inert, status_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_private_reflection_is_read_by_its_author_only(client, people, viewer):
    reflection = ReflectionFactory(group=people.group, author=people.author)
    url = reverse("intervision:reflection", args=[reflection.pk])
    assert status_for(client, people, viewer, url) == (200 if viewer == "author" else 404)


@pytest.mark.parametrize(
    "viewer, expected",
    [
        ("author", 200),
        ("groupmate", 404),
        ("other_group", 404),
        ("trainer", 200),
        ("other_trainer", 404),
        ("coordinator", 404),
        (None, 404),
    ],
)
def test_a_shared_reflection_is_read_by_the_author_and_the_cohorts_trainers_only(
    client, people, viewer, expected
):
    reflection = ReflectionFactory(
        group=people.group, author=people.author, shared_with_trainer=True
    )
    url = reverse("intervision:reflection", args=[reflection.pk])
    assert status_for(client, people, viewer, url) == expected


@pytest.mark.parametrize("viewer", VIEWERS[1:])
def test_nobody_else_edits_or_deletes_a_reflection(client, people, viewer):
    reflection = ReflectionFactory(
        group=people.group, author=people.author, shared_with_trainer=True
    )
    for name in ("reflection_edit", "reflection_delete"):
        url = reverse(f"intervision:{name}", args=[reflection.pk])
        assert status_for(client, people, viewer, url) == 404
        client.post(url, {"body": "overschreven"})
    reflection.refresh_from_db()
    assert reflection.body != "overschreven"


def test_the_trainer_list_shows_shared_reflections_and_never_private_ones(client, people):
    ReflectionFactory(
        group=people.group,
        author=people.author,
        body="Gedeeld met de trainer.",
        shared_with_trainer=True,
    )
    ReflectionFactory(group=people.group, author=people.author, body="Alleen voor mij.")
    url = reverse("intervision:reflections_shared", args=[people.group.pk])
    client.force_login(people.trainer)
    html = client.get(url).content.decode()
    assert "Gedeeld met de trainer." in html and "Alleen voor mij." not in html
    for viewer in ("author", "other_trainer", "coordinator"):
        assert status_for(client, people, viewer, url) == 404


def test_a_member_writes_a_reflection_about_a_session_of_their_group(client, people):
    client.force_login(people.author)
    url = reverse("intervision:reflections", args=[people.group.pk])
    response = client.post(
        url, {"body": "Ik luisterde beter.", "session": people.session.pk}, follow=True
    )
    assert _("Your reflection is saved.") in response.content.decode()
    reflection = Reflection.objects.get()
    assert (reflection.author, reflection.session, reflection.shared_with_trainer) == (
        people.author,
        people.session,
        False,
    )


def test_a_session_of_another_group_cannot_be_chosen(client, people):
    other_session = IntervisionSessionFactory()
    client.force_login(people.author)
    response = client.post(
        reverse("intervision:reflections", args=[people.group.pk]),
        {"body": "x", "session": other_session.pk},
    )
    assert response.status_code == 200
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("viewer", ["other_group", "trainer", "coordinator"])
def test_only_members_keep_a_reflection_log_in_a_group(client, people, viewer):
    url = reverse("intervision:reflections", args=[people.group.pk])
    assert status_for(client, people, viewer, url) == 404
    client.post(url, {"body": "x"})
    assert not Reflection.objects.exists()


def test_hostile_markdown_in_a_reflection_is_rendered_inert(client, people):
    reflection = ReflectionFactory(
        group=people.group, author=people.author, body=HOSTILE, shared_with_trainer=True
    )
    client.force_login(people.author)
    assert_inert(
        client.get(reverse("intervision:reflections", args=[people.group.pk])).content.decode()
    )
    client.force_login(people.trainer)
    assert_inert(
        client.get(reverse("intervision:reflection", args=[reflection.pk])).content.decode()
    )
