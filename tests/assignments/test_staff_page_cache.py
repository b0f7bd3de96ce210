"""The trainer's progress screen, grading list and grading page keep their own part per
person (``assignments/views/staff.py`` ``cached_staff_part``), the workspace its final
assignment tasks (``assignments/wagtail_hooks.py``): every change they show is on the
trainer's very next request, another cohort's trainer never gets the part, and the forms
carry each request's own CSRF token.

Each test loads the screens (which stores their parts), changes something through the
service people use, and loads them again: the page must show the change, and must be what
it would be without any cache.
"""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments.models import Grade
from assignments.services import assignments as assignment_services
from assignments.services import grading
from assignments.services.plans import submit_plan
from assignments.services.reviews import NOT_STARTED_WINDOW, allocate_reviews, save_review
from course import personal_cache
from course.models import Registration
from course.services.registration import decide_registration
from tests.factories import (
    CoordinatorFactory,
    ParticipantFactory,
    RegistrationFactory,
    TrainerFactory,
)

from .conftest import make_peer_cohort

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _client(person, *, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(person)
    return client


def _urls(c):
    """The cohort's own screens; then the workspace."""
    return [
        reverse("assignments:progress", args=[c.cohort.pk]),
        reverse("assignments:grading", args=[c.cohort.pk]),
        reverse("assignments:grade_plan", args=[c.cohort.pk, c.plans[0].pk]),
        reverse("course:workspace"),
    ]


def _pages(client, c):
    pages = []
    for url in _urls(c):
        response = client.get(url)
        assert response.status_code == 200
        pages.append(CSRF.sub("", response.content.decode()))
    return pages


def _shows_change(client, c, before, change, *others):
    """After ``change()``, the next request differs from ``before`` on at least one
    screen and equals what the screens show without a cache (also for ``others``: pairs
    of a client and the pages it saw before)."""
    for other, _seen in others:
        _pages(other, c)  # stored, if not yet
    change()
    after = _pages(client, c)
    assert after != before
    other_after = [_pages(other, c) for other, _seen in others]
    assert all(new != seen for new, (_o, seen) in zip(other_after, others, strict=True))
    cache.clear()
    assert _pages(client, c) == after
    assert [_pages(other, c) for other, _seen in others] == other_after
    return after


def _mark(c, plan, by, *labels):
    levels = {
        criterion.pk: next(lv for lv in criterion.levels.all() if lv.label == label)
        for criterion, label in zip(c.criteria, labels, strict=True)
    }
    return grading.save_marking(
        plan,
        by=by,
        levels=levels,
        comments={},
        overall_comment="Een sterk plan.",
        submit=True,
    )


def test_the_screens_are_cached_per_person():
    c = make_peer_cohort()
    client = _client(c.trainer)
    _pages(client, c)
    with mock.patch.object(
        personal_cache, "cached_html", wraps=personal_cache.cached_html
    ) as cached_html:
        _pages(client, c)
    assert cached_html.call_count == 3
    # The second request built nothing: one cache round trip per part.
    with (
        mock.patch("assignments.services.progress.progress") as progress,
        mock.patch("assignments.services.grading.grading_rows") as grading_rows,
        mock.patch("assignments.services.grading.comparison") as comparison,
        mock.patch("assignments.services.grading.grading_task_counts") as task_counts,
    ):
        _pages(client, c)
    for built in (progress, grading_rows, comparison, task_counts):
        built.assert_not_called()


def test_a_submitted_plan_shows_on_the_next_request():
    c = make_peer_cohort(phase="writing", submitted=False)
    client = _client(c.trainer)
    before = _pages(client, c)
    plan = c.plans[0]
    plan.assignment = c.assignment
    levels = {criterion: criterion.levels.last() for criterion in c.criteria}
    _shows_change(client, c, before, lambda: submit_plan(plan, levels))


def test_allocation_and_a_review_given_show_on_the_next_request():
    c = make_peer_cohort()
    client = _client(c.trainer)
    before = _pages(client, c)
    before = _shows_change(client, c, before, lambda: allocate_reviews(c.assignment))
    review = c.plans[0].reviews.peer().select_related("plan__assignment").first()
    levels = {criterion.pk: criterion.levels.last() for criterion in c.criteria}
    _shows_change(
        client,
        c,
        before,
        lambda: save_review(
            review,
            by=review.reviewer,
            levels=levels,
            comments={},
            overall_comment="Sterk.",
            submit=True,
        ),
    )


def test_an_extension_and_a_new_participant_show_on_the_next_request():
    c = make_peer_cohort(phase="writing", submitted=False)
    client = _client(c.trainer)
    before = _pages(client, c)
    before = _shows_change(
        client,
        c,
        before,
        lambda: assignment_services.grant_extension(
            c.assignment,
            c.people[0],
            submission_deadline=c.assignment.submission_deadline + datetime.timedelta(days=3),
            reason="Ziek.",
            granted_by=c.trainer,
        ),
    )
    waiting = RegistrationFactory(
        cohort=c.cohort,
        participant=ParticipantFactory(full_name="Nieuwe Deelnemer"),
        status=Registration.Status.NEEDS_DECISION,
    )
    after = _shows_change(
        client,
        c,
        before,
        lambda: decide_registration(waiting, CoordinatorFactory(), approve=True),
    )
    assert "Nieuwe Deelnemer" in after[0] and "Nieuwe Deelnemer" in after[1]


def test_a_participants_new_name_shows_on_the_next_request():
    c = make_peer_cohort()
    client = _client(c.trainer)
    before = _pages(client, c)

    def rename():
        person = c.people[0]
        person.full_name = "Anders Genoemd"
        person.save()

    after = _shows_change(client, c, before, rename)
    assert "Anders Genoemd" in after[0]


def test_an_erased_participant_is_gone_from_the_trainers_next_screens():
    """AVG: after an erasure no stored part shows the person's name to the trainer."""
    from website.personal_data import erase_personal_data

    c = make_peer_cohort()
    person = c.people[1]
    person.full_name = "Te Wissen Deelnemer"
    person.save()
    client = _client(c.trainer)
    assert "Te Wissen Deelnemer" in _pages(client, c)[0]

    erase_personal_data(person, by=CoordinatorFactory())

    assert not any("Te Wissen Deelnemer" in page for page in _pages(client, c))


def test_markings_settling_reopening_and_release_show_on_the_next_request():
    c = make_peer_cohort(phase="grading")
    second = TrainerFactory(full_name="Sanne Tweede")
    c.cohort.trainers.add(second)
    c.cohort.save()
    c.assignment.second_marking_margin = 1
    c.assignment.save()
    client, second_client = _client(c.trainer), _client(second)
    plan = c.plans[0]
    plan.assignment = c.assignment
    before = _pages(client, c)
    # 4 points: near the pass mark, waits for a second marker (their workspace says so)
    seen = _pages(second_client, c)
    before = _shows_change(
        client,
        c,
        before,
        lambda: _mark(c, plan, c.trainer, "voldoende", "voldoende"),
        (second_client, seen),
    )
    seen = _pages(second_client, c)
    assert "Een sterk plan." not in seen[2]  # blind: not the first marking
    # The second marking: the first marker's and the second's pages both change.
    before = _shows_change(
        client,
        c,
        before,
        lambda: _mark(c, plan, second, "onvoldoende", "voldoende"),
        (second_client, seen),
    )
    grade = Grade.objects.select_related("plan__assignment").get(plan=plan)
    before = _shows_change(
        client,
        c,
        before,
        lambda: grading.settle(grade, by=c.trainer, marking="second", reason="Mager."),
    )
    grade.refresh_from_db()
    before = _shows_change(
        client, c, before, lambda: grading.reopen(grade, by=c.trainer, reason="Nog eens.")
    )
    before = _shows_change(client, c, before, lambda: _mark(c, plan, c.trainer, "goed", "goed"))
    _shows_change(client, c, before, lambda: grading.release_grades(c.cohort, by=c.trainer))


def test_a_marker_renamed_shows_on_the_grading_list():
    c = make_peer_cohort(phase="grading")
    plan = c.plans[0]
    plan.assignment = c.assignment
    _mark(c, plan, c.trainer, "goed", "goed")
    client = _client(CoordinatorFactory())  # not the marker: their own scope is not bumped
    before = _pages(client, c)

    def rename():
        c.trainer.full_name = "Trainer Hernoemd"
        c.trainer.save()

    after = _shows_change(client, c, before, rename)
    assert "Trainer Hernoemd" in after[1]


def test_another_cohorts_trainer_gets_404_and_never_the_part():
    c = make_peer_cohort()
    _pages(_client(c.trainer), c)
    outsider = TrainerFactory()
    elsewhere = make_peer_cohort().cohort
    elsewhere.trainers.add(outsider)
    elsewhere.save()
    client = _client(outsider)
    for url in _urls(c)[:3]:
        assert client.get(url).status_code == 404
    # Their workspace lists their own cohort only.
    workspace = client.get(_urls(c)[3]).content.decode()
    assert elsewhere.title in workspace and c.cohort.title not in workspace
    # A participant of the cohort gets 404 too.
    for url in _urls(c)[:3]:
        assert _client(c.people[0]).get(url).status_code == 404


def test_the_forms_post_with_the_pages_csrf_token():
    c = make_peer_cohort(phase="grading")
    plan = c.plans[0]
    plan.assignment = c.assignment
    _mark(c, plan, c.trainer, "goed", "goed")
    client = _client(c.trainer, csrf=True)
    url = reverse("assignments:grading", args=[c.cohort.pk])
    client.get(url)  # stores the part
    token = CSRF.search(client.get(url).content.decode()).group(1)
    response = client.post(
        reverse("assignments:release_grades", args=[c.cohort.pk]),
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Grade.objects.get(plan=plan).status == Grade.Status.RELEASED

    peer = make_peer_cohort()
    client = _client(peer.trainer, csrf=True)
    url = reverse("assignments:progress", args=[peer.cohort.pk])
    client.get(url)
    token = CSRF.search(client.get(url).content.decode()).group(1)
    response = client.post(
        reverse("assignments:allocate", args=[peer.cohort.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert peer.plans[0].reviews.peer().exists()


def test_the_part_is_kept_no_longer_than_until_a_participants_own_deadline():
    c = make_peer_cohort(phase="writing", submitted=False)
    soon = timezone.now() + datetime.timedelta(seconds=90)
    assignment_services.grant_extension(
        c.assignment, c.people[0], submission_deadline=soon, reason="Ziek.", granted_by=c.trainer
    )
    with mock.patch.object(personal_cache.cache, "set", wraps=personal_cache.cache.set) as stored:
        _client(c.trainer).get(reverse("assignments:progress", args=[c.cohort.pk]))
    timeouts = [
        call.args[2]
        for call in stored.call_args_list
        if call.args[0].startswith("personal:assignment_progress:")
    ]
    assert timeouts and max(timeouts) <= 90


def test_the_grading_pages_forms_post_with_its_csrf_token_and_a_refused_post_renders_afresh():
    c = make_peer_cohort(phase="grading")
    plan = c.plans[0]
    client = _client(c.trainer, csrf=True)
    url = reverse("assignments:grade_plan", args=[c.cohort.pk, plan.pk])
    client.get(url)  # stores the part
    token = CSRF.search(client.get(url).content.decode()).group(1)
    # Completing without levels: refused, the page is rendered with the posted form.
    refused = client.post(
        url, {"csrfmiddlewaretoken": token, "complete": "1", "overall_comment": "AFRESH-7"}
    )
    assert refused.status_code == 200
    assert "AFRESH-7" in refused.content.decode()
    assert "AFRESH-7" not in client.get(url).content.decode()
    plan.assignment = c.assignment
    _mark(c, plan, c.trainer, "goed", "goed")
    page = client.get(url).content.decode()
    token = CSRF.search(page).group(1)
    response = client.post(
        reverse("assignments:reopen_grade", args=[c.cohort.pk, plan.pk]),
        {"csrfmiddlewaretoken": token, "reason": "Nog eens bekijken."},
    )
    assert response.status_code == 302
    assert Grade.objects.get(plan=plan).status == Grade.Status.IN_PROGRESS


def test_the_workspace_tasks_are_kept_no_longer_than_until_reviews_come_close_to_the_deadline():
    c = make_peer_cohort()
    soon = timezone.now() + NOT_STARTED_WINDOW + datetime.timedelta(seconds=60)
    c.assignment.review_deadline = soon
    c.assignment.save()
    with mock.patch.object(personal_cache.cache, "set", wraps=personal_cache.cache.set) as stored:
        _client(c.trainer).get(reverse("course:workspace"))
    timeouts = [
        call.args[2]
        for call in stored.call_args_list
        if call.args[0].startswith("personal:workspace_assignment_tasks:")
    ]
    assert timeouts and max(timeouts) <= 60
