import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from course.models import LbboMember, Registration, RegistrationLog, RegistrationSettings
from course.services.registration import (
    accept_offer,
    cancel_registration,
    confirm_pending_registrations,
    decide_registration,
    expire_offers,
    register,
    reject_membership,
)
from tests.factories import CohortPageFactory, CoordinatorFactory, ParticipantFactory
from website.errors import ActionRefused

from .registration_fixtures import details, member_details

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_registration_with_a_verified_account_confirms_the_place(cohort, participant):
    registration = register(participant, cohort, details())
    assert registration.status == Status.CONFIRMED
    assert registration.total == Decimal("2495.00")


def test_lbbo_member_gets_five_percent_off(cohort, participant):
    registration = register(participant, cohort, member_details("12345"))
    assert registration.course_fee == Decimal("2495.00")
    assert registration.discount == Decimal("124.75")
    assert registration.total == Decimal("2370.25")
    assert registration.membership_status == Registration.MembershipStatus.UNCHECKED


def test_membership_number_is_stored_without_spaces(cohort, participant):
    registration = register(participant, cohort, member_details("  12 34\t5 "))
    assert registration.membership_number == "12345"


def test_a_number_on_the_member_list_is_verified_at_once(cohort, participant):
    LbboMember.objects.create(number="12345")
    registration = register(participant, cohort, member_details("12345"))
    assert registration.membership_status == Registration.MembershipStatus.VERIFIED


def test_no_discount_without_a_membership_number(cohort, participant):
    registration = register(participant, cohort, details())
    assert registration.discount == Decimal("0.00")
    assert registration.membership_number == ""


def test_a_membership_number_without_the_member_tick_is_asked_about_not_dropped(
    cohort, participant
):
    with pytest.raises(ActionRefused) as refused:
        register(participant, cohort, details(membership_number="12345"))
    assert refused.value.code == "membership_not_ticked"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "number, code",
    [
        ("١٢٣٤٥", "membership_number_characters"),  # Arabic-Indic digits
        ("12٣45", "membership_number_characters"),
        ("１２３４５", "membership_number_characters"),  # full-width digits
        ("12A45", "membership_number_characters"),
        ("-12345", "membership_number_characters"),
        ("12.345", "membership_number_characters"),
        ("123456789", "membership_number_too_long"),
        ("123", "membership_number_too_short"),
        ("", "membership_number_missing"),
        ("   ", "membership_number_missing"),
    ],
)
def test_an_invalid_membership_number_is_refused_and_nothing_is_stored(
    cohort, participant, number, code
):
    with pytest.raises(ActionRefused) as error:
        register(participant, cohort, member_details(number))
    assert error.value.code == code
    assert not Registration.objects.exists()


def test_coordinator_can_allow_letters_in_membership_numbers(cohort, participant, home_page):
    settings = RegistrationSettings.load()
    settings.membership_number_characters = RegistrationSettings.NumberCharacters.LETTERS_AND_DIGITS
    settings.save()
    registration = register(participant, cohort, member_details("ab12c"))
    assert registration.membership_number == "AB12C"
    assert registration.discount == Decimal("124.75")


def test_a_membership_number_earns_the_discount_once_per_cohort(cohort, participant):
    register(participant, cohort, member_details("12345"))
    with pytest.raises(ActionRefused) as error:
        register(ParticipantFactory(), cohort, member_details("123 45"))
    assert error.value.code == "membership_number_used"
    assert Registration.objects.count() == 1


def test_the_same_membership_number_may_be_used_in_another_cohort(training_page, participant):
    first, second = CohortPageFactory(), CohortPageFactory()
    register(participant, first, member_details("12345"))
    registration = register(participant, second, member_details("12345"))
    assert registration.discount == Decimal("124.75")


def test_a_cancelled_registration_frees_its_membership_number(cohort, participant):
    registration = register(participant, cohort, member_details("12345"))
    cancel_registration(registration, participant)
    other = register(ParticipantFactory(), cohort, member_details("12345"))
    assert other.discount == Decimal("124.75")


def test_the_database_refuses_a_second_discount_for_one_number(cohort, participant):
    from django.db import IntegrityError, transaction

    register(participant, cohort, member_details("12345"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            cohort=cohort,
            participant=ParticipantFactory(),
            membership_number="12345",
            discount=Decimal("1.00"),
        )


def test_in_company_cohort_never_gives_the_discount_and_shows_no_price(training_page, participant):
    closed = CohortPageFactory(is_closed=True, invitation_code="TEAM2027")
    registration = register(
        participant, closed, member_details("12345", invitation_code="TEAM2027")
    )
    assert registration.discount == Decimal("0.00")
    assert registration.total == Decimal("0.00")
    assert registration.membership_number == ""
    assert not registration.is_lbbo_member


def test_in_company_cohort_refuses_a_wrong_invitation_code(training_page, participant):
    closed = CohortPageFactory(is_closed=True, invitation_code="TEAM2027")
    with pytest.raises(ActionRefused) as error:
        register(participant, closed, details(invitation_code="GUESS"))
    assert error.value.code == "invitation_code"
    assert not Registration.objects.exists()


def test_registration_without_agreeing_to_the_terms_is_refused(cohort, participant):
    with pytest.raises(ActionRefused) as error:
        register(participant, cohort, details(terms_accepted=False))
    assert error.value.code == "terms"
    assert str(error.value) == _("You can only register if you agree to the terms and conditions.")
    assert not Registration.objects.exists()


@pytest.mark.parametrize("days", [-11, 31])
def test_registration_outside_the_open_window_is_refused(cohort, participant, days):
    today = timezone.localdate() + datetime.timedelta(days=days)
    with pytest.raises(ActionRefused) as error:
        register(participant, cohort, details(), today=today)
    assert error.value.code == "closed"
    assert not Registration.objects.exists()


def test_a_person_cannot_register_twice_for_one_cohort(cohort, participant):
    register(participant, cohort, details())
    with pytest.raises(ActionRefused) as error:
        register(participant, cohort, details())
    assert error.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_a_full_cohort_puts_the_registrant_on_the_waiting_list(
    training_page, django_capture_on_commit_callbacks
):
    small = CohortPageFactory(capacity=1)
    register(ParticipantFactory(), small, details())
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(ParticipantFactory(), small, details())
    assert registration.status == Status.WAITING_LIST
    assert mail.outbox[-1].subject == _("You are on the waiting list")


def test_unverified_account_waits_for_email_confirmation(cohort, participant):
    EmailAddress.objects.filter(user=participant).update(verified=False)
    registration = register(participant, cohort, details())
    assert registration.status == Status.AWAITING_CONFIRMATION
    EmailAddress.objects.filter(user=participant).update(verified=True)
    confirm_pending_registrations(participant)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_confirmation_mail_is_dutch_and_shows_the_price_breakdown(
    cohort, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(participant, cohort, member_details("12345"))
    message = mail.outbox[-1]
    assert message.to == [participant.email]
    assert message.subject == _("Your registration is confirmed")
    assert "€\u00a02.495,00" in message.body
    assert "€\u00a0124,75" in message.body
    assert "€\u00a02.370,25" in message.body


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_confirmation_mail_is_in_the_language_the_participant_chose(
    language, cohort, django_capture_on_commit_callbacks
):
    person = ParticipantFactory(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        register(person, cohort, details())

    message = mail.outbox[-1]
    with translation.override(language):
        assert message.subject == _("Your registration is confirmed")
        assert _("Dear %(name)s,") % {"name": person.get_short_name()} in message.body


def test_every_status_change_is_logged(cohort, participant):
    registration = register(participant, cohort, details())
    cancel_registration(registration, participant)
    log = list(registration.log.filter(kind="status").values_list("old_status", "new_status"))
    assert log == [("", Status.CONFIRMED), (Status.CONFIRMED, Status.CANCELLED)]


# --- waiting list and offers -----------------------------------------------------------


@pytest.fixture
def full_cohort_with_waiting_list(training_page):
    small = CohortPageFactory(capacity=1)
    holder = register(ParticipantFactory(), small, details())
    first = register(ParticipantFactory(), small, details())
    second = register(ParticipantFactory(), small, details())
    return small, holder, first, second


def test_a_freed_place_is_offered_to_the_first_person_waiting(
    full_cohort_with_waiting_list, django_capture_on_commit_callbacks
):
    _cohort, holder, first, second = full_cohort_with_waiting_list
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(holder, holder.participant)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED
    assert second.status == Status.WAITING_LIST
    assert first.offer_expires_at is not None
    assert mail.outbox[-1].to == [first.participant.email]
    assert mail.outbox[-1].subject == _("A place has become available for you")


def test_offer_is_valid_for_the_days_the_coordinator_sets(full_cohort_with_waiting_list):
    settings = RegistrationSettings.load()
    settings.offer_valid_days = 3
    settings.save()
    _cohort, holder, first, _second = full_cohort_with_waiting_list
    now = timezone.now()
    cancel_registration(holder, holder.participant, now=now)
    first.refresh_from_db()
    assert first.offer_expires_at == now + datetime.timedelta(days=3)


def test_accepting_an_offer_confirms_the_place(full_cohort_with_waiting_list):
    _cohort, holder, first, _second = full_cohort_with_waiting_list
    cancel_registration(holder, holder.participant)
    registration = accept_offer(first, first.participant)
    assert registration.status == Status.CONFIRMED


def test_an_expired_offer_passes_the_place_to_the_next_person(full_cohort_with_waiting_list):
    _cohort, holder, first, second = full_cohort_with_waiting_list
    cancel_registration(holder, holder.participant)
    later = timezone.now() + datetime.timedelta(days=30)
    assert expire_offers(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.OFFERED
    with pytest.raises(ActionRefused) as error:
        accept_offer(first, first.participant)
    assert error.value.code == "no_offer"


def test_an_offer_cannot_be_accepted_after_it_expired(full_cohort_with_waiting_list):
    _cohort, holder, first, _second = full_cohort_with_waiting_list
    cancel_registration(holder, holder.participant)
    with pytest.raises(ActionRefused) as error:
        accept_offer(first, first.participant, now=timezone.now() + datetime.timedelta(days=30))
    assert error.value.code == "offer_expired"


def test_expire_offers_command_withdraws_expired_offers(full_cohort_with_waiting_list):
    _cohort, holder, first, _second = full_cohort_with_waiting_list
    cancel_registration(holder, holder.participant)
    Registration.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("expire_offers", stdout=open("/dev/null", "w"))
    first.refresh_from_db()
    assert first.status == Status.CANCELLED


def test_expire_offers_leaves_open_offers_alone(full_cohort_with_waiting_list):
    _cohort, holder, first, _second = full_cohort_with_waiting_list
    cancel_registration(holder, holder.participant)
    assert expire_offers() == 0
    first.refresh_from_db()
    assert first.status == Status.OFFERED


def test_leaving_the_waiting_list_does_not_offer_anyone_a_place(full_cohort_with_waiting_list):
    _cohort, _holder, first, second = full_cohort_with_waiting_list
    cancel_registration(first, first.participant)
    second.refresh_from_db()
    assert second.status == Status.WAITING_LIST


# --- cancellation -----------------------------------------------------------------------


def test_participant_cannot_cancel_after_the_free_cancellation_date(cohort, participant):
    registration = register(participant, cohort, details())
    late = cohort.free_cancellation_until + datetime.timedelta(days=1)
    with pytest.raises(ActionRefused) as error:
        cancel_registration(registration, participant, today=late)
    assert error.value.code == "not_allowed"
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_coordinator_can_always_cancel(cohort, participant):
    registration = register(participant, cohort, details())
    late = cohort.free_cancellation_until + datetime.timedelta(days=100)
    cancel_registration(registration, CoordinatorFactory(), today=late)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_another_participant_cannot_cancel_your_registration(cohort, participant):
    registration = register(participant, cohort, details())
    with pytest.raises(ActionRefused) as error:
        cancel_registration(registration, ParticipantFactory())
    assert error.value.code == "not_allowed"


# --- membership rejection -----------------------------------------------------------------


def test_rejecting_a_membership_removes_the_discount_and_recalculates(
    cohort, participant, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    registration = register(participant, cohort, member_details("12345"))
    with django_capture_on_commit_callbacks(execute=True):
        registration = reject_membership(registration, coordinator)
    assert registration.discount == Decimal("0.00")
    assert registration.total == Decimal("2495.00")
    assert registration.membership_status == Registration.MembershipStatus.REJECTED
    entry = registration.log.filter(kind=RegistrationLog.Kind.PRICE).last()
    assert entry.changed_by == coordinator
    assert (entry.old_total, entry.new_total) == (Decimal("2370.25"), Decimal("2495.00"))
    assert (entry.old_discount, entry.new_discount) == (Decimal("124.75"), Decimal("0.00"))
    assert mail.outbox[-1].subject == _("Your LBBO discount has been withdrawn")
    assert "€\u00a02.495,00" in mail.outbox[-1].body


def test_confirming_the_email_address_confirms_a_waiting_registration(cohort, participant):
    from allauth.account.signals import email_confirmed

    address = EmailAddress.objects.get(user=participant)
    address.verified = False
    address.save()
    registration = register(participant, cohort, details())
    address.verified = True
    address.save()
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_the_price_at_registration_is_logged(cohort, participant):
    registration = register(participant, cohort, member_details("12345"))
    entry = registration.log.get(kind=RegistrationLog.Kind.PRICE)
    assert (entry.new_discount, entry.new_total) == (Decimal("124.75"), Decimal("2370.25"))


def test_participant_may_leave_the_waiting_list_after_the_cancellation_date(training_page):
    small = CohortPageFactory(capacity=1)
    register(ParticipantFactory(), small, details())
    waiting = register(ParticipantFactory(), small, details())
    late = small.free_cancellation_until + datetime.timedelta(days=1)
    cancel_registration(waiting, waiting.participant, today=late)
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED


def test_raising_the_capacity_offers_places_at_the_next_expiry_run(training_page):
    small = CohortPageFactory(capacity=1)
    register(ParticipantFactory(), small, details())
    waiting = register(ParticipantFactory(), small, details())
    small.capacity = 2
    small.save()
    expire_offers()
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_registration_fills_in_a_missing_school_on_the_account(cohort):
    person = ParticipantFactory(school=None, function="other")
    register(person, cohort, details(school_name="Basisschool De Es", school_place="Ede"))
    person.refresh_from_db()
    assert str(person.school) == "Basisschool De Es, Ede"
    assert person.school.board.name == "Stichting Leerkracht"
    assert person.function == "ib"


def test_registration_keeps_the_school_already_on_the_account(cohort, participant):
    school = participant.school
    register(participant, cohort, details(school_name="Elders", school_place="Ede"))
    participant.refresh_from_db()
    assert participant.school == school


# --- one place per person per training ----------------------------------------------------


@pytest.fixture
def place_in_first_cohort(training_page, participant):
    first = CohortPageFactory(title="Zwolle voorjaar")
    return register(participant, first, details())


def test_a_second_place_in_the_same_training_awaits_the_coordinator(
    place_in_first_cohort, participant, training_page, django_capture_on_commit_callbacks
):
    second_cohort = CohortPageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(participant, second_cohort, details())
    assert registration.status == Status.NEEDS_DECISION
    assert registration.holds_a_place
    reasons = [entry.reason for entry in registration.log.filter(kind="status")]
    assert any("Zwolle voorjaar" in reason for reason in reasons)
    assert mail.outbox[-1].subject == _("Your registration awaits the coordinator's decision")


def test_a_place_in_another_training_or_a_cancelled_one_needs_no_decision(
    place_in_first_cohort, participant, training_page
):
    cancel_registration(place_in_first_cohort, participant)
    registration = register(participant, CohortPageFactory(), details())
    assert registration.status == Status.CONFIRMED


def test_the_coordinator_approves_or_refuses_a_second_place(
    place_in_first_cohort, participant, training_page
):
    coordinator = CoordinatorFactory()
    approved = register(participant, CohortPageFactory(), details())
    assert decide_registration(approved, coordinator, approve=True).status == Status.CONFIRMED
    refused = register(participant, CohortPageFactory(), details())
    assert decide_registration(refused, coordinator, approve=False).status == Status.CANCELLED
    with pytest.raises(ActionRefused):
        decide_registration(refused, coordinator, approve=True)


def test_a_participant_cannot_decide_on_their_own_second_place(
    place_in_first_cohort, participant, training_page
):
    registration = register(participant, CohortPageFactory(), details())
    with pytest.raises(ActionRefused) as refused:
        decide_registration(registration, participant, approve=True)
    assert refused.value.code == "not_allowed"


def test_accepting_an_offer_with_a_place_elsewhere_in_the_training_awaits_the_coordinator(
    full_cohort_with_waiting_list, training_page
):
    _cohort, holder, first, _second = full_cohort_with_waiting_list
    register(first.participant, CohortPageFactory(), details())
    cancel_registration(holder, holder.participant)
    first.refresh_from_db()
    assert accept_offer(first, first.participant).status == Status.NEEDS_DECISION
