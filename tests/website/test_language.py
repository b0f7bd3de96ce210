"""A person's language: stored on their account when they choose it, used for their mail."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from website.mail import send_templated_mail
from website.models import User

from .test_accounts import signup_data

pytestmark = pytest.mark.django_db


def test_switching_language_while_signed_in_stores_it_on_the_account(
    client, participant, home_page
):
    client.force_login(participant)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    participant.refresh_from_db()
    assert participant.language == "en"


def test_switching_language_without_an_account_only_sets_the_cookie(client, home_page):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_a_language_the_site_does_not_offer_is_not_stored(client, participant, home_page):
    client.force_login(participant)

    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    participant.refresh_from_db()
    assert participant.language == "nl"


def test_a_switch_posted_from_another_site_does_not_change_the_stored_language(
    client, participant, home_page
):
    client.force_login(participant)

    client.post(
        reverse("set_language"),
        {"language": "en", "next": "/"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )

    participant.refresh_from_db()
    assert participant.language == "nl"


def test_signing_up_in_english_stores_english(client, home_page):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    client.post(reverse("account_signup"), signup_data())

    assert User.objects.get(email="lotte@example.nl").language == "en"


def test_signing_up_in_dutch_stores_dutch(client, home_page):
    client.post(reverse("account_signup"), signup_data())

    assert User.objects.get(email="lotte@example.nl").language == "nl"


def test_choosing_english_on_the_profile_stores_it_and_turns_the_site_english(
    client, participant, home_page
):
    client.force_login(participant)

    response = client.post(
        reverse("profile"),
        {
            "full_name": participant.full_name,
            "function": participant.function,
            "school": participant.school.pk,
            "language": "en",
        },
        follow=True,
    )

    participant.refresh_from_db()
    assert participant.language == "en"
    with translation.override("en"):
        assert _("Your details have been saved.") in response.content.decode()
    assert response.context["LANGUAGE_CODE"] == "en"


def test_templated_mail_renders_subject_and_body_in_each_recipients_language(db):
    english = User(email="en@example.nl", full_name="Emma Engels", language="en")
    dutch = User(email="nl@example.nl", full_name="Daan Nederlands", language="nl")

    sent = send_templated_mail(
        [english, dutch],
        "practice_day/email/details_part.txt",
        {},
        translation.gettext_lazy("Your visit on the practice day is booked"),
    )

    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    with translation.override("en"):
        assert by_address["en@example.nl"].subject == _("Your visit on the practice day is booked")
    with translation.override("nl"):
        assert by_address["nl@example.nl"].subject == _("Your visit on the practice day is booked")
    assert by_address["en@example.nl"].subject != by_address["nl@example.nl"].subject


def test_templated_mail_to_a_bare_address_is_in_the_site_language_on_one_subject_line(db):
    with translation.override("en"):
        send_templated_mail(
            "info@example.nl",
            "practice_day/email/details_part.txt",
            {},
            lambda: (
                _("New in-company request from %(organisation)s")
                % {"organisation": "Stichting\nKwaad"}
            ),
        )

    [message] = mail.outbox
    assert message.to == ["info@example.nl"]
    assert message.subject == _("New in-company request from %(organisation)s") % {
        "organisation": "Stichting Kwaad"
    }
