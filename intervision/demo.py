"""Demo intervision groups for the demo cohort, run by ``manage.py seed_demo`` after the
course and practice-day demo data (course/hooks.py ``DEMO_MODULE``). Safe to run again.

The demo cohort is the one where the demo director (directeur@example.nl) has a confirmed
place. A few invented participants join it so there are two groups; the groups are
published, and the director's group gets two past and two coming sessions with roles (the
practice-day session comes with publishing). The method library itself is reference data
from migration 0002, not demo data.
"""

import datetime

from django.utils import timezone

from course.demo.registrations import demo_person
from course.models import Registration
from course.services.registration import RegistrationDetails, register
from website.models import User

from .models import GroupMembership, Method, SessionRole
from .services.groups import publish, suggest
from .services.sessions import ROLE_ORDER, create_session, plan_roles

DIRECTOR_EMAIL = "directeur@example.nl"

# (email, name, school, place, board): invented people, each of their own school and board.
DEMO_MEMBERS = [
    (
        "iris.mulder@example.nl",
        "Iris Mulder",
        "Basisschool De Wilgen",
        "Zwolle",
        "Stichting Wijde Wereld",
    ),
    (
        "daan.koster@example.nl",
        "Daan Koster",
        "Kindcentrum Het Anker",
        "Kampen",
        "Stichting Anker Onderwijs",
    ),
    (
        "fatima.bouzid@example.nl",
        "Fatima Bouzid",
        "Basisschool De Sterrenwacht",
        "Dalfsen",
        "Stichting Vecht en Regge",
    ),
    (
        "ruben.smit@example.nl",
        "Ruben Smit",
        "Openbare Basisschool De Horizon",
        "Meppel",
        "Stichting Openbaar Primair Meppel",
    ),
    (
        "eline.brouwer@example.nl",
        "Eline Brouwer",
        "Basisschool Sint Jozef",
        "Raalte",
        "Stichting Salland Scholen",
    ),
]

# (days from today, hour, method slug, place, video link)
DEMO_SESSIONS = [
    (-28, 15, "incidentmethode", "Basisschool De Klimop, Zwolle", ""),
    (-10, 15, "roddelmethode", "", "https://meet.example.nl/intervisie-groep"),
    (9, 15, "balintmethode", "Vergadercentrum De IJssel, Zwolle", ""),
    (30, 15, "incidentmethode", "", "https://meet.example.nl/intervisie-groep"),
]


def seed(stdout=None):
    director = User.objects.filter(email=DIRECTOR_EMAIL).first()
    registration = (
        Registration.objects.confirmed()
        .filter(participant=director)
        .select_related("cohort")
        .first()
        if director
        else None
    )
    if registration is None:
        return
    cohort = registration.cohort
    _add_members(cohort)
    if not cohort.intervision_groups.exists():
        suggest(cohort)
    if cohort.intervision_groups.filter(published_at__isnull=True).exists():
        publish(cohort)
    group = GroupMembership.objects.get(cohort=cohort, participant=director).group
    _add_sessions(group)
    if stdout:
        stdout.write(f"Demo intervision groups ready for {cohort.title}.")


def _add_members(cohort):
    for email, name, school, place, board in DEMO_MEMBERS:
        person = demo_person(email, name, school, place, board)
        if Registration.objects.active().filter(cohort=cohort, participant=person).exists():
            continue
        register(
            person,
            cohort,
            RegistrationDetails(
                function=User.Function.INTERNAL_COORDINATOR,
                school_name=school,
                school_place=place,
                board_name=board,
                payer=Registration.Payer.SCHOOL,
                invoice_address=f"{board}\nPostbus 10\n{place}",
                invoice_reference="INT-2026",
                is_lbbo_member=False,
                membership_number="",
                terms_accepted=True,
            ),
        )


def _add_sessions(group):
    """Past sessions with the roles they had, coming sessions with roles from the rota."""
    if group.sessions.filter(is_practice_day=False).exists():
        return
    members = list(
        group.memberships.active().order_by("pk").values_list("participant_id", flat=True)
    )
    today = timezone.localdate()
    past = [spec for spec in DEMO_SESSIONS if spec[0] < 0]
    plan = iter(plan_roles(members, len(past)))
    for days, hour, slug, place, video in DEMO_SESSIONS:
        starts = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
        )
        session = create_session(
            group,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=90),
            method=Method.objects.get(slug=slug),
            location=place,
            video_url=video,
        )
        if days < 0:  # the rota only plans coming sessions; history is written as it was
            roles = next(plan)
            SessionRole.objects.bulk_create(
                SessionRole(session=session, role=role, participant_id=roles[role])
                for role in ROLE_ORDER
                if role in roles
            )
    # demo case (iv-cases): a shared case in the first coming session goes here.
