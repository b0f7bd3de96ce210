"""Booking rules of the practice day: who may book, capacity, limits, deadlines, waiting list."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from course.models import Registration
from practice_day.models import PracticeDay, VisitBooking, WaitingListEntry
from practice_day.services import (
    book_slot,
    bookings_for,
    cancel_booking,
    join_waiting_list,
    leave_waiting_list,
    practice_day_for,
)
from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    HostVisitFactory,
    ParticipantFactory,
    SchoolFactory,
    VisitSlotFactory,
    enrol,
)
from website.errors import ActionRefused


@pytest.fixture
def cohort(db):
    return CohortPageFactory(practice_day_in=30)


@pytest.fixture
def slot(cohort):
    return VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort), capacity=2)


def error_code(func, *args, **kwargs):
    with pytest.raises(ActionRefused) as exc:
        func(*args, **kwargs)
    return exc.value.code


def test_a_confirmed_participant_books_a_place(cohort, slot):
    person = enrol(cohort)
    booking = book_slot(person, slot)
    assert booking.status == VisitBooking.Status.ACTIVE
    assert slot.active_booking_count() == 1


def test_booking_refuses_when_the_slot_is_full(cohort, slot):
    book_slot(enrol(cohort), slot)
    book_slot(enrol(cohort), slot)
    with pytest.raises(ActionRefused) as exc:
        book_slot(enrol(cohort), slot)
    assert exc.value.code == "full"
    assert str(exc.value) == _("This visit is full. You can join its waiting list.")
    assert slot.active_booking_count() == 2


def test_a_participant_books_only_one_visit_per_practice_day(cohort, slot):
    person = enrol(cohort)
    book_slot(person, slot)
    other = VisitSlotFactory(
        host_visit=HostVisitFactory(cohort=cohort), starts_at=datetime.time(13)
    )
    other.ends_at = datetime.time(15)
    other.save()
    assert error_code(book_slot, person, other) == "limit"


def test_the_same_slot_cannot_be_booked_twice(cohort, slot):
    person = enrol(cohort)
    book_slot(person, slot)
    assert error_code(book_slot, person, slot) in {"limit", "already_booked"}
    assert VisitBooking.objects.active().filter(participant=person).count() == 1


def test_the_coordinator_can_allow_more_visits_without_overlap(cohort, slot):
    practice_day = practice_day_for(cohort)
    practice_day.max_visits_per_participant = 2
    practice_day.save()
    person = enrol(cohort)
    book_slot(person, slot)
    same_time = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    assert error_code(book_slot, person, same_time) == "overlap"
    afternoon = VisitSlotFactory(
        host_visit=HostVisitFactory(cohort=cohort),
        starts_at=datetime.time(13),
        ends_at=datetime.time(15),
    )
    book_slot(person, afternoon)
    assert len(bookings_for(person)) == 2


def test_a_participant_of_another_cohort_cannot_book(slot):
    outsider = enrol(CohortPageFactory(practice_day_in=30))
    assert error_code(book_slot, outsider, slot) == "not_participant"


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.AWAITING_CONFIRMATION,
        Registration.Status.WAITING_LIST,
        Registration.Status.CANCELLED,
    ],
)
def test_only_confirmed_participants_can_book(cohort, slot, status):
    person = enrol(cohort, status=status)
    assert error_code(book_slot, person, slot) == "not_participant"


def test_a_person_without_registration_cannot_book(slot):
    assert error_code(book_slot, ParticipantFactory(), slot) == "not_participant"


def test_an_anonymous_visitor_cannot_book(slot):
    from django.contrib.auth.models import AnonymousUser

    assert error_code(book_slot, AnonymousUser(), slot) == "anonymous"


def test_a_participant_cannot_book_a_visit_to_their_own_school(cohort):
    school = SchoolFactory()
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort, school=school))
    person = enrol(cohort, ParticipantFactory(school=school))
    assert error_code(book_slot, person, slot) == "own_school"


def test_a_participant_cannot_book_a_visit_at_their_own_board(cohort):
    school = SchoolFactory()
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort, board=school.board))
    person = enrol(cohort, ParticipantFactory(school=school))
    assert error_code(book_slot, person, slot) == "own_school"


def test_booking_is_closed_in_a_preference_round_until_the_result_is_published(cohort, slot):
    PracticeDay.objects.create(
        cohort=cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    assert error_code(book_slot, enrol(cohort), slot) == "closed"


def test_booking_is_closed_once_the_practice_day_has_started(slot):
    cohort = slot.host_visit.cohort
    later = timezone.now() + datetime.timedelta(days=40)
    assert error_code(book_slot, enrol(cohort), slot, at=later) == "closed"


def test_a_participant_cancels_before_the_deadline(cohort, slot):
    person = enrol(cohort)
    booking = cancel_booking(book_slot(person, slot), by=person)
    assert booking.status == VisitBooking.Status.CANCELLED
    assert bookings_for(person) == []


def test_cancelling_after_the_deadline_is_refused(cohort, slot):
    practice_day = practice_day_for(cohort)
    practice_day.cancellation_deadline = timezone.now() + datetime.timedelta(days=1)
    practice_day.save()
    person = enrol(cohort)
    booking = book_slot(person, slot)
    later = timezone.now() + datetime.timedelta(days=2)
    assert error_code(cancel_booking, booking, by=person, at=later) == "deadline"
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.ACTIVE


def test_the_coordinator_may_cancel_after_the_deadline(cohort, slot):
    practice_day = practice_day_for(cohort)
    practice_day.cancellation_deadline = timezone.now() - datetime.timedelta(days=1)
    practice_day.save()
    booking = book_slot(enrol(cohort), slot)
    cancel_booking(booking, by=CoordinatorFactory())
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.CANCELLED


def test_another_participant_cannot_cancel_someones_visit(cohort, slot):
    booking = book_slot(enrol(cohort), slot)
    assert error_code(cancel_booking, booking, by=enrol(cohort)) == "forbidden"


def test_a_participant_joins_the_waiting_list_only_of_a_full_slot(cohort, slot):
    person = enrol(cohort)
    assert error_code(join_waiting_list, person, slot) == "not_full"
    book_slot(enrol(cohort), slot)
    book_slot(enrol(cohort), slot)
    entry = join_waiting_list(person, slot)
    assert entry.status == WaitingListEntry.Status.WAITING
    assert error_code(join_waiting_list, person, slot) == "already_waiting"


def test_a_freed_place_goes_to_the_first_waiting_exactly_once_with_an_email(
    cohort, slot, mailoutbox, django_capture_on_commit_callbacks
):
    first_booking = book_slot(enrol(cohort), slot)
    book_slot(enrol(cohort), slot)
    first_waiting, second_waiting = enrol(cohort), enrol(cohort)
    join_waiting_list(first_waiting, slot)
    join_waiting_list(second_waiting, slot)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(first_booking, by=first_booking.participant)
    with pytest.raises(ActionRefused), django_capture_on_commit_callbacks(execute=True):
        cancel_booking(first_booking, by=first_booking.participant)

    promoted = VisitBooking.objects.active().get(participant=first_waiting)
    assert promoted.source == VisitBooking.Source.WAITING_LIST
    assert not VisitBooking.objects.filter(participant=second_waiting).exists()
    assert slot.active_booking_count() == 2
    assert slot.waiting_list.waiting().get().participant == second_waiting
    assert [m.to for m in mailoutbox] == [[first_waiting.email]]
    assert slot.host_visit.organisation in mailoutbox[0].body


def test_someone_who_left_the_waiting_list_is_skipped(cohort, slot):
    booking = book_slot(enrol(cohort), slot)
    book_slot(enrol(cohort), slot)
    gone, next_one = enrol(cohort), enrol(cohort)
    leave_waiting_list(join_waiting_list(gone, slot), by=gone)
    join_waiting_list(next_one, slot)
    cancel_booking(booking, by=booking.participant)
    assert VisitBooking.objects.active().filter(slot=slot, participant=next_one).exists()
    assert not VisitBooking.objects.filter(participant=gone).exists()


def test_booking_sends_a_confirmation_email(
    cohort, slot, mailoutbox, django_capture_on_commit_callbacks
):
    person = enrol(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        book_slot(person, slot)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    assert mailoutbox[0].subject.endswith(_("Your visit on the practice day is booked"))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_booking_email_is_in_the_language_the_participant_chose(
    language, cohort, slot, mailoutbox, django_capture_on_commit_callbacks
):
    person = enrol(cohort, ParticipantFactory(language=language))
    with django_capture_on_commit_callbacks(execute=True):
        book_slot(person, slot)

    [message] = mailoutbox
    with translation.override(language):
        assert message.subject == _("Your visit on the practice day is booked")
        assert _("Dear %(name)s,") % {"name": person.get_short_name()} in message.body


def test_bookings_for_gives_the_visit_with_its_date_and_times(cohort, slot):
    person = enrol(cohort)
    book_slot(person, slot)
    [booking] = bookings_for(person)
    day = cohort.days.get(number=5)
    assert booking.date == day.date
    assert booking.starts == timezone.make_aware(
        datetime.datetime.combine(day.date, slot.starts_at)
    )
    assert booking.slot.host_visit.organisation == slot.host_visit.organisation


def test_someone_who_already_has_their_visit_cannot_join_another_waiting_list(cohort, slot):
    person = enrol(cohort)
    book_slot(person, VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort)))
    book_slot(enrol(cohort), slot)
    book_slot(enrol(cohort), slot)
    assert error_code(join_waiting_list, person, slot) == "limit"


def test_bookings_for_one_practice_day_shows_only_that_cohorts_visit_with_its_times(
    cohort, slot, django_assert_num_queries
):
    person = enrol(cohort)
    book_slot(person, slot)
    other = CohortPageFactory(practice_day_in=40)
    enrol(other, person)
    book_slot(person, VisitSlotFactory(host_visit=HostVisitFactory(cohort=other)))
    practice_day = practice_day_for(cohort)
    day = practice_day.cohort_day()

    with django_assert_num_queries(1):  # the cohort's day 5 was already looked up
        [booking] = bookings_for(person, practice_day=practice_day)
        # The visit, its cohort and times come with it (no query per booking).
        assert booking.slot.host_visit.organisation == slot.host_visit.organisation
        assert booking.slot.host_visit.cohort == cohort
        assert booking.starts == timezone.make_aware(
            datetime.datetime.combine(day.date, slot.starts_at)
        )
    assert len(bookings_for(person)) == 2
