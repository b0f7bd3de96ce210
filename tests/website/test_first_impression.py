"""Issue 15, "language and first impression": one form of address, one signature, one date
format, every sign-up error at once."""

import datetime

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Site

from tests.factories import ParticipantFactory
from tests.language import informal_words
from website.mail import send_templated_mail, training_name

from .test_accounts import signup_data

pytestmark = pytest.mark.django_db


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "dutch", "english"),
    [
        (datetime.date(2027, 1, 14), "do 14 jan. 2027", "Thu 14 Jan. 2027"),
        (datetime.date(2027, 5, 4), "di 4 mei 2027", "Tue 4 May 2027"),
        (datetime.date(2027, 3, 1), "ma 1 mrt. 2027", "Mon 1 March 2027"),
    ],
)
def test_a_date_reads_as_short_dutch_with_lower_case_month(day, dutch, english):
    template = Template("{{ day|date }}")
    assert template.render(Context({"day": day})) == dutch
    with translation.override("en"):
        assert date_format(day) == english


def test_a_moment_shows_date_and_time_in_the_one_format():
    moment = datetime.datetime(2027, 1, 14, 9, 30)
    rendered = Template('{{ moment|date:"DATETIME_FORMAT" }}').render(Context({"moment": moment}))
    assert rendered == "do 14 jan. 2027, 09:30"


def test_no_template_spells_out_its_own_date_format():
    """The format lives in website/formats/ only: templates use |date or DATETIME_FORMAT."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own = re.compile(r"\|date:[\"'](?!DATETIME_FORMAT|SHORT_DATE_FORMAT|c[\"']|Y-m-d)")
    offenders = [
        str(path.relative_to(root))
        for folder in ("templates", "website/templates")
        for path in (root / folder).rglob("*")
        if path.is_file() and own.search(path.read_text(errors="ignore"))
    ]
    assert offenders == []


# --- emails ----------------------------------------------------------------------------


def test_every_templated_email_is_signed_with_the_trainings_name(home_page):
    person = ParticipantFactory()
    send_templated_mail(
        person,
        "course/email/registration_cancelled.txt",
        {"cohort": None, "participant": person},
        "x",
    )
    body = mail.outbox[0].body
    assert body.rstrip().endswith(_("Kind regards,") + "\n" + training_name())
    assert "opleidingscoördinator van" not in body


def test_the_trainings_name_is_the_sites_name_when_set(home_page):
    Site.objects.filter(is_default_site=True).update(site_name="Opleiding ib'er")
    assert training_name() == "Opleiding ib'er"


def test_the_verification_email_greets_and_signs_without_the_host_name(client, home_page):
    client.post(reverse("account_signup"), signup_data())
    message = mail.outbox[0]

    assert "Hallo van" not in message.body
    assert "testserver" not in message.body.split("http")[0]  # no host before the link
    assert "zijn of haar" not in message.body
    assert message.body.startswith("Beste Lotte")
    assert training_name() in message.body
    assert message.body.rstrip().endswith(training_name())
    assert informal_words(message.body) == []


def test_the_password_reset_email_says_u(client, home_page):
    person = ParticipantFactory()
    client.post(reverse("account_reset_password"), {"email": person.email})
    message = mail.outbox[0]
    assert "uw account" in message.body
    assert informal_words(message.body) == []
    assert message.body.rstrip().endswith(training_name())


# --- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_the_account_pages_say_u_and_use_the_sites_words(client, home_page, name):
    html = client.get(reverse(name)).content.decode()
    assert informal_words(html) == []
    assert "Registreren" not in html
    assert "Meld je" not in html


def test_the_login_page_says_inloggen_and_account_aanmaken(client, home_page):
    html = client.get(reverse("account_login")).content.decode()
    assert "Inloggen" in html
    assert "Account aanmaken" in html


def test_a_password_mismatch_is_shown_together_with_a_missing_school(client, home_page):
    data = signup_data(
        password2="iets-heel-anders-77",
        new_school_name="",
        new_school_place="",
        new_school_code="",
    )
    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert _("Choose your school from the list, or give its name and place.") in str(form.errors)
    assert "password2" in form.errors
