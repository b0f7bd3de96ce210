"""The certificate in Chromium: a participant who completed the training downloads the PDF
from Mijn opleiding, and its verification code checks out on the public page, typed in by
someone without an account. axe-core checks every page of ours."""

import datetime
import io

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect
from pypdf import PdfReader

from course.models import Certificate
from course.services.attendance import record_attendance
from tests.course.certificate_helpers import (  # noqa: F401 (an autouse fixture)
    core_requirements_only,
)
from tests.factories import PASSWORD, CohortPageFactory, TrainerFactory, enrol

from .helpers import Journey, skip_module_without_chromium

skip_module_without_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_participant_downloads_the_certificate_and_its_code_verifies(
    page, viewport, live_home_page
):
    trainer = TrainerFactory()
    cohort = CohortPageFactory(
        title="Groep Deventer",
        days__first_date=timezone.localdate() - datetime.timedelta(days=50),
        days__every=7,
        trainers=[trainer],
    )
    person = enrol(cohort)
    for day in cohort.days.all():
        record_attendance(day, [person] if day.number != 3 else [], by=trainer)
    journey = Journey(page, "certificate", viewport)

    page.goto("/accounts/login/?next=/mijn-opleiding/")
    page.fill("#id_login", person.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/mijn-opleiding/")
    link = page.get_by_role("link", name=_("Download certificate (PDF)"))
    expect(link).to_be_visible()
    journey.step("dashboard")

    with page.expect_download() as download_info:
        link.click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    text = pdf.pages[0].extract_text()
    certificate = Certificate.objects.get(participant=person, cohort=cohort)
    assert person.full_name in text and certificate.display_code in text

    page.reload()
    expect(page.get_by_text(certificate.display_code)).to_be_visible()
    journey.step("dashboard-with-code")

    # A school board, without an account, types the code from the certificate.
    page.context.clear_cookies()
    page.goto("/certificaat/controleren/")
    expect(page.locator("h1")).to_have_text(_("Check a certificate"))
    journey.step("verify-form")
    journey.type_into("#id_code", certificate.display_code.lower())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=_("This certificate is valid"))).to_be_visible()
    expect(page.get_by_text(person.full_name)).to_be_visible()
    journey.step("verified")

    # A mistyped code gets a plain "not found".
    page.fill("#id_code", "0000-0000-0000-0000")
    page.get_by_role("button", name=_("Check")).click()
    expect(page.get_by_role("heading", name=_("Not found"))).to_be_visible()
    journey.step("not-found")

    # Something that is no code at all: the error summary leads back to the field.
    page.fill("#id_code", "abc")
    page.get_by_role("button", name=_("Check")).click()
    journey.assert_error_summary("not-a-code", fields=["id_code"])
    expect(page.locator("#id_code")).to_have_value("abc")
