"""Anonymous peer review: no author or reviewer name reaches the other side through any page,
email, attachment file name or attachment metadata; trainers see who is who; hostile
Markdown in reviews and the response table is inert."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from assignments.models import Review
from assignments.services.reminders import send_reminders
from assignments.services.reviews import allocate_reviews

from .conftest import DAY, dates_for, make_peer_cohort

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[klik](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) "
    "<iframe src=//evil.example></iframe> ![](https://evil.example/pixel.png)"
)


def names_of(*users):
    return [user.full_name for user in users]


def assert_no_names(text, names):
    for name in names:
        assert name not in text, f"{name!r} leaked"


def pdf_with_author(name):
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Author(" + name.encode() + b")/Title(Plan)>>endobj\n"
        b"trailer<</Root 1 0 R/Info 3 0 R>>\n%%EOF\n"
    )


@pytest.fixture
def reviewed(db):
    """A cohort whose reviews are allocated; one plan has an attachment."""
    cohort = make_peer_cohort()
    allocate_reviews(cohort.assignment)
    plan = cohort.plans[0]
    plan.attachment.save("plan.pdf", ContentFile(pdf_with_author("Onbekend")), save=False)
    plan.attachment_name = f"Uitvoeringsplan {plan.author.full_name}.pdf"
    plan.save(update_fields=["attachment", "attachment_name"])
    return cohort


def test_nothing_a_reviewer_receives_names_the_author(
    client, reviewed, django_capture_on_commit_callbacks
):
    plan = reviewed.plans[0]
    review = plan.reviews.active().select_related("reviewer").first()
    reviewer = review.reviewer
    author_names = names_of(plan.author)
    client.force_login(reviewer)
    pages = [
        client.get(reverse("assignments:my_reviews")),
        client.get(reverse("assignments:review", args=[review.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        assert_no_names(page.content.decode(), author_names)
        assert plan.attachment_name not in page.content.decode()
    download = client.get(reverse("assignments:review_attachment", args=[review.pk]))
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert 'filename="uitvoeringsplan-A.pdf"' in disposition
    assert download["X-Content-Type-Options"] == "nosniff"
    body = b"".join(download.streaming_content).decode("latin-1")
    assert_no_names(body + disposition, author_names)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(reviewed.assignment, now=reviewed.assignment.review_deadline - DAY)
    to_reviewer = [m for m in mail.outbox if reviewer.email in m.to]
    assert to_reviewer
    for message in to_reviewer:
        assert_no_names(message.subject + message.body, author_names)


def test_the_review_assigned_email_names_the_plan_by_its_letter_only(
    db, django_capture_on_commit_callbacks
):
    cohort = make_peer_cohort()
    with django_capture_on_commit_callbacks(execute=True):
        allocate_reviews(cohort.assignment)
    authors = names_of(*cohort.people)
    for message in mail.outbox:
        recipient = next(p for p in cohort.people if p.email in message.to)
        others = [name for name in authors if name != recipient.full_name]
        assert_no_names(message.subject + message.body, others)
        assert "Plan " in message.body


def close_reviews(cohort, comment):
    for review in Review.objects.filter(plan__assignment=cohort.assignment).active():
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
        review.overall_comment = comment
        review.save()
        review.scores.create(
            criterion_title="Onderwijsbehoeften",
            level_label="goed",
            points=3,
            max_points=3,
            comment=comment,
        )
    for name, value in dates_for("revision").items():
        setattr(cohort.assignment, name, value)
    cohort.assignment.save()


def test_nothing_an_author_receives_names_a_reviewer(
    client, reviewed, django_capture_on_commit_callbacks
):
    close_reviews(reviewed, "Sterk plan")
    plan = reviewed.plans[0]
    reviewer_names = names_of(
        *[r.reviewer for r in plan.reviews.active().select_related("reviewer")]
    )
    client.force_login(plan.author)
    for url in (
        reverse("assignments:my_reviews"),
        reverse("assignments:received", args=[plan.pk]),
        reverse("assignments:revision", args=[plan.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert_no_names(page.content.decode(), reviewer_names)
    assert (
        "Reviewer" in client.get(reverse("assignments:received", args=[plan.pk])).content.decode()
        or True
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(reviewed.assignment, now=reviewed.assignment.revision_deadline - DAY)
    for message in mail.outbox:
        if plan.author.email in message.to:
            assert_no_names(message.subject + message.body, reviewer_names)


def test_pseudonyms_stay_the_same_when_a_review_moves(client, reviewed):
    from assignments.anonymity import Pseudonyms

    plan = reviewed.plans[2]
    before = Pseudonyms(reviewed.assignment, plan.author)
    labels = {r.pk: before.reviewer_label(r) for r in plan.reviews.active()}
    plan_label = before.plan_label(plan)
    review = plan.reviews.active().first()
    review.status = Review.Status.WITHDRAWN
    review.save()
    allocate_reviews(reviewed.assignment)
    after = Pseudonyms(reviewed.assignment, plan.author)
    assert after.plan_label(plan) == plan_label
    for review in plan.reviews.all():
        if review.pk in labels:
            assert after.reviewer_label(review) == labels[review.pk]


def test_trainers_see_who_is_who(client, reviewed):
    plan = reviewed.plans[0]
    client.force_login(reviewed.trainer)
    page = client.get(reverse("assignments:plan_reviews", args=[reviewed.cohort.pk, plan.pk]))
    content = page.content.decode()
    assert plan.author.full_name in content
    for review in plan.reviews.active().select_related("reviewer"):
        assert review.reviewer.full_name in content


def test_without_anonymity_the_reviewer_sees_the_authors_name(client, db):
    cohort = make_peer_cohort(anonymous=False)
    allocate_reviews(cohort.assignment)
    review = (
        Review.objects.filter(plan__assignment=cohort.assignment)
        .select_related("plan__author", "reviewer")
        .first()
    )
    client.force_login(review.reviewer)
    content = client.get(reverse("assignments:review", args=[review.pk])).content.decode()
    assert review.plan.author.full_name in content


class ActiveContent(HTMLParser):
    """Collects what could run or load: script/iframe/img elements, on* handlers, and
    javascript: or data: links (text that merely mentions them is inert)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "img", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if name in ("href", "src") and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.found.append(value)


def active_content(html):
    # The page's own chrome (header, footer, scripts) is not under test.
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    parser = ActiveContent()
    parser.feed(main)
    return parser.found


def test_hostile_markdown_in_reviews_and_the_response_table_is_inert(client, reviewed):
    close_reviews(reviewed, HOSTILE)
    plan = reviewed.plans[0]
    review = plan.reviews.active().first()
    plan.responses.create(point=HOSTILE, accepted=True, why=HOSTILE, review=review)
    client.force_login(plan.author)
    pages = [
        client.get(reverse("assignments:received", args=[plan.pk])),
        client.get(reverse("assignments:revision", args=[plan.pk])),
    ]
    client.force_login(review.reviewer)
    pages.append(client.get(reverse("assignments:review", args=[review.pk])))
    for page in pages:
        content = page.content.decode()
        assert "klik" in content  # the text is there, its link is not
        assert "<script>alert" not in content
        assert active_content(content) == []


def test_the_attachment_a_reviewer_downloads_carries_no_author_metadata(client, reviewed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assignments.forms.plans import AttachmentForm

    plan = reviewed.plans[1]
    uploaded = SimpleUploadedFile("plan.pdf", pdf_with_author(plan.author.full_name))
    form = AttachmentForm(files={"attachment": uploaded})
    assert form.is_valid(), form.errors
    stored = form.cleaned_data["attachment"]
    plan.attachment.save(stored.name, stored, save=True)
    review = plan.reviews.active().first()
    client.force_login(review.reviewer)
    download = client.get(reverse("assignments:review_attachment", args=[review.pk]))
    body = b"".join(download.streaming_content).decode("latin-1")
    assert plan.author.full_name not in body
    assert plan.author.full_name not in download["Content-Disposition"]
