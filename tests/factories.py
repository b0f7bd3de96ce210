import datetime
from decimal import Decimal

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from faker import Faker

from website.models import Board, Role, School, User

PASSWORD = "correct-horse-battery"
_faker = Faker("nl_NL")


def role_group(default):
    """Post-generation: put the user in the role group ``role=`` names, else ``default``."""

    def add(obj, create, extracted, **kwargs):
        name = extracted or default
        if create and name:
            obj.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add)


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


# --- Course: training, cohorts, course days, registrations (issue 4, calendars/attendance) ---


def site_home_page():
    """The site's home page, created (and made the site root) when missing."""
    from wagtail.models import Page, Site

    from website.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Coördinator passend onderwijs", slug="start")
        )
        Site.objects.update(root_page=home)
    return home


def training_page():
    """The one training page, created under the home page when missing."""
    from course.models import TrainingPage

    training = TrainingPage.objects.first()
    if training is None:
        training = site_home_page().add_child(
            instance=TrainingPage(title="Coördinator passend onderwijs", slug="opleiding")
        )
    return training


class CohortPageFactory(wagtail_factories.PageFactory):
    """A live cohort under the training page, without days; add them with CohortDayFactory."""

    class Meta:
        model = "course.CohortPage"
        skip_postgeneration_save = True

    parent = factory.LazyFunction(training_page)
    title = factory.Sequence(lambda n: f"Groep Utrecht {n}")
    slug = factory.Sequence(lambda n: f"groep-utrecht-{n}")
    region = "Midden"
    place = "Utrecht"
    price = Decimal("1450.00")
    registration_opens = datetime.date(2026, 1, 1)
    registration_closes = datetime.date(2026, 8, 31)

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)
            obj.save()


class CourseDayPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "course.CourseDayPage"

    parent = factory.LazyFunction(training_page)
    number = 1
    title = factory.LazyAttribute(lambda o: f"Dag {o.number}")
    slug = factory.LazyAttribute(lambda o: f"dag-{o.number}")
    theme = factory.LazyAttribute(lambda o: f"Thema van dag {o.number}")


class CohortDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "course.CohortDay"

    cohort = factory.SubFactory(CohortPageFactory)
    number = 1
    date = datetime.date(2026, 9, 15)
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(16, 0)
    venue_name = "Vergadercentrum De Schakel"
    venue_address = "Stationsplein 1, Utrecht"


def cohort_with_days(first_date=datetime.date(2026, 9, 15), *, every_days=14, **kwargs):
    """A cohort with its seven course days, ``every_days`` apart from ``first_date``."""
    cohort = CohortPageFactory(**kwargs)
    for number in range(1, 8):
        CohortDayFactory(
            cohort=cohort,
            number=number,
            date=first_date + datetime.timedelta(days=every_days * (number - 1)),
        )
    return cohort


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed place for a new participant, unless ``status`` says otherwise."""

    class Meta:
        model = "course.Registration"

    cohort = factory.SubFactory(CohortPageFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = "confirmed"

