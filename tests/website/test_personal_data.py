"""A person's data (AVG): their own export (page and JSON) and the erasure a coordinator
carries out on their request (website/personal_data.py and the apps' parts)."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from course.models import CalendarFeedToken, InCompanyRequest, Registration, RegistrationLog
from course.services.attendance import record_attendance
from course.services.registration import RegistrationDetails, register, reject_membership
from practice_day.models import VisitBooking, WaitingListEntry
from practice_day.services import book_slot, join_waiting_list
from tests.factories import (
    CohortPageFactory,
    HostVisitFactory,
    ParticipantFactory,
    RegistrationFactory,
    SchoolFactory,
    TrainerFactory,
    VisitSlotFactory,
)
from website.errors import ActionRefused
from website.models import School, User
from website.personal_data import erase_personal_data

pytestmark = pytest.mark.django_db

NAME = "Jolien van Wissen"
EMAIL = "jolien.vanwissen@example.nl"
SCHOOL = "Basisschool Het Wissenpad"
OTHER_NAME = "Kees Ankerman"
OTHER_SCHOOL = "Kindcentrum De Ankerplaats"
INVOICE_ADDRESS = "Dorpsstraat 12, 8011 AB Zwolle"


def today_plus(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def details(school, **overrides):
    fields = {
        "function": "ib",
        "school_name": school.name,
        "school_place": school.place,
        "board_name": school.board.name,
        "terms_accepted": True,
    }
    fields.update(overrides)
    return RegistrationDetails(**fields)


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def cohort(trainer):
    """A running cohort: days 1 and 2 are past, the practice day (5) is still to come."""
    return CohortPageFactory(
        days__first_date=today_plus(-14),
        days__every=7,
        trainers=[trainer],
        capacity=2,
        registration_opens=today_plus(-60),
        registration_closes=today_plus(10),
    )


@pytest.fixture
def slot(cohort):
    return VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=1)


@pytest.fixture
def person(cohort, slot, trainer, coordinator):
    """The person asking for erasure, with data in every app, and a history about them."""
    school = SchoolFactory(name=SCHOOL, place="Zwolle")
    user = ParticipantFactory(full_name=NAME, email=EMAIL, school=school)
    registration = register(
        user,
        cohort,
        details(
            school,
            is_lbbo_member=True,
            membership_number="4455667",
            payer=Registration.Payer.SCHOOL,
            invoice_address=INVOICE_ADDRESS,
            invoice_reference=f"PO {NAME}",
        ),
    )
    reject_membership(registration, coordinator, reason=f"Nummer van {NAME} staat niet op de lijst")
    record_attendance(cohort.days.get(number=1), [user], by=trainer)
    book_slot(user, slot)
    CalendarFeedToken.for_user(user)
    InCompanyRequest.objects.create(
        organisation="Stichting Wijde Wijk",
        contact_name=NAME,
        email=EMAIL.upper(),
        phone="0612345678",
        participant_count=8,
        region="Zwolle",
        period="voorjaar",
        questions=f"Graag bellen met {NAME} van {SCHOOL}.",
    )
    log(instance=registration, action="wagtail.edit", user=coordinator)
    log(instance=user, action="wagtail.edit", user=coordinator)
    return user


@pytest.fixture
def other(cohort, slot, trainer):
    """A second participant of the same cohort, with data of their own."""
    school = SchoolFactory(name=OTHER_SCHOOL, place="Kampen")
    user = ParticipantFactory(full_name=OTHER_NAME, email="kees@example.nl", school=school)
    register(user, cohort, details(school, invoice_address="Kerkstraat 1, Kampen"))
    record_attendance(cohort.days.get(number=2), [user], by=trainer)
    join_waiting_list(user, slot)
    return user


def label(msgid):
    """A field's label as the export shows it: its translated verbose name, capitalised."""
    return capfirst(_(msgid))


def export_json(client, user):
    client.force_login(user)
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def section(data, title):
    return next(part for part in data["sections"] if part["title"] == title)


def rows_mentioning(value):
    """Every (model, field) whose stored text anywhere in the database contains ``value``."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                continue
            matches = (
                model._base_manager.annotate(_text=Cast(field.name, models.TextField()))
                .filter(_text__icontains=value)
                .exists()
            )
            if matches:
                found.append(f"{model._meta.label}.{field.name}")
    return found


# --- The person's own export --------------------------------------------------------------


def test_export_holds_registrations_bookings_attendance_and_log_and_nobody_elses(
    client, person, other
):
    response, data = export_json(client, person)
    assert response["Content-Disposition"].startswith("attachment")
    assert section(data, _("Your account"))["records"][0][label("email address")] == EMAIL
    registrations = section(data, _("Registrations"))["records"]
    assert [row[label("invoice address")] for row in registrations] == [INVOICE_ADDRESS]
    assert registrations[0][label("LBBO membership number")] == "4455667"
    history = section(data, _("Registration history"))["records"]
    assert f"Nummer van {NAME} staat niet op de lijst" in [row[label("reason")] for row in history]
    # Registered, the price at registration, the rejected discount; not the other's entries.
    assert len(history) == 3
    attendance = section(data, _("Attendance"))["records"]
    # Present on day 1; on day 2 the trainer recorded only the other participant as present.
    assert [(row[label("course day")], row[label("present")]) for row in attendance] == [
        (1, True),
        (2, False),
    ]
    assert len(section(data, _("Practice-day visits"))["records"]) == 1
    assert len(section(data, _("In-company requests"))["records"]) == 1
    assert section(data, _("Practice-day waiting lists"))["records"] == []

    client.force_login(person)
    page = client.get(reverse("personal_data")).content.decode()
    raw_json = response.content.decode()
    for text in (page, raw_json):
        assert INVOICE_ADDRESS in text
        assert OTHER_NAME not in text
        assert OTHER_SCHOOL not in text
        assert "kees@example.nl" not in text
        assert "Kerkstraat" not in text


def test_profile_links_to_the_export(client, person):
    client.force_login(person)
    response = client.get(reverse("profile"))
    assert reverse("personal_data") in response.content.decode()
    assert reverse("personal_data_download") in response.content.decode()


@pytest.mark.parametrize("url_name", ["personal_data", "personal_data_download"])
def test_anonymous_visitor_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("viewer", ["other", "coordinator"])
def test_nobody_gets_another_persons_export_not_even_a_coordinator(
    client, person, other, coordinator, viewer
):
    viewer = other if viewer == "other" else coordinator
    response, data = export_json(client, viewer)
    client.force_login(viewer)
    page = client.get(reverse("personal_data")).content.decode()
    for text in (page, response.content.decode()):
        assert NAME not in text
        assert EMAIL not in text
        assert INVOICE_ADDRESS not in text
    assert section(data, _("Your account"))["records"][0][label("email address")] == viewer.email


# --- Who may erase ------------------------------------------------------------------------


def erase_url(user):
    return reverse("wagtailusers_users:erase", args=[user.pk])


@pytest.mark.parametrize("role", ["trainer", "participant"])
def test_trainer_and_participant_cannot_erase(client, person, other, trainer, role):
    client.force_login(trainer if role == "trainer" else other)
    assert client.get(erase_url(person)).status_code in (302, 403)
    client.post(erase_url(person))
    person.refresh_from_db()
    assert person.erased_at is None
    assert person.full_name == NAME
    with pytest.raises(ActionRefused) as error:
        erase_personal_data(person, by=trainer)
    assert error.value.code == "not_allowed"


def test_coordinator_confirms_then_erases_from_the_user_list(client, person, coordinator):
    client.force_login(coordinator)
    listing = client.get(reverse("wagtailusers_users:index"))
    assert listing.status_code == 200
    assert erase_url(person) in listing.content.decode()

    confirmation = client.get(erase_url(person))
    assert confirmation.status_code == 200
    assert _("Yes, erase this person's data") in confirmation.content.decode()
    person.refresh_from_db()
    assert person.erased_at is None  # looking is not erasing

    response = client.post(erase_url(person), follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.erased_at is not None
    assert not person.is_active
    assert not person.has_usable_password()
    entry = ModelLogEntry.objects.get(action="website.erase_personal_data")
    assert entry.user == coordinator
    assert entry.object_id == str(person.pk)
    assert NAME not in entry.label
    assert NAME not in json.dumps(entry.data)


def test_erasing_twice_or_oneself_is_refused_with_a_sentence(person, coordinator):
    erase_personal_data(person, by=coordinator)
    with pytest.raises(ActionRefused) as again:
        erase_personal_data(person, by=coordinator)
    assert again.value.code == "already_erased"
    assert str(again.value) == _("This person's data has already been erased.")
    with pytest.raises(ActionRefused) as own:
        erase_personal_data(coordinator, by=coordinator)
    assert own.value.code == "self"
    administrator = User.objects.create_superuser("beheer@example.nl", full_name="Beheer")
    with pytest.raises(ActionRefused) as superuser:
        erase_personal_data(administrator, by=coordinator)
    assert superuser.value.code == "superuser"


# --- What erasure leaves --------------------------------------------------------------------


def test_erasure_leaves_no_name_email_or_school_of_theirs_anywhere(
    client, person, other, coordinator
):
    client.force_login(person)  # a session to end
    erase_personal_data(person, by=coordinator)
    for value in (NAME, EMAIL, SCHOOL, INVOICE_ADDRESS, "0612345678", "4455667"):
        assert rows_mentioning(value) == [], value
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not CalendarFeedToken.objects.filter(user=person).exists()
    assert not School.objects.filter(name=SCHOOL).exists()
    assert not any(
        session.get_decoded().get("_auth_user_id") == str(person.pk)
        for session in Session.objects.all()
    )
    person.refresh_from_db()
    assert person.school is None
    assert person.function == User.Function.OTHER
    # The other person's data is untouched.
    assert rows_mentioning(OTHER_NAME)
    assert School.objects.filter(name=OTHER_SCHOOL).exists()


def test_erasure_ends_the_sessions_also_in_the_session_cache(client, person, coordinator):
    """Sessions are cached_db (website/settings.py): ending one must also drop the cached
    copy, or the session would go on being read from the cache."""
    from importlib import import_module

    from django.conf import settings
    from django.core.cache import caches

    client.force_login(person)
    key = client.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert store(key).load()  # read once: now in the session cache
    cache_key = store(key).cache_key
    assert caches[settings.SESSION_CACHE_ALIAS].get(cache_key) is not None
    erase_personal_data(person, by=coordinator)
    assert caches[settings.SESSION_CACHE_ALIAS].get(cache_key) is None
    assert not Session.objects.filter(session_key=key).exists()


def test_an_erased_trainer_no_longer_trains_the_cohort(client, cohort, trainer, coordinator):
    _response, data = export_json(client, trainer)
    assert section(data, _("Cohorts you train"))["records"] == [{_("Cohort"): str(cohort)}]
    erase_personal_data(trainer, by=coordinator)
    assert not cohort.trainers.exists()


def test_a_school_others_share_stays(person, coordinator):
    colleague = ParticipantFactory(school=person.school)
    erase_personal_data(person, by=coordinator)
    colleague.refresh_from_db()
    assert colleague.school.name == SCHOOL


def test_erasure_keeps_the_price_history_and_every_amount(person, other, coordinator):
    def sums():
        return (
            RegistrationLog.objects.aggregate(
                old=models.Sum("old_total"), new=models.Sum("new_total")
            ),
            Registration.objects.aggregate(total=models.Sum("total")),
            RegistrationLog.objects.exclude(kind=RegistrationLog.Kind.STATUS).count(),
        )

    before = sums()
    erase_personal_data(person, by=coordinator)
    assert sums() == before
    registration = Registration.objects.get(participant=person)
    assert registration.total == registration.cohort.price
    assert registration.membership_number == ""
    assert registration.invoice_address == ""


def test_a_place_in_a_running_cohort_is_cancelled_and_offered_to_the_next_person(
    person, other, cohort, coordinator
):
    waiting = ParticipantFactory()
    register(waiting, cohort, details(waiting.school))
    assert Registration.objects.get(participant=waiting).status == Registration.Status.WAITING_LIST

    erase_personal_data(person, by=coordinator)

    assert Registration.objects.get(participant=person).status == Registration.Status.CANCELLED
    assert Registration.objects.get(participant=waiting).status == Registration.Status.OFFERED
    assert Registration.objects.filter(cohort=cohort).holding_a_place().count() == 2


def test_a_place_in_an_ended_cohort_stays_for_the_statistics(coordinator):
    ended = CohortPageFactory(days__first_date=today_plus(-120), days__every=7)
    registration = RegistrationFactory(cohort=ended)
    erase_personal_data(registration.participant, by=coordinator)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_booked_visit_goes_to_the_first_person_waiting(person, other, slot, coordinator):
    erase_personal_data(person, by=coordinator)
    assert not VisitBooking.objects.active().filter(participant=person).exists()
    assert VisitBooking.objects.active().get(slot=slot).participant == other
    assert WaitingListEntry.objects.get(participant=other).status == "placed"


def test_no_mail_goes_to_an_erased_account(person, coordinator, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(person, by=coordinator)
    assert all(not address.endswith(".invalid") for m in mail.outbox for address in m.to)
    assert all(EMAIL not in m.to for m in mail.outbox)


def test_every_other_persons_pages_still_work_after_erasure(
    client, person, other, cohort, trainer, coordinator
):
    erase_personal_data(person, by=coordinator)

    client.force_login(other)
    assert client.get(reverse("course:dashboard")).status_code == 200
    assert client.get(reverse("personal_data")).status_code == 200

    client.force_login(trainer)
    overview = client.get(reverse("course:cohort_overview"))
    assert overview.status_code == 200
    for number in (1, 2):
        day = cohort.days.get(number=number)
        screen = client.get(reverse("course:attendance", kwargs={"day_id": day.pk}))
        assert screen.status_code == 200
        assert OTHER_NAME in screen.content.decode()
        assert NAME not in screen.content.decode()

    client.force_login(coordinator)
    for url, params in (
        (reverse("registrations:index"), {}),
        (reverse("registrations:index"), {"export": "csv"}),
        (reverse("course:attendance_export", kwargs={"cohort_id": cohort.pk}), {}),
        (reverse("wagtailusers_users:index"), {}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert OTHER_NAME in body.decode(), url
        assert NAME not in body.decode(), url
