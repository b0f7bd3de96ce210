"""Peer review: allocation at the deadline, late plans, the trainer's changes, reassignment,
the review form, ratings, the revision and reminders."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from assignments.models import DeadlineExtension, Plan, Review
from assignments.services.reassignment import REASON_LEFT, REASON_NOT_STARTED, reassign
from assignments.services.reminders import send_reminders
from assignments.services.reviews import (
    add_review,
    allocate_reviews,
    move_review,
    remove_review,
)
from course.services.registration import cancel_registration
from tests.factories import CoordinatorFactory, ParticipantFactory, RegistrationFactory
from website.errors import ActionRefused

from .conftest import DAY, dates_for, make_peer_cohort

pytestmark = pytest.mark.django_db


def peer_reviews(assignment):
    return Review.objects.filter(plan__assignment=assignment, kind="peer").active()


def test_the_daily_command_gives_every_plan_two_reviews_and_a_second_run_changes_nothing(
    peer_cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("assignments_daily", stdout=open("/dev/null", "w"))
    reviews = list(peer_reviews(peer_cohort.assignment))
    assert Counter(r.plan_id for r in reviews) == {p.pk: 2 for p in peer_cohort.plans}
    assert max(Counter(r.reviewer_id for r in reviews).values()) <= 3
    assert len(mail.outbox) == len({r.reviewer_id for r in reviews})
    call_command("assignments_daily", stdout=open("/dev/null", "w"))
    assert peer_reviews(peer_cohort.assignment).count() == len(reviews)


def test_the_trainer_button_allocates_reviewers(client, peer_cohort):
    client.force_login(peer_cohort.trainer)
    response = client.post(
        reverse("assignments:allocate", args=[peer_cohort.cohort.pk]), follow=True
    )
    assert response.status_code == 200
    assert peer_reviews(peer_cohort.assignment).count() == 12


def test_allocation_is_refused_before_the_submission_deadline(db):
    cohort = make_peer_cohort(phase="writing")
    with pytest.raises(ActionRefused) as refused:
        allocate_reviews(cohort.assignment)
    assert refused.value.code == "not_review_phase"


def test_a_late_plan_with_an_extension_gets_its_reviewers_when_it_arrives(peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    late = ParticipantFactory()
    RegistrationFactory(cohort=peer_cohort.cohort, participant=late)
    DeadlineExtension.objects.create(
        assignment=peer_cohort.assignment,
        participant=late,
        submission_deadline=timezone.now() + DAY,
        reason="ziek",
    )
    plan = Plan.objects.create(assignment=peer_cohort.assignment, author=late, body="Laat plan")
    assert plan.reviews.count() == 0  # not submitted yet
    plan.submitted_at = timezone.now()
    plan.save()
    assert plan.reviews.active().count() == 2
    assert late.pk not in set(plan.reviews.values_list("reviewer_id", flat=True))


def test_a_trainer_moves_a_review_with_a_reason_that_is_logged(peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    review = peer_reviews(peer_cohort.assignment).first()
    taken = set(review.plan.reviews.active().values_list("reviewer_id", flat=True))
    target = next(
        p for p in peer_cohort.people if p.pk not in taken and p.pk != review.plan.author_id
    )
    moved = move_review(review, target, by=peer_cohort.trainer, reason="Collega van de auteur")
    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN
    assert moved.reviewer == target and moved.reassigned_from == review
    assert moved.reason == "Collega van de auteur"
    entry = ModelLogEntry.objects.get(action="assignments.review_moved")
    assert entry.user == peer_cohort.trainer and entry.data["reason"] == "Collega van de auteur"


def test_a_trainer_must_give_a_reason_to_remove_a_review(peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    review = peer_reviews(peer_cohort.assignment).first()
    with pytest.raises(ActionRefused) as refused:
        remove_review(review, by=peer_cohort.trainer, reason="  ")
    assert refused.value.code == "reason_required"
    remove_review(review, by=peer_cohort.trainer, reason="Dubbel")
    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN and review.reason == "Dubbel"


def test_a_trainer_cannot_add_a_reviewer_of_the_authors_school(peer_cohort):
    plan = peer_cohort.plans[0]
    colleague = ParticipantFactory(school=plan.author.school)
    RegistrationFactory(cohort=peer_cohort.cohort, participant=colleague)
    with pytest.raises(ActionRefused) as refused:
        add_review(plan, colleague, by=peer_cohort.trainer, reason="extra")
    assert refused.value.code == "not_eligible"
    with pytest.raises(ActionRefused):
        add_review(plan, plan.author, by=peer_cohort.trainer, reason="extra")


def test_the_trainer_page_adds_a_review_with_a_reason(client, peer_cohort):
    plan, reviewer = peer_cohort.plans[0], peer_cohort.people[1]
    client.force_login(peer_cohort.trainer)
    url = reverse("assignments:add_review", args=[peer_cohort.cohort.pk, plan.pk])
    response = client.post(
        url, {"add-reviewer": reviewer.pk, "add-reason": "Extra blik"}, follow=True
    )
    assert response.status_code == 200
    assert plan.reviews.get().reason == "Extra blik"
    response = client.post(url, {"add-reviewer": reviewer.pk, "add-reason": ""}, follow=True)
    assert plan.reviews.count() == 1
    assert _("Choose a participant and give a reason.") in response.content.decode()


def test_a_reviewer_who_leaves_hands_their_open_reviews_to_others_and_trainers_hear_of_it(
    peer_cohort, django_capture_on_commit_callbacks
):
    allocate_reviews(peer_cohort.assignment)
    leaver = peer_cohort.people[0]
    open_plans = set(
        peer_reviews(peer_cohort.assignment)
        .filter(reviewer=leaver)
        .values_list("plan_id", flat=True)
    )
    registration = leaver.registrations.get(cohort=peer_cohort.cohort)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration, CoordinatorFactory(), reason="ziek")
    assert not peer_reviews(peer_cohort.assignment).filter(reviewer=leaver).exists()
    withdrawn = Review.objects.filter(reviewer=leaver, status=Review.Status.WITHDRAWN)
    assert {r.plan_id for r in withdrawn} == open_plans
    assert all(r.reason == str(REASON_LEFT) for r in withdrawn)
    for plan in peer_cohort.plans:
        if plan.author_id != leaver.pk:
            assert plan.reviews.active().count() == 2
    replacement = Review.objects.filter(reassigned_from__in=withdrawn)
    assert replacement.count() == len(open_plans)
    to_trainer = [m for m in mail.outbox if peer_cohort.trainer.email in m.to]
    assert len(to_trainer) == 1 and leaver.full_name in to_trainer[0].body


def test_reviews_not_started_two_days_before_the_deadline_move_but_drafts_stay(
    peer_cohort, django_capture_on_commit_callbacks
):
    allocate_reviews(peer_cohort.assignment)
    reviews = list(peer_reviews(peer_cohort.assignment).order_by("pk"))
    started = reviews[0]
    started.status = Review.Status.DRAFT
    started.save()
    three_days_before = peer_cohort.assignment.review_deadline - 3 * DAY
    assert reassign(peer_cohort.assignment, now=three_days_before) == []
    one_day_before = peer_cohort.assignment.review_deadline - DAY
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = reassign(peer_cohort.assignment, now=one_day_before)
    assert started not in moved and len(moved) == len(reviews) - 1
    assert all(r.reason == str(REASON_NOT_STARTED) for r in moved)
    assert any(peer_cohort.trainer.email in m.to for m in mail.outbox)
    # Nobody got back a review that was moved away from them.
    for review in moved:
        assert (
            not peer_reviews(peer_cohort.assignment)
            .filter(plan_id=review.plan_id, reviewer_id=review.reviewer_id)
            .exists()
        )
    # A second run the same day moves the new reviews? No: they were assigned after the cutoff.
    assert reassign(peer_cohort.assignment, now=one_day_before) == []


def test_a_plan_left_short_is_flagged_on_the_progress_page(client, peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    plan = peer_cohort.plans[0]
    review = plan.reviews.active().first()
    remove_review(review, by=peer_cohort.trainer, reason="weg")
    client.force_login(peer_cohort.trainer)
    response = client.get(reverse("assignments:progress", args=[peer_cohort.cohort.pk]))
    content = response.content.decode()
    assert _("These plans have fewer reviews than they should. Add a review by hand:") in content
    assert plan.author.full_name in content


def criterion_data(cohort, level_index=2, comment="Helder"):
    data = {}
    for criterion in cohort.criteria:
        levels = list(criterion.levels.all())
        data[f"level_{criterion.pk}"] = levels[level_index].pk
        data[f"comment_{criterion.pk}"] = comment
    return data


@pytest.fixture
def my_review(peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    return peer_reviews(peer_cohort.assignment).select_related("reviewer").first()


def test_a_reviewer_saves_a_draft_then_submits_with_a_level_for_every_criterion(
    client, peer_cohort, my_review
):
    client.force_login(my_review.reviewer)
    url = reverse("assignments:review", args=[my_review.pk])
    first = peer_cohort.criteria[0]
    draft = {
        f"level_{first.pk}": first.levels.first().pk,
        "overall_comment": "Eerste indruk",
        "save": "1",
    }
    response = client.post(url, draft, follow=True)
    assert _("Your draft has been saved.") in response.content.decode()
    my_review.refresh_from_db()
    assert my_review.status == Review.Status.DRAFT and my_review.scores.count() == 1

    response = client.post(url, {**draft, "submit": "1"}, follow=True)
    assert _("Choose a level for every criterion before you submit the review.") in (
        response.content.decode()
    )
    my_review.refresh_from_db()
    assert my_review.status == Review.Status.DRAFT

    data = {**criterion_data(peer_cohort), "overall_comment": "Sterk plan", "submit": "1"}
    client.post(url, data)
    my_review.refresh_from_db()
    assert my_review.status == Review.Status.SUBMITTED
    assert sorted(s.points for s in my_review.scores.all()) == [3, 3]
    # Submitted is final.
    client.post(url, {**data, "overall_comment": "Toch anders"})
    my_review.refresh_from_db()
    assert my_review.overall_comment == "Sterk plan"


def test_the_review_form_shows_the_rubric_levels_with_descriptions_and_points(
    client, peer_cohort, my_review
):
    client.force_login(my_review.reviewer)
    response = client.get(reverse("assignments:review", args=[my_review.pk]))
    content = response.content.decode()
    assert 'type="radio"' in content
    assert "Onderwijsbehoeften: goed" in content
    assert "<script" not in my_review.plan.body
    assert "Onderwijsbehoeften</h2>" in content or "Onderwijsbehoeften" in content


def test_a_rubric_change_never_rescales_a_submitted_score(client, peer_cohort, my_review):
    client.force_login(my_review.reviewer)
    client.post(
        reverse("assignments:review", args=[my_review.pk]),
        {**criterion_data(peer_cohort), "submit": "1"},
    )
    level = peer_cohort.criteria[0].levels.get(label="goed")
    level.points = 10
    level.label = "uitstekend"
    level.save()
    score = my_review.scores.get(criterion=peer_cohort.criteria[0])
    assert (score.points, score.level_label) == (3, "goed")


def submit_all_reviews(cohort):
    for review in peer_reviews(cohort.assignment):
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
        review.overall_comment = "Goed leesbaar"
        review.save()


def close_review_phase(cohort, phase="revision"):
    for name, value in dates_for(phase).items():
        setattr(cohort.assignment, name, value)
    cohort.assignment.save()


def test_the_author_sees_the_reviews_only_after_the_review_phase(client, peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    submit_all_reviews(peer_cohort)
    plan = peer_cohort.plans[0]
    client.force_login(plan.author)
    url = reverse("assignments:received", args=[plan.pk])
    assert client.get(url).status_code == 404
    close_review_phase(peer_cohort)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Goed leesbaar") == 2


def test_the_author_rates_a_review_and_its_reviewer_sees_the_rating(client, peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    submit_all_reviews(peer_cohort)
    close_review_phase(peer_cohort)
    plan = peer_cohort.plans[0]
    review = plan.reviews.active().first()
    client.force_login(plan.author)
    prefix = f"r{review.pk}"
    client.post(
        reverse("assignments:rate", args=[review.pk]),
        {f"{prefix}-helpfulness": "4", f"{prefix}-reason": "Concrete tips"},
    )
    review.refresh_from_db()
    assert (review.helpfulness, review.helpfulness_reason) == (4, "Concrete tips")
    client.force_login(review.reviewer)
    content = client.get(reverse("assignments:review", args=[review.pk])).content.decode()
    assert "Concrete tips" in content
    # Somebody else cannot rate it.
    client.force_login(peer_cohort.people[5])
    response = client.post(
        reverse("assignments:rate", args=[review.pk]), {f"{prefix}-helpfulness": "1"}
    )
    assert response.status_code == 404


def test_the_author_revises_with_a_response_table(client, peer_cohort):
    allocate_reviews(peer_cohort.assignment)
    submit_all_reviews(peer_cohort)
    close_review_phase(peer_cohort)
    plan = peer_cohort.plans[0]
    review = plan.reviews.active().first()
    client.force_login(plan.author)
    url = reverse("assignments:revision", args=[plan.pk])
    assert client.get(url).status_code == 200
    data = {
        "revised_body": "## Herzien plan",
        "responses-TOTAL_FORMS": "3",
        "responses-INITIAL_FORMS": "0",
        "responses-MIN_NUM_FORMS": "0",
        "responses-MAX_NUM_FORMS": "50",
        "responses-0-review": str(review.pk),
        "responses-0-point": "Meer planning",
        "responses-0-accepted": "yes",
        "responses-0-why": "Terecht",
        "responses-1-point": "Korter",
        "responses-1-accepted": "no",
        "responses-1-why": "Alles is nodig",
        "submit": "1",
    }
    response = client.post(url, data, follow=True)
    assert _("Your revised plan has been submitted.") in response.content.decode()
    plan.refresh_from_db()
    assert plan.is_revised and plan.revised_body == "## Herzien plan"
    rows = list(plan.responses.all())
    assert [(r.point, r.accepted, r.review_id) for r in rows] == [
        ("Meer planning", True, review.pk),
        ("Korter", False, None),
    ]
    assert plan.versions.filter(kind="revision").exists()


def test_a_response_row_without_accepted_or_not_is_refused_with_a_message(client, peer_cohort):
    close_review_phase(peer_cohort)
    plan = peer_cohort.plans[0]
    client.force_login(plan.author)
    data = {
        "revised_body": "x",
        "responses-TOTAL_FORMS": "1",
        "responses-INITIAL_FORMS": "0",
        "responses-0-point": "Meer planning",
        "save": "1",
    }
    response = client.post(reverse("assignments:revision", args=[plan.pk]), data)
    assert _("Say whether you accepted this point.") in response.content.decode()
    assert not plan.responses.exists()


def test_reminders_go_out_once_before_each_deadline(
    peer_cohort, django_capture_on_commit_callbacks
):
    allocate_reviews(peer_cohort.assignment)
    before_review_deadline = peer_cohort.assignment.review_deadline - DAY
    with django_capture_on_commit_callbacks(execute=True):
        mail.outbox.clear()
        sent = send_reminders(peer_cohort.assignment, now=before_review_deadline)
    assert sent == len(peer_cohort.people)  # everyone has reviews to do
    assert all(m.subject == _("Reminder: finish your peer reviews") for m in mail.outbox)
    assert send_reminders(peer_cohort.assignment, now=before_review_deadline) == 0


def test_each_reviewer_gets_the_reminder_in_the_language_of_their_account(
    peer_cohort, django_capture_on_commit_callbacks
):
    english, dutch = peer_cohort.people[:2]
    english.language = "en"
    english.save(update_fields=["language"])
    dutch.language = "nl"
    dutch.save(update_fields=["language"])
    allocate_reviews(peer_cohort.assignment)
    with django_capture_on_commit_callbacks(execute=True):
        mail.outbox.clear()
        send_reminders(peer_cohort.assignment, now=peer_cohort.assignment.review_deadline - DAY)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    for person, language in ((english, "en"), (dutch, "nl")):
        message = by_recipient[person.email]
        with translation.override(language):
            assert message.subject == _("Reminder: finish your peer reviews")
            assert _("Dear %(name)s,") % {"name": person.full_name} in message.body
    assert by_recipient[english.email].subject != by_recipient[dutch.email].subject


def test_a_submission_reminder_follows_the_participants_own_deadline(db):
    cohort = make_peer_cohort(size=2, phase="writing", submitted=False)
    assignment = cohort.assignment
    late = cohort.people[0]
    DeadlineExtension.objects.create(
        assignment=assignment,
        participant=late,
        submission_deadline=assignment.submission_deadline + datetime.timedelta(days=10),
        reason="ziek",
    )
    assert send_reminders(assignment, now=assignment.submission_deadline - DAY) == 1
    assert send_reminders(assignment, now=assignment.submission_deadline + 8 * DAY) == 1


def test_a_comment_that_would_take_long_to_render_is_refused_with_a_message_quickly(
    client, peer_cohort, my_review
):
    import time

    client.force_login(my_review.reviewer)
    url = reverse("assignments:review", args=[my_review.pk])
    started = time.perf_counter()
    response = client.post(url, {"overall_comment": "[" * 4000, "save": "1"})
    assert time.perf_counter() - started < 2
    assert response.status_code == 200
    message = _(
        "This text contains too many special characters (such as [ ] ( ) * _ < >) "
        "or brackets that are never closed, so it cannot be shown as formatted "
        "text. Remove the superfluous characters and try again."
    )
    assert escape(message) in response.content.decode()
    my_review.refresh_from_db()
    assert my_review.status == Review.Status.ASSIGNED and my_review.overall_comment == ""


def test_demo_reviews_fill_in_part_of_the_reviews_and_can_run_again(peer_cohort):
    from assignments.demo_reviews import seed_reviews

    seed_reviews(peer_cohort.assignment)
    seed_reviews(peer_cohort.assignment)
    reviews = peer_reviews(peer_cohort.assignment)
    statuses = Counter(reviews.values_list("status", flat=True))
    assert reviews.count() == 12
    assert statuses[Review.Status.SUBMITTED] and statuses[Review.Status.ASSIGNED]
    submitted = reviews.filter(status=Review.Status.SUBMITTED).first()
    assert submitted.scores.count() == len(peer_cohort.criteria)
