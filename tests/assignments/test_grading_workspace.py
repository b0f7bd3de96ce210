"""The trainer's workspace (course.views.workspace, filled through course.hooks.TRAINER_TASKS)
and the query counts of the grading pages and the workspace, flat from 6 to 60 participants."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from assignments.models import Review
from assignments.services import grading
from assignments.services.reviews import store_scores
from course.services.attendance import record_attendance
from tests.factories import CohortDayFactory, CohortPageFactory, ParticipantFactory, TrainerFactory

from .conftest import make_peer_cohort

pytestmark = pytest.mark.django_db


def mark_all(c, plans, by, label="goed"):
    for plan in plans:
        grading.save_marking(
            plan,
            by=by,
            levels={
                cr.pk: next(lv for lv in cr.levels.all() if lv.label == label) for cr in c.criteria
            },
            comments={},
            overall_comment="",
            submit=True,
        )


def queries_for(client, url):
    """Queries of one request after two warming ones (per-user settings, then caches)."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_workspace_lists_plans_to_grade_grades_to_release_and_attendance_to_record(client):
    c = make_peer_cohort(phase="grading")
    mark_all(c, c.plans[:2], c.trainer)
    # Course days in the past without attendance: day 1 recorded, day 2 not.
    past = timezone.localdate() - datetime.timedelta(days=3)
    day1, day2 = (CohortDayFactory(cohort=c.cohort, number=n, date=past) for n in (1, 2))
    record_attendance(day1, c.people, by=c.trainer)
    client.force_login(c.trainer)
    response = client.get(reverse("course:workspace"))
    content = response.content.decode()
    assert ngettext("%(count)s plan to grade", "%(count)s plans to grade", 4) % {"count": 4} in (
        content
    )
    released = ngettext(
        "%(count)s grade ready for release", "%(count)s grades ready for release", 2
    ) % {"count": 2}
    assert released in content
    assert reverse("course:attendance", args=[day2.pk]) in content
    assert reverse("course:attendance", args=[day1.pk]) not in content
    assert reverse("assignments:grading", args=[c.cohort.pk]) in content


def test_the_workspace_lists_peer_reviews_to_reassign(client):
    c = make_peer_cohort()
    assignment = c.assignment
    assignment.review_deadline = timezone.now() + datetime.timedelta(days=1)
    assignment.save()
    Review.objects.create(
        plan=c.plans[0],
        reviewer=c.people[1],
        assigned_at=timezone.now() - datetime.timedelta(days=5),
    )
    client.force_login(c.trainer)
    content = client.get(reverse("course:workspace")).content.decode()
    assert reverse("assignments:progress", args=[c.cohort.pk]) in content
    label = ngettext(
        "%(count)s peer review not started close to the deadline: reassign",
        "%(count)s peer reviews not started close to the deadline: reassign",
        1,
    ) % {"count": 1}
    assert label in content


def test_the_workspace_shows_another_trainers_cohort_to_nobody_else(client):
    c = make_peer_cohort(phase="grading")
    other = TrainerFactory()
    CohortPageFactory(trainers=[other], title="Groep Elders")
    client.force_login(other)
    content = client.get(reverse("course:workspace")).content.decode()
    assert c.cohort.title not in content and "Groep Elders" in content
    client.force_login(ParticipantFactory())
    assert client.get(reverse("course:workspace")).status_code == 403


def test_the_admin_home_shows_the_workspace_panel_and_menu_item_to_trainers(client):
    c = make_peer_cohort(phase="grading")
    client.force_login(c.trainer)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("course:workspace") in content
    assert reverse("assignments:grading", args=[c.cohort.pk]) in content


def test_mijn_opleiding_links_a_trainer_to_the_workspace(client):
    client.force_login(TrainerFactory())
    assert reverse("course:workspace") in client.get(reverse("course:dashboard")).content.decode()


@pytest.mark.parametrize("page", ["grading", "grade_plan", "workspace", "export"])
def test_grading_pages_and_the_workspace_use_as_many_queries_for_60_participants_as_for_6(
    client, page
):
    trainer = TrainerFactory()
    counts = []
    for size in (6, 60):
        c = make_peer_cohort(size, phase="grading")
        c.cohort.trainers.set([trainer])
        c.cohort.save()
        for i, plan in enumerate(c.plans[1:]):
            # Self-assessments and peer reviews beside the trainer's score.
            review = Review.objects.create(
                plan=plan, reviewer=c.people[i], status="submitted", submitted_at=timezone.now()
            )
            store_scores(review, c.criteria, {cr.pk: cr.levels.first() for cr in c.criteria}, {})
        mark_all(c, c.plans[: size // 2], trainer)
        grading.release_grades(c.cohort, by=trainer)
        mark_all(c, c.plans[size // 2 : size // 2 + 2], trainer)
        client.force_login(trainer)
        url = {
            "grading": reverse("assignments:grading", args=[c.cohort.pk]),
            "grade_plan": reverse("assignments:grade_plan", args=[c.cohort.pk, c.plans[0].pk]),
            "workspace": reverse("course:workspace"),
            "export": reverse("assignments:grades_export", args=[c.cohort.pk]),
        }[page]
        counts.append(queries_for(client, url))
    assert counts[0] == counts[1]


def test_the_demo_shows_a_released_a_ready_and_a_second_marking_grade(home_page, client):
    from django.core.management import call_command

    from assignments import demo_grading
    from assignments.models import Grade

    call_command("seed_demo", verbosity=0)
    demo_grading.seed_grading()  # idempotent
    grades = Grade.objects.filter(plan__assignment__cohort__slug=demo_grading.SLUG)
    assert sorted(g.status for g in grades) == sorted(
        [Grade.Status.RELEASED, Grade.Status.READY, Grade.Status.IN_PROGRESS]
    )
    assert grades.get(status=Grade.Status.IN_PROGRESS).awaits_second_marker
    trainer = grades.first().first_marker
    assert trainer.email == "trainer@example.nl"
    client.force_login(trainer)
    content = client.get(reverse("course:workspace")).content.decode()
    assert "Deventer, voorjaar" in content
    assert ngettext("%(count)s plan to grade", "%(count)s plans to grade", 2) % {"count": 2} in (
        content
    )
