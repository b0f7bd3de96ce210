"""The trainer's screen: suggest groups, move people by hand, publish."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext as _

from intervision.models import GroupMembership, IntervisionGroup
from tests.factories import (
    IntervisionSessionFactory,
    ParticipantFactory,
    RegistrationFactory,
    SchoolFactory,
)


@pytest.fixture
def colleagues(cohort):
    """Two participants of one school among ten others, all confirmed in ``cohort``."""
    school = SchoolFactory()
    pair = [ParticipantFactory(school=school) for _i in range(2)]
    for person in pair + [ParticipantFactory() for _i in range(10)]:
        RegistrationFactory(cohort=cohort, participant=person)
    return pair


def url(name, cohort):
    return reverse(f"intervision:{name}", kwargs={"cohort_id": cohort.pk})


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def group_of(person, cohort):
    return GroupMembership.objects.get(cohort=cohort, participant=person).group


def test_suggesting_places_everyone_and_keeps_colleagues_apart(
    client, cohort, cohort_trainer, colleagues
):
    client.force_login(cohort_trainer)
    response = client.post(url("suggest", cohort), follow=True)
    assert response.status_code == 200
    assert GroupMembership.objects.filter(cohort=cohort).count() == 12
    assert group_of(colleagues[0], cohort) != group_of(colleagues[1], cohort)
    for group in IntervisionGroup.objects.filter(cohort=cohort):
        assert 4 <= group.memberships.count() <= 8
        assert group.published_at is None


def test_suggested_groups_are_shown_on_the_trainer_screen(
    client, cohort, cohort_trainer, colleagues
):
    client.force_login(cohort_trainer)
    response = client.post(url("suggest", cohort), follow=True)
    html = response.content.decode()
    assert _("Group %(number)s") % {"number": 1} in html
    assert colleagues[0].full_name in html


def test_a_move_that_puts_colleagues_together_is_refused_with_a_message(
    client, cohort, cohort_trainer, colleagues
):
    client.force_login(cohort_trainer)
    client.post(url("suggest", cohort), follow=True)
    first, second = colleagues
    target = group_of(second, cohort)
    response = client.post(url("move", cohort), {"participant": first.pk, "group": target.pk})
    first_id, second_id = sorted([first, second], key=lambda p: p.pk)
    reason = _("In group %(group)s, %(people)s work at the same school.") % {
        "group": target.number,
        "people": f"{first_id.full_name} {_('and')} {second_id.full_name}",
    }
    assert messages_of(response) == [
        _("%(name)s cannot move to %(group)s. %(reason)s")
        % {"name": first.full_name, "group": target.name, "reason": reason}
    ]
    assert group_of(first, cohort) != target


def test_a_move_within_the_rules_is_saved(client, cohort, cohort_trainer, colleagues):
    client.force_login(cohort_trainer)
    client.post(url("suggest", cohort), follow=True)
    source, target = group_of(colleagues[0], cohort), group_of(colleagues[1], cohort)
    person = source.memberships.exclude(participant=colleagues[0]).first().participant
    response = client.post(url("move", cohort), {"participant": person.pk, "group": target.pk})
    assert messages_of(response) == [
        _("%(name)s is now in %(group)s.") % {"name": person.full_name, "group": target.name}
    ]
    assert group_of(person, cohort) == target


def test_publishing_shows_members_their_group(client, cohort, cohort_trainer, colleagues):
    client.force_login(cohort_trainer)
    client.post(url("suggest", cohort), follow=True)
    response = client.post(url("publish", cohort))
    assert messages_of(response) == [
        _("The groups are published. Members now see their own group.")
    ]
    group = group_of(colleagues[0], cohort)
    assert group.is_published
    client.force_login(colleagues[0])
    page = client.get(reverse("intervision:index"), follow=True)
    assert page.status_code == 200
    assert page.resolver_match.url_name == "group"
    assert group.name in page.content.decode()


def test_publishing_is_refused_while_colleagues_share_a_group(
    client, cohort, cohort_trainer, colleagues
):
    client.force_login(cohort_trainer)
    client.post(url("suggest", cohort), follow=True)
    membership = GroupMembership.objects.get(cohort=cohort, participant=colleagues[0])
    membership.group = group_of(colleagues[1], cohort)
    membership.save()
    response = client.post(url("publish", cohort))
    shown = messages_of(response)
    assert len(shown) == 1 and colleagues[0].full_name in shown[0]
    assert not IntervisionGroup.objects.filter(cohort=cohort, published_at__isnull=False).exists()


def test_suggesting_again_after_publishing_is_refused(client, cohort, cohort_trainer, colleagues):
    client.force_login(cohort_trainer)
    client.post(url("suggest", cohort), follow=True)
    client.post(url("publish", cohort), follow=True)
    response = client.post(url("suggest", cohort), follow=True)
    assert messages_of(response) == [
        _("The groups are already published. Move people by hand instead.")
    ]


def test_suggesting_without_participants_says_so(client, cohort, cohort_trainer):
    client.force_login(cohort_trainer)
    response = client.post(url("suggest", cohort), follow=True)
    assert messages_of(response) == [
        _("This cohort has no participants with a confirmed place yet.")
    ]


def test_planning_a_session_without_place_or_link_is_refused(client, group, cohort_trainer):
    client.force_login(cohort_trainer)
    response = client.post(
        reverse("intervision:session_create", kwargs={"group_id": group.pk}),
        {
            "date": "2030-03-04",
            "starts_at": "15:00",
            "ends_at": "16:30",
            "method": IntervisionSessionFactory.build().method.pk,
        },
    )
    assert response.status_code == 200
    assert _("Give a place or a video link.") in response.content.decode()
    assert not group.sessions.exists()


def test_the_trainer_plans_a_session_with_roles(client, group, cohort_trainer):
    client.force_login(cohort_trainer)
    response = client.post(
        reverse("intervision:session_create", kwargs={"group_id": group.pk}),
        {
            "date": "2030-03-04",
            "starts_at": "15:00",
            "ends_at": "16:30",
            "video_url": "https://meet.example.nl/groep",
            "method": IntervisionSessionFactory.build().method.pk,
        },
    )
    assert response.status_code == 302
    session = group.sessions.get()
    assert session.roles.count() == 3
