"""Factories for intervision models (used by tests/intervision and the browser journeys)."""

import datetime

import factory
from django.utils import timezone

from intervision.models import (
    GroupMembership,
    IntervisionGroup,
    IntervisionSession,
    Method,
    MethodStep,
    RoleSwap,
    SessionRole,
)
from tests.factories import CohortPageFactory, ParticipantFactory, RegistrationFactory


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Methode {n}")
    slug = factory.Sequence(lambda n: f"methode-{n}")
    summary = "Een methode om samen een vraag te onderzoeken."


class MethodStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodStep

    method = factory.SubFactory(MethodFactory)
    title = factory.Sequence(lambda n: f"Stap {n}")
    explanation = "Wat de groep in deze stap doet."
    minutes = 5


class IntervisionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntervisionGroup

    cohort = factory.SubFactory(CohortPageFactory)
    number = factory.Sequence(lambda n: n + 1)
    published_at = factory.LazyFunction(timezone.now)


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    """A member with a confirmed place in the group's cohort."""

    class Meta:
        model = GroupMembership
        skip_postgeneration_save = True

    group = factory.SubFactory(IntervisionGroupFactory)
    cohort = factory.SelfAttribute("group.cohort")
    participant = factory.SubFactory(ParticipantFactory)

    @factory.post_generation
    def registered(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            RegistrationFactory(cohort=obj.cohort, participant=obj.participant)


class IntervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntervisionSession

    group = factory.SubFactory(IntervisionGroupFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=90))
    location = "Lokaal 3"
    method = factory.LazyFunction(lambda: Method.objects.get(slug="incidentmethode"))


class SessionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRole

    session = factory.SubFactory(IntervisionSessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    role = SessionRole.Role.CASE_PRESENTER


class RoleSwapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleSwap

    session = factory.SubFactory(IntervisionSessionFactory)
    role = SessionRole.Role.CASE_PRESENTER
    requested_by = factory.SubFactory(ParticipantFactory)
    other = factory.SubFactory(ParticipantFactory)


def group_with_members(count, cohort=None, **kwargs):
    """A published group of ``count`` members (each of their own school) in ``cohort``."""
    group = IntervisionGroupFactory(cohort=cohort or CohortPageFactory(), **kwargs)
    for _ in range(count):
        GroupMembershipFactory(group=group)
    return group
