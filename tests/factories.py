import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from website.models import Board, Role, School, User

PASSWORD = "correct-horse-battery"


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
    full_name = factory.Faker("name", locale="nl_NL")
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
