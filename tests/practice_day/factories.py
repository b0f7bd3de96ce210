"""Factories for the practice-day tests.

Kept apart from ``tests/factories.py`` while other branches add their own cohort
factories there; fold them together when merging.
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Page

from course.models import CohortDay, CohortPage, Registration, TrainingPage
from practice_day.models import HostVisit, PracticeDay, VisitBooking, VisitSlot
from tests.factories import ParticipantFactory


class TrainingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TrainingPage

    title = "Coördinator passend onderwijs"


class CohortPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CohortPage

    title = factory.Sequence(lambda n: f"Groep {n}")
    region = "Midden"
    place = "Utrecht"
    capacity = 24
    price = 1950
    registration_opens = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=60)
    )
    registration_closes = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=10)
    )


def training_page():
    existing = TrainingPage.objects.first()
    if existing:
        return existing
    return TrainingPageFactory(parent=Page.get_first_root_node())


def make_cohort(days_until_practice_day=30, **kwargs):
    """A live cohort whose day 5 is ``days_until_practice_day`` from today."""
    cohort = CohortPageFactory(parent=training_page(), **kwargs)
    CohortDay.objects.create(
        cohort=cohort,
        number=5,
        date=timezone.localdate() + datetime.timedelta(days=days_until_practice_day),
        venue_name="Het Leerhuis",
    )
    return cohort


def enrol(cohort, user=None, status=Registration.Status.CONFIRMED):
    """A participant with a registration in ``cohort`` (confirmed by default)."""
    user = user or ParticipantFactory()
    Registration.objects.create(cohort=cohort, participant=user, status=status)
    return user


class PracticeDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeDay
        django_get_or_create = ["cohort"]

    cohort = factory.LazyFunction(make_cohort)


class HostVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostVisit

    cohort = factory.LazyFunction(make_cohort)
    organisation = factory.Sequence(lambda n: f"Kindcentrum De Horizon {n}")
    host_type = HostVisit.HostType.SCHOOL
    address = "Voorbeeldlaan 1, Utrecht"
    theme = "Handelingsgericht werken in de groep"
    contact_name = "Sanne de Groot"


class VisitSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitSlot

    host_visit = factory.SubFactory(HostVisitFactory)
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(12, 0)
    capacity = 4


class VisitBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitBooking

    slot = factory.SubFactory(VisitSlotFactory)
    participant = factory.LazyAttribute(lambda o: enrol(o.slot.host_visit.cohort))
