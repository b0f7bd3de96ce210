"""Who sees which group and session: by URL and by object id, 404 for everything else."""

import pytest
from django.urls import reverse

from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    IntervisionSessionFactory,
    ParticipantFactory,
    TrainerFactory,
    group_with_members,
)


@pytest.fixture
def session(group):
    return IntervisionSessionFactory(group=group)


def group_urls(group, session):
    return [
        reverse("intervision:group", kwargs={"group_id": group.pk}),
        reverse("intervision:session", kwargs={"session_id": session.pk}),
        reverse("intervision:session_guide", kwargs={"session_id": session.pk}),
    ]


def test_a_member_sees_their_own_group_and_its_sessions(client, group, session, member):
    client.force_login(member)
    for url in group_urls(group, session):
        assert client.get(url).status_code == 200


def test_the_group_page_lists_its_members(client, group, member):
    client.force_login(member)
    html = client.get(reverse("intervision:group", kwargs={"group_id": group.pk})).content.decode()
    for membership in group.memberships.all():
        assert membership.participant.full_name in html


def test_a_member_of_another_group_gets_404(client, group, session, other_group):
    client.force_login(other_group.memberships.first().participant)
    for url in group_urls(group, session):
        assert client.get(url).status_code == 404


def test_a_member_does_not_see_their_group_before_it_is_published(client, group, session, member):
    group.published_at = None
    group.save()
    client.force_login(member)
    for url in group_urls(group, session):
        assert client.get(url).status_code == 404


def test_a_member_who_left_no_longer_sees_the_group(client, group, session, member):
    from intervision.services.groups import leave_cohort

    leave_cohort(member, group.cohort)
    client.force_login(member)
    assert client.get(group_urls(group, session)[0]).status_code == 404


def test_a_trainer_of_another_cohort_gets_404(client, group, session):
    other_trainer = TrainerFactory()
    CohortPageFactory(days=True, trainers=[other_trainer])
    client.force_login(other_trainer)
    for url in group_urls(group, session) + [
        reverse("intervision:cohort_groups", kwargs={"cohort_id": group.cohort_id}),
        reverse("intervision:session_create", kwargs={"group_id": group.pk}),
        reverse("intervision:session_update", kwargs={"session_id": session.pk}),
    ]:
        assert client.get(url).status_code == 404


def test_the_trainer_of_the_cohort_sees_its_groups_and_sessions(
    client, group, session, cohort_trainer
):
    client.force_login(cohort_trainer)
    for url in group_urls(group, session) + [
        reverse("intervision:cohort_groups", kwargs={"cohort_id": group.cohort_id}),
        reverse("intervision:session_create", kwargs={"group_id": group.pk}),
    ]:
        assert client.get(url).status_code == 200


def test_a_coordinator_manages_groups_of_every_cohort(client, group, session):
    client.force_login(CoordinatorFactory())
    for url in group_urls(group, session) + [
        reverse("intervision:cohort_groups", kwargs={"cohort_id": group.cohort_id}),
    ]:
        assert client.get(url).status_code == 200


def test_a_participant_of_another_cohort_gets_404(client, group, session):
    outsider = group_with_members(4).memberships.first().participant
    client.force_login(outsider)
    for url in group_urls(group, session):
        assert client.get(url).status_code == 404


def test_a_member_cannot_open_the_trainer_screens(client, group, session, member):
    client.force_login(member)
    for url in [
        reverse("intervision:cohort_groups", kwargs={"cohort_id": group.cohort_id}),
        reverse("intervision:session_create", kwargs={"group_id": group.pk}),
        reverse("intervision:session_update", kwargs={"session_id": session.pk}),
    ]:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("intervision:suggest", kwargs={"cohort_id": group.cohort_id})
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("intervision:publish", kwargs={"cohort_id": group.cohort_id})
        ).status_code
        == 404
    )


def test_anonymous_visitors_get_the_same_login_redirect_for_existing_and_missing_ids(
    client, group, session
):
    missing = [
        reverse("intervision:group", kwargs={"group_id": group.pk + 1000}),
        reverse("intervision:session", kwargs={"session_id": session.pk + 1000}),
    ]
    for url in group_urls(group, session) + missing:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_signed_in_stranger_gets_404_for_every_id(client, group, session):
    client.force_login(ParticipantFactory())
    for url in group_urls(group, session):
        assert client.get(url).status_code == 404


def test_only_the_asked_member_can_answer_a_swap_by_its_id(client, group, session, member):
    from intervision.models import SessionRole
    from intervision.services.sessions import fill_roles, request_swap

    fill_roles(group)
    roles = {r.role: r.participant for r in session.roles.all()}
    swap = request_swap(
        session,
        role=SessionRole.Role.CASE_PRESENTER,
        requested_by=roles[SessionRole.Role.CASE_PRESENTER],
        other=roles[SessionRole.Role.SCRIBE],
    )
    url = reverse("intervision:swap_answer", kwargs={"swap_id": swap.pk})
    client.force_login(roles[SessionRole.Role.FACILITATOR])
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(roles[SessionRole.Role.SCRIBE])
    assert client.post(url, {"answer": "accept"}).status_code == 302
    session.refresh_from_db()
    assert (
        session.roles.get(role=SessionRole.Role.CASE_PRESENTER).participant
        == roles[SessionRole.Role.SCRIBE]
    )


def test_may_see_group_answers_as_visible_groups_does(group, other_group, member, cohort_trainer):
    """The group and session pages ask ``may_see_group`` on the loaded group; it must agree
    with ``visible_groups`` for everyone, before and after publishing and leaving."""
    from django.contrib.auth.models import AnonymousUser

    from intervision.services.groups import leave_cohort, may_see_group, visible_groups

    someone_trained = TrainerFactory()
    group.cohort.trainers.add(someone_trained)
    people = [
        AnonymousUser(),
        member,
        other_group.memberships.first().participant,
        cohort_trainer,
        someone_trained,
        TrainerFactory(),
        CoordinatorFactory(),
        ParticipantFactory(),
    ]

    def agree():
        for person in people:
            for each in (group, other_group):
                each.refresh_from_db()
                expected = visible_groups(person).filter(pk=each.pk).exists()
                assert may_see_group(person, each) is expected, (person, each)

    agree()
    group.published_at = None
    group.save()
    agree()
    group.published_at = other_group.published_at or group.created_at
    group.save()
    leave_cohort(member, group.cohort)
    agree()
