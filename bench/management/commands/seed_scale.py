"""The data `make scale-test` starts from (scripts/scale_test.py), in a fresh database.

One training with one cohort open for registration with fewer places than participants (so
the waiting list fills), its practice day (first come, first served, one visit each) with
host visits whose slots hold fewer places than the cohort (so slots fill up), its final
assignment open for writing with a three-criterion rubric, and the participants: verified
accounts with one password. Some of them log in through allauth during the test; for the
others a signed-in session is stored here (cached_db: in the database, Redis fills on the
first request), because the production password hasher costs almost a second of CPU per
login and 200 logins would use up most of this machine's two cores.

Writes a JSON manifest (ids, slots, the rubric, the people and their sessions) to the file
given, and each participant's plan attachment (a PDF of their own) next to it. The people
and schools are invented.
"""

import datetime
import json
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assignments.models import Assignment, RubricCriterion, RubricLevel
from course.demo.content import simple_pdf
from course.models import CohortDay, CohortPage, TrainingPage
from practice_day.models import HostVisit, PracticeDay, VisitSlot
from website.management.commands.seed_demo import Command as SeedDemo
from website.models import Board, Role, School, User

PASSWORD = "schaal-test-2026"


class Command(BaseCommand):
    help = "Seed the scale test's cohort, practice day, assignment and participants."

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="where to write the JSON manifest")
        parser.add_argument("--participants", type=int, default=200)
        parser.add_argument("--capacity", type=int, default=150)
        parser.add_argument("--logins", type=int, default=10)
        parser.add_argument("--host-visits", type=int, default=10)
        parser.add_argument("--slot-capacity", type=int, default=12)

    def handle(self, *args, manifest, **options):
        with transaction.atomic():
            data = self.seed(**options)
        folder = Path(manifest).parent / "attachments"
        folder.mkdir(exist_ok=True)
        for person in data["participants"]:
            lines = [f"Uitvoeringsplan, bijlage van deelnemer {person['id']}."] + [
                f"Stap {n}: signaleren, analyseren, besluiten en evalueren in de groep."
                for n in range(1, 50)
            ]
            path = folder / f"{person['id']}.pdf"
            path.write_bytes(simple_pdf(lines))
            person["attachment"] = str(path)
        Path(manifest).write_text(json.dumps(data, indent=1))

    def seed(self, *, participants, capacity, logins, host_visits, slot_capacity, **options):
        demo = SeedDemo()
        home = demo.home_page()
        demo.site_config(home, demo.terms_page(home))
        training = TrainingPage(title="Coördinator passend onderwijs", slug="opleiding")
        home.add_child(instance=training)
        today = timezone.localdate()
        cohort = CohortPage(
            title="Schaaltest Utrecht",
            slug="schaaltest-utrecht",
            region="Midden",
            place="Utrecht",
            capacity=capacity,
            price=Decimal("2495.00"),
            registration_opens=today - datetime.timedelta(days=1),
            registration_closes=today + datetime.timedelta(days=30),
            free_cancellation_until=today + datetime.timedelta(days=20),
        )
        training.add_child(instance=cohort)
        for number in range(1, 8):
            CohortDay.objects.create(
                cohort=cohort,
                number=number,
                sort_order=number,
                date=today + datetime.timedelta(days=40 + 14 * (number - 1)),
                venue_name="Vergadercentrum De Schakel",
            )
        return {
            "cohort_id": cohort.pk,
            "capacity": capacity,
            "slots": self.practice_day(cohort, host_visits, slot_capacity),
            "rubric": self.assignment(cohort),
            "password": PASSWORD,
            "participants": self.participants(participants, logins),
        }

    def practice_day(self, cohort, host_visits, slot_capacity):
        PracticeDay.objects.update_or_create(
            cohort=cohort,
            defaults={"mode": PracticeDay.Mode.FIRST_COME, "max_visits_per_participant": 1},
        )
        slots = []
        for n in range(host_visits):
            visit = HostVisit.objects.create(
                cohort=cohort,
                organisation=f"Kindcentrum De Horizon {n + 1}",
                host_type=HostVisit.HostType.SCHOOL,
                address=f"Voorbeeldlaan {n + 1}, Utrecht",
                theme="Handelingsgericht werken in de groep",
                contact_name="Sanne de Groot",
            )
            slot = VisitSlot.objects.create(
                host_visit=visit,
                starts_at=datetime.time(9, 30),
                ends_at=datetime.time(12, 0),
                capacity=slot_capacity,
            )
            slots.append({"id": slot.pk, "capacity": slot_capacity})
        return slots

    def assignment(self, cohort):
        """Open for writing now, deadline in ten days; {criterion id: a level id}."""
        now = timezone.now()
        day = datetime.timedelta(days=1)
        assignment = Assignment.objects.get(cohort=cohort)
        assignment.dates_follow_course_days = False
        assignment.writing_opens = now - day
        assignment.submission_deadline = now + 10 * day
        assignment.review_deadline = now + 20 * day
        assignment.revision_deadline = now + 25 * day
        assignment.grading_deadline = now + 30 * day
        assignment.closes_at = now + 60 * day
        assignment.save()
        rubric = {}
        for order, title in enumerate(["Analyse", "Aanpak", "Draagvlak"]):
            criterion = RubricCriterion.objects.create(
                assignment=assignment, title=title, sort_order=order
            )
            levels = [
                RubricLevel.objects.create(
                    criterion=criterion, label=label, points=points, sort_order=points
                )
                for points, label in enumerate(["onvoldoende", "voldoende", "goed"])
            ]
            rubric[str(criterion.pk)] = levels[-1].pk
        return rubric

    def participants(self, count, logins):
        password = make_password(PASSWORD)  # hashed once: the hasher costs ~1 s of CPU
        boards = [
            Board.objects.create(name=f"Stichting Schaal {n}", place="Utrecht") for n in range(10)
        ]
        schools = School.objects.bulk_create(
            School(name=f"Basisschool Schaal {n}", place="Utrecht", board=boards[n % 10])
            for n in range(count // 4 + 1)
        )
        users = User.objects.bulk_create(
            User(
                email=f"schaal-{n:03d}@example.nl",
                full_name=f"Deelnemer Schaal {n:03d}",
                function=User.Function.INTERNAL_COORDINATOR,
                school=schools[n // 4],
                password=password,
                language="nl",
            )
            for n in range(count)
        )
        group = Group.objects.get(name=Role.PARTICIPANT)
        group.user_set.add(*users)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        store = import_module(settings.SESSION_ENGINE).SessionStore
        people = []
        for n, user in enumerate(users):
            person = {"email": user.email, "id": user.pk, "session": None}
            if n >= logins:
                session = store()
                session[SESSION_KEY] = str(user.pk)
                session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
                session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                session.create()
                person["session"] = session.session_key
            people.append(person)
        return people
