"""A brand-new account continues its registration for a cohort after confirming its email
address, without the person having to find the registration link again."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import CohortPageFactory

from .test_accounts import signup_data

pytestmark = pytest.mark.django_db


def confirmation_path(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def register_path(home_page):
    return reverse("registration:register", args=[CohortPageFactory().pk])


def test_the_registration_continues_after_confirming_in_the_same_browser(client, register_path):
    client.post(reverse("account_signup") + "?next=" + register_path, signup_data())
    response = client.post(confirmation_path(mail.outbox[-1]))
    assert response.status_code == 302
    assert response.url == register_path


def test_the_registration_continues_after_confirming_in_another_browser(
    client, django_user_model, register_path
):
    from django.test import Client

    client.post(reverse("account_signup") + "?next=" + register_path, signup_data())
    other_browser = Client()
    response = other_browser.post(confirmation_path(mail.outbox[-1]))
    assert response.status_code == 302
    # Not signed in there: the login page, which then leads to the registration form.
    assert response.url.startswith(reverse("account_login"))
    response = other_browser.post(
        response.url, {"login": "lotte@example.nl", "password": "een-lang-wachtwoord-42"}
    )
    assert response.url == register_path


def test_a_next_address_off_the_site_is_never_followed(client, home_page):
    client.post(reverse("account_signup") + "?next=https://evil.example.com/", signup_data())
    response = client.post(confirmation_path(mail.outbox[-1]))
    assert "evil.example.com" not in response.url
