"""Practice-day pages: who may see and do what, and the hosts' private link."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_day.models import PracticeDay, VisitBooking, VisitPreference
from practice_day.services import book_slot
from practice_day.views import csv_safe
from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    HostVisitFactory,
    ParticipantFactory,
    VisitSlotFactory,
    enrol,
)


@pytest.fixture
def cohort(db):
    return CohortPageFactory(practice_day_in=30)


@pytest.fixture
def slot(cohort):
    return VisitSlotFactory(
        host_visit=HostVisitFactory(cohort=cohort, organisation="OBS De Wilgenhoek"), capacity=1
    )


def page_url(cohort):
    return reverse("visits:practice_day", args=[cohort.pk])


def book_url(slot):
    return reverse("visits:book", args=[slot.host_visit.cohort_id, slot.pk])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cohort, slot):
    response = client.get(page_url(cohort))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    response = client.post(book_url(slot))
    assert response.status_code == 302
    assert not VisitBooking.objects.exists()


def test_a_participant_sees_the_visits_with_places_left(client, cohort, slot):
    client.force_login(enrol(cohort))
    response = client.get(page_url(cohort))
    assert response.status_code == 200
    html = response.content.decode()
    assert "OBS De Wilgenhoek" in html
    assert _("Intervision") in html


def test_a_participant_of_another_cohort_gets_nothing(client, cohort, slot):
    client.force_login(enrol(CohortPageFactory(practice_day_in=30)))
    assert client.get(page_url(cohort)).status_code == 404
    assert client.post(book_url(slot)).status_code == 404
    assert not VisitBooking.objects.exists()


def test_a_signed_in_non_participant_gets_nothing(client, cohort, slot):
    client.force_login(ParticipantFactory())
    assert client.get(page_url(cohort)).status_code == 404


def test_a_coordinator_sees_the_page_but_books_nothing(client, cohort, slot):
    client.force_login(CoordinatorFactory())
    assert client.get(page_url(cohort)).status_code == 200
    assert client.post(book_url(slot)).status_code == 404


def test_a_participant_books_through_the_page(client, cohort, slot):
    person = enrol(cohort)
    client.force_login(person)
    response = client.post(book_url(slot), follow=True)
    assert _("Your visit is booked.") in response.content.decode()
    assert VisitBooking.objects.active().filter(participant=person, slot=slot).exists()


def test_booking_a_full_slot_shows_a_message_not_an_error(client, cohort, slot):
    book_slot(enrol(cohort), slot)
    client.force_login(enrol(cohort))
    response = client.post(book_url(slot), follow=True)
    assert response.status_code == 200
    assert _("This visit is full. You can join its waiting list.") in response.content.decode()


def test_booking_a_slot_of_another_cohort_through_this_cohort_is_refused(client, cohort):
    other_slot = VisitSlotFactory()
    client.force_login(enrol(cohort))
    url = reverse("visits:book", args=[cohort.pk, other_slot.pk])
    assert client.post(url).status_code == 404


def test_a_participant_cannot_cancel_someone_elses_booking(client, cohort, slot):
    booking = book_slot(enrol(cohort), slot)
    client.force_login(enrol(cohort))
    response = client.post(reverse("visits:cancel", args=[cohort.pk, booking.pk]))
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == VisitBooking.Status.ACTIVE


def test_a_participant_cancels_and_joins_the_waiting_list_through_the_page(client, cohort, slot):
    first, second = enrol(cohort), enrol(cohort)
    booking = book_slot(first, slot)
    client.force_login(second)
    client.post(reverse("visits:join_waiting_list", args=[cohort.pk, slot.pk]))
    assert slot.waiting_list.waiting().filter(participant=second).exists()
    client.force_login(first)
    client.post(reverse("visits:cancel", args=[cohort.pk, booking.pk]))
    assert VisitBooking.objects.active().get(slot=slot).participant == second


def test_a_participant_saves_ranked_choices(client, cohort, slot):
    PracticeDay.objects.create(
        cohort=cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    other = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    person = enrol(cohort)
    client.force_login(person)
    assert _("Save my choices") in client.get(page_url(cohort)).content.decode()
    client.post(
        reverse("visits:preferences", args=[cohort.pk]),
        {"choice_1": other.pk, "choice_2": slot.pk, "choice_3": ""},
    )
    ranked = list(VisitPreference.objects.filter(participant=person).values_list("rank", "slot_id"))
    assert ranked == [(1, other.pk), (2, slot.pk)]


def test_the_same_visit_twice_in_the_choices_is_refused(client, cohort, slot):
    PracticeDay.objects.create(
        cohort=cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    client.force_login(enrol(cohort))
    response = client.post(
        reverse("visits:preferences", args=[cohort.pk]),
        {"choice_1": slot.pk, "choice_2": slot.pk},
        follow=True,
    )
    assert _("Choose each visit only once.") in response.content.decode()
    assert not VisitPreference.objects.exists()


def test_the_practice_day_page_keeps_a_flat_query_count(
    client, cohort, django_assert_max_num_queries
):
    person = enrol(cohort)
    client.force_login(person)

    def add_visits(n):
        for _i in range(n):
            s = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
            VisitSlotFactory(host_visit=s.host_visit, starts_at=datetime.time(13))
            book_slot(enrol(cohort), s)

    add_visits(2)
    client.get(page_url(cohort))
    with django_assert_max_num_queries(22) as small:
        client.get(page_url(cohort))
    small_count = len(small.captured_queries)  # read now: the query log is a bounded deque
    add_visits(8)
    # New participants change the cohort: the cached panels are built again once.
    client.get(page_url(cohort))
    with django_assert_max_num_queries(small_count):
        client.get(page_url(cohort))


# --- The host's private link ----------------------------------------------------------


def host_url(host_visit, csv=False):
    name = "visits:host_visitors_csv" if csv else "visits:host_visitors"
    return reverse(name, args=[host_visit.access_token])


def test_the_host_link_shows_only_that_hosts_visitors(client, cohort, slot):
    visitor = enrol(cohort)
    book_slot(visitor, slot)
    other_slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort))
    elsewhere = enrol(cohort)
    book_slot(elsewhere, other_slot)
    response = client.get(host_url(slot.host_visit))
    html = response.content.decode()
    assert response.status_code == 200
    assert visitor.full_name in html
    assert elsewhere.full_name not in html
    assert visitor.email not in html
    assert '<meta name="robots" content="noindex' in html


def test_the_host_csv_lists_visitors_with_formulas_neutralised(client, cohort, slot):
    visitor = enrol(cohort)
    visitor.full_name = '=HYPERLINK("http://example.com")'
    visitor.save()
    book_slot(visitor, slot)
    response = client.get(host_url(slot.host_visit, csv=True))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body
    assert visitor.email not in body


@pytest.mark.parametrize("value", ["=1+1", "+31", "-2", "@SUM(A1)", "\tx"])
def test_csv_cells_that_start_like_a_formula_get_a_quote(value):
    assert csv_safe(value) == "'" + value


def test_a_revoked_host_link_is_refused(client, slot):
    host_visit = slot.host_visit
    old = host_visit.access_token
    host_visit.regenerate_access_token()
    assert client.get(reverse("visits:host_visitors", args=[old])).status_code == 404
    assert client.get(reverse("visits:host_visitors_csv", args=[old])).status_code == 404
    assert client.get(host_url(host_visit)).status_code == 200


def test_an_unknown_host_token_is_refused(client, db):
    assert client.get(reverse("visits:host_visitors", args=["not-a-token"])).status_code == 404


def test_the_host_page_keeps_a_flat_query_count(client, cohort, django_assert_max_num_queries):
    host_visit = HostVisitFactory(cohort=cohort)

    def add_visitors(n):
        for _i in range(n):
            book_slot(enrol(cohort), VisitSlotFactory(host_visit=host_visit, capacity=3))

    add_visitors(1)
    with django_assert_max_num_queries(12) as small:
        client.get(host_url(host_visit))
    add_visitors(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(host_url(host_visit))


def test_the_my_visit_include_shows_the_booked_visit(cohort, slot):
    from django.template.loader import render_to_string

    from practice_day.services import bookings_for

    person = enrol(cohort)
    book_slot(person, slot)
    [booking] = bookings_for(person)
    html = render_to_string("practice_day/_my_visit.html", {"booking": booking})
    assert "OBS De Wilgenhoek" in html
    assert slot.host_visit.address in html
    assert reverse("visits:practice_day", args=[cohort.pk]) in html
    assert "<h3" in html


def test_a_host_visit_photo_needs_the_same_alternative_text_as_any_photo(db):
    from django.core.exceptions import ValidationError

    from tests.factories import ImageFactory

    visit = HostVisitFactory.build(
        cohort=CohortPageFactory(practice_day_in=30), image=ImageFactory(), image_alt="   "
    )
    with pytest.raises(ValidationError) as exc:
        visit.clean()
    assert exc.value.message_dict["image_alt"] == [
        _("Give the photo an alternative text, so everyone knows what it shows.")
    ]
