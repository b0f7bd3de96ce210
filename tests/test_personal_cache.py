""" "Mijn opleiding" is cached per person (course/personal_cache.py): every change a person
could see there shows on their very next request, and nobody sees another person's part.

Each test loads the page once (which stores the cached part), changes something through the
service a user or trainer would use, and loads the page again.
"""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.services import grading, plans, presentation, reviews
from course import personal_cache
from course.models import Registration
from course.services.attendance import record_attendance
from course.services.registration import cancel_registration
from intervision.models import GroupMembership
from intervision.services.groups import move_member
from practice_day.services import book_slot
from tests.assignments.conftest import PresentationCohort, make_peer_cohort
from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    CourseDayPageFactory,
    HostVisitFactory,
    IntervisionGroupFactory,
    IntervisionSessionFactory,
    TrainerFactory,
    VisitSlotFactory,
    enrol,
    training_page,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("course:dashboard")


def page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def started_cohort(**kwargs):
    return CohortPageFactory(
        days__first_date=timezone.localdate() - datetime.timedelta(days=10), **kwargs
    )


def test_the_second_request_is_served_from_the_cache_with_fewer_queries(client):
    cohort = started_cohort()
    client.force_login(enrol(cohort))
    with CaptureQueriesContext(connection) as first:
        page(client)
    with CaptureQueriesContext(connection) as second:
        content = page(client)
    assert len(second) < len(first) - 5
    assert cohort.title in content


def test_the_cached_part_is_never_shown_to_another_person(client):
    cohort = started_cohort()
    person, other = enrol(cohort), enrol(CohortPageFactory(title="Groep Elders"))
    client.force_login(person)
    assert cohort.title in page(client)
    client.force_login(other)
    content = page(client)
    assert "Groep Elders" in content and person.full_name not in content


def test_the_cached_part_holds_no_csrf_token(client):
    cohort = started_cohort()
    client.force_login(enrol(cohort))
    page(client)
    parts = personal_cache.cached("dashboard", *_cached_args(client))
    assert parts and all("csrfmiddlewaretoken" not in str(part) for part in parts.values())


def _cached_args(client):
    """The arguments under which the dashboard stored its part for the signed-in person,
    with a ``compute`` that fails: the part must come from the cache."""
    from django.contrib.auth import get_user

    user = get_user(client)
    cohort_ids = (
        Registration.objects.confirmed()
        .filter(participant=user)
        .values_list("cohort_id", flat=True)
    )
    scopes = [
        personal_cache.user_scope(user.pk),
        personal_cache.CONTENT,
        *(personal_cache.cohort_scope(pk) for pk in cohort_ids),
    ]

    def must_not_compute():
        raise AssertionError("the part was not cached")

    return user, scopes, must_not_compute


def test_a_cancelled_registration_removes_its_course_days_at_once(client):
    cohort = started_cohort()
    person = enrol(cohort)
    client.force_login(person)
    heading = _("Your cohort: %(title)s") % {"title": cohort.title}
    assert heading in page(client)
    registration = Registration.objects.get(participant=person, cohort=cohort)
    cancel_registration(registration, CoordinatorFactory(), reason="Op verzoek.")
    assert heading not in page(client)


def test_recorded_attendance_shows_at_once(client):
    trainer = TrainerFactory()
    cohort = started_cohort(trainers=[trainer])
    person = enrol(cohort)
    client.force_login(person)
    assert "attendance--present" not in page(client)
    record_attendance(cohort.days.get(number=1), [person], by=trainer)
    assert "attendance--present" in page(client)


def test_a_booked_visit_shows_at_once(client):
    cohort = CohortPageFactory(practice_day_in=30)
    person = enrol(cohort)
    slot = VisitSlotFactory(host_visit=HostVisitFactory(cohort=cohort, organisation="OBS De Wilg"))
    client.force_login(person)
    assert "OBS De Wilg" not in page(client)
    book_slot(person, slot)
    assert "OBS De Wilg" in page(client)


def test_a_move_to_another_intervision_group_shows_at_once(client):
    cohort = started_cohort()
    person = enrol(cohort)
    first = IntervisionGroupFactory(cohort=cohort, number=1)
    second = IntervisionGroupFactory(cohort=cohort, number=2)
    GroupMembership.objects.create(group=first, cohort=cohort, participant=person)
    client.force_login(person)
    assert reverse("intervision:group", args=[first.pk]) in page(client)
    move_member(cohort, person, second)
    content = page(client)
    assert reverse("intervision:group", args=[second.pk]) in content
    assert reverse("intervision:group", args=[first.pk]) not in content


def test_a_submitted_plan_shows_at_once(client):
    pc = make_peer_cohort(size=2, phase="writing", submitted=False)
    person = pc.people[0]
    client.force_login(person)
    assert "You submitted your plan" not in page(client)
    assert _("Work on your plan") in page(client)
    levels = {criterion: criterion.levels.all()[1] for criterion in pc.criteria}
    plans.submit_plan(pc.plan_of(person), levels)
    assert _("Read your plan") in page(client)


def test_a_review_to_write_shows_at_once(client):
    pc = make_peer_cohort(size=3)
    person = pc.people[0]
    client.force_login(person)
    one = _("You have %(count)s review to write.") % {"count": 1}
    assert one not in page(client)
    reviews.add_review(pc.plan_of(pc.people[1]), person, by=pc.trainer, reason="Extra blik.")
    assert one in page(client)


def test_a_released_grade_shows_at_once(client):
    pc = make_peer_cohort(size=2, phase="grading")
    plan = pc.plans[0]
    levels = {c.pk: c.levels.all()[2] for c in pc.criteria}
    grading.save_marking(
        plan,
        by=pc.trainer,
        levels=levels,
        comments={},
        overall_comment="Helder uitgewerkt.",
        submit=True,
    )
    client.force_login(plan.author)
    grade_url = reverse("assignments:my_grade", args=[plan.pk])
    assert grade_url not in page(client)
    assert grading.release_grades(pc.cohort, by=pc.trainer) == 1
    assert grade_url in page(client)


def test_a_published_presentation_slot_shows_at_once(client):
    pday = PresentationCohort(size=2)
    person = pday.people[0]
    client.force_login(person)
    before = page(client)
    coordinator = CoordinatorFactory()
    presentation.generate_schedule(pday.cohort, by=coordinator)
    # A draft schedule shows nobody their slot.
    draft = page(client)
    assert pday.rooms[0].name not in draft and pday.rooms[1].name not in draft
    presentation.publish_schedule(pday.cohort, by=coordinator)
    after = page(client)
    assert after != before
    assert pday.rooms[0].name in after or pday.rooms[1].name in after


def test_an_edited_course_day_shows_at_once(client):
    day_page = CourseDayPageFactory(parent=training_page(), number=1, theme="Oud thema")
    cohort = started_cohort()
    client.force_login(enrol(cohort))
    assert "Oud thema" in page(client)
    day_page.theme = "Nieuw thema"
    day_page.save_revision().publish()
    assert "Nieuw thema" in page(client)


def test_a_moved_course_day_shows_at_once(client):
    cohort = started_cohort()
    client.force_login(enrol(cohort))
    assert "07:45" not in page(client)
    day = cohort.days.get(number=7)
    day.starts_at = datetime.time(7, 45)
    day.save()
    assert "07:45" in page(client)


def test_a_new_calendar_link_shows_at_once(client):
    cohort = started_cohort()
    person = enrol(cohort)
    client.force_login(person)
    old = page(client)
    client.post(reverse("course:regenerate_feed"))
    assert page(client) != old
    token = person.calendar_feed_token.token
    assert token in page(client)


def test_the_part_is_cached_per_language(client):
    cohort = started_cohort()
    client.force_login(enrol(cohort))
    dutch = page(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(client)
    assert "All course days" in english and "All course days" not in dutch


def test_a_new_trainer_role_shows_at_once(client):
    from django.contrib.auth.models import Group

    from website.models import Role

    person = enrol(started_cohort())
    client.force_login(person)
    heading = _("Cohorts you supervise")
    assert heading not in page(client)
    Group.objects.get(name=Role.TRAINER).user_set.add(person)
    assert heading in page(client)


def test_personal_pages_are_never_stored_in_the_anonymous_page_cache(client):
    cohort = CohortPageFactory(practice_day_in=30)
    person = enrol(cohort)
    urls = [DASHBOARD, reverse("visits:practice_day", args=[cohort.pk])]
    client.force_login(person)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "X-Page-Cache" not in response
        assert person.full_name not in response.content.decode()


def test_a_newly_opened_cohort_shows_at_once_to_someone_without_a_place(client):
    from tests.factories import ParticipantFactory

    training = training_page()
    client.force_login(ParticipantFactory())
    assert "Groep Nieuw" not in page(client)
    CohortPageFactory(
        parent=training,
        title="Groep Nieuw",
        registration_opens=timezone.localdate() - datetime.timedelta(days=1),
        registration_closes=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert "Groep Nieuw" in page(client)


# --- The practice-day page's panels (practice_day/views.py: cached per person) ----------


def practice_day_page(client, cohort):
    response = client.get(reverse("visits:practice_day", args=[cohort.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_practice_day_panel_shows_a_move_to_another_group_at_once(client):
    cohort = started_cohort()
    person = enrol(cohort)
    first = IntervisionGroupFactory(cohort=cohort, number=1, published_at=timezone.now())
    second = IntervisionGroupFactory(cohort=cohort, number=2, published_at=timezone.now())
    GroupMembership.objects.create(group=first, cohort=cohort, participant=person)
    client.force_login(person)
    assert reverse("intervision:group", args=[first.pk]) in practice_day_page(client, cohort)
    move_member(cohort, person, second)
    content = practice_day_page(client, cohort)
    assert reverse("intervision:group", args=[second.pk]) in content
    assert reverse("intervision:group", args=[first.pk]) not in content


def test_the_practice_day_panel_shows_a_new_session_place_at_once(client):
    cohort = started_cohort()
    person = enrol(cohort)
    group = IntervisionGroupFactory(cohort=cohort, published_at=timezone.now())
    GroupMembership.objects.create(group=group, cohort=cohort, participant=person)
    session = IntervisionSessionFactory(group=group, is_practice_day=True, location="Lokaal 3")
    client.force_login(person)
    assert "Lokaal 3" in practice_day_page(client, cohort)
    session.location = "Aula Noord"
    session.save()
    content = practice_day_page(client, cohort)
    assert "Aula Noord" in content and "Lokaal 3" not in content


def test_the_practice_day_panel_is_cached_without_a_csrf_token(client):
    cohort = started_cohort()
    person = enrol(cohort)
    group = IntervisionGroupFactory(cohort=cohort, published_at=timezone.now())
    GroupMembership.objects.create(group=group, cohort=cohort, participant=person)
    client.force_login(person)
    practice_day_page(client, cohort)
    with CaptureQueriesContext(connection) as second:
        practice_day_page(client, cohort)
    assert not any("intervision_intervisiongroup" in q["sql"] for q in second)

    def must_not_compute():
        raise AssertionError("the panels were not cached")

    scopes = [
        personal_cache.user_scope(person.pk),
        personal_cache.cohort_scope(cohort.pk),
        personal_cache.CONTENT,
    ]
    panels = personal_cache.cached(
        f"practice_day_panels:{cohort.pk}", person, scopes, must_not_compute
    )
    assert panels and all("csrfmiddlewaretoken" not in panel for panel in panels)
