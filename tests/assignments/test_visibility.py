"""Who sees a plan: its author and the cohort's staff; anyone else gets a 404 (also when
not signed in). Query counts of the plan pages stay flat from 6 to 60 participants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.services.plans import save_plan
from tests.factories import (
    CohortPageFactory,
    CoordinatorFactory,
    ParticipantFactory,
    PlanFactory,
    TrainerFactory,
    add_rubric,
    assignment_in,
    enrol,
)

pytestmark = pytest.mark.django_db


def with_trainer(cohort):
    trainer = TrainerFactory()
    cohort.trainers.add(trainer)
    cohort.save()
    return trainer


@pytest.fixture
def plan(db):
    plan = PlanFactory()
    plan.attachment.save("x.pdf", __import__("io").BytesIO(b"%PDF-1.7\n"), save=True)
    return plan


def status(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("view", ["assignments:plan_detail", "assignments:attachment_download"])
def test_the_author_and_the_cohorts_trainer_and_a_coordinator_see_the_plan(client, plan, view):
    url = reverse(view, args=[plan.pk])
    assert status(client, plan.author, url) == 200
    assert status(client, with_trainer(plan.assignment.cohort), url) == 200
    assert status(client, CoordinatorFactory(), url) == 200


@pytest.mark.parametrize("view", ["assignments:plan_detail", "assignments:attachment_download"])
def test_anyone_else_gets_a_404(client, plan, view):
    url = reverse(view, args=[plan.pk])
    classmate = enrol(plan.assignment.cohort)
    other_trainer = with_trainer(CohortPageFactory())
    for user in (classmate, other_trainer, ParticipantFactory()):
        client.logout()
        assert status(client, user, url) == 404
    client.logout()
    assert status(client, None, url) == 404


def test_a_participant_cannot_open_the_editor_of_a_cohort_they_are_not_in(client, plan):
    other = assignment_in("writing")
    url = reverse("assignments:plan", args=[other.cohort_id])
    assert status(client, plan.author, url) == 404


def test_the_cohort_plans_page_is_for_its_staff_only(client, plan):
    url = reverse("assignments:cohort_plans", args=[plan.assignment.cohort_id])
    assert status(client, with_trainer(plan.assignment.cohort), url) == 200
    client.logout()
    assert status(client, with_trainer(CohortPageFactory()), url) == 404
    client.logout()
    assert status(client, plan.author, url) == 404


def count_queries(client, url):
    client.get(url)  # warm caches (site root, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(assignment, count):
    for _ in range(count):
        person = enrol(assignment.cohort)
        plan = PlanFactory(assignment=assignment, author=person)
        save_plan(plan, body=plan.body + " ")


def test_plan_pages_need_as_many_queries_for_60_participants_as_for_6(client):
    assignment = assignment_in("writing")
    add_rubric(assignment)
    trainer = with_trainer(assignment.cohort)
    author = enrol(assignment.cohort)
    grow(assignment, 5)
    pages = {
        "editor": (author, reverse("assignments:plan", args=[assignment.cohort_id])),
        "submit": (author, reverse("assignments:submit", args=[assignment.cohort_id])),
        "cohort": (trainer, reverse("assignments:cohort_plans", args=[assignment.cohort_id])),
    }
    for user, url in pages.values():  # warm the site's caches (root page, translations)
        client.force_login(user)
        client.get(url)
    small = {}
    for name, (user, url) in pages.items():
        client.force_login(user)
        small[name] = count_queries(client, url)
    grow(assignment, 54)
    for name, (user, url) in pages.items():
        client.force_login(user)
        assert count_queries(client, url) == small[name], name
