"""Demo grading: a finished demo cohort whose final plans are being graded. Idempotent.

``assignments.demo.seed`` calls ``seed_grading(stdout)``. The cohort "Deventer, voorjaar"
ran earlier this year with the demo trainer (trainer@example.nl); its plans are submitted,
peer-reviewed and revised, and the grading shows every state:

- Femke Jansen's grade is released (she logs in with the demo password and reads it);
- Daan Mulder's is ready for release (the trainer or coordinator releases it);
- Yara Bos's score is near the pass mark: it waits for a second marker (the coordinator);
- two plans are still to grade, and day 7's attendance is still to record, so the
  trainer's workspace has something in it.
All people and schools are invented.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from course.demo.registrations import demo_person
from course.models import CohortDay, CohortPage, Registration, TrainingPage
from course.models.pages import COURSE_DAY_COUNT
from course.services.attendance import record_attendance
from website.models import User

from .models import Assignment, Grade, Review
from .services.grading import release_grades, save_marking
from .services.reviews import store_scores

DAY = datetime.timedelta(days=1)
SLUG = "deventer-voorjaar-demo"

PEOPLE = [
    ("femke.jansen@example.nl", "Femke Jansen", "Basisschool De Zonnewijzer", "Deventer"),
    ("daan.mulder@example.nl", "Daan Mulder", "Kindcentrum Het Kompas", "Deventer"),
    ("yara.bos@example.nl", "Yara Bos", "Basisschool De Wilg", "Olst"),
    ("ruben.smit@example.nl", "Ruben Smit", "Openbare Basisschool De Linde", "Bathmen"),
    ("eva.kok@example.nl", "Eva Kok", "Basisschool Sint Jozef", "Wijhe"),
]
BOARD = "Stichting Salland Scholen"
REVISION = (
    "\n\n## Na de feedback\n\nDe evaluatiemomenten staan nu per fase in de planning, en de "
    "afspraken met het sociaal wijkteam zijn concreet gemaakt.\n"
)
FEEDBACK = [
    "Helder onderbouwd en goed verbonden met de eigen school.",
    "Concreet; maak nog zichtbaar wie welke stap zet.",
    "Hier mist nog een evaluatiemoment met het team.",
]


def seed_grading(stdout=None):
    trainer = User.objects.filter(email="trainer@example.nl").first()
    training = TrainingPage.objects.first()
    if trainer is None or training is None:
        return
    from .demo import PLAN_TEXTS, _submitted_plan, seed_rubric

    with transaction.atomic():
        cohort = _finished_cohort(training, trainer)
        people = [
            demo_person(email, name, school, place, BOARD) for email, name, school, place in PEOPLE
        ]
        for person in people:
            Registration.objects.get_or_create(
                cohort=cohort,
                participant=person,
                defaults={"status": Registration.Status.CONFIRMED, "course_fee": cohort.price},
            )
        for day in cohort.days.filter(number__lt=COURSE_DAY_COUNT):
            if not day.attendances.exists():
                record_attendance(day, people, by=trainer)
        assignment = _grading_assignment(cohort)
        seed_rubric(assignment)
        criteria = list(assignment.criteria.prefetch_related("levels").order_by("sort_order"))
        plans = []
        for index, person in enumerate(people):
            plan = _submitted_plan(
                assignment, person, PLAN_TEXTS[index % len(PLAN_TEXTS)], criteria, index
            )
            if not plan.is_revised:
                plan.revised_body = plan.body + REVISION
                plan.revised_at = assignment.revision_deadline - 2 * DAY
                plan.save()
            plans.append(plan)
        _peer_reviews(plans, people, criteria)
    if Grade.objects.filter(plan__in=plans).exists():
        return
    levels = {c.pk: sorted(c.levels.all(), key=lambda level: level.points) for c in criteria}

    def mark(plan, points):
        chosen = {c.pk: levels[c.pk][p] for c, p in zip(criteria, points, strict=False)}
        save_marking(
            plan,
            by=trainer,
            levels=chosen,
            comments={c.pk: FEEDBACK[i % len(FEEDBACK)] for i, c in enumerate(criteria)},
            overall_comment="Een doordacht plan dat past bij de school.",
            submit=True,
        )

    top = [3] * len(criteria)
    mark(plans[0], top)
    release_grades(cohort, by=trainer)
    mark(plans[1], [3, 2, 2, 3, 2][: len(criteria)])
    # Pass mark: half of the maximum; margin 2: this total sits right on it.
    near = [2, 2, 1, 2, 1][: len(criteria)]
    mark(plans[2], near)
    if stdout is not None:
        stdout.write(f"Demo grading ready for {cohort.title}: released, ready, second marking.")


def _finished_cohort(training, trainer):
    cohort = CohortPage.objects.filter(slug=SLUG).first()
    today = timezone.localdate()
    if cohort is None:
        cohort = CohortPage(
            title="Deventer, voorjaar",
            slug=SLUG,
            region="Overijssel",
            place="Deventer",
            capacity=20,
            price=Decimal("2495.00"),
            registration_opens=today - 300 * DAY,
            registration_closes=today - 220 * DAY,
            free_cancellation_until=today - 230 * DAY,
        )
        training.add_child(instance=cohort)
        first_day = today - 200 * DAY
        for number in range(1, COURSE_DAY_COUNT + 1):
            CohortDay.objects.create(
                cohort=cohort,
                number=number,
                date=first_day + (number - 1) * 28 * DAY,
                venue_name="Vergadercentrum De Worp",
                venue_address="Worp 1, Deventer",
            )
        cohort.trainers.add(trainer)
        cohort.save_revision().publish()
    # From the database: a new page's trainers live in memory until then.
    return CohortPage.objects.get(pk=cohort.pk)


def _grading_assignment(cohort):
    """The cohort's assignment (created with it), dated in its grading phase."""
    assignment = Assignment.objects.get(cohort=cohort)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    assignment.title = "Uitvoeringsplan passend onderwijs"
    assignment.dates_follow_course_days = False
    assignment.writing_opens = now - 150 * DAY
    assignment.submission_deadline = now - 60 * DAY
    assignment.review_deadline = now - 45 * DAY
    assignment.revision_deadline = now - 10 * DAY
    assignment.grading_deadline = now + 10 * DAY
    assignment.closes_at = now + 30 * DAY
    assignment.second_marking_margin = 2
    assignment.save()
    return assignment


def _peer_reviews(plans, people, criteria):
    """Each plan reviewed by the next person, so the grading page has peer scores."""
    now = timezone.now()
    for index, plan in enumerate(plans):
        reviewer = people[(index + 1) % len(people)]
        review, created = Review.objects.get_or_create(
            plan=plan,
            reviewer=reviewer,
            kind=Review.Kind.PEER,
            defaults={"status": Review.Status.SUBMITTED, "submitted_at": now - 50 * DAY},
        )
        if created:
            levels = {
                c.pk: sorted(c.levels.all(), key=lambda level: level.points)[(index + n) % 4]
                for n, c in enumerate(criteria)
            }
            store_scores(review, criteria, levels, {c.pk: FEEDBACK[index % 3] for c in criteria})
