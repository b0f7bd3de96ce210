import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.factories import SchoolFactory
from website.models import Role, School, User

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "full_name": "Lotte van Dijk",
        "email": "lotte@example.nl",
        "password1": "een-lang-wachtwoord-42",
        "password2": "een-lang-wachtwoord-42",
        "function": User.Function.INTERNAL_COORDINATOR,
        "school": "",
        "new_school_name": "Basisschool Het Kompas",
        "new_school_place": "Deventer",
        "new_school_code": "12 ab 01",
        "board": "",
        "new_board_name": "Stichting Sterk Onderwijs",
    }
    data.update(overrides)
    return data


def link_from(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_signup_sends_verification_email_and_verified_user_can_log_in(client, home_page):
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    user = User.objects.get(email="lotte@example.nl")
    assert user.full_name == "Lotte van Dijk"
    assert user.school.name == "Basisschool Het Kompas"
    assert user.school.code == "12AB01"
    assert user.board.name == "Stichting Sterk Onderwijs"
    assert user.has_role(Role.PARTICIPANT)

    # Not verified yet: logging in sends the person back to verification, not into the site.
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "lotte@example.nl", "password": "een-lang-wachtwoord-42"},
    )
    assert response.url == reverse("account_email_verification_sent")

    assert len(mail.outbox) >= 1
    confirm_path = link_from(mail.outbox[0])
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="lotte@example.nl").verified

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "lotte@example.nl", "password": "een-lang-wachtwoord-42"},
    )
    assert response.url == reverse("course:dashboard")
    dashboard = client.get(reverse("course:dashboard"))
    assert dashboard.status_code == 200
    assert "Lotte van Dijk" in dashboard.content.decode()


def test_verification_email_is_in_dutch(client, home_page):
    client.post(reverse("account_signup"), signup_data())
    assert "Bevestig" in mail.outbox[0].subject or "bevestig" in mail.outbox[0].body


def test_colleagues_typing_the_same_school_share_one_record(client, home_page):
    client.post(reverse("account_signup"), signup_data())
    client.logout()
    client.post(
        reverse("account_signup"),
        signup_data(
            email="collega@example.nl",
            full_name="Sem de Boer",
            new_school_name="basisschool het kompas",
            new_school_place="DEVENTER",
            new_school_code="",
        ),
    )
    assert School.objects.filter(name__iexact="basisschool het kompas").count() == 1
    lotte = User.objects.get(email="lotte@example.nl")
    sem = User.objects.get(email="collega@example.nl")
    assert lotte.school == sem.school


def test_signup_with_a_school_from_the_list(client, home_page):
    school = SchoolFactory()
    client.post(
        reverse("account_signup"),
        signup_data(school=school.pk, new_school_name="", new_school_place="", new_school_code=""),
    )
    assert User.objects.get(email="lotte@example.nl").school == school


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"new_school_name": "", "new_school_place": "", "new_school_code": ""},
            "Choose your school from the list, or give its name and place.",
        ),
        ({"new_school_place": ""}, "Give the place where your school is."),
        (
            {"new_school_code": "ABCD"},
            "A BRIN code is two digits and two letters, such as 12AB; "
            "a branch code adds two digits, such as 12AB00.",
        ),
    ],
)
def test_bad_school_input_gets_a_dutch_message_and_nothing_is_saved(
    client, home_page, overrides, message
):
    response = client.post(reverse("account_signup"), signup_data(**overrides))
    assert response.status_code == 200
    assert _(message) in response.content.decode()
    assert _(message) != message  # the message really is translated
    assert not User.objects.filter(email="lotte@example.nl").exists()
    assert not School.objects.exists()


def test_password_reset_mails_a_link_that_sets_a_new_password(client, participant, home_page):
    response = client.post(reverse("account_reset_password"), {"email": participant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_path = link_from(mail.outbox[0])
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(
        form_path, {"password1": "nieuw-wachtwoord-77", "password2": "nieuw-wachtwoord-77"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("nieuw-wachtwoord-77")


def test_password_reset_does_not_reveal_whether_an_account_exists(client, participant, home_page):
    known = client.post(reverse("account_reset_password"), {"email": participant.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # The unknown address gets a mail saying there is no account, never a reset link.
    assert len(mail.outbox) == 2
    assert "/password/reset/key/" in mail.outbox[0].body
    assert "/password/reset/key/" not in mail.outbox[1].body


def test_failed_logins_are_rate_limited(client, participant, password, home_page):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": participant.email, "password": "fout"}
        )
        assert response.status_code == 200
    # Even the right password is refused now.
    response = client.post(
        reverse("account_login"), {"login": participant.email, "password": password}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert _("Too many failed login attempts. Try again later.") in response.content.decode()


def test_login_with_the_right_password_lands_on_mijn_opleiding(
    client, participant, password, home_page
):
    response = client.post(
        reverse("account_login"), {"login": participant.email, "password": password}
    )
    assert response.url == reverse("course:dashboard")


def test_profile_shows_and_saves_only_the_own_details(client, participant, home_page):
    client.force_login(participant)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Nieuwe Naam",
            "function": User.Function.CARE_COORDINATOR,
            "school": participant.school.pk,
            "language": "nl",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.full_name == "Nieuwe Naam"
    assert participant.function == User.Function.CARE_COORDINATOR


def test_profile_requires_login(client, home_page):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_logging_out_ends_the_session_also_for_a_copied_cookie(client, participant, home_page):
    """Sessions are cached_db: logging out must end the cached copy as well, so a copy of
    the cookie (another tab, a stolen cookie) is signed out too."""
    from django.conf import settings
    from django.test import Client

    client.force_login(participant)
    assert client.get(reverse("profile")).status_code == 200
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert copy.get(reverse("profile")).status_code == 200
    client.post(reverse("account_logout"))
    response = copy.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
