"""Hostile input in the intervision forms: refused with a message or stored and shown inertly."""

import pytest
from django.urls import reverse

from tests.factories import IntervisionSessionFactory
from tests.test_hostile_input import PAYLOADS, assert_inert, payload_params

# Stored as it is, not through a form: the database refuses NUL characters (PostgreSQL) and
# text longer than the column, and the session form above refuses both with a message.
STORABLE = {k: v for k, v in PAYLOADS.items() if k not in ("NUL", "100,000 characters")}


@pytest.mark.parametrize("value", payload_params())
def test_session_form_refuses_or_stores_hostile_text_inertly(client, group, cohort_trainer, value):
    client.force_login(cohort_trainer)
    response = client.post(
        reverse("intervision:session_create", kwargs={"group_id": group.pk}),
        {
            "date": "2030-03-04",
            "starts_at": "15:00",
            "ends_at": "16:30",
            "location": value,
            "video_url": value,
            "method": IntervisionSessionFactory.build().method.pk,
        },
    )
    assert response.status_code == 200  # a link that is not a web address is refused
    assert 'class="errorlist' in response.content.decode()
    assert_inert(response.content.decode())
    assert not group.sessions.exists()


@pytest.mark.parametrize("value", payload_params(STORABLE))
def test_a_hostile_place_is_shown_inertly(client, group, cohort_trainer, member, value):
    session = IntervisionSessionFactory(group=group, location=value)
    client.force_login(member)
    for name in ("intervision:session", "intervision:group"):
        key = "session_id" if name.endswith("session") else "group_id"
        pk = session.pk if key == "session_id" else group.pk
        body = client.get(reverse(name, kwargs={key: pk})).content.decode()
        assert_inert(body)


@pytest.mark.parametrize("value", payload_params())
def test_move_and_swap_forms_refuse_hostile_ids_with_a_message(
    client, group, cohort_trainer, member, value
):
    client.force_login(cohort_trainer)
    response = client.post(
        reverse("intervision:move", kwargs={"cohort_id": group.cohort_id}),
        {"participant": value, "group": value},
        follow=True,
    )
    assert response.status_code == 200
    assert_inert(response.content.decode())
    session = IntervisionSessionFactory(group=group)
    client.force_login(member)
    response = client.post(
        reverse("intervision:swap_request", kwargs={"session_id": session.pk}),
        {"role": value, "other": value},
        follow=True,
    )
    assert response.status_code == 200
    assert_inert(response.content.decode())
