"""One answer to "is this person a coordinator / staff for this cohort?" (issue 11).

``User.is_coordinator`` counts a superuser as a coordinator; ``course.permissions``
answers the questions about a cohort. Every view and service asks these.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from course.permissions import is_staff_for, oversees_cohorts
from course.services.registration import cancel_registration
from tests.factories import (
    CohortPageFactory,
    RegistrationFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def cohort(trainer):
    return CohortPageFactory(days=True, trainers=[trainer])


def test_a_superuser_counts_as_a_coordinator(superuser, coordinator, trainer, participant):
    assert superuser.is_coordinator
    assert coordinator.is_coordinator
    assert not trainer.is_coordinator
    assert not participant.is_coordinator


def test_staff_for_a_cohort_are_its_trainers_coordinators_and_superusers(
    cohort, trainer, coordinator, superuser, participant
):
    other_trainer = TrainerFactory()
    assert is_staff_for(trainer, cohort)
    assert is_staff_for(coordinator, cohort)
    assert is_staff_for(superuser, cohort)
    assert not is_staff_for(other_trainer, cohort)
    assert not is_staff_for(participant, cohort)
    assert not is_staff_for(AnonymousUser(), cohort)


def test_a_trainer_who_lost_the_trainer_role_is_no_longer_staff_for_their_cohort(
    client, cohort, trainer
):
    trainer.groups.clear()
    trainer.refresh_from_db()
    assert not is_staff_for(trainer, cohort)
    client.force_login(trainer)
    day = cohort.days.get(number=1)
    assert client.get(reverse("course:attendance", args=[day.pk])).status_code == 403
    assert client.get(reverse("visits:practice_day", args=[cohort.pk])).status_code == 404


def test_a_superuser_without_a_role_group_sees_the_cohort_overview(client, cohort, superuser):
    assert oversees_cohorts(superuser)
    client.force_login(superuser)
    response = client.get(reverse("course:cohort_overview"))
    assert response.status_code == 200
    assert cohort.title in response.content.decode()


def test_a_superuser_may_open_any_cohorts_practice_day_and_attendance(client, cohort, superuser):
    client.force_login(superuser)
    day = cohort.days.get(number=1)
    assert client.get(reverse("course:attendance", args=[day.pk])).status_code == 200
    assert client.get(reverse("visits:practice_day", args=[cohort.pk])).status_code == 200


def test_a_superuser_cancels_another_persons_registration_as_a_coordinator(cohort, superuser):
    registration = RegistrationFactory(cohort=cohort)
    cancelled = cancel_registration(registration, superuser)
    assert cancelled.status == "cancelled"
    assert cancelled.log.last().get_reason_display() == _("cancelled by the coordinator")
