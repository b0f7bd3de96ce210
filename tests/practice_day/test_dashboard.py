"""The practice-day booking where participants look for it: "Mijn opleiding" and the calendar."""

import icalendar
import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from course.models import CalendarFeedToken
from tests.factories import CohortPageFactory, VisitBookingFactory, enrol

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_booked_visit(client):
    booking = VisitBookingFactory()
    client.force_login(booking.participant)
    html = client.get(reverse("course:dashboard")).content.decode()
    assert booking.slot.host_visit.organisation in html
    assert reverse("visits:practice_day", args=[booking.slot.host_visit.cohort_id]) in html


def test_dashboard_without_a_booking_points_to_the_practice_day(client):
    cohort = CohortPageFactory(practice_day_in=30)
    participant = enrol(cohort)
    client.force_login(participant)
    html = client.get(reverse("course:dashboard")).content.decode()
    assert _("You have not booked a visit to a good example yet.") in html
    assert reverse("visits:practice_day", args=[cohort.pk]) in html


def test_personal_calendar_holds_the_booked_visit_and_not_someone_elses(client):
    booking = VisitBookingFactory()
    other = VisitBookingFactory(slot=booking.slot)
    token = CalendarFeedToken.for_user(booking.participant)
    response = client.get(reverse("feeds:personal", kwargs={"token": token.token}))
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
    assert any(uid.startswith(f"visit-booking-{booking.pk}@") for uid in uids)
    assert not any(uid.startswith(f"visit-booking-{other.pk}@") for uid in uids)
    visit = next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("visit-booking"))
    assert visit["dtstart"].dt.hour == 9 and visit["dtstart"].dt.minute == 30
