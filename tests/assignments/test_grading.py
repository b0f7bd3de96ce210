"""Grading the final plan: the workflow, blind second marking, settling a disagreement, bulk
release (nothing visible before), the divergence warning, the CSV and the hook contract."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Grade, Review
from assignments.services import grading
from assignments.services.reviews import store_scores
from course import hooks
from tests.factories import CoordinatorFactory, TrainerFactory
from website.errors import ActionRefused

from .conftest import make_peer_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_cohort(db):
    """Six submitted plans in the grading phase; two criteria with levels 0/2/3 (max 6,
    pass mark 3 by default); a second trainer."""
    cohort = make_peer_cohort(phase="grading")
    cohort.second_trainer = TrainerFactory(full_name="Sanne Tweede")
    cohort.cohort.trainers.add(cohort.second_trainer)
    cohort.cohort.save()
    return cohort


def level(criterion, label):
    return next(lv for lv in criterion.levels.all() if lv.label == label)


def levels(c, *labels):
    return {
        criterion.pk: level(criterion, label) if label else None
        for criterion, label in zip(c.criteria, labels, strict=True)
    }


def mark(c, plan, by, *labels, submit=True, comment="Helder uitgewerkt."):
    return grading.save_marking(
        plan,
        by=by,
        levels=levels(c, *labels),
        comments={criterion.pk: comment for criterion in c.criteria},
        overall_comment="Een sterk plan.",
        submit=submit,
    )


# --- The workflow ---------------------------------------------------------------------------


def test_a_draft_marking_puts_the_grade_in_progress_and_completing_makes_it_ready(
    graded_cohort,
):
    c, plan = graded_cohort, graded_cohort.plans[0]
    grade = mark(c, plan, c.trainer, "goed", None, submit=False)
    assert grade.status == Grade.Status.IN_PROGRESS and grade.score is None
    grade = mark(c, plan, c.trainer, "goed", "voldoende")
    assert grade.status == Grade.Status.READY
    assert (grade.score, grade.max_score, grade.passed) == (5, 6, True)
    assert grade.final_review.kind == Review.Kind.TRAINER


def test_completing_without_a_level_for_every_criterion_is_refused_and_nothing_is_stored(
    graded_cohort,
):
    c, plan = graded_cohort, graded_cohort.plans[0]
    with pytest.raises(ActionRefused) as refused:
        mark(c, plan, c.trainer, "goed", None)
    assert refused.value.code == "incomplete"
    assert not Grade.objects.filter(plan=plan).exists()


def test_a_score_below_the_pass_mark_is_niet_voldaan(graded_cohort):
    c = graded_cohort
    grade = mark(c, c.plans[0], c.trainer, "voldoende", "onvoldoende")  # 2 of 6, pass mark 3
    assert grade.passed is False


def test_a_plan_still_in_revision_cannot_be_graded(db):
    c = make_peer_cohort(phase="revision")
    with pytest.raises(ActionRefused) as refused:
        mark(c, c.plans[0], c.trainer, "goed", "goed")
    assert refused.value.code == "not_gradable"


def test_another_trainer_or_a_participant_may_not_grade(graded_cohort, client):
    c, plan = graded_cohort, graded_cohort.plans[0]
    with pytest.raises(ActionRefused):
        mark(c, plan, TrainerFactory(), "goed", "goed")
    url = reverse("assignments:grade_plan", args=[c.cohort.pk, plan.pk])
    for person in (TrainerFactory(), plan.author, c.people[1]):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(reverse("assignments:grading", args=[c.cohort.pk])).status_code == 404


def test_the_trainer_grades_through_the_page(graded_cohort, client):
    c, plan = graded_cohort, graded_cohort.plans[0]
    client.force_login(c.trainer)
    url = reverse("assignments:grade_plan", args=[c.cohort.pk, plan.pk])
    data = {f"level_{cr.pk}": level(cr, "goed").pk for cr in c.criteria}
    data |= {f"comment_{cr.pk}": "Goed onderbouwd." for cr in c.criteria}
    data |= {"overall_comment": "Sterk.", "complete": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    grade = Grade.objects.get(plan=plan)
    assert (grade.status, grade.score) == (Grade.Status.READY, 6)


# --- Second marking --------------------------------------------------------------------------


@pytest.fixture
def near_pass(graded_cohort):
    """Margin 1 around the pass mark 3: a first marking of 2 or 3 or 4 needs a second one."""
    c = graded_cohort
    c.assignment.second_marking_margin = 1
    c.assignment.save()
    c.plan = c.plans[0]
    c.plan.assignment = c.assignment
    mark(c, c.plan, c.trainer, "voldoende", "voldoende", comment="EERSTE-OORDEEL")  # 4: voldaan
    return c


def test_a_score_near_the_pass_mark_waits_for_a_second_marker(near_pass):
    grade = Grade.objects.get(plan=near_pass.plan)
    assert grade.awaits_second_marker and grade.status == Grade.Status.IN_PROGRESS
    assert grade.score is None


def test_a_score_far_from_the_pass_mark_needs_no_second_marker(near_pass):
    c = near_pass
    grade = mark(c, c.plans[1], c.trainer, "goed", "goed")  # 6, margin 1 around 3
    assert grade.status == Grade.Status.READY and not grade.needs_second_marker


def test_the_second_marker_sees_the_first_grading_only_after_giving_theirs(near_pass, client):
    c = near_pass
    url = reverse("assignments:grade_plan", args=[c.cohort.pk, c.plan.pk])
    client.force_login(c.second_trainer)
    before = client.get(url).content.decode()
    assert "EERSTE-OORDEEL" not in before
    assert response_has_form(before)
    listing = client.get(reverse("assignments:grading", args=[c.cohort.pk])).content.decode()
    assert "4 / 6" not in listing
    mark(c, c.plan, c.second_trainer, "voldoende", "goed")  # 5: also voldaan
    after = client.get(url).content.decode()
    assert "EERSTE-OORDEEL" in after


def response_has_form(content):
    return 'name="complete"' in content


def test_the_first_marker_cannot_also_be_the_second(near_pass):
    c = near_pass
    with pytest.raises(ActionRefused) as refused:
        mark(c, c.plan, c.trainer, "goed", "goed")
    assert refused.value.code == "taken"


def test_same_verdict_makes_the_grade_ready_with_the_first_score(near_pass):
    c = near_pass
    grade = mark(c, c.plan, c.second_trainer, "voldoende", "goed")
    assert grade.status == Grade.Status.READY
    assert (grade.score, grade.passed, grade.disagreement) == (4, True, False)
    assert grade.second_marker == c.second_trainer


def test_a_disagreement_is_settled_by_the_first_marker_and_recorded(near_pass):
    c = near_pass
    grade = mark(c, c.plan, c.second_trainer, "onvoldoende", "voldoende")  # 2: niet voldaan
    assert grade.awaits_settlement and grade.score is None
    with pytest.raises(ActionRefused):
        grading.settle(grade, by=c.second_trainer, marking="second", reason="Te mager.")
    with pytest.raises(ActionRefused) as refused:
        grading.settle(grade, by=c.trainer, marking="second", reason="  ")
    assert refused.value.code == "reason"
    settled = grading.settle(grade, by=c.trainer, marking="second", reason="Doelen ontbreken.")
    assert settled.status == Grade.Status.READY
    assert (settled.score, settled.passed) == (2, False)
    assert settled.settled_by == c.trainer and settled.settled_at is not None
    assert settled.settlement_reason == "Doelen ontbreken."
    assert settled.final_review.reviewer == c.second_trainer
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="assignments.grade_settled")
    assert (entry.user_id, entry.data["marking"]) == (c.trainer.pk, "second")


def test_a_coordinator_may_settle_a_disagreement(near_pass):
    c = near_pass
    grade = mark(c, c.plan, c.second_trainer, "onvoldoende", "voldoende")
    coordinator = CoordinatorFactory()
    settled = grading.settle(grade, by=coordinator, marking="first", reason="Eerste klopt.")
    assert (settled.passed, settled.settled_by) == (True, coordinator)


# --- Reopening a ready grade -------------------------------------------------------------------


def test_the_first_marker_reopens_a_ready_grade_and_changes_the_marking(graded_cohort, client):
    c, plan = graded_cohort, graded_cohort.plans[0]
    mark(c, plan, c.trainer, "goed", "voldoende")  # 5: ready, voldaan
    url = reverse("assignments:grade_plan", args=[c.cohort.pk, plan.pk])
    client.force_login(c.trainer)
    assert _("Reopen the grading") in client.get(url).content.decode()
    reopen_url = reverse("assignments:reopen_grade", args=[c.cohort.pk, plan.pk])
    refused = client.post(reopen_url, {"reason": "   "}, follow=True)
    assert _("Give the reason for reopening the grading.") in refused.content.decode()
    assert Grade.objects.get(plan=plan).status == Grade.Status.READY
    response = client.post(reopen_url, {"reason": "Niveau per ongeluk te hoog."}, follow=True)
    assert response.status_code == 200
    grade = Grade.objects.get(plan=plan)
    assert grade.status == Grade.Status.IN_PROGRESS
    assert (grade.score, grade.passed, grade.final_review) == (None, None, None)
    marking = Review.objects.get(plan=plan, kind=Review.Kind.TRAINER)
    assert marking.status == Review.Status.DRAFT and marking.scores.count() == 2
    # The marking form is back, with the levels chosen before.
    assert response_has_form(response.content.decode())
    grade = mark(c, plan, c.trainer, "onvoldoende", "voldoende")  # 2: niet voldaan
    assert (grade.status, grade.score, grade.passed) == (Grade.Status.READY, 2, False)
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="assignments.grade_reopened")
    assert (entry.user_id, entry.data["reason"]) == (c.trainer.pk, "Niveau per ongeluk te hoog.")


def test_reopening_keeps_second_marking_blind_and_needs_the_second_marker_again(near_pass):
    c = near_pass
    mark(c, c.plan, c.second_trainer, "voldoende", "goed")  # same verdict: ready
    grade = grading.reopen(Grade.objects.get(plan=c.plan), by=c.trainer, reason="Herzien.")
    assert not grade.first_marking_visible_to(c.second_trainer)
    assert grading.marking_role(grade, c.second_trainer) is None
    grade = mark(c, c.plan, c.trainer, "voldoende", "voldoende")  # 4: near the pass mark
    assert grade.awaits_second_marker and not grade.first_marking_visible_to(c.second_trainer)
    grade = mark(c, c.plan, c.second_trainer, "voldoende", "voldoende")
    assert (grade.status, grade.score) == (Grade.Status.READY, 4)


def test_only_the_first_marker_or_a_coordinator_reopens_and_never_a_released_grade(
    graded_cohort,
):
    c, plan = graded_cohort, graded_cohort.plans[0]
    grade = mark(c, plan, c.trainer, "goed", "voldoende")
    with pytest.raises(ActionRefused) as refused:
        grading.reopen(grade, by=c.second_trainer, reason="Ik wil het anders.")
    assert refused.value.code == "not_allowed"
    grade = grading.reopen(grade, by=CoordinatorFactory(), reason="Verkeerde rubric.")
    assert grade.status == Grade.Status.IN_PROGRESS
    grade = mark(c, plan, c.trainer, "goed", "voldoende")
    grading.release_grades(c.cohort, by=c.trainer)
    with pytest.raises(ActionRefused) as refused:
        grading.reopen(Grade.objects.get(plan=plan), by=c.trainer, reason="Te laat gezien.")
    assert refused.value.code == "not_ready"
    assert Grade.objects.get(plan=plan).status == Grade.Status.RELEASED


# --- Release ---------------------------------------------------------------------------------


def test_participants_see_nothing_before_release_and_their_grade_after(
    graded_cohort, client, django_capture_on_commit_callbacks
):
    c = graded_cohort
    ready_plan, busy_plan = c.plans[0], c.plans[1]
    mark(c, ready_plan, c.trainer, "goed", "voldoende", comment="FEEDBACK-ZICHTBAAR")
    mark(c, busy_plan, c.trainer, "goed", None, submit=False)
    author = ready_plan.author
    client.force_login(author)
    grade_url = reverse("assignments:my_grade", args=[ready_plan.pk])
    assert client.get(grade_url).status_code == 404
    for page in (reverse("course:dashboard"), reverse("assignments:plan", args=[c.cohort.pk])):
        content = client.get(page).content.decode()
        assert grade_url not in content and "FEEDBACK-ZICHTBAAR" not in content

    with django_capture_on_commit_callbacks(execute=True):
        assert grading.release_grades(c.cohort, by=c.trainer) == 1

    assert Grade.objects.get(plan=busy_plan).status == Grade.Status.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert grade_url in mail.outbox[0].body
    content = client.get(grade_url).content.decode()
    assert "FEEDBACK-ZICHTBAAR" in content and _("pass") in content
    for page in (reverse("course:dashboard"), reverse("assignments:plan", args=[c.cohort.pk])):
        assert grade_url in client.get(page).content.decode()
    client.force_login(busy_plan.author)
    assert client.get(reverse("assignments:my_grade", args=[busy_plan.pk])).status_code == 404


def test_release_with_nothing_ready_is_refused(graded_cohort):
    with pytest.raises(ActionRefused) as refused:
        grading.release_grades(graded_cohort.cohort, by=graded_cohort.trainer)
    assert refused.value.code == "nothing_ready"


def test_a_participant_cannot_release(graded_cohort, client):
    c = graded_cohort
    mark(c, c.plans[0], c.trainer, "goed", "goed")
    client.force_login(c.people[0])
    response = client.post(reverse("assignments:release_grades", args=[c.cohort.pk]))
    assert response.status_code == 404
    assert Grade.objects.get(plan=c.plans[0]).status == Grade.Status.READY


# --- The divergence warning -----------------------------------------------------------------


def test_two_levels_apart_differs_widely_and_one_level_does_not(graded_cohort):
    criterion = graded_cohort.criteria[0]  # levels 0, 2, 3
    assert grading.differs_widely(criterion, 0, 3)
    assert grading.differs_widely(criterion, 3, 0)
    assert not grading.differs_widely(criterion, 0, 2)
    assert not grading.differs_widely(criterion, 2, 3)


def test_the_grading_page_warns_where_self_or_peer_scores_differ_widely(graded_cohort, client):
    c = graded_cohort
    plan = c.plans[0]
    own = Review.objects.create(
        plan=plan,
        reviewer=plan.author,
        kind=Review.Kind.SELF,
        status="submitted",
        submitted_at=timezone.now(),
    )
    store_scores(own, c.criteria, levels(c, "goed", "voldoende"), {})
    peer = Review.objects.create(
        plan=plan,
        reviewer=c.people[1],
        kind=Review.Kind.PEER,
        status="submitted",
        submitted_at=timezone.now(),
    )
    store_scores(peer, c.criteria, levels(c, "onvoldoende", "voldoende"), {})
    mark(c, plan, c.trainer, "onvoldoende", "goed", submit=False)
    client.force_login(c.trainer)
    response = client.get(reverse("assignments:grade_plan", args=[c.cohort.pk, plan.pk]))
    rows = response.context["rows"]
    assert rows[0].warnings == [_("Your score differs widely from the self-assessment.")]
    assert rows[1].warnings == []
    assert _("Your score differs widely from the self-assessment.") in response.content.decode()


# --- The CSV ----------------------------------------------------------------------------------


def test_the_csv_has_a_bom_semicolons_and_formula_safe_cells(graded_cohort, client):
    c = graded_cohort
    author = c.plans[0].author
    author.full_name = '=HYPERLINK("http://x")'
    author.save()
    mark(c, c.plans[0], c.trainer, "goed", "voldoende")
    client.force_login(c.trainer)
    response = client.get(reverse("assignments:grades_export", args=[c.cohort.pk]))
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))
    assert rows[0][:4] == [_("Name"), _("Email address"), _("School"), _("Status")]
    assert len(rows) == 1 + len(c.people)
    row = next(r for r in rows if r[1] == author.email)
    assert row[0] == '\'=HYPERLINK("http://x")'
    assert row[3:7] == [str(Grade.Status.READY.label), "5", "6", _("pass")]


# --- The completion requirement (course.hooks.COMPLETION_REQUIREMENTS) -------------------------


def test_the_requirement_is_met_only_by_a_released_voldaan(
    graded_cohort, django_assert_max_num_queries
):
    c = graded_cohort
    passed, failed, unreleased = c.plans[0], c.plans[1], c.plans[2]
    mark(c, passed, c.trainer, "goed", "goed")
    mark(c, failed, c.trainer, "onvoldoende", "onvoldoende")
    grading.release_grades(c.cohort, by=c.trainer)
    mark(c, unreleased, c.trainer, "goed", "goed")
    with django_assert_max_num_queries(2):
        result = grading.completion_requirements(c.cohort, c.people)
    assert set(result) == {person.pk for person in c.people}
    assert result[passed.author_id].met
    assert result[passed.author_id].met_on == timezone.localdate()
    for plan in (failed, unreleased, c.plans[3]):
        assert not result[plan.author_id].met and result[plan.author_id].met_on is None
    combined = hooks.completion_requirements(c.cohort, c.people)
    assert any(r.met for r in combined[passed.author_id])


def test_the_personal_data_export_holds_the_grade_only_once_released(graded_cohort):
    from assignments.services.personal_data import export_assignment_data

    c = graded_cohort
    plan = c.plans[0]
    mark(c, plan, c.trainer, "goed", "voldoende", comment="ALLEEN-NA-VRIJGAVE")

    def sections():
        return {s["title"]: s["records"] for s in export_assignment_data(plan.author)}

    before = sections()
    assert before[_("Grades of your plan")] == []
    assert "ALLEEN-NA-VRIJGAVE" not in str(before)
    grading.release_grades(c.cohort, by=c.trainer)
    after = sections()
    assert len(after[_("Grades of your plan")]) == 1
    assert "ALLEEN-NA-VRIJGAVE" in str(after[_("Reviews of your plan")])


def test_a_marking_never_opens_on_the_peer_review_page_so_second_marking_stays_blind(
    near_pass, client
):
    c = near_pass
    marking = Review.objects.get(plan=c.plan, kind=Review.Kind.TRAINER)
    for person in (c.second_trainer, c.trainer, c.plan.author):
        client.force_login(person)
        assert client.get(reverse("assignments:review", args=[marking.pk])).status_code == 404


def test_the_certificate_follows_the_released_verdict(graded_cohort):
    """End to end through the real hook: with every day attended, only the participant whose
    plan was released as voldaan may have the certificate."""
    from course.services.certificates import decide_eligibility
    from tests.course.certificate_helpers import attend, past
    from tests.factories import CohortDayFactory

    c = graded_cohort
    passed, failed, unreleased = c.plans[0], c.plans[1], c.plans[2]
    for number in range(1, 8):
        CohortDayFactory(cohort=c.cohort, number=number, date=past(50 - 7 * number))
    for plan in (passed, failed, unreleased):
        attend(c.cohort, plan.author, 7, by=c.trainer)
    mark(c, passed, c.trainer, "goed", "goed")
    mark(c, failed, c.trainer, "onvoldoende", "onvoldoende")
    grading.release_grades(c.cohort, by=c.trainer)
    mark(c, unreleased, c.trainer, "goed", "goed")
    eligibility = decide_eligibility([c.cohort])
    verdict = {
        plan: eligibility[(c.cohort.pk, plan.author_id)].eligible
        for plan in (passed, failed, unreleased)
    }
    assert verdict == {passed: True, failed: False, unreleased: False}
