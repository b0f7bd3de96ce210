"""Hostile input in every form that takes text or files.

Each payload goes into every text field of a form at once. The form either refuses it with
a Dutch message, or stores it and every page that shows it shows it inertly (escaped, no
template evaluated). Never a 500: the client re-raises a view's exception, and the autouse
``no_logged_tracebacks`` guard in conftest.py fails a test whose request logged one.
"""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    HostVisitFactory,
    ParticipantFactory,
    PracticeDayFactory,
    RegistrationFactory,
    TrainerFactory,
    VisitSlotFactory,
)

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

PAYLOADS = {
    "script": SCRIPT,
    "event handler": IMG,
    "javascript link": "javascript:alert(1)",
    "data link": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "template syntax": "{{ 7*7 }} {% debug %}",
    "zero-width and right-to-left": "Jan\u200b\u200dde\u202eVries\u2066",
    "CR/LF": "Plan\r\nBcc: x@example.invalid",
    "NUL": "De\x00Linde",
    "100,000 characters": "A" * 100_000,
}
NON_ASCII_DIGITS = {"arabic-indic": "١٢", "superscript": "²"}

# What must never reach a page raw: markup that runs, links that run, evaluated templates.
DANGEROUS = [SCRIPT, IMG, 'href="javascript:', 'src="data:', "sql_queries"]


def assert_inert(body):
    for text in DANGEROUS:
        assert text not in body, f"{text!r} reached the page unescaped"


def assert_refused_or_stored(response, stored, *, shown_back=False):
    """Stored, or refused with a message on the form (or, for a preview that stores
    nothing, ``shown_back``); whatever the page shows, it shows inertly."""
    assert response.status_code < 500
    if response.status_code in (301, 302):
        return
    body = response.content.decode()
    assert_inert(body)
    if not stored and not shown_back:
        assert 'class="errorlist' in body or 'class="error' in body


def payload_params(payloads=PAYLOADS):
    """One param per payload, named by its label."""
    return [pytest.param(value, id=label) for label, value in payloads.items()]


@pytest.fixture
def cohort(db):
    today = timezone.localdate()
    cohort = CohortPageFactory(
        days__first_date=today + datetime.timedelta(days=30),
        days__every=7,
        registration_opens=today - datetime.timedelta(days=5),
        registration_closes=today + datetime.timedelta(days=20),
        slug="hostile",
    )
    return cohort


@pytest.fixture
def coordinator_client(client, db):
    client.force_login(CoordinatorFactory())
    return client


# --- Accounts ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", payload_params())
def test_sign_up_refuses_or_stores_hostile_text_inertly(client, db, value):
    data = {
        "full_name": value,
        "email": "nieuw@example.nl",
        "password1": "een-lang-wachtwoord-2026",
        "password2": "een-lang-wachtwoord-2026",
        "function": "ib",
        "new_school_name": value,
        "new_school_place": value,
        "new_board_name": value,
    }
    response = client.post(reverse("account_signup"), data)
    from website.models import User

    stored = User.objects.filter(email="nieuw@example.nl").first()
    assert_refused_or_stored(response, stored is not None)
    if stored:
        assert "\x00" not in stored.full_name


@pytest.mark.parametrize("value", payload_params())
def test_profile_refuses_or_stores_hostile_text_inertly(client, db, value):
    person = ParticipantFactory()
    client.force_login(person)
    data = {
        "full_name": value,
        "function": "ib",
        "new_school_name": value,
        "new_school_place": value,
        "new_board_name": value,
    }
    response = client.post(reverse("profile"), data)
    person.refresh_from_db()
    stored = person.full_name == value
    assert_refused_or_stored(response, stored)
    assert_inert(client.get(reverse("profile")).content.decode())
    assert_inert(client.get(reverse("course:dashboard")).content.decode())


# --- Registration --------------------------------------------------------------------------


def registration_data(value, **overrides):
    data = {
        "function": "ib",
        "school_name": value,
        "school_place": value,
        "board_name": value,
        "payer": "school",
        "invoice_address": value,
        "invoice_reference": value,
        "terms": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("step", ["preview", "edit", "confirm"])
@pytest.mark.parametrize("value", payload_params())
def test_registration_form_preview_and_confirm_refuse_or_show_hostile_text_inertly(
    client, cohort, value, step
):
    person = ParticipantFactory()
    client.force_login(person)
    url = reverse("registration:register", args=[cohort.pk])
    response = client.post(url, registration_data(value, step=step))
    registration = cohort.registrations.filter(participant=person).first()
    assert_refused_or_stored(response, registration is not None, shown_back=step != "confirm")
    if registration is not None:
        detail = client.get(reverse("registration:detail", args=[registration.pk]))
        assert_inert(detail.content.decode())
        client.force_login(CoordinatorFactory())
        for name in ["registration_admin:manage", "registrations:edit"]:
            page = client.get(reverse(name, args=[registration.pk]))
            assert page.status_code == 200
            assert_inert(page.content.decode())
        listing = client.get(reverse("registrations:index"))
        assert_inert(listing.content.decode())


@pytest.mark.parametrize(
    "number", payload_params({**NON_ASCII_DIGITS, **PAYLOADS, "4,301 digits": "1" * 4301})
)
def test_membership_number_with_hostile_or_non_ascii_digits_gets_a_dutch_message(
    client, cohort, number
):
    client.force_login(ParticipantFactory())
    data = registration_data("De Linde", is_lbbo_member="on", membership_number=number)
    response = client.post(reverse("registration:register", args=[cohort.pk]), data)
    assert response.status_code == 400
    assert not cohort.registrations.exists()
    body = response.content.decode()
    assert_inert(body)
    assert 'class="errorlist' in body


def test_cancel_and_accept_offer_ignore_hostile_extra_fields(client, cohort):
    registration = RegistrationFactory(cohort=cohort, participant=ParticipantFactory())
    client.force_login(registration.participant)
    for name in ["registration:cancel", "registration:accept_offer"]:
        response = client.post(
            reverse(name, args=[registration.pk]),
            {"reason": SCRIPT, "status": "confirmed\x00", "pk": "١٢"},
        )
        assert response.status_code == 302
    page = client.get(reverse("registration:detail", args=[registration.pk]))
    assert_inert(page.content.decode())


# --- In-company request --------------------------------------------------------------------


def incompany_data(value, **overrides):
    data = {
        "organisation": value,
        "contact_name": value,
        "email": "bestuur@example.nl",
        "phone": value,
        "participant_count": "12",
        "region": value,
        "period": value,
        "questions": value,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "value",
    payload_params(PAYLOADS),
)
def test_incompany_request_refuses_or_stores_hostile_text_inertly(
    client, db, value, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from course.models import InCompanyRequest
    from website.models import SiteConfig

    config = SiteConfig.for_site(Site.objects.get(is_default_site=True))
    config.contact_email = "opleiding@example.nl"
    config.save()
    # The coordinator's email goes out after commit: run it, header values included.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registration:incompany"), incompany_data(value))
    stored = InCompanyRequest.objects.first()
    assert_refused_or_stored(response, stored is not None)
    if stored is not None:
        client.force_login(CoordinatorFactory())
        for name in ["incompany_requests:edit", "incompany_requests:inspect"]:
            page = client.get(reverse(name, args=[stored.pk]))
            assert page.status_code == 200
            assert_inert(page.content.decode())
        assert_inert(client.get(reverse("incompany_requests:index")).content.decode())


@pytest.mark.parametrize("count", payload_params({**NON_ASCII_DIGITS, "huge": "9" * 4301}))
def test_incompany_participant_count_in_other_digits_gets_a_dutch_message(client, db, count):
    from course.models import InCompanyRequest

    response = client.post(
        reverse("registration:incompany"),
        incompany_data("Stichting Sterk", participant_count=count),
    )
    assert response.status_code == 200
    assert not InCompanyRequest.objects.exists()
    assert 'class="errorlist' in response.content.decode()


# --- Practice day and attendance ------------------------------------------------------------


@pytest.fixture
def practice_day_cohort(db):
    practice_day = PracticeDayFactory()
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=practice_day.cohort))
    return practice_day.cohort, slot


@pytest.mark.parametrize(
    "value", payload_params({**PAYLOADS, **NON_ASCII_DIGITS, "negative": "-1", "huge": "9" * 4301})
)
def test_practice_day_preferences_refuse_hostile_choices_with_a_message(
    client, practice_day_cohort, value
):
    cohort, slot = practice_day_cohort
    from tests.factories import enrol

    person = enrol(cohort)
    client.force_login(person)
    response = client.post(
        reverse("visits:preferences", args=[cohort.pk]),
        {"choice_1": value, "choice_2": value, "choice_3": ""},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_inert(page.content.decode())


@pytest.mark.parametrize("value", payload_params({**PAYLOADS, **NON_ASCII_DIGITS}))
def test_attendance_screen_refuses_hostile_participant_ids_with_a_message(client, db, value):
    trainer = TrainerFactory()
    cohort = CohortPageFactory(
        days__first_date=timezone.localdate() - datetime.timedelta(days=30),
        trainers=[trainer],
        slug="aanwezig",
    )
    RegistrationFactory(cohort=cohort)
    day = cohort.days.get(number=1)
    client.force_login(trainer)
    url = reverse("course:attendance", args=[day.pk])
    response = client.post(url, {"present": [value]}, follow=True)
    assert response.status_code == 200
    assert _("The list of participants has changed. Check the names and save again.") in (
        html.unescape(response.content.decode())
    )


# --- Coordinator tools in the admin ----------------------------------------------------------


@pytest.mark.parametrize("value", payload_params())
def test_registration_decisions_store_a_hostile_reason_inertly(coordinator_client, cohort, value):
    registration = RegistrationFactory(
        cohort=cohort, is_lbbo_member=True, membership_number="12345"
    )
    url = reverse("registration_admin:manage", args=[registration.pk])
    for action in ["reject_membership", "cancel"]:
        response = coordinator_client.post(url, {"action": action, "reason": value})
        assert response.status_code == 302
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert_inert(page.content.decode())
    assert_inert(coordinator_client.get(reverse("registrationlog:index")).content.decode())


def test_unknown_registration_decision_gets_a_message(coordinator_client, cohort):
    registration = RegistrationFactory(cohort=cohort)
    url = reverse("registration_admin:manage", args=[registration.pk])
    response = coordinator_client.post(url, {"action": SCRIPT}, follow=True)
    assert _("Unknown action.") in html.unescape(response.content.decode())
    assert_inert(response.content.decode())


@pytest.mark.parametrize(
    "content",
    payload_params(
        {
            **{label: f"nummer\n{value}\n12345\n".encode() for label, value in PAYLOADS.items()},
            "140,000-character field": b"nummer\n" + b"1" * 140_000 + b"\n",
            "not UTF-8": b"\xff\xfe\x00n\x00u\x00m\x00\n\x00",
            "binary": bytes(range(256)),
            "empty": b"",
            "non-ASCII digits": "nummer\n١٢٣٤٥\n²\n".encode(),
        },
    ),
)
def test_member_list_upload_refuses_or_stores_hostile_content_inertly(
    coordinator_client, db, content
):
    upload = SimpleUploadedFile("leden.csv", content, content_type="text/csv")
    response = coordinator_client.post(
        reverse("registration_admin:member_list"), {"member_list": upload}
    )
    assert response.status_code in (200, 302)
    page = coordinator_client.get(reverse("registration_admin:member_list"))
    assert_inert(page.content.decode())
    if response.status_code == 200:
        assert_inert(response.content.decode())
        assert 'class="error' in response.content.decode()


@pytest.mark.parametrize(
    "value",
    payload_params(
        {
            **PAYLOADS,
            **NON_ASCII_DIGITS,
            "4,301 digits": "1" * 4301,
        },
    ),
)
def test_allocation_adjust_refuses_hostile_slot_with_a_message(coordinator_client, db, value):
    from tests.factories import enrol
    from tests.test_authorization_matrix import model

    practice_day = PracticeDayFactory()
    cohort = practice_day.cohort
    host_visit = HostVisitFactory(cohort=cohort)
    slot = VisitSlotFactory(host_visit=host_visit, pk=11)
    # Slot 12 exists, so a "١٢" misread as 12 would move the participant.
    VisitSlotFactory(host_visit=host_visit, pk=12, starts_at=datetime.time(13, 0))
    proposal = model("ProposedAssignment").objects.create(
        practice_day=practice_day, participant=enrol(cohort), slot=slot
    )
    url = reverse("practice_day_admin:adjust", args=[cohort.pk, proposal.pk])
    response = coordinator_client.post(url, {"slot": value}, follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.slot_id == slot.pk
    assert _("Choose a visit of this practice day.") in html.unescape(response.content.decode())
