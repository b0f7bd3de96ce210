"""The certificate: who is eligible, issuing it once, the PDF, the download and the
coordinator's list with the revoke action."""

import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader
from wagtail import hooks

from course.hooks import COMPLETION_REQUIREMENTS, Requirement
from course.models import Certificate
from course.models.certificates import CODE_ALPHABET, format_code, normalise_code
from course.services.attendance import record_attendance
from course.services.certificates import (
    decide_eligibility,
    eligibility_of,
    issue_certificate,
    revoke_certificate,
)
from tests.factories import (
    CertificateFactory,
    CohortPageFactory,
    ParticipantFactory,
    RegistrationFactory,
    TrainingPageFactory,
    enrol,
)
from tests.test_hostile_input import PAYLOADS, assert_inert
from website.errors import ActionRefused

from .certificate_helpers import (  # noqa: F401 (an autouse fixture)
    attend,
    core_requirements_only,
    past,
    plan_requirement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(finished_cohort):
    person = ParticipantFactory(full_name="Sanne Kuipers")
    RegistrationFactory(cohort=finished_cohort, participant=person)
    return person


# --- Eligibility ----------------------------------------------------------------------------


def test_five_of_seven_days_is_not_enough_for_the_certificate(finished_cohort, person, trainer):
    attend(finished_cohort, person, 5, by=trainer)

    eligibility = eligibility_of(finished_cohort, person)

    assert eligibility.attended == 5
    assert eligibility.required == 6
    assert not eligibility.eligible


def test_six_of_seven_days_completes_the_training_without_other_requirements(
    finished_cohort, person, trainer
):
    attend(finished_cohort, person, 6, by=trainer)

    assert eligibility_of(finished_cohort, person).eligible


def test_a_coordinator_raising_the_setting_to_seven_days_makes_six_days_too_few(
    finished_cohort, person, trainer, training_page
):
    attend(finished_cohort, person, 6, by=trainer)
    training_page.required_attendance_days = 7
    training_page.save()

    eligibility = eligibility_of(finished_cohort, person)

    assert eligibility.required == 7
    assert not eligibility.eligible


def test_each_cohort_follows_the_setting_of_its_own_training(trainer, training_page):
    # A second training that demands all seven days; the first keeps the default six.
    other = TrainingPageFactory(
        parent=training_page.get_parent(), title="Andere opleiding", slug="andere-opleiding"
    )
    other.required_attendance_days = 7
    other.save()
    cohort = CohortPageFactory(
        parent=other, days__first_date=past(49), days__every=7, trainers=[trainer]
    )
    person = enrol(cohort)
    attend(cohort, person, 6, by=trainer)

    eligibility = eligibility_of(cohort, person)

    assert (training_page.required_attendance_days, eligibility.required) == (6, 7)
    assert not eligibility.eligible


def test_a_requirement_not_met_blocks_the_certificate_despite_full_attendance(
    finished_cohort, graduate
):
    with hooks.register_temporarily(COMPLETION_REQUIREMENTS, plan_requirement(set())):
        eligibility = eligibility_of(finished_cohort, graduate)

    assert eligibility.attendance_met
    assert [r.met for r in eligibility.requirements] == [False]
    assert not eligibility.eligible


def test_a_requirement_that_does_not_report_the_participant_counts_as_not_met(
    finished_cohort, graduate
):
    with hooks.register_temporarily(COMPLETION_REQUIREMENTS, lambda cohort, users: {}):
        assert not eligibility_of(finished_cohort, graduate).eligible


def test_a_met_requirement_with_full_attendance_is_eligible_and_dates_the_completion(
    finished_cohort, graduate
):
    graded_on = past(1)
    requirement = plan_requirement({graduate.pk}, met_on=graded_on)
    with hooks.register_temporarily(COMPLETION_REQUIREMENTS, requirement):
        eligibility = eligibility_of(finished_cohort, graduate)

    assert eligibility.eligible
    assert eligibility.completed_on == graded_on


def test_requirements_are_not_asked_for_participants_short_of_days(
    finished_cohort, person, graduate, trainer
):
    attend(finished_cohort, person, 2, by=trainer)
    asked = []

    def requirement(cohort, users):
        asked.extend(users)
        return {user.pk: Requirement(label="x", met=True) for user in users}

    with hooks.register_temporarily(COMPLETION_REQUIREMENTS, requirement):
        result = decide_eligibility([finished_cohort])

    assert asked == [graduate]
    assert result[(finished_cohort.pk, person.pk)].requirements is None


def test_people_without_a_confirmed_place_are_not_in_the_answer(finished_cohort, graduate):
    waiting = ParticipantFactory()
    RegistrationFactory(cohort=finished_cohort, participant=waiting, status="waiting_list")

    result = decide_eligibility([finished_cohort])

    assert set(result) == {(finished_cohort.pk, graduate.pk)}


@pytest.mark.parametrize("size", [6, 60])
def test_eligibility_of_a_whole_cohort_takes_a_fixed_number_of_queries(
    finished_cohort, trainer, size, django_assert_max_num_queries
):
    people = [ParticipantFactory() for _n in range(size)]
    for someone in people:
        RegistrationFactory(cohort=finished_cohort, participant=someone)
    for day in finished_cohort.days.all():
        record_attendance(day, people, by=trainer)
    requirement = plan_requirement({p.pk for p in people[::2]})
    with hooks.register_temporarily(COMPLETION_REQUIREMENTS, requirement):
        with django_assert_max_num_queries(1):
            result = decide_eligibility([finished_cohort])
    assert sum(item.eligible for item in result.values()) == len(people[::2])


# --- Issuing and revoking -------------------------------------------------------------------


def test_the_certificate_is_issued_once_with_a_readable_random_code(finished_cohort, graduate):
    first = issue_certificate(finished_cohort, graduate)
    again = issue_certificate(finished_cohort, graduate)

    assert first.pk == again.pk
    assert Certificate.objects.count() == 1
    assert len(first.code) == 16 and set(first.code) <= set(CODE_ALPHABET)
    assert first.name == "Fleur Jansen"
    assert first.completed_on == finished_cohort.days.get(number=7).date


def test_an_ineligible_participant_is_refused_the_certificate(finished_cohort, person):
    with pytest.raises(ActionRefused) as refused:
        issue_certificate(finished_cohort, person)

    assert refused.value.code == "not_eligible"
    assert not Certificate.objects.exists()


def test_a_revoked_certificate_is_not_issued_again(finished_cohort, graduate, coordinator):
    certificate = issue_certificate(finished_cohort, graduate)
    revoke_certificate(certificate, by=coordinator, reason="Aanwezigheid onjuist geregistreerd")

    with pytest.raises(ActionRefused) as refused:
        issue_certificate(finished_cohort, graduate)

    assert refused.value.code == "revoked"
    assert Certificate.objects.count() == 1


def test_revoking_needs_a_reason(finished_cohort, graduate, coordinator):
    certificate = issue_certificate(finished_cohort, graduate)

    with pytest.raises(ActionRefused) as refused:
        revoke_certificate(certificate, by=coordinator, reason="   ")

    assert refused.value.code == "reason_required"
    certificate.refresh_from_db()
    assert not certificate.is_revoked


@pytest.mark.parametrize(
    "typed", ["7kq2-m9xd-4rta-hv3c", " 7KQ2 M9XD 4RTA HV3C ", "7KQ2M9XD4RTAHV3C"]
)
def test_a_typed_code_is_read_whatever_its_case_spaces_and_dashes(typed):
    assert normalise_code(typed) == "7KQ2M9XD4RTAHV3C"


def test_look_alike_letters_read_as_the_digits_they_resemble():
    assert normalise_code("OIL2-M9XD-4RTA-HV3C") == "0112M9XD4RTAHV3C"


@pytest.mark.parametrize(
    "typed", ["", "ABC", "7KQ2-M9XD-4RTA-HV3U", "7KQ2-M9XD-4RTA-HV3C-X", "✓" * 16]
)
def test_malformed_codes_are_no_codes(typed):
    assert normalise_code(typed) is None


def test_a_code_is_shown_in_groups_of_four():
    assert format_code("7KQ2M9XD4RTAHV3C") == "7KQ2-M9XD-4RTA-HV3C"


# --- The PDF and the download ---------------------------------------------------------------


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_participant_downloads_a_pdf_with_name_cohort_hours_and_code(
    client, finished_cohort, graduate, training_page
):
    training_page.study_hours = 96
    training_page.title = "De opleiding"
    training_page.seo_title = "Opleiding Coördinator passend onderwijs"
    training_page.save()
    client.force_login(graduate)

    response = client.get(reverse("course:certificate_download", args=[finished_cohort.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    certificate = Certificate.objects.get(participant=graduate)
    reader, text = pdf_text(response)
    assert "Fleur Jansen" in text
    assert "Groep Deventer" in text
    assert "96" in text
    assert certificate.display_code in text
    assert "Opleiding Coördinator passend onderwijs" in text
    assert "LBBO" in text
    first, last = finished_cohort.days.get(number=1).date, finished_cohort.days.get(number=7).date
    assert str(first.year) in text and str(last.day) in text
    assert f"/certificaat/{certificate.display_code}/" in text


def test_the_pdf_carries_a_qr_code_drawn_as_vector_squares(client, finished_cohort, graduate):
    client.force_login(graduate)

    response = client.get(reverse("course:certificate_download", args=[finished_cohort.pk]))

    reader, _text = pdf_text(response)
    content = reader.pages[0].get_contents().get_data()
    # reportlab draws each dark QR module as a filled rectangle: hundreds of "re" operators.
    assert content.count(b" re ") + content.count(b" re\n") > 200


def test_the_pdf_is_redrawn_from_the_same_certificate_on_every_download(
    client, finished_cohort, graduate
):
    client.force_login(graduate)
    url = reverse("course:certificate_download", args=[finished_cohort.pk])

    client.get(url)
    client.get(url)

    assert Certificate.objects.filter(participant=graduate).count() == 1


def test_an_ineligible_participant_goes_back_to_mijn_opleiding_with_the_reason(
    client, finished_cohort, person, trainer
):
    attend(finished_cohort, person, 5, by=trainer)
    client.force_login(person)

    response = client.get(reverse("course:certificate_download", args=[finished_cohort.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("course:dashboard")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        _("You receive the certificate once you have completed the training.")
    ]
    assert not Certificate.objects.exists()


def test_a_participant_of_another_cohort_gets_a_404(client, finished_cohort, graduate):
    outsider = ParticipantFactory()
    client.force_login(outsider)

    response = client.get(reverse("course:certificate_download", args=[finished_cohort.pk]))

    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client, finished_cohort, graduate):
    response = client.get(reverse("course:certificate_download", args=[finished_cohort.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_mijn_opleiding_offers_the_download_once_the_training_is_completed(
    client, finished_cohort, graduate
):
    client.force_login(graduate)

    response = client.get(reverse("course:dashboard"))

    assert reverse("course:certificate_download", args=[finished_cohort.pk]) in response.text


def test_mijn_opleiding_says_how_many_days_are_missing(client, finished_cohort, person, trainer):
    attend(finished_cohort, person, 5, by=trainer)
    client.force_login(person)

    response = client.get(reverse("course:dashboard"))

    assert reverse("course:certificate_download", args=[finished_cohort.pk]) not in response.text
    missing = ngettext(
        "Course days attended: %(attended)s of the %(counter)s required.",
        "Course days attended: %(attended)s of the %(counter)s required.",
        6,
    ) % {"attended": 5, "counter": 6}
    assert missing in response.text


# --- The coordinator's list -----------------------------------------------------------------


def test_the_coordinator_sees_each_participants_eligibility_and_revokes_with_a_reason(
    client, finished_cohort, graduate, person, trainer, coordinator
):
    attend(finished_cohort, person, 3, by=trainer)
    certificate = issue_certificate(finished_cohort, graduate)
    client.force_login(coordinator)
    url = reverse("course:certificates", args=[finished_cohort.pk])

    page = client.get(url)
    assert graduate.full_name in page.text and person.full_name in page.text
    assert certificate.display_code in page.text

    response = client.post(
        reverse("course:revoke_certificate", args=[certificate.pk]),
        {"reason": "Dubbel uitgegeven"},
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_by == coordinator
    assert certificate.revoke_reason == "Dubbel uitgegeven"


def test_revoking_without_a_reason_changes_nothing_and_says_why(
    client, finished_cohort, graduate, coordinator
):
    certificate = issue_certificate(finished_cohort, graduate)
    client.force_login(coordinator)

    response = client.post(reverse("course:revoke_certificate", args=[certificate.pk]), {})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        _("Give the reason for revoking the certificate.")
    ]
    certificate.refresh_from_db()
    assert not certificate.is_revoked


@pytest.mark.parametrize("value", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_hostile_reason_is_refused_with_a_message_or_shown_inertly_on_the_list(
    client, finished_cohort, graduate, coordinator, value
):
    certificate = issue_certificate(finished_cohort, graduate)
    client.force_login(coordinator)

    response = client.post(
        reverse("course:revoke_certificate", args=[certificate.pk]), {"reason": value}
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    if not certificate.is_revoked:
        assert list(get_messages(response.wsgi_request))
    assert_inert(client.get(reverse("course:certificates", args=[finished_cohort.pk])).text)


def test_a_trainer_may_not_revoke(client, finished_cohort, graduate, trainer):
    certificate = issue_certificate(finished_cohort, graduate)
    client.force_login(trainer)

    response = client.post(
        reverse("course:revoke_certificate", args=[certificate.pk]), {"reason": "x"}
    )

    assert response.status_code == 403
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_the_coordinators_list_needs_as_many_queries_for_60_participants_as_for_6(
    client, finished_cohort, trainer, coordinator
):
    def add(count):
        people = [ParticipantFactory() for _n in range(count)]
        for someone in people:
            RegistrationFactory(cohort=finished_cohort, participant=someone)
        for day in finished_cohort.days.all():
            present = [p for p in finished_cohort.participants() if p.pk % 3]
            record_attendance(day, present, by=trainer)
        for someone in people[:3]:
            CertificateFactory(cohort=finished_cohort, participant=someone)

    def queries():
        # Two warming requests: the first creates per-site settings, the second fills caches.
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return [q["sql"] for q in captured]

    requirement = plan_requirement(set(range(0, 10_000, 2)))
    client.force_login(coordinator)
    url = reverse("course:certificates", args=[finished_cohort.pk])
    with hooks.register_temporarily(COMPLETION_REQUIREMENTS, requirement):
        add(6)
        small = queries()
        add(54)
        large = queries()
        assert len(large) == len(small), "\n".join(large + ["----"] + small)


# --- A person's data ------------------------------------------------------------------------


def test_the_certificate_is_in_the_persons_export_and_erased_with_their_data(
    finished_cohort, graduate, coordinator
):
    from website.personal_data import erase_personal_data, export_personal_data

    certificate = issue_certificate(finished_cohort, graduate)
    exported = str(export_personal_data(graduate))
    assert certificate.display_code in exported

    erase_personal_data(graduate, by=coordinator)

    assert not Certificate.objects.filter(pk=certificate.pk).exists()
