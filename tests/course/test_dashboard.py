import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from course.models import CalendarFeedToken
from course.services.attendance import record_attendance
from tests.factories import (
    CohortPageFactory,
    CourseDayPageFactory,
    RegistrationFactory,
    TrainerFactory,
    training_page,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("course:dashboard")
OVERVIEW = reverse("course:cohort_overview")


def today():
    return timezone.localdate()


@pytest.fixture
def running_cohort(trainer):
    """Days 1-3 are behind, day 4 is in five days."""
    return CohortPageFactory(
        days__first_date=today() - datetime.timedelta(days=37),
        days__every=14,
        trainers=[trainer],
        title="Groep Amersfoort 2026",
    )


@pytest.fixture
def registration(running_cohort):
    return RegistrationFactory(cohort=running_cohort)


def dashboard_html(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_participant_sees_the_next_course_day_with_dutch_date_time_and_venue(client, registration):
    next_day = registration.cohort.days.get(number=4)
    html = dashboard_html(client, registration.participant)
    assert "Groep Amersfoort 2026" in html
    assert formats.date_format(next_day.date) in html
    assert "09:30" in html
    assert "Vergadercentrum De Schakel" in html


def test_next_course_day_links_to_what_to_prepare(client, registration):
    page = CourseDayPageFactory(number=4, theme="De ondersteuningsroute")
    html = dashboard_html(client, registration.participant)
    assert "De ondersteuningsroute" in html
    assert page.url in html


def test_dates_are_written_the_dutch_way(client, registration):
    # Django's own Dutch day and month names; not a message of ours.
    cohort = registration.cohort
    cohort.days.filter(number__gt=4).update(date=datetime.date(2099, 2, 1))
    cohort.days.filter(number=4).update(date=datetime.date(2099, 1, 5))
    html = dashboard_html(client, registration.participant)
    assert "ma 5 jan. 2099" in html


def test_participant_sees_own_attendance_of_past_days(client, registration, trainer):
    cohort = registration.cohort
    record_attendance(cohort.days.get(number=1), [registration.participant], by=trainer)
    record_attendance(cohort.days.get(number=2), [], by=trainer)
    html = dashboard_html(client, registration.participant)
    assert 'attendance--present">' + _("present") in html
    assert 'attendance--absent">' + _("absent") in html
    assert _("not recorded yet") in html


def test_participant_sees_only_own_cohort(client, registration):
    CohortPageFactory(days__first_date=today(), title="Groep Groningen 2026")
    html = dashboard_html(client, registration.participant)
    assert "Groep Groningen 2026" not in html


def test_dashboard_offers_the_personal_calendar_link_and_a_new_link_button(client, registration):
    html = dashboard_html(client, registration.participant)
    token = CalendarFeedToken.objects.get(user=registration.participant)
    assert reverse("feeds:personal", kwargs={"token": token.token}) in html
    assert reverse("course:regenerate_feed") in html
    assert _("Make a new link") in html


def test_dashboard_names_what_comes_later_without_fake_data(client, registration):
    html = dashboard_html(client, registration.participant)
    assert _("Your intervision group is not available yet.") in html


def test_person_without_a_confirmed_place_gets_an_explanation_and_the_training_link(
    client, participant
):
    cohort = CohortPageFactory(registration_closes=today() + datetime.timedelta(days=30))
    open_cohort = CohortPageFactory(registration_closes=today() + datetime.timedelta(days=30))
    RegistrationFactory(cohort=cohort, participant=participant, status="waiting_list")
    html = dashboard_html(client, participant)
    assert (
        _(
            "You do not have a confirmed place in a cohort yet. As soon as you do, your next "
            "course day, its venue and what to prepare appear here."
        )
        in html
    )
    assert training_page().url in html
    # Open to register: the other cohort; the one they wait for is listed as their own.
    assert open_cohort.url in html and cohort.url not in html
    assert reverse("registration:detail", args=[participant.registrations.get().pk]) in html
    assert not CalendarFeedToken.objects.filter(user=participant).exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_trainer_dashboard_links_to_the_cohort_overview(client, trainer):
    assert OVERVIEW in dashboard_html(client, trainer)


def test_participant_dashboard_has_no_cohort_overview_link(client, registration):
    assert OVERVIEW not in dashboard_html(client, registration.participant)


# --- Cohort overview for trainers and coordinators -----------------------------------------


def overview_html(client, user):
    client.force_login(user)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return response.content.decode()


def test_trainer_sees_own_cohorts_with_participant_count_and_attendance(
    client, trainer, registration
):
    cohort = registration.cohort
    RegistrationFactory(cohort=cohort)
    RegistrationFactory(cohort=cohort, status="waiting_list")
    record_attendance(cohort.days.get(number=1), [registration.participant], by=trainer)
    html = overview_html(client, trainer)
    assert "Groep Amersfoort 2026" in html
    count = ngettext(
        "%(counter)s participant with a confirmed place",
        "%(counter)s participants with a confirmed place",
        2,
    ) % {"counter": 2}
    assert count in html
    assert _("%(present)s of %(total)s") % {"present": 1, "total": 2} in html
    day = cohort.days.get(number=1)
    assert reverse("course:attendance", kwargs={"day_id": day.pk}) in html


def test_trainer_does_not_see_other_cohorts(client, trainer, running_cohort):
    CohortPageFactory(
        days__first_date=today(), title="Groep Groningen 2026", trainers=[TrainerFactory()]
    )
    html = overview_html(client, trainer)
    assert "Groep Groningen 2026" not in html
    assert "Groep Amersfoort 2026" in html


def test_trainer_gets_no_csv_link(client, trainer, running_cohort):
    html = overview_html(client, trainer)
    export = reverse("course:attendance_export", kwargs={"cohort_id": running_cohort.pk})
    assert export not in html


def test_coordinator_sees_all_cohorts_and_the_csv_link(client, coordinator, running_cohort):
    other = CohortPageFactory(days__first_date=today(), title="Groep Groningen 2026")
    html = overview_html(client, coordinator)
    assert "Groep Groningen 2026" in html
    assert "Groep Amersfoort 2026" in html
    assert reverse("course:attendance_export", kwargs={"cohort_id": other.pk}) in html


def test_participant_may_not_see_the_cohort_overview(client, registration):
    client.force_login(registration.participant)
    assert client.get(OVERVIEW).status_code == 403


def test_anonymous_visitor_may_not_see_the_cohort_overview(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("size", [6, 60])
def test_cohort_overview_query_count_stays_flat(
    client, coordinator, trainer, size, django_assert_max_num_queries
):
    for _i in range(2):
        cohort = CohortPageFactory(
            days__first_date=today() - datetime.timedelta(days=30), trainers=[trainer]
        )
        RegistrationFactory.create_batch(size, cohort=cohort)
        record_attendance(cohort.days.get(number=1), list(cohort.participants()), by=trainer)
    client.force_login(coordinator)
    client.get(OVERVIEW)  # first visit creates per-site and per-user settings
    with django_assert_max_num_queries(14):
        response = client.get(OVERVIEW)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [6, 60])
def test_participant_dashboard_query_count_stays_flat(
    client, trainer, size, django_assert_max_num_queries
):
    cohort = CohortPageFactory(
        days__first_date=today() - datetime.timedelta(days=30), trainers=[trainer]
    )
    registrations = RegistrationFactory.create_batch(size, cohort=cohort)
    for number in range(1, 4):
        record_attendance(cohort.days.get(number=number), [], by=trainer)
    for number in range(1, 8):
        CourseDayPageFactory(number=number)
    participant = registrations[0].participant
    client.force_login(participant)
    client.get(DASHBOARD)
    # 15 for the course (session, user, roles, registrations, days, attendance, course-day
    # pages, the certificate's eligibility, calendar link, site, home page, permissions ×2,
    # school, site settings), then
    # one per feature panel here: practice day (bookings), intervision (groups; its coming
    # sessions need a second one only when there is a group), implementation plan, peer
    # review, presentation day (day 7 with the slot). tests/test_query_budgets.py holds
    # every panel to at most two queries.
    with django_assert_max_num_queries(20):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


# --- every registration state on "Mijn opleiding" -------------------------------------------


def _dashboard(client, person):
    client.force_login(person)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_mijn_opleiding_shows_a_waiting_list_place_with_its_position(client, participant):
    from course.models import Registration

    cohort = CohortPageFactory(capacity=0, title="Groep Deventer")
    RegistrationFactory(cohort=cohort, status=Registration.Status.WAITING_LIST)
    RegistrationFactory(cohort=cohort, participant=participant, status="waiting_list")
    html = _dashboard(client, participant)
    assert "Groep Deventer" in html
    assert _("on the waiting list") in html
    assert (
        _(
            "You are number %(position)s on the waiting list. When a place becomes free, the "
            "first person waiting gets an offer by email."
        )
        % {"position": 2}
        in html
    )
    assert reverse("registration:mine") in html


def test_mijn_opleiding_shows_an_offer_with_its_deadline_and_an_accept_button(client, participant):
    from course.models import Registration

    cohort = CohortPageFactory(title="Groep Deventer")
    deadline = timezone.now() + datetime.timedelta(days=3)
    registration = RegistrationFactory(
        cohort=cohort,
        participant=participant,
        status=Registration.Status.OFFERED,
        offer_expires_at=deadline,
    )
    html = _dashboard(client, participant)
    accept = reverse("registration:accept_offer", args=[registration.pk])
    assert f'action="{accept}"' in html
    assert formats.date_format(timezone.localtime(deadline), "DATETIME_FORMAT") in html
    # The open-cohorts list does not offer the cohort the person already has an offer for.
    assert f'href="{cohort.url}"' not in html
    client.post(accept)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    "status", ["awaiting_confirmation", "needs_decision", "confirmed", "cancelled"]
)
def test_mijn_opleiding_shows_every_other_registration_state(client, participant, status):
    from course.models import Registration

    RegistrationFactory(
        cohort=CohortPageFactory(title="Groep Deventer"), participant=participant, status=status
    )
    html = _dashboard(client, participant)
    assert "Groep Deventer" in html
    assert escape(str(Registration.Status(status).label)) in html


def test_a_cohort_with_a_pending_place_is_not_listed_as_open(client, participant):
    pending = CohortPageFactory(title="Groep Deventer")
    other = CohortPageFactory(title="Groep Zwolle")
    RegistrationFactory(cohort=pending, participant=participant, status="awaiting_confirmation")
    client.force_login(participant)
    response = client.get(DASHBOARD)
    assert [c.pk for c in response.context["open_cohorts"]] == [other.pk]
