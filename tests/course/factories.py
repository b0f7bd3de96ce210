"""Factories for the course's pages, testimonials and library (used by tests/course)."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Collection

from course.models import (
    CohortDay,
    CohortPage,
    CourseDayPage,
    LibraryItem,
    LibraryPage,
    Registration,
    Testimonial,
    TrainingPage,
)
from tests.factories import ParticipantFactory


class TrainingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TrainingPage

    title = "De opleiding"
    slug = "opleiding"
    intro = "Zeven lesdagen voor ib'ers."


class CourseDayPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseDayPage

    number = factory.Sequence(lambda n: n % 7 + 1)
    theme = factory.LazyAttribute(lambda o: f"Thema van dag {o.number}")
    title = factory.LazyAttribute(lambda o: f"Dag {o.number}")
    slug = factory.LazyAttribute(lambda o: f"dag-{o.number}")


class LibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LibraryPage

    title = "Materialenbank"
    slug = "materialenbank"


class CohortPageFactory(wagtail_factories.PageFactory):
    """A live cohort open for registration, with seven weekly dates from ``first_date``."""

    class Meta:
        model = CohortPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Groep {n}")
    slug = factory.Sequence(lambda n: f"groep-{n}")
    region = "Overijssel"
    place = "Zwolle"
    capacity = 20
    price = Decimal("2495.00")
    registration_opens = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=10)
    )
    registration_closes = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )

    @factory.post_generation
    def days(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        first = kwargs.get("first_date") or timezone.localdate() + datetime.timedelta(days=60)
        for number in range(1, 8):
            CohortDay.objects.create(
                cohort=obj,
                number=number,
                sort_order=number,
                date=first + datetime.timedelta(weeks=number - 1),
                venue_name=f"Zaal {number}",
            )


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=400, height=400, color="blue", filename="portret.png")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="handreiking.txt", data=b"Stap 1: signaleren.")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    cohort = None
    participant = factory.SubFactory(ParticipantFactory)
    status = Registration.Status.CONFIRMED


class TestimonialFactory(factory.django.DjangoModelFactory):
    __test__ = False  # not a pytest test class despite its name

    class Meta:
        model = Testimonial

    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    function = "intern begeleider"
    school = "Basisschool De Linde, Utrecht"
    why_this_training = "Omdat mijn rol verandert."
    photo = factory.SubFactory(ImageFactory)
    photo_alt = factory.LazyAttribute(lambda o: f"Portret van {o.name}")


class LibraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryItem

    title = factory.Sequence(lambda n: f"Handreiking {n}")
    summary = "Een praktische handreiking."
    document = factory.SubFactory(DocumentFactory)
    participants_only = False
