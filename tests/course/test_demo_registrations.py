import pytest
from django.core.management import call_command

from course.models import InCompanyRequest, Registration

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_demo_registrations_show_a_verified_and_a_flagged_membership():
    seed()
    statuses = set(Registration.objects.values_list("membership_status", flat=True))
    assert {"verified", "flagged"} <= statuses
    assert InCompanyRequest.objects.exists()


def test_demo_participant_is_left_free_to_try_registering():
    seed()
    assert not Registration.objects.filter(participant__email="deelnemer@example.nl").exists()


def test_demo_registrations_can_be_seeded_twice():
    from course.demo.registrations import DEMO_REGISTRANTS

    seed()
    count = Registration.objects.count()
    seed()
    assert Registration.objects.count() == count
    # Four invented registrants and the demo director (other apps' demos add their own people).
    emails = [registrant[0] for registrant in DEMO_REGISTRANTS] + ["directeur@example.nl"]
    assert Registration.objects.filter(participant__email__in=emails).count() == 5
    assert InCompanyRequest.objects.count() == 1


def test_demo_director_has_a_confirmed_place_to_show_mijn_opleiding():
    seed()
    director = Registration.objects.get(participant__email="directeur@example.nl")
    assert director.status == Registration.Status.CONFIRMED
