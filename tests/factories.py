"""One factory per model, for every test (STYLE §8; CC ``users/tests/factories.py``).

Sections follow the apps: website (people, schools), course (pages, cohorts and their
days, registrations, content), practice day, intervision, assignments. Pages are built where
``parent_page_types`` allows them: the home page under the tree root, the training page
under the home page, cohorts, course days and the library under the training page.
"""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from faker import Faker
from wagtail.models import Collection

from assignments.models import (
    Assignment,
    GuestAccess,
    GuestFeedback,
    Plan,
    PresentationDay,
    PresentationGuest,
    PresentationRoom,
    PresentationSlot,
    RubricCriterion,
    RubricLevel,
)
from course.models import (
    Certificate,
    CohortDay,
    CohortPage,
    CourseDayPage,
    LibraryItem,
    LibraryPage,
    Registration,
    Testimonial,
    TrainingPage,
)
from course.models.certificates import generate_code
from course.models.pages import PRACTICE_DAY_NUMBER
from intervision.models import (
    Case,
    GroupMembership,
    IntervisionGroup,
    IntervisionSession,
    Method,
    MethodStep,
    Reflection,
    RoleSwap,
    SessionNote,
    SessionRole,
)
from practice_day.models import HostVisit, PracticeDay, VisitBooking, VisitSlot
from website.models import Board, HomePage, Role, School, User

PASSWORD = "correct-horse-battery"
_faker = Faker("nl_NL")


def role_group(default):
    """Post-generation: put the user in the role group ``role=`` names, else ``default``."""

    def add(obj, create, extracted, **kwargs):
        name = extracted or default
        if create and name:
            obj.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add)


# --- website: people, schools and boards ---------------------------------------------


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Stichting Onderwijs {n}")
    place = "Utrecht"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Basisschool De Linde {n}")
    place = "Utrecht"
    board = factory.SubFactory(BoardFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """A verified, active person with a known password and no role."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    # Names without apostrophes ("van 't Riet"), so tests can look for them in escaped HTML.
    full_name = factory.LazyFunction(lambda: _faker.name().replace("'", ""))
    function = User.Function.INTERNAL_COORDINATOR
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    role = role_group(None)


class ParticipantFactory(UserFactory):
    role = role_group(Role.PARTICIPANT)


class TrainerFactory(UserFactory):
    school = None
    function = User.Function.OTHER
    role = role_group(Role.TRAINER)


class CoordinatorFactory(UserFactory):
    school = None
    function = User.Function.OTHER
    role = role_group(Role.COORDINATOR)


# --- course: the page tree -------------------------------------------------------------


def today():
    return timezone.localdate()


def site_home_page():
    """The site's home page under the tree root, created (and made the site root) when missing."""
    from wagtail.models import Page, Site

    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Coördinator passend onderwijs", slug="start")
        )
        Site.objects.update(root_page=home)
    return home


def training_page():
    """The one training page, created under the home page when missing."""
    return TrainingPage.objects.first() or TrainingPageFactory()


class TrainingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TrainingPage

    parent = factory.LazyFunction(site_home_page)
    title = "Coördinator passend onderwijs"
    slug = "opleiding"
    intro = "Zeven lesdagen voor ib'ers."


class CourseDayPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseDayPage

    parent = factory.LazyFunction(training_page)
    number = factory.Sequence(lambda n: n % 7 + 1)
    title = factory.LazyAttribute(lambda o: f"Dag {o.number}")
    slug = factory.LazyAttribute(lambda o: f"dag-{o.number}")
    theme = factory.LazyAttribute(lambda o: f"Thema van dag {o.number}")


class LibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LibraryPage

    parent = factory.LazyFunction(training_page)
    title = "Materialenbank"
    slug = "materialenbank"


class CohortPageFactory(wagtail_factories.PageFactory):
    """A live cohort under the training page, open for registration today, without days.

    Days on request:
    - ``days=True``: the seven course days, fortnightly from 60 days ahead;
      ``days__first_date=…`` and ``days__every=7`` choose the start and the spacing;
    - ``practice_day_in=30``: only day 5, the practice day, 30 days from today.
    """

    class Meta:
        model = CohortPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(training_page)
    # Never "Groep 1…": the browser tests look for the intervision heading "Groep 1".
    title = factory.Sequence(lambda n: f"Groep Utrecht {n}")
    slug = factory.Sequence(lambda n: f"groep-utrecht-{n}")
    region = "Midden"
    place = "Utrecht"
    capacity = 24
    price = Decimal("2495.00")
    registration_opens = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))
    free_cancellation_until = factory.LazyFunction(lambda: today() + datetime.timedelta(days=20))

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)
            obj.save()

    @factory.post_generation
    def days(obj, create, extracted, first_date=None, every=14, **kwargs):
        if not create or not (extracted or first_date):
            return
        first_date = first_date or today() + datetime.timedelta(days=60)
        for number in range(1, 8):
            CohortDayFactory(
                cohort=obj,
                number=number,
                date=first_date + datetime.timedelta(days=every * (number - 1)),
            )

    @factory.post_generation
    def practice_day_in(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            CohortDayFactory(
                cohort=obj,
                number=PRACTICE_DAY_NUMBER,
                date=today() + datetime.timedelta(days=extracted),
            )


class CohortDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortDay

    cohort = factory.SubFactory(CohortPageFactory)
    number = 1
    sort_order = factory.SelfAttribute("number")
    date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=60))
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(16, 0)
    venue_name = "Vergadercentrum De Schakel"
    venue_address = "Stationsplein 1, Utrecht"


# --- course: registrations and content ---------------------------------------------------


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed place for a new participant, unless ``status`` says otherwise."""

    class Meta:
        model = Registration

    cohort = factory.SubFactory(CohortPageFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Registration.Status.CONFIRMED


class CertificateFactory(factory.django.DjangoModelFactory):
    """An issued certificate (course.services.certificates issues real ones)."""

    class Meta:
        model = Certificate

    cohort = factory.SubFactory(CohortPageFactory)
    participant = factory.SubFactory(ParticipantFactory)
    code = factory.LazyFunction(generate_code)
    name = factory.SelfAttribute("participant.full_name")
    study_hours = 84
    completed_on = factory.LazyFunction(today)
    issued_at = factory.LazyFunction(timezone.now)


def enrol(cohort, user=None, status=Registration.Status.CONFIRMED):
    """``user`` (a new participant by default) with a registration in ``cohort``; returns them."""
    if user is None:
        return RegistrationFactory(cohort=cohort, status=status).participant
    RegistrationFactory(cohort=cohort, participant=user, status=status)
    return user


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=400, height=400, color="blue", filename="portret.png")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="handreiking.txt", data=b"Stap 1: signaleren.")


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


# --- practice day --------------------------------------------------------------------------


class PracticeDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeDay
        django_get_or_create = ["cohort"]

    cohort = factory.SubFactory(CohortPageFactory, practice_day_in=30)


class HostVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostVisit

    cohort = factory.SubFactory(CohortPageFactory, practice_day_in=30)
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
    """An active booking by a confirmed participant of the visit's cohort."""

    class Meta:
        model = VisitBooking

    slot = factory.SubFactory(VisitSlotFactory)
    participant = factory.LazyAttribute(lambda o: enrol(o.slot.host_visit.cohort))


# --- intervision: methods, groups, sessions and roles -------------------------------------


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


# --- intervision: cases, notes and reflections -----------------------------------------------


def member_with_role(session, role):
    """A new member of the session's group who holds ``role`` in that session."""
    participant = GroupMembershipFactory(group=session.group).participant
    SessionRoleFactory(session=session, participant=participant, role=role)
    return participant


class CaseFactory(factory.django.DjangoModelFactory):
    """A draft case; its author is made a member and the session's case presenter."""

    class Meta:
        model = Case

    session = factory.SubFactory(IntervisionSessionFactory)
    author = factory.LazyAttribute(
        lambda o: member_with_role(o.session, SessionRole.Role.CASE_PRESENTER)
    )
    title = "Een leerling die niet meer naar school wil"
    body = "## Vraag\n\nHoe krijg ik de ouders betrokken?"


class SessionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionNote

    session = factory.SubFactory(IntervisionSessionFactory)
    author = factory.LazyAttribute(lambda o: member_with_role(o.session, SessionRole.Role.SCRIBE))
    body = "## Adviezen\n\n- Eerst een gesprek met de leerkracht."


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    group = factory.SubFactory(IntervisionGroupFactory)
    author = factory.LazyAttribute(lambda o: GroupMembershipFactory(group=o.group).participant)
    body = "Ik merk dat ik te snel met oplossingen kom."


# --- assignments: the final plan --------------------------------------------------------

DAY = datetime.timedelta(days=1)

#: Where "now" falls for each phase: days from now to each deadline.
PHASE_OFFSETS = {
    "writing": (-10, 10, 24, 31, 38, 45),
    "peer_review": (-30, -2, 12, 19, 26, 33),
    "revision": (-40, -20, -6, 7, 14, 21),
    "grading": (-50, -30, -16, -9, 4, 11),
    "closed": (-60, -40, -30, -20, -10, -1),
}


def dates_for(phase):
    offsets = PHASE_OFFSETS[phase]
    now = timezone.now()
    return dict(zip(Assignment.DATE_FIELDS, (now + DAY * days for days in offsets), strict=True))


def assignment_in(phase="writing", cohort=None, **fields):
    """The cohort's assignment (created with the cohort) with dates putting it in ``phase``."""
    cohort = cohort or CohortPageFactory()
    assignment = cohort.assignment
    for name, value in {**dates_for(phase), "dates_follow_course_days": False, **fields}.items():
        setattr(assignment, name, value)
    assignment.save()
    return assignment


def add_rubric(assignment, criteria=4, levels=3):
    """A rubric of ``criteria`` criteria with ``levels`` levels worth 0, 1, 2, ... points."""
    for number in range(1, criteria + 1):
        criterion = RubricCriterion.objects.create(
            assignment=assignment, title=f"Criterium {number}", sort_order=number
        )
        for points in range(levels):
            RubricLevel.objects.create(
                criterion=criterion, label=f"Niveau {points + 1}", points=points, sort_order=points
            )
    return list(assignment.criteria.prefetch_related("levels").order_by("sort_order"))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    assignment = factory.LazyFunction(assignment_in)
    author = factory.LazyAttribute(lambda plan: enrol(plan.assignment.cohort))
    body = "## Doel\n\nIedere leerling krijgt passende ondersteuning in de eigen klas.\n"


# --- assignments: the presentation day (issue 14) ----------------------------------------


class PresentationDayFactory(factory.django.DjangoModelFactory):
    """A cohort's presentation-day settings; the cohort gets its seven course days."""

    class Meta:
        model = PresentationDay
        django_get_or_create = ("cohort",)

    cohort = factory.SubFactory(CohortPageFactory, days=True)


class PresentationRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresentationRoom

    day = factory.SubFactory(PresentationDayFactory)
    name = factory.Sequence(lambda n: f"Lokaal {n + 1}")


class PresentationSlotFactory(factory.django.DjangoModelFactory):
    """A slot at the day's first presentation time on the cohort's course day 7."""

    class Meta:
        model = PresentationSlot

    room = factory.SubFactory(PresentationRoomFactory)
    day = factory.SelfAttribute("room.day")
    participant = factory.LazyAttribute(lambda slot: enrol(slot.day.cohort))
    starts_at = factory.LazyAttribute(
        lambda slot: timezone.make_aware(
            datetime.datetime.combine(slot.day.cohort.days.get(number=7).date, slot.day.starts_at)
        )
    )
    ends_at = factory.LazyAttribute(
        lambda slot: slot.starts_at + datetime.timedelta(minutes=slot.day.slot_minutes)
    )


class PresentationGuestFactory(factory.django.DjangoModelFactory):
    """A guest with a random link hash (use services.presentation.invite_guest for a link)."""

    class Meta:
        model = PresentationGuest

    cohort = factory.SubFactory(CohortPageFactory, days=True)
    participant = factory.LazyAttribute(lambda guest: enrol(guest.cohort))
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"gast{n}@example.nl")
    role = PresentationGuest.Role.DIRECTOR
    token_hash = factory.Sequence(lambda n: f"{n:064x}")


class GuestFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestFeedback

    guest = factory.SubFactory(PresentationGuestFactory)
    text = "Een helder plan; betrek ook de leerkrachten van groep 8."


class GuestAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestAccess

    guest = factory.SubFactory(PresentationGuestFactory)
