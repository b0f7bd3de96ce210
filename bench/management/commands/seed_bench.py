"""A larger data set for `make bench`: five years of the training. Safe to run again.

Adds ten cohorts (two per school year), each with seven days, thirty confirmed
participants and a few on the waiting list or cancelled, attendance for past days and a
practice day with host visits, slots and bookings. Makes the demo participant a confirmed
participant of the current cohort, so the participant's pages have content. Everything is
created in bulk; only the cohort pages themselves go through Wagtail's ``add_child``.
Run after ``seed_demo``. The people and host organisations are invented.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from course.models import (
    Attendance,
    CohortDay,
    CohortPage,
    Registration,
    TrainingPage,
)
from course.models.pages import PRACTICE_DAY_NUMBER
from practice_day.models import HostVisit, PracticeDay, VisitBooking, VisitSlot
from website.models import Role, User

YEARS = 5
CONFIRMED_PER_COHORT = 30
WAITING_PER_COHORT = 3
CANCELLED_PER_COHORT = 2
HOSTS_PER_COHORT = 4
PLACES = ["Utrecht", "Zwolle", "Eindhoven", "Groningen", "Rotterdam"]
DEMO_PARTICIPANT = "deelnemer@example.nl"
TRAINER = "trainer@example.nl"


def school_year(today):
    """The calendar year in which the current school year began."""
    year = today.year if today.month >= 8 else today.year - 1
    return year


def cohort_specs(today):
    """Two cohorts per school year, for the last ``YEARS`` school years up to the current."""
    current = school_year(today)
    specs = []
    for offset in range(YEARS - 1, -1, -1):
        year = current - offset
        place = PLACES[offset % len(PLACES)]
        for season, first in (
            ("najaar", datetime.date(year, 9, 15)),
            ("voorjaar", datetime.date(year + 1, 1, 20)),
        ):
            specs.append(
                {
                    "slug": f"bench-{year}-{season}",
                    "title": f"{place}, {season} {first.year}",
                    "place": place,
                    "first_day": first,
                }
            )
    return specs


class Command(BaseCommand):
    help = "Add the larger benchmark data set (ten cohorts of thirty participants)."

    def handle(self, *args, **options):
        training = TrainingPage.objects.first()
        if training is None:
            raise CommandError("Run seed_demo first: there is no training page.")
        today = timezone.localdate()
        participants_group = Group.objects.get(name=Role.PARTICIPANT)
        trainer = User.objects.filter(email=TRAINER).first()
        created = 0
        cohorts = []
        with transaction.atomic():
            for spec in cohort_specs(today):
                cohort, new = self.cohort(training, spec, trainer)
                created += int(new)
                cohorts.append(cohort)
                self.fill(cohort, spec, participants_group, trainer, today)
            self.enrol_demo_participant(cohorts, today)
            for cohort in cohorts:
                self.intervision_groups(cohort)
                self.assignment_plans(cohort)
        self.stdout.write(f"Benchmark data ready: {len(cohorts)} cohorts ({created} new).")

    def cohort(self, training, spec, trainer):
        cohort = CohortPage.objects.child_of(training).filter(slug=spec["slug"]).first()
        if cohort is not None:
            return cohort, False
        first = spec["first_day"]
        cohort = CohortPage(
            slug=spec["slug"],
            title=spec["title"],
            region="Benchmark",
            place=spec["place"],
            capacity=CONFIRMED_PER_COHORT,
            price=Decimal("2495.00"),
            registration_opens=first - datetime.timedelta(days=150),
            registration_closes=first - datetime.timedelta(days=14),
            free_cancellation_until=first - datetime.timedelta(days=30),
        )
        cohort.days = [
            CohortDay(
                number=number,
                sort_order=number,
                date=first + datetime.timedelta(weeks=3 * (number - 1)),
                venue_name=f"Congrescentrum {spec['place']}",
                venue_address=f"Stationsplein {number}, {spec['place']}",
            )
            for number in range(1, 8)
        ]
        cohort.trainers = [trainer] if trainer else []
        training.add_child(instance=cohort)
        cohort.save_revision().publish()
        return cohort, True

    def fill(self, cohort, spec, group, trainer, today):
        if Registration.objects.filter(cohort=cohort).exists():
            return
        total = CONFIRMED_PER_COHORT + WAITING_PER_COHORT + CANCELLED_PER_COHORT
        emails = [f"bench.{spec['slug']}.{n:02d}@example.nl" for n in range(total)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        users = []
        for n, email in enumerate(emails):
            if email in existing:
                continue
            user = User(
                email=email,
                full_name=f"Deelnemer {spec['place']} {n + 1:02d}",
                function=User.Function.INTERNAL_COORDINATOR,
            )
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        people = list(User.objects.filter(email__in=emails).order_by("email"))
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=p.pk, group_id=group.pk) for p in people],
            ignore_conflicts=True,
        )
        statuses = (
            [Registration.Status.CONFIRMED] * CONFIRMED_PER_COHORT
            + [Registration.Status.WAITING_LIST] * WAITING_PER_COHORT
            + [Registration.Status.CANCELLED] * CANCELLED_PER_COHORT
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    cohort=cohort,
                    participant=person,
                    status=status,
                    function=User.Function.INTERNAL_COORDINATOR,
                    school_name=f"Basisschool De Brug {n + 1}",
                    school_place=spec["place"],
                    course_fee=cohort.price,
                    total=cohort.price,
                    terms_accepted_at=timezone.now(),
                )
                for n, (person, status) in enumerate(zip(people, statuses, strict=True))
            ]
        )
        confirmed = people[:CONFIRMED_PER_COHORT]
        now = timezone.now()
        Attendance.objects.bulk_create(
            [
                Attendance(
                    cohort_day=day,
                    participant=person,
                    present=(n + day.number) % 9 != 0,
                    recorded_by=trainer,
                    recorded_at=now,
                )
                for day in cohort.days.filter(date__lt=today)
                for n, person in enumerate(confirmed)
            ],
            ignore_conflicts=True,
        )
        self.practice_day(cohort, spec, confirmed)

    def practice_day(self, cohort, spec, confirmed):
        practice_day, _created = PracticeDay.objects.get_or_create(cohort=cohort)
        day = cohort.days.filter(number=PRACTICE_DAY_NUMBER).first()
        if practice_day.cancellation_deadline is None and day:
            practice_day.cancellation_deadline = day.starts - datetime.timedelta(days=7)
            practice_day.save(update_fields=["cancellation_deadline"])
        if HostVisit.objects.filter(cohort=cohort).exists():
            return
        hosts = HostVisit.objects.bulk_create(
            [
                HostVisit(
                    cohort=cohort,
                    organisation=f"Kindcentrum Het Kompas {n + 1} ({spec['place']})",
                    host_type=HostVisit.HostType.SCHOOL,
                    address=f"Schoolweg {n + 1}, {spec['place']}",
                    theme="Een ondersteuningsroute die iedereen kent",
                    description="De ib'er laat zien hoe het team zorgsignalen oppakt.",
                    contact_name=f"Contactpersoon {n + 1}",
                )
                for n in range(HOSTS_PER_COHORT)
            ]
        )
        if hosts[0].pk is None:  # backends that return no ids from bulk_create
            hosts = list(HostVisit.objects.filter(cohort=cohort).order_by("pk"))
        slots = VisitSlot.objects.bulk_create(
            [
                VisitSlot(
                    host_visit=host,
                    sort_order=n,
                    starts_at=starts,
                    ends_at=ends,
                    capacity=4,
                )
                for host in hosts
                for n, (starts, ends) in enumerate(
                    [
                        (datetime.time(9, 30), datetime.time(11, 30)),
                        (datetime.time(13, 0), datetime.time(15, 0)),
                    ]
                )
            ]
        )
        if slots[0].pk is None:
            slots = list(VisitSlot.objects.filter(host_visit__cohort=cohort).order_by("pk"))
        VisitBooking.objects.bulk_create(
            [
                VisitBooking(slot=slot, participant=person)
                for slot, person in zip(
                    [slot for slot in slots for _place in range(slot.capacity - 1)],
                    confirmed,
                    strict=False,
                )
            ]
        )

    def intervision_groups(self, cohort):
        """Published intervision groups, each with its practice-day session and a shared case."""
        from intervision.models import IntervisionSession
        from intervision.services.cases import create_demo_case
        from intervision.services.groups import publish, suggest

        if not cohort.intervision_groups.exists():
            suggest(cohort)
            publish(cohort)
            for session in IntervisionSession.objects.filter(group__cohort=cohort):
                create_demo_case(session)

    def assignment_plans(self, cohort):
        """A plan for every confirmed participant (submitted, but the demo participant's is
        a draft for the editor) and two peer reviews per plan by the next two in a ring."""
        from assignments.models import Plan, Review
        from assignments.services.plans import plan_template

        assignment = cohort.assignment
        if Plan.objects.filter(assignment=assignment).exists():
            return
        authors = list(
            Registration.objects.confirmed()
            .filter(cohort=cohort)
            .order_by("participant_id")
            .values_list("participant_id", flat=True)
        )
        demo = User.objects.filter(email=DEMO_PARTICIPANT).values_list("pk", flat=True).first()
        now = timezone.now()
        plans = Plan.objects.bulk_create(
            Plan(
                assignment=assignment,
                author_id=author,
                body=plan_template(),
                submitted_at=None if author == demo else now,
            )
            for author in authors
        )
        Review.objects.bulk_create(
            Review(plan=plan, reviewer_id=authors[(index + step) % len(authors)])
            for index, plan in enumerate(plans)
            for step in (1, 2)
            if len(authors) > 2
        )
        # Grading (issue 14): a third of the plans released, a third ready, the rest open.
        from assignments.models import Grade

        states = [Grade.Status.RELEASED, Grade.Status.READY, Grade.Status.NOT_STARTED]
        Grade.objects.bulk_create(
            Grade(
                plan=plan,
                status=states[index % 3],
                score=12 if index % 3 < 2 else None,
                max_score=15 if index % 3 < 2 else None,
                passed=True if index % 3 < 2 else None,
                released_at=now if index % 3 == 0 else None,
            )
            for index, plan in enumerate(plans)
            if plan.submitted_at
        )

    def enrol_demo_participant(self, cohorts, today):
        """A confirmed place in the cohort running now (the latest that has started)."""
        person = User.objects.filter(email=DEMO_PARTICIPANT).first()
        if person is None:
            return
        started = [c for c in cohorts if c.days.order_by("date").first().date <= today]
        cohort = started[-1] if started else cohorts[-1]
        if Registration.objects.active().filter(participant=person, cohort=cohort).exists():
            return
        Registration.objects.create(
            cohort=cohort,
            participant=person,
            status=Registration.Status.CONFIRMED,
            function=person.function,
            school_name=person.school.name if person.school_id else "",
            course_fee=cohort.price,
            total=cohort.price,
            terms_accepted_at=timezone.now(),
        )
