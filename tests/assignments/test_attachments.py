"""The plan's one attachment: checked by content, author metadata stripped, stored and
downloaded under a neutral name, refused with a Dutch message (never a 500)."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.models import Plan
from tests.website.test_uploads import bomb_png, office_zip, pdf, pdf_with_author
from website.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db


def upload(client, assignment, name, content):
    return client.post(
        reverse("assignments:attachment", args=[assignment.cohort_id]),
        {"attachment": SimpleUploadedFile(name, content)},
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def plan_of(assignment, author):
    return Plan.objects.get(assignment=assignment, author=author)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plan.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "niet toegestaan"),
        (
            "plan.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "niet toegestaan",
        ),
        ("plan.png", bomb_png(30_000, 30_000), "niet toegestaan"),
        ("plan.pdf", b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES, "groter dan 10 MB"),
    ],
    ids=["renamed-html", "svg", "huge-png", "oversized"],
)
def test_a_hostile_or_oversized_attachment_is_refused_with_a_dutch_message(
    author_client, assignment, author, name, content, expected
):
    response = upload(author_client, assignment, name, content)
    assert response.status_code == 302
    shown = " ".join(messages_of(response))
    assert expected in shown
    assert not plan_of(assignment, author).attachment


def test_a_pdf_is_stored_under_a_neutral_name_without_its_author(author_client, assignment, author):
    response = upload(author_client, assignment, "Plan Joke Smit.pdf", pdf_with_author())
    assert response.status_code == 302
    plan = plan_of(assignment, author)
    assert plan.attachment_name == "Plan Joke Smit.pdf"
    assert "joke" not in plan.attachment.name.lower()
    assert plan.attachment.name.startswith("plans/")
    plan.attachment.open("rb")
    assert b"Joke" not in plan.attachment.read()


def test_a_docx_loses_its_author_and_company(author_client, assignment, author):
    docx = office_zip(
        extra={
            "docProps/core.xml": b"<cp:coreProperties><dc:creator>Joke Smit</dc:creator>"
            b"</cp:coreProperties>",
            "docProps/app.xml": b"<Properties><Company>OBS De Linde</Company></Properties>",
        }
    )
    upload(author_client, assignment, "plan.docx", docx)
    plan = plan_of(assignment, author)
    plan.attachment.open("rb")
    with zipfile.ZipFile(io.BytesIO(plan.attachment.read())) as archive:
        assert b"Joke" not in archive.read("docProps/core.xml")
        assert b"Linde" not in archive.read("docProps/app.xml")


def test_the_download_is_an_attachment_with_nosniff_and_a_neutral_name(
    author_client, assignment, author
):
    upload(author_client, assignment, "Plan Joke Smit.pdf", pdf())
    plan = plan_of(assignment, author)
    response = author_client.get(reverse("assignments:attachment_download", args=[plan.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Joke" not in disposition and f"bijlage-{plan.pk}.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_the_attachment_can_be_removed(author_client, assignment, author):
    upload(author_client, assignment, "plan.pdf", pdf())
    author_client.post(
        reverse("assignments:attachment", args=[assignment.cohort_id]), {"remove": "1"}
    )
    plan = plan_of(assignment, author)
    assert not plan.attachment and plan.attachment_name == ""
