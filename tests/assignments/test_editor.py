"""Writing the plan: save, preview, autosave, versions and their comparison, submission
behind the privacy guard with the self-assessment, and the lock after the deadline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.forms.plans import PLAN_MAX_LENGTH
from assignments.models import Plan, PlanPrivacyDecision, PlanVersion, Review
from assignments.services import plans as services
from assignments.services.assignments import grant_extension
from tests.factories import DAY, TrainerFactory

pytestmark = pytest.mark.django_db


def url(name, assignment, *args):
    return reverse(f"assignments:{name}", args=[assignment.cohort_id, *args])


def save(client, assignment, body, **extra):
    return client.post(url("plan", assignment), {"body": body, "marked_names": "", **extra})


def own_plan(assignment, author):
    return Plan.objects.get(assignment=assignment, author=author)


def test_a_new_plan_starts_from_the_template_with_the_course_themes(author_client, assignment):
    response = author_client.get(url("plan", assignment))
    assert response.status_code == 200
    body = response.context["form"].initial["body"]
    for heading in (_("Educational needs and the support route"), _("Privacy")):
        assert f"## {heading}" in body


def test_saving_stores_the_text_and_a_version(author_client, assignment, author):
    response = save(author_client, assignment, "## Doel\n\nSamen sterker.")
    assert response.status_code == 302
    plan = own_plan(assignment, author)
    assert plan.body == "## Doel\n\nSamen sterker."
    assert plan.versions.get().kind == PlanVersion.Kind.SAVE


def test_preview_renders_without_saving(author_client, assignment, author):
    author_client.get(url("plan", assignment))
    response = save(author_client, assignment, "**vet**", preview="1")
    assert "<strong>vet</strong>" in response.content.decode()
    assert "**vet**" not in own_plan(assignment, author).body


def test_hostile_markdown_is_inert_in_the_preview_and_the_plan(author_client, assignment, author):
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3)) "
        "[b](data:text/html,x) ![p](https://tracker.example/p.gif) <iframe src=//e.x></iframe>"
    )
    preview = save(author_client, assignment, hostile, preview="1").content.decode()
    save(author_client, assignment, hostile)
    staff_view = author_client.get(
        reverse("assignments:plan_detail", args=[own_plan(assignment, author).pk])
    ).content.decode()
    for page in (preview, staff_view):
        main = page.split("plan-text", 1)[1].split("</section>", 1)[0]
        for needle in ("<script", "onerror", "javascript:", "data:text", "tracker.", "<iframe"):
            assert needle not in main


def test_autosave_answers_json_and_coalesces_versions(author_client, assignment, author):
    for text in ("een", "een twee", "een twee drie"):
        response = author_client.post(url("autosave", assignment), {"body": text})
        assert response.status_code == 200
        assert response.json()["saved"] is True
    plan = own_plan(assignment, author)
    assert plan.body == "een twee drie"
    assert plan.versions.count() == 1


def test_an_autosave_after_the_interval_starts_a_new_version(author_client, assignment, author):
    author_client.post(url("autosave", assignment), {"body": "eerste"})
    PlanVersion.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    author_client.post(url("autosave", assignment), {"body": "tweede"})
    assert list(own_plan(assignment, author).versions.values_list("body", flat=True)) == [
        "tweede",
        "eerste",
    ]


def test_autosave_needs_the_csrf_token(client, assignment, author):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(author)
    response = strict.post(url("autosave", assignment), {"body": "x"})
    assert response.status_code == 403


def test_a_plan_over_the_length_cap_is_refused_with_a_dutch_message(author_client, assignment):
    response = save(author_client, assignment, "a" * (PLAN_MAX_LENGTH + 1))
    assert response.status_code == 200
    assert "30.000" in response.content.decode() or "30000" in response.content.decode()
    autosave = author_client.post(url("autosave", assignment), {"body": "[" * 8_000})
    assert autosave.status_code == 400
    assert autosave.json()["saved"] is False


def test_slow_markdown_is_refused_by_the_form(author_client, assignment, author):
    response = save(author_client, assignment, "[a](" * 4_000)
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not own_plan(assignment, author).body.startswith("[a](")


def test_two_versions_are_compared_readably_and_escaped(author_client, assignment, author):
    save(author_client, assignment, "Wij starten in groep 3.\nDe ib'er coacht.")
    save(author_client, assignment, "Wij starten in groep 4.\nDe ib'er coacht.\n<b>nieuw</b>")
    response = author_client.get(url("versions", assignment), {"older": 1, "newer": 2})
    html = response.content.decode()
    assert "<del>3.</del>" in html
    assert "<ins>4.</ins>" in html
    assert "<ins>&lt;b&gt;nieuw&lt;/b&gt;</ins>" in html


def submit_levels(criteria):
    return {f"criterion_{c.pk}": c.levels.order_by("points").last().pk for c in criteria}


def test_submitting_is_refused_while_the_privacy_check_finds_something(
    author_client, assignment, author
):
    save(author_client, assignment, "Bel de moeder op 06-12345678.")
    criteria = services.rubric(assignment)
    response = author_client.post(url("submit", assignment), submit_levels(criteria))
    assert response.status_code == 302
    assert response.url == url("privacy", assignment)
    assert own_plan(assignment, author).submitted_at is None
    assert not Review.objects.exists()


def test_a_finding_is_replaced_or_dismissed_and_logged_without_the_text(
    author_client, assignment, author
):
    save(author_client, assignment, "Bel 06-12345678 of mail ouder@example.nl.")
    plan = own_plan(assignment, author)
    phone, email = services.open_findings(plan)
    author_client.post(url("privacy_replace", assignment), {"fingerprint": phone.fingerprint})
    author_client.post(url("privacy_dismiss", assignment), {"fingerprint": email.fingerprint})
    plan.refresh_from_db()
    assert "06-12345678" not in plan.body
    assert services.open_findings(plan) == []
    decisions = PlanPrivacyDecision.objects.filter(plan=plan)
    assert {d.decision for d in decisions} == {"replaced", "not_personal"}
    for decision in decisions:
        assert "12345678" not in decision.fingerprint and "ouder" not in decision.fingerprint


def test_submitting_creates_the_self_assessment_and_locks_the_plan(
    author_client, assignment, author
):
    save(author_client, assignment, "Een plan zonder persoonsgegevens.")
    criteria = services.rubric(assignment)
    response = author_client.post(url("submit", assignment), submit_levels(criteria))
    assert response.status_code == 302
    plan = own_plan(assignment, author)
    assert plan.submitted_at is not None
    review = plan.reviews.get()
    assert review.kind == Review.Kind.SELF
    assert review.scores.count() == len(criteria)
    assert {score.points for score in review.scores.all()} == {2}
    assert plan.versions.first().kind == PlanVersion.Kind.SUBMITTED
    locked = save(author_client, assignment, "Toch nog iets anders.")
    assert locked.status_code == 200
    plan.refresh_from_db()
    assert plan.body == "Een plan zonder persoonsgegevens."


def test_the_self_assessment_needs_a_level_for_every_criterion(author_client, assignment, author):
    save(author_client, assignment, "Een plan.")
    criteria = services.rubric(assignment)
    levels = submit_levels(criteria)
    levels.pop(f"criterion_{criteria[0].pk}")
    response = author_client.post(url("submit", assignment), levels)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert own_plan(assignment, author).submitted_at is None


def trainer_of(assignment):
    trainer = TrainerFactory()
    cohort = assignment.cohort
    cohort.trainers.add(trainer)
    cohort.save()
    return trainer


def past_deadline(assignment):
    assignment.submission_deadline = timezone.now() - DAY
    assignment.review_deadline = timezone.now() + 10 * DAY
    assignment.save()


def test_after_the_deadline_the_plan_is_read_only_with_a_clear_message(
    author_client, assignment, author
):
    save(author_client, assignment, "Mijn plan.")
    past_deadline(assignment)
    page = author_client.get(url("plan", assignment))
    assert "Vraag uw trainer om uitstel" in page.content.decode() or page.context["lock_reason"]
    assert 'name="body"' not in page.content.decode()
    save(author_client, assignment, "Te laat.")
    autosave = author_client.post(url("autosave", assignment), {"body": "Te laat."})
    assert autosave.status_code == 409
    assert own_plan(assignment, author).body == "Mijn plan."


def test_an_extension_reopens_the_plan_for_that_participant_only(author_client, assignment, author):
    save(author_client, assignment, "Mijn plan.")
    past_deadline(assignment)
    grant_extension(
        assignment,
        author,
        submission_deadline=timezone.now() + 2 * DAY,
        reason="Ziekte",
        granted_by=None,
    )
    save(author_client, assignment, "Mijn plan, af.")
    assert own_plan(assignment, author).body == "Mijn plan, af."
    response = author_client.post(
        url("submit", assignment), submit_levels(services.rubric(assignment))
    )
    assert response.status_code == 302


def test_a_trainer_gives_an_extension_with_a_reason(client, assignment, author):
    client.force_login(trainer_of(assignment))
    later = timezone.localtime(timezone.now() + 20 * DAY).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("extension", assignment, author.pk), {"submission_deadline": later, "reason": "Ziek"}
    )
    assert response.status_code == 302
    extension = assignment.extensions.get()
    assert extension.granted_by.is_trainer
    assert extension.reason == "Ziek"


def test_an_extension_before_the_general_deadline_is_refused(client, assignment, author):
    client.force_login(trainer_of(assignment))
    early = timezone.localtime(assignment.submission_deadline - DAY).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("extension", assignment, author.pk), {"submission_deadline": early, "reason": "x"}
    )
    assert response.status_code == 200
    assert _("An extension must end after the general deadline.") in response.content.decode()
    assert not assignment.extensions.exists()
