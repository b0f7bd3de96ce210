"""Regression tests for issue 10, defects 2, 3, 5 and 7 (course app).

2: header-bound values never carry a line break; 3: every spreadsheet export is
formula-safe; 5: one canonical membership number and a provisional discount;
7: coordinator input is validated as its type, never a 500.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Site

from course.models import InCompanyRequest, Registration
from course.services.registration import (
    accept_membership,
    notify_coordinator_of_request,
    parse_member_list,
    register,
    replace_member_list,
    send_registration_mail,
)
from course.spreadsheet import FormulaSafeExportMixin
from practice_day.models import PracticeDay, ProposedAssignment
from practice_day.services import run_allocation, save_preferences
from tests.factories import (
    CohortPageFactory,
    HostVisitFactory,
    ParticipantFactory,
    RegistrationFactory,
    VisitSlotFactory,
    enrol,
)
from website.errors import ActionRefused
from website.models import SiteConfig

from .registration_fixtures import FEE, details, form_data, member_details

pytestmark = pytest.mark.django_db
MembershipStatus = Registration.MembershipStatus


# --- Defect 2: a line break in a header-bound value --------------------------------------

INCOMPANY = {
    "organisation": "Plan\r\nBcc: x@example.invalid",
    "contact_name": "Karin de Wit",
    "email": "karin@debrug.example.nl",
    "phone": "038 123 45 67",
    "participant_count": "12",
    "region": "Zwolle",
    "period": "najaar 2027",
    "questions": "Twee regels\r\nmogen hier wel.",
}


@pytest.fixture
def contact_email(home_page):
    return SiteConfig.objects.create(
        site=Site.objects.get(is_default_site=True), contact_email="opleiding@example.nl"
    )


def test_an_in_company_request_with_a_line_break_in_the_name_is_refused_and_not_stored(
    client, contact_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registration:incompany"), INCOMPANY)
    assert response.status_code == 200
    assert _("Enter this on a single line.") in response.content.decode()
    assert not InCompanyRequest.objects.exists()
    assert mail.outbox == []


def test_a_valid_in_company_request_keeps_line_breaks_in_its_questions(
    client, contact_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registration:incompany"), {**INCOMPANY, "organisation": "Stichting Plan"}
        )
    assert response.status_code == 302
    assert InCompanyRequest.objects.get().questions == "Twee regels\r\nmogen hier wel."
    assert mail.outbox[0].subject.endswith("Stichting Plan")


def test_the_coordinator_mail_builds_a_one_line_subject_from_a_stored_name(contact_email):
    request = InCompanyRequest.objects.create(
        **{**INCOMPANY, "participant_count": 12}  # as typed in the admin or before the fix
    )
    notify_coordinator_of_request(request.pk)
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == []


def test_the_registration_form_refuses_a_line_break_in_the_school_name(client, participant, cohort):
    client.force_login(participant)
    response = client.post(
        reverse("registration:register", args=[cohort.pk]),
        form_data(school_name="Het Anker\r\nBcc: x@example.invalid"),
    )
    assert response.status_code == 400
    assert _("Enter this on a single line.") in response.content.decode()


# --- Defect 3: formula injection in exports -----------------------------------------------

HOSTILE = {
    "school_name": '=HYPERLINK("http://evil.example","school")',
    "school_place": "+31 evil",
    "board_name": "-2+3",
    "invoice_reference": "@SUM(A1)",
    "invoice_address": "\tTab",
}


@pytest.fixture
def hostile_registration(cohort):
    participant = ParticipantFactory(full_name="\rCR leading")
    return register(participant, cohort, member_details("118470", **HOSTILE))


def export(client, coordinator, url_name, export_format):
    client.force_login(coordinator)
    response = client.get(reverse(url_name) + "?export=" + export_format)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(content):
    # The Dutch Excel dialect (course/spreadsheet.py): a byte order mark and ";".
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_registration_export_neutralises_formulas_typed_by_a_participant(
    client, coordinator, hostile_registration, export_format
):
    content = export(client, coordinator, "registrations:index", export_format)
    (row,) = csv_rows(content) if export_format == "csv" else xlsx_rows(content)
    for value in [*HOSTILE.values(), "\rCR leading"]:
        if export_format == "xlsx":
            value = value.replace("\r", "\n")  # XML stores a line break as LF
        assert "'" + value in row.values(), value
    assert not any(str(cell).startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_registration_export_keeps_amounts_as_plain_numbers(
    client, coordinator, hostile_registration, export_format
):
    content = export(client, coordinator, "registrations:index", export_format)
    (row,) = csv_rows(content) if export_format == "csv" else xlsx_rows(content)
    total = row[_("total").capitalize()] if _("total").capitalize() in row else row[_("total")]
    assert Decimal(str(total).replace(",", ".")) == Decimal("2370.25")
    if export_format == "csv":
        assert total == "2370,25"  # a decimal comma: a number in Dutch Excel
    if export_format == "xlsx":
        assert isinstance(total, (int, float))


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_registration_log_export_neutralises_formulas(
    client, coordinator, hostile_registration, export_format
):
    hostile_registration.participant.full_name = "=cmd|' /C calc'!A0"
    hostile_registration.participant.save()
    content = export(client, coordinator, "registrationlog:index", export_format)
    rows = csv_rows(content) if export_format == "csv" else xlsx_rows(content)
    assert rows
    for row in rows:
        assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


def test_a_negative_amount_stays_a_number_in_an_export():
    class Export(FormulaSafeExportMixin, SpreadsheetExportMixin):
        pass

    assert Export().preprocess_field_value("discount", Decimal("-5.00"), "xlsx") == Decimal("-5.00")
    # In CSV a number is text anyway: Dutch notation, and no quote in front of the minus.
    assert Export().preprocess_field_value("discount", Decimal("-5.00"), "csv") == "-5,00"


# Wagtail's own reports export page titles, workflow names and editors' names, all typed by
# editors rather than participants; its XLSX writer already stores "=..." as text.
WAGTAIL_REPORTS = {
    "wagtail.admin.views.reports.locked_pages",
    "wagtail.admin.views.reports.workflows",
    "wagtail.admin.views.reports.audit_logging",
    "wagtail.admin.views.reports.aging_pages",
    "wagtail.contrib.redirects.views",
}


def exporting_views(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from exporting_views(pattern.url_patterns)
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class and issubclass(view_class, SpreadsheetExportMixin):
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})
            if initkwargs.get("list_export", view_class.list_export):
                yield view_class


def test_every_spreadsheet_export_of_the_project_is_formula_safe():
    unsafe = {
        f"{view.__module__}.{view.__name__}"
        for view in exporting_views(get_resolver().url_patterns)
        if not issubclass(view, FormulaSafeExportMixin) and view.__module__ not in WAGTAIL_REPORTS
    }
    assert unsafe == set()


# --- Defect 5: canonical membership numbers, provisional discount ------------------------


@pytest.mark.parametrize("second", ["0118470", "00118470", " 0 118 470 "])
def test_leading_zeros_do_not_give_the_discount_twice(cohort, second):
    register(ParticipantFactory(), cohort, member_details("118470"))
    with pytest.raises(ActionRefused) as error:
        register(ParticipantFactory(), cohort, member_details(second))
    assert error.value.code == "membership_number_used"


def test_a_membership_number_is_stored_without_leading_zeros(cohort):
    registration = register(ParticipantFactory(), cohort, member_details("0118470"))
    assert registration.membership_number == "118470"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("000000", "A membership number cannot consist of zeros only."),
        ("0000", "A membership number cannot consist of zeros only."),
        ("000000118470", "A membership number has at most %(count)d characters."),
    ],
)
def test_all_zero_and_over_long_numbers_are_refused(client, participant, cohort, number, message):
    client.force_login(participant)
    response = client.post(
        reverse("registration:register", args=[cohort.pk]),
        form_data(is_lbbo_member="on", membership_number=number),
    )
    assert response.status_code == 400
    assert (_(message) % {"count": 8}).replace("'", "&#x27;") in response.content.decode()
    with pytest.raises(ActionRefused):
        register(participant, cohort, member_details(number))


def test_the_member_list_matches_numbers_with_leading_zeros(cohort):
    registration = register(ParticipantFactory(), cohort, member_details("118470"))
    numbers = parse_member_list(SimpleUploadedFile("leden.csv", b"lidnummer\n0118470\n000000\n"))
    assert numbers == {"118470"}
    assert replace_member_list(numbers) == (1, 0)
    registration.refresh_from_db()
    assert registration.membership_status == MembershipStatus.VERIFIED


def test_a_number_on_the_member_list_is_verified_at_registration_in_any_form(cohort):
    replace_member_list({"118470"})
    registration = register(ParticipantFactory(), cohort, member_details("00118470"))
    assert registration.membership_status == MembershipStatus.VERIFIED
    assert not registration.price.provisional


def test_the_preview_shows_an_unchecked_discount_as_provisional(client, participant, cohort):
    client.force_login(participant)
    response = client.post(
        reverse("registration:register", args=[cohort.pk]),
        form_data(is_lbbo_member="on", membership_number="118470"),
    )
    assert _("LBBO discount (provisional)") in response.content.decode()


def test_the_preview_shows_a_discount_on_the_member_list_as_final(client, participant, cohort):
    replace_member_list({"118470"})
    client.force_login(participant)
    response = client.post(
        reverse("registration:register", args=[cohort.pk]),
        form_data(is_lbbo_member="on", membership_number="0118470"),
    )
    html = response.content.decode()
    assert _("LBBO discount") in html
    assert _("LBBO discount (provisional)") not in html


def test_the_confirmation_page_and_email_show_the_discount_as_provisional(
    client, participant, cohort
):
    registration = register(participant, cohort, member_details("118470"))
    client.force_login(participant)
    html = client.get(reverse("registration:detail", args=[registration.pk])).content.decode()
    assert _("LBBO discount (provisional)") in html
    send_registration_mail(registration.pk, registration.status)
    assert _("LBBO discount (provisional)") in mail.outbox[-1].body


def test_a_discount_accepted_by_the_coordinator_is_no_longer_provisional(
    client, participant, coordinator, cohort
):
    registration = register(participant, cohort, member_details("118470"))
    accept_membership(registration, coordinator)
    registration.refresh_from_db()
    assert not registration.discount_is_provisional
    send_registration_mail(registration.pk, registration.status)
    assert _("LBBO discount (provisional)") not in mail.outbox[-1].body


def test_the_invoice_export_marks_a_provisional_discount(client, coordinator, cohort):
    register(ParticipantFactory(), cohort, member_details("118470"))
    register(ParticipantFactory(), cohort, details())
    rows = csv_rows(export(client, coordinator, "registrations:index", "csv"))
    states = [row[_("LBBO discount is")] for row in rows]
    assert states == [_("provisional"), ""]


def test_a_registration_without_discount_pays_the_full_fee(cohort):
    assert register(ParticipantFactory(), cohort, details()).total == FEE


# --- Defect 7: coordinator input validated as its type ------------------------------------


def upload(client, coordinator, content):
    client.force_login(coordinator)
    return client.post(
        reverse("registration_admin:member_list"),
        {"member_list": SimpleUploadedFile("leden.csv", content, content_type="text/csv")},
    )


@pytest.mark.parametrize(
    "content",
    [
        b'"' + b"1" * 140_000 + b'"\n12345\n',
        b"1" * 140_000 + b"\n12345\n",
        b"12345\n\x0067890\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x81\x8d\x8f\x90\x9d",
    ],
    ids=["quoted-long-field", "long-field", "nul-byte", "binary", "undecodable"],
)
def test_a_malformed_member_list_gets_a_clear_message(client, coordinator, content):
    response = upload(client, coordinator, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert any(
        message in html
        for message in [
            _("The member list could not be read. Save it as CSV (UTF-8)."),
            _(
                "The member list could not be read: it is not a valid CSV file. Save it "
                "as CSV (UTF-8) with one membership number per row."
            ),
        ]
    )


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def proposal():
    """A proposed visit to the first slot, and a second slot it could move to."""
    visit_cohort = CohortPageFactory(practice_day_in=30)
    practice_day = PracticeDay.objects.create(
        cohort=visit_cohort,
        mode=PracticeDay.Mode.PREFERENCES,
        preference_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    first, other = (
        VisitSlotFactory(host_visit=HostVisitFactory(cohort=visit_cohort)) for _n in range(2)
    )
    person = enrol(visit_cohort)
    save_preferences(person, practice_day, [first.pk])
    run_allocation(practice_day)
    return ProposedAssignment.objects.get(participant=person), other


@pytest.mark.parametrize("kind", ["superscript", "huge", "arabic-indic", "zero", "negative"])
def test_the_adjust_form_validates_the_slot_as_a_number(client, coordinator, kind, proposal):
    proposal, other_slot = proposal
    raw = {
        "superscript": "²",
        "huge": "9" * 4301,
        "arabic-indic": str(other_slot.pk).translate(ARABIC_INDIC),
        "zero": "0",
        "negative": "-1",
    }[kind]
    client.force_login(coordinator)
    cohort_id = proposal.practice_day.cohort_id
    response = client.post(
        reverse("practice_day_admin:adjust", args=[cohort_id, proposal.pk]),
        {"slot": raw},
        follow=True,
    )
    assert response.status_code == 200
    assert _("Choose a visit of this practice day.") in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.slot != other_slot and not proposal.adjusted


def test_a_coordinators_decision_with_a_nul_character_in_the_reason_changes_nothing(
    client, coordinator, db
):
    registration = RegistrationFactory(is_lbbo_member=True, membership_number="12345")
    client.force_login(coordinator)
    url = reverse("registration_admin:manage", args=[registration.pk])
    response = client.post(url, {"action": "cancel", "reason": "te laat\x00"}, follow=True)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status != Registration.Status.CANCELLED
    assert _("Nothing was changed: %(errors)s").split(":")[0] in response.content.decode()
