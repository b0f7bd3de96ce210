"""The final assignment's part of a person's data: the export holds their plan, versions,
reviews received and written and their extension, and nobody else's; erasure deletes their
plan and attachment, withdraws their open reviews and empties the words of the reviews they
wrote, while the other participants' pages keep working."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assignments.models import (
    CriterionScore,
    DeadlineExtension,
    Plan,
    PlanVersion,
    ResponseItem,
    Review,
)
from assignments.services.personal_data import erase_assignment_data
from tests.factories import CoordinatorFactory
from website.personal_data import erase_personal_data, export_personal_data

from .conftest import DAY, make_peer_cohort


def review(plan, reviewer, *, kind=Review.Kind.PEER, submitted=True, comment, criteria):
    """A review of ``plan`` with the middle level on every criterion and ``comment`` in it."""
    item = Review.objects.create(
        plan=plan,
        reviewer=reviewer,
        kind=kind,
        status=Review.Status.SUBMITTED if submitted else Review.Status.DRAFT,
        submitted_at=timezone.now() - 8 * DAY if submitted else None,
        overall_comment=comment,
    )
    for criterion in criteria:
        level = criterion.levels.order_by("sort_order")[1]
        CriterionScore.snapshot(item, criterion, level, comment=f"{comment} (criterium)").save()
    return item


@pytest.fixture
def cohort(db):
    """Revision phase: Anna (to be erased) and Bert reviewed each other; Anna's review of
    Cor's plan is a draft; Bert rated Anna's review and answered it in his response table."""
    pc = make_peer_cohort(size=3, phase="revision")
    anna, bert, cor = pc.people
    own = pc.plan_of(anna)
    own.body = "Het plan van Anna"
    own.attachment.save("bijlage.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    own.save()
    PlanVersion.objects.create(plan=own, number=1, body="Eerste versie van Anna", kind="save")
    review(
        own, anna, kind=Review.Kind.SELF, comment="Zelfbeoordeling van Anna", criteria=pc.criteria
    )
    review(own, bert, comment="Feedback van Bert voor Anna", criteria=pc.criteria)
    written = review(
        pc.plan_of(bert), anna, comment="Feedback van Anna voor Bert", criteria=pc.criteria
    )
    Review.objects.filter(pk=written.pk).update(helpfulness=4, helpfulness_reason="Heel nuttig")
    ResponseItem.objects.create(
        plan=pc.plan_of(bert), review=written, point="Maak het concreter", accepted=True
    )
    review(
        pc.plan_of(cor),
        anna,
        submitted=False,
        comment="Concept van Anna voor Cor",
        criteria=pc.criteria,
    )
    DeadlineExtension.objects.create(
        assignment=pc.assignment,
        participant=anna,
        submission_deadline=timezone.now(),
        reason="Ziek geweest",
        granted_by=pc.trainer,
    )
    pc.anna, pc.bert, pc.cor = anna, bert, cor
    return pc


def sections_of(user):
    return {s["title"]: s["records"] for s in export_personal_data(user)}


def test_the_export_holds_the_persons_plan_reviews_and_extension(cohort):
    sections = sections_of(cohort.anna)

    plans = sections[_("Implementation plans")]
    assert [r[capfirst(_("plan"))] for r in plans] == ["Het plan van Anna"]
    assert [r[capfirst(_("text"))] for r in sections[_("Implementation plan versions")]] == [
        "Eerste versie van Anna"
    ]
    received = str(sections[_("Reviews of your plan")])
    assert "Zelfbeoordeling van Anna" in received and "Feedback van Bert voor Anna" in received
    written = sections[_("Reviews you wrote")]
    assert {r[capfirst(_("overall comment"))] for r in written} == {
        "Feedback van Anna voor Bert",
        "Concept van Anna voor Cor",
    }
    assert "Heel nuttig" in str(written)
    extensions = sections[_("Deadline extensions")]
    assert [r[capfirst(_("reason"))] for r in extensions] == ["Ziek geweest"]


def test_the_export_names_nobody_else_and_holds_no_other_plan(cohort):
    text = str(sections_of(cohort.anna))
    for person in (cohort.bert, cohort.cor, cohort.trainer):
        assert person.full_name not in text
        assert person.email not in text
    assert cohort.plan_of(cohort.bert).body not in text
    assert "Maak het concreter" not in text  # Bert's response table is his


def test_the_export_leaves_out_peer_reviews_before_the_review_phase_closes(db):
    pc = make_peer_cohort(size=2, phase="peer_review")
    anna, bert = pc.people
    review(pc.plan_of(anna), bert, comment="Nog geheim", criteria=pc.criteria)

    assert "Nog geheim" not in str(sections_of(anna))


def test_erasure_deletes_the_plan_its_versions_and_its_attachment(
    cohort, django_capture_on_commit_callbacks
):
    own = cohort.plan_of(cohort.anna)
    storage, stored = own.attachment.storage, own.attachment.name

    with django_capture_on_commit_callbacks(execute=True):
        summary = erase_personal_data(cohort.anna, by=CoordinatorFactory())

    assert not Plan.objects.filter(pk=own.pk).exists()
    assert not PlanVersion.objects.filter(plan_id=own.pk).exists()
    assert not storage.exists(stored)
    assert not DeadlineExtension.objects.filter(participant=cohort.anna).exists()
    assert summary[_("implementation plans deleted")] == 1
    assert summary[_("plan attachments removed")] == 1


def test_erasure_keeps_the_scores_of_reviews_written_without_their_words(cohort):
    erase_personal_data(cohort.anna, by=CoordinatorFactory())

    written = Review.objects.get(plan=cohort.plan_of(cohort.bert), reviewer=cohort.anna)
    assert written.status == Review.Status.SUBMITTED
    assert written.overall_comment == ""
    assert [s.points for s in written.scores.all()] == [2, 2]
    assert written.helpfulness == 4  # Bert's rating is Bert's
    assert ResponseItem.objects.get(plan=cohort.plan_of(cohort.bert)).review == written
    draft = Review.objects.get(plan=cohort.plan_of(cohort.cor), reviewer=cohort.anna)
    assert draft.status == Review.Status.WITHDRAWN
    assert not draft.scores.exists()
    texts = [
        *Review.objects.values_list("overall_comment", flat=True),
        *CriterionScore.objects.values_list("comment", flat=True),
        *PlanVersion.objects.values_list("body", flat=True),
        *Plan.objects.values_list("body", flat=True),
    ]
    assert "Anna" not in str(texts)


def test_after_erasure_the_other_participants_and_the_trainer_pages_still_work(cohort, client):
    erase_personal_data(cohort.anna, by=CoordinatorFactory())
    bert_plan = cohort.plan_of(cohort.bert)

    client.force_login(cohort.bert)
    for path in (
        reverse("assignments:received", args=[bert_plan.pk]),
        reverse("assignments:revision", args=[bert_plan.pk]),
        reverse("assignments:my_reviews"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Feedback van Anna" not in response.content.decode()
    client.force_login(cohort.trainer)
    response = client.get(reverse("assignments:progress", args=[cohort.cohort.pk]))
    assert response.status_code == 200
    response = client.get(
        reverse("assignments:plan_reviews", args=[cohort.cohort.pk, bert_plan.pk])
    )
    assert response.status_code == 200


def test_a_review_still_open_is_withdrawn_with_the_reason(cohort):
    """When the registration stays (an ended cohort), the assignment's own part withdraws."""
    summary = erase_assignment_data(cohort.anna, by=CoordinatorFactory())

    draft = Review.objects.get(plan=cohort.plan_of(cohort.cor), reviewer=cohort.anna)
    assert draft.status == Review.Status.WITHDRAWN
    assert draft.reason == _("The reviewer's data was erased.")
    assert summary[_("open reviews withdrawn")] == 1
