import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from course import calendar
from course.hooks import CALENDAR_EVENTS
from course.models import CalendarFeedToken
from tests.factories import (
    CohortDayFactory,
    CohortPageFactory,
    CourseDayPageFactory,
    ParticipantFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(cal):
    return sorted(cal.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))


def without_plan_deadlines(found):
    """The final assignment (assignments/wagtail_hooks.py) adds its deadlines to the feed."""
    return [event for event in found if not str(event["uid"]).startswith("plan-")]


def personal_url(user):
    return reverse("feeds:personal", kwargs={"token": CalendarFeedToken.for_user(user).token})


@pytest.fixture
def cohort(db):
    return CohortPageFactory(
        days__first_date=datetime.date(2026, 9, 8), title="Groep Zwolle najaar 2026"
    )


def test_public_cohort_feed_has_the_seven_course_days(client, cohort):
    cal = parse(client.get(reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk})))
    assert [event.decoded("dtstart").date() for event in events(cal)] == [
        day.date for day in cohort.days.order_by("number")
    ]


def test_event_summary_names_day_theme_and_training(client, cohort):
    CourseDayPageFactory(number=3, theme="Samenwerken met jeugdhulp")
    cal = parse(client.get(reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk})))
    summaries = [str(event["summary"]) for event in events(cal)]
    expected = _("Day %(number)s: %(theme)s – %(training)s") % {
        "number": 3,
        "theme": "Samenwerken met jeugdhulp",
        "training": "Coördinator passend onderwijs",
    }
    assert summaries[2] == expected


def test_event_location_is_venue_and_address(client, cohort):
    cal = parse(client.get(reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk})))
    assert str(events(cal)[0]["location"]) == "Vergadercentrum De Schakel, Stationsplein 1, Utrecht"


def test_course_days_keep_local_time_on_both_sides_of_the_dst_change(client):
    cohort = CohortPageFactory()
    CohortDayFactory(cohort=cohort, number=1, date=datetime.date(2026, 10, 20))
    CohortDayFactory(cohort=cohort, number=2, date=datetime.date(2026, 11, 3))
    cal = parse(client.get(reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk})))
    summer, winter = events(cal)
    for event in (summer, winter):
        assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
        assert event.decoded("dtstart").time() == datetime.time(9, 30)
    assert summer.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 10, 20, 7, 30, tzinfo=UTC
    )
    assert winter.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2026, 11, 3, 8, 30, tzinfo=UTC
    )
    assert winter.decoded("dtend").astimezone(UTC) == datetime.datetime(
        2026, 11, 3, 15, 0, tzinfo=UTC
    )


def test_feed_carries_the_amsterdam_timezone_definition(client, cohort):
    cal = parse(client.get(reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk})))
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_event_uids_stay_the_same_when_a_date_moves(client, cohort):
    url = reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk})
    before = [str(event["uid"]) for event in events(parse(client.get(url)))]
    cohort.days.filter(number=7).update(date=datetime.date(2027, 1, 12))
    after = [str(event["uid"]) for event in events(parse(client.get(url)))]
    assert before == after
    assert len(set(after)) == 7


def test_unpublished_cohort_has_no_public_feed(client, cohort):
    cohort.unpublish()
    response = client.get(reverse("feeds:cohort", kwargs={"cohort_id": cohort.pk}))
    assert response.status_code == 404


def test_personal_feed_holds_the_days_of_confirmed_cohorts_only(client, cohort):
    registration = RegistrationFactory(cohort=cohort)
    other = CohortPageFactory(days__first_date=datetime.date(2026, 9, 10))
    RegistrationFactory(cohort=other, participant=registration.participant, status="waiting_list")
    cal = parse(client.get(personal_url(registration.participant)))
    # Feature apps add their own events (the plan's deadlines); these are the course days.
    course_days = {str(e["uid"]) for e in events(cal) if str(e["uid"]).startswith("cohort-")}
    assert course_days == {calendar.course_day_uid(cohort.pk, number) for number in range(1, 8)}


def test_another_users_token_does_not_show_your_cohorts(client, cohort):
    mine = RegistrationFactory(cohort=cohort)
    someone_else = RegistrationFactory(
        cohort=CohortPageFactory(days__first_date=datetime.date(2026, 9, 10))
    )
    cal = parse(client.get(personal_url(someone_else.participant)))
    uids = {str(event["uid"]) for event in events(cal)}
    assert calendar.course_day_uid(mine.cohort.pk, 1) not in uids
    assert calendar.course_day_uid(someone_else.cohort.pk, 1) in uids


def test_feed_token_is_long_random_and_created_once(participant):
    token = CalendarFeedToken.for_user(participant)
    assert len(token.token) >= 43
    assert CalendarFeedToken.for_user(participant).token == token.token
    assert CalendarFeedToken.for_user(ParticipantFactory()).token != token.token


def test_unknown_token_gives_404(client):
    response = client.get(reverse("feeds:personal", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404


def test_new_link_makes_the_old_feed_url_404(client, cohort):
    participant = RegistrationFactory(cohort=cohort).participant
    old_url = personal_url(participant)
    client.force_login(participant)
    response = client.post(reverse("course:regenerate_feed"))
    assert response.status_code == 302
    assert client.get(old_url).status_code == 404
    new_url = personal_url(participant)
    assert new_url != old_url
    assert len(without_plan_deadlines(events(parse(client.get(new_url))))) == 7


def test_new_link_needs_a_post(client, participant):
    client.force_login(participant)
    assert client.get(reverse("course:regenerate_feed")).status_code == 405


def test_new_link_needs_a_login(client):
    response = client.post(reverse("course:regenerate_feed"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_feed_of_a_deactivated_user_gives_404(client, cohort):
    participant = RegistrationFactory(cohort=cohort).participant
    url = personal_url(participant)
    participant.is_active = False
    participant.save()
    assert client.get(url).status_code == 404


def test_calendar_event_hooks_extend_the_personal_feed(client, cohort):
    participant = RegistrationFactory(cohort=cohort).participant

    def visit(user, request):
        event = icalendar.Event()
        event.add("uid", f"visit-{user.pk}@test")
        event.add("summary", "Bezoek")
        event.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=UTC))
        event.add("dtstart", datetime.datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
        return [event]

    with hooks.register_temporarily(CALENDAR_EVENTS, visit):
        cal = parse(client.get(personal_url(participant)))
    assert f"visit-{participant.pk}@test" in {str(event["uid"]) for event in events(cal)}
    assert len(without_plan_deadlines(events(cal))) == 8


def test_personal_feed_is_not_cached_by_proxies(client, cohort):
    participant = RegistrationFactory(cohort=cohort).participant
    response = client.get(personal_url(participant))
    assert "no-store" in response["Cache-Control"]


def test_personal_feed_without_registrations_is_an_empty_calendar(client, participant):
    cal = parse(client.get(personal_url(participant)))
    assert events(cal) == []
