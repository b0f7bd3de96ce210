"""The public verification page: a board checks a certificate's code without an account."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from course.services.certificates import issue_certificate, revoke_certificate
from tests.factories import CertificateFactory
from tests.test_hostile_input import PAYLOADS, assert_inert

from .certificate_helpers import core_requirements_only  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db

NOT_A_CODE = (
    "This is not a verification code. A code has 16 letters and digits, "
    "for example 7KQ2-M9XD-4RTA-HV3C."
)


@pytest.fixture
def certificate(finished_cohort, graduate):
    return issue_certificate(finished_cohort, graduate)


def verify(client, code, **extra):
    return client.get(reverse("certificates:verify"), {"code": code}, **extra)


def test_the_qr_codes_address_shows_name_cohort_and_completion_date_only(client, certificate):
    response = client.get(certificate.get_verification_path())

    assert response.status_code == 200
    assert _("This certificate is valid") in response.text
    assert "Fleur Jansen" in response.text
    assert "Groep Deventer" in response.text
    assert certificate.completed_on.strftime("%Y-%m-%d") in response.text
    assert certificate.participant.email not in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_a_code_typed_in_lower_case_without_dashes_is_found(client, certificate):
    response = verify(client, certificate.code.lower())

    assert _("This certificate is valid") in response.text


def test_an_unknown_code_gets_a_plain_not_found(client, certificate):
    other = "0000-0000-0000-0000" if certificate.code != "0" * 16 else "1111-1111-1111-1111"

    response = verify(client, other)

    assert response.status_code == 404
    assert _("Not found") in response.text
    assert "Fleur Jansen" not in response.text


def test_malformed_input_gets_a_dutch_explanation(client, certificate):
    response = verify(client, "<script>alert(1)</script>")

    assert response.status_code == 400
    assert _(NOT_A_CODE) in response.text
    assert "<script>alert" not in response.text


def test_a_revoked_certificate_is_reported_as_not_valid(client, certificate, coordinator):
    revoke_certificate(certificate, by=coordinator, reason="Dubbel")

    response = client.get(certificate.get_verification_path())

    assert _("This certificate has been revoked") in response.text
    assert _("This certificate is valid") not in response.text
    assert "Fleur Jansen" not in response.text


def test_the_empty_form_is_public(client):
    response = client.get(reverse("certificates:verify"))

    assert response.status_code == 200
    assert _("Check a certificate") in response.text


def test_guessing_codes_is_stopped_with_a_429_per_ip_address(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = "3/10m/ip"
    for attempt in range(3):
        assert verify(client, f"AAAA-AAAA-AAAA-AAA{attempt}").status_code == 404

    refused = verify(client, certificate.display_code)

    assert refused.status_code == 429
    assert _("Too many attempts") in refused.text
    # Another address is not affected.
    elsewhere = verify(client, certificate.display_code, REMOTE_ADDR="203.0.113.9")
    assert elsewhere.status_code == 200


def test_checking_real_certificates_does_not_use_up_the_limit(client, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = "2/10m/ip"
    certificates = CertificateFactory.create_batch(4)

    answers = [verify(client, c.display_code).status_code for c in certificates]

    assert answers == [200, 200, 200, 200]


@pytest.mark.parametrize("value", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_hostile_input_in_the_code_gets_the_dutch_message_and_is_shown_inertly(client, value):
    response = verify(client, value)

    assert response.status_code == 400
    assert _(NOT_A_CODE) in response.text
    assert_inert(response.text)
    assert "\x00" not in response.text


def test_a_very_long_code_in_the_address_is_refused_plainly(client):
    response = client.get(f"/certificaat/{'A' * 5000}/")

    assert response.status_code == 400
