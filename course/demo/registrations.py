"""Demo registrations: settings, an LBBO member list, some invented registrants, an
in-company request. Idempotent; called from ``seed_demo``.

The demo participant ``deelnemer@example.nl`` is deliberately left unregistered, so a
newcomer can try the registration flow. All people and schools here are invented.
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from website.models import Role, User
from website.services import find_or_create_board, find_or_create_school

from ..models import (
    CohortDay,
    CohortPage,
    InCompanyRequest,
    LbboMember,
    Registration,
    RegistrationSettings,
    TrainingPage,
)
from ..models.pages import COURSE_DAY_COUNT
from ..services.registration import RegistrationDetails, register, replace_member_list

DEMO_MEMBER_NUMBERS = ["104233", "118470", "120051", "131298", "140772"]

# (email, name, school, place, board, membership number or "")
DEMO_REGISTRANTS = [
    (
        "sanne.kuipers@example.nl",
        "Sanne Kuipers",
        "Basisschool De Vlinderboom",
        "Deventer",
        "Stichting Sterk Onderwijs",
        "118470",
    ),  # on the member list: verified
    (
        "ahmed.elmansouri@example.nl",
        "Ahmed El Mansouri",
        "Openbare Basisschool Het Baken",
        "Kampen",
        "Stichting Sterk Onderwijs",
        "177001",
    ),  # not on the list: flagged
    (
        "lotte.vandijk@example.nl",
        "Lotte van Dijk",
        "Kindcentrum De Regenboog",
        "Hardenberg",
        "Stichting Vechtdal Scholen",
        "",
    ),
    (
        "marco.hendriks@example.nl",
        "Marco Hendriks",
        "Basisschool Het Startpunt",
        "Zwolle",
        "Stichting Kindkracht",
        "",
    ),
]

DEMO_PASSWORD = "oefenen-2026"


def seed_registrations(stdout=None):
    settings = RegistrationSettings.load()
    if settings.pk is None and Site.objects.filter(is_default_site=True).exists():
        settings.save()
    cohort = demo_cohort()
    if cohort is None:
        return
    LbboMember.objects.get_or_create(number=DEMO_MEMBER_NUMBERS[0])
    for email, name, school_name, place, board_name, number in DEMO_REGISTRANTS:
        user = demo_person(email, name, school_name, place, board_name)
        if Registration.objects.active().filter(cohort=cohort, participant=user).exists():
            continue
        register(
            user,
            cohort,
            RegistrationDetails(
                function=User.Function.INTERNAL_COORDINATOR,
                school_name=school_name,
                school_place=place,
                board_name=board_name,
                payer=Registration.Payer.SCHOOL if not number else Registration.Payer.SELF,
                invoice_address="" if number else f"{board_name}\nPostbus 100\n{place}",
                invoice_reference="" if number else "PO-2026-0042",
                is_lbbo_member=bool(number),
                membership_number=number,
                terms_accepted=True,
            ),
        )
    seed_demo_director(cohort)
    replace_member_list(set(DEMO_MEMBER_NUMBERS))
    InCompanyRequest.objects.get_or_create(
        organisation="Stichting Waterland Scholen",
        defaults={
            "contact_name": "Femke de Groot",
            "email": "f.degroot@example.nl",
            "phone": "0299 123 456",
            "participant_count": 14,
            "region": "Noord-Holland",
            "period": "Schooljaar 2027–2028, start in september",
            "questions": "Kunnen de lesdagen bij ons op het bestuurskantoor plaatsvinden?",
        },
    )
    if stdout:
        stdout.write(f"Demo registrations ready for {cohort.title}.")


def seed_demo_director(cohort):
    """The demo director (seed_demo's directeur@example.nl) has a confirmed place, so a demo
    login shows a filled-in Mijn opleiding, practice day and calendar; the demo ib'er
    (deelnemer@example.nl) stays unregistered to try the registration flow."""
    director = User.objects.filter(email="directeur@example.nl").first()
    if (
        director is None
        or Registration.objects.active().filter(cohort=cohort, participant=director).exists()
    ):
        return
    school = director.school
    register(
        director,
        cohort,
        RegistrationDetails(
            function=User.Function.DIRECTOR,
            school_name=school.name if school else "Basisschool De Klimop",
            school_place=school.place if school else "Zwolle",
            board_name=school.board.name if school and school.board else "",
            payer=Registration.Payer.SCHOOL,
            invoice_address="Stichting Kindkracht\nPostbus 200\nZwolle",
            invoice_reference="KK-2026-117",
            is_lbbo_member=False,
            membership_number="",
            terms_accepted=True,
        ),
    )


def demo_cohort():
    """An open, individual cohort: the first existing one, else one made for the demo."""
    cohort = (
        CohortPage.objects.live()
        .filter(is_closed=False, registration_closes__gte=timezone.localdate())
        .order_by("registration_closes")
        .first()
    )
    if cohort:
        return cohort
    training = TrainingPage.objects.first()
    if training is None:
        from website.models import HomePage

        home = HomePage.objects.first()
        if home is None:
            return None
        training = TrainingPage(title="De opleiding", slug="opleiding")
        home.add_child(instance=training)
        training.save_revision().publish()
    today = timezone.localdate()
    cohort = CohortPage(
        title="Zwolle, najaar",
        slug="zwolle-najaar-demo",
        region="Overijssel",
        place="Zwolle",
        capacity=20,
        price=Decimal("2495.00"),
        registration_opens=today - datetime.timedelta(days=14),
        registration_closes=today + datetime.timedelta(days=60),
        free_cancellation_until=today + datetime.timedelta(days=45),
    )
    training.add_child(instance=cohort)
    first_day = today + datetime.timedelta(days=75)
    for number in range(1, COURSE_DAY_COUNT + 1):
        CohortDay.objects.create(
            cohort=cohort,
            number=number,
            date=first_day + datetime.timedelta(weeks=5 * (number - 1)),
            venue_name="Vergadercentrum De IJssel",
            venue_address="Stationsplein 1, Zwolle",
        )
    cohort.save_revision().publish()
    return cohort


def demo_person(email, name, school_name, place, board_name):
    board = find_or_create_board(board_name, place)
    school = find_or_create_school(school_name, place, "", board)
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "function": User.Function.INTERNAL_COORDINATOR,
            "school": school,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=Role.PARTICIPANT))
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user
