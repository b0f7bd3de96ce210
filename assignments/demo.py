"""Demo data for the final assignment, run by ``manage.py seed_demo`` after the course's.

The demo cohort's assignment is in the peer-review phase, with a rubric of five criteria
and submitted plans (with self-assessments) of the demo participants. The demo director
(directeur@example.nl) has an extension and a draft that the privacy check still stops,
so that login shows writing, autosave, the privacy check and submitting. Idempotent; the
plans and the people are invented.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from course.demo.registrations import demo_cohort

from .demo_grading import seed_grading
from .demo_reviews import seed_reviews
from .models import (
    Assignment,
    CriterionScore,
    DeadlineExtension,
    Plan,
    PlanVersion,
    Review,
    RubricCriterion,
    RubricLevel,
)
from .services.plans import plan_template

DAY = datetime.timedelta(days=1)
DIRECTOR_EMAIL = "directeur@example.nl"

LEVELS = [("Onvoldoende", 0), ("In ontwikkeling", 1), ("Voldoende", 2), ("Goed", 3)]

# (criterion, description, what each level means)
RUBRIC = [
    (
        "Analyse van de eigen school",
        "Het plan vertrekt vanuit een onderbouwde analyse van de ondersteuningsbehoeften.",
        [
            "Geen of nauwelijks analyse.",
            "Een analyse zonder bronnen of cijfers.",
            "Een analyse met bronnen; de conclusies volgen eruit.",
            "Een scherpe analyse waarin team en ouders zijn gehoord.",
        ],
    ),
    (
        "Ondersteuningsroute en rol van de leraar",
        "Wie doet wat, van signaal tot arrangement, en hoe wordt de leraar versterkt?",
        [
            "De route ontbreekt.",
            "De route is beschreven, de rol van de leraar niet.",
            "Route en rol van de leraar zijn helder.",
            "Helder, met concrete ondersteuning van leraren op groepsniveau.",
        ],
    ),
    (
        "Samenwerking met het netwerk",
        "Samenwerkingsverband, jeugdhulp en andere partners komen op tijd in beeld.",
        [
            "Partners worden niet genoemd.",
            "Partners worden genoemd zonder afspraken.",
            "Afspraken met partners zijn beschreven.",
            "Afspraken zijn concreet en al met partners besproken.",
        ],
    ),
    (
        "Privacy en zorgvuldigheid",
        "Het plan gaat zorgvuldig om met gegevens over leerlingen en ouders.",
        [
            "Privacy komt niet aan bod.",
            "Privacy wordt genoemd, maar niet uitgewerkt.",
            "Wat wordt vastgelegd en wie het ziet, is geregeld.",
            "Geregeld, met toestemming van ouders en bewaartermijnen.",
        ],
    ),
    (
        "Planning, leiderschap en evaluatie",
        "Stappen, verantwoordelijken, draagvlak en een manier om te zien of het werkt.",
        [
            "Geen planning.",
            "Een planning zonder evaluatie.",
            "Planning met evaluatiemomenten.",
            "Planning, evaluatie en een aanpak voor draagvlak in het team.",
        ],
    ),
]

PLAN_TEXTS = [
    "## Onderwijsbehoeften en ondersteuningsroute\n\nOnze school ziet steeds meer leerlingen "
    "met taalachterstand. De route van signaal tot aanpak duurt nu zes weken; ik wil die "
    "terugbrengen tot twee weken met een vaste groepsbespreking per maand.\n\n"
    "## De rol van de leraar\n\nLeraren stellen zelf de hulpvraag op groepsniveau op; ik "
    "coach hen daarbij met een kort format.\n\n## Netwerk\n\nMet het samenwerkingsverband "
    "spreken we een vast consultatie-uur per maand af.\n\n## Privacy\n\nIn het dossier komen "
    "alleen feiten en afspraken; ouders lezen mee.\n\n## Leiderschap en verandering\n\nDe "
    "directeur opent elke studiedag met de stand van zaken.\n\n## Planning en evaluatie\n\n"
    "- september: format groepsbespreking\n- januari: eerste evaluatie met het team\n"
    "- juni: evaluatie met ouders en samenwerkingsverband\n",
    "## Onderwijsbehoeften en ondersteuningsroute\n\nIn de bovenbouw lopen leerlingen vast "
    "op plannen en organiseren. De ondersteuningsroute is op papier helder, maar leraren "
    "weten niet wanneer zij de ib'er inschakelen.\n\n## De rol van de leraar\n\nWe maken "
    "een kaart 'wanneer schakel ik wie in' en oefenen die in drie teamvergaderingen.\n\n"
    "## Netwerk\n\nDe schoolmaatschappelijk werker sluit aan bij de groepsbesprekingen.\n\n"
    "## Privacy\n\nWe gebruiken geen namen in teamvergaderingen, alleen initialen op het "
    "whiteboard en die wissen we na afloop.\n\n## Leiderschap en verandering\n\nIk neem "
    "twee enthousiaste leraren mee als kartrekkers.\n\n## Planning en evaluatie\n\nNa elk "
    "kwartaal kijken we hoe vaak de kaart is gebruikt en wat leraren ervan vinden.\n",
    "## Onderwijsbehoeften en ondersteuningsroute\n\nOnze school wil thuiszitters "
    "voorkomen. We signaleren verzuim nu te laat.\n\n## De rol van de leraar\n\nLeraren "
    "melden twee keer afwezig zonder bericht direct bij mij.\n\n## Netwerk\n\nMet de "
    "leerplichtambtenaar en het wijkteam maken we een vaste werkwijze.\n\n## Privacy\n\n"
    "Verzuimgegevens deel ik alleen met wie ze voor de aanpak nodig heeft.\n\n"
    "## Leiderschap en verandering\n\nHet MT bespreekt het verzuim elke maand.\n\n"
    "## Planning en evaluatie\n\nWe tellen het aantal leerlingen dat langer dan een week "
    "verzuimt, nu en over een jaar.\n",
]

DIRECTOR_DRAFT = (
    "## Onderwijsbehoeften en ondersteuningsroute\n\nIk begin bij de leerling die in groep 5 "
    "vastliep (geboren 12-03-2016). Zijn moeder is bereikbaar op 06-12345678.\n\n"
)


def seed(stdout=None):
    """Create or update the demo cohort's assignment, rubric and plans."""
    cohort = demo_cohort()
    if cohort is None:
        return None
    with transaction.atomic():
        assignment = seed_assignment(cohort)
        seed_rubric(assignment)
        count = seed_plans(assignment)
    if stdout:
        stdout.write(
            f"Demo assignment ready for {cohort.title}: peer review, {count} submitted plans."
        )
    # Reviewers allocated and about half of the reviews written, so the demo logins see
    # peer review at work (its own transaction and lock: services/reviews.py).
    seed_reviews(assignment, stdout)
    seed_presentation(cohort, stdout)
    # A finished cohort whose plans are being graded (issue 14): assignments/demo_grading.py.
    seed_grading(stdout)
    return assignment


def seed_assignment(cohort):
    """The cohort's assignment, its dates moved so that peer review runs now."""
    assignment = Assignment.objects.filter(cohort=cohort).first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    dates = {
        "writing_opens": now - 30 * DAY,
        "submission_deadline": now - 2 * DAY,
        "review_deadline": now + 12 * DAY,
        "revision_deadline": now + 19 * DAY,
        "grading_deadline": now + 26 * DAY,
        "closes_at": now + 33 * DAY,
    }
    fields = {
        "title": "Uitvoeringsplan passend onderwijs",
        "instructions": (
            "Schrijf hoe u passend onderwijs in uw eigen school verder brengt. Volg de "
            "kopjes van het sjabloon; ze sluiten aan bij de lesdagen."
        ),
        "dates_follow_course_days": False,
        **dates,
    }
    if assignment is None:
        return Assignment.objects.create(cohort=cohort, **fields)
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.save()
    return assignment


def seed_rubric(assignment):
    if assignment.criteria.exists():
        return
    for order, (title, description, level_texts) in enumerate(RUBRIC):
        criterion = RubricCriterion.objects.create(
            assignment=assignment, title=title, description=description, sort_order=order
        )
        for (label, points), text in zip(LEVELS, level_texts, strict=True):
            RubricLevel.objects.create(
                criterion=criterion,
                label=label,
                description=text,
                points=points,
                sort_order=points,
            )


def seed_plans(assignment):
    """Submitted plans with self-assessments for the participants; the director's draft."""
    participants = list(assignment.cohort.participants().order_by("pk"))
    criteria = list(assignment.criteria.prefetch_related("levels").order_by("sort_order"))
    submitted = 0
    for index, person in enumerate(participants):
        if person.email == DIRECTOR_EMAIL:
            _director_draft(assignment, person)
            continue
        _submitted_plan(assignment, person, PLAN_TEXTS[index % len(PLAN_TEXTS)], criteria, index)
        submitted += 1
    return submitted


def _submitted_plan(assignment, person, body, criteria, index):
    plan, created = Plan.objects.get_or_create(
        assignment=assignment, author=person, defaults={"body": body}
    )
    if plan.is_submitted:
        return plan
    moment = assignment.submission_deadline - (3 + index) * DAY
    plan.body = body
    plan.submitted_at = moment
    plan.save()
    for number, kind in ((1, PlanVersion.Kind.SAVE), (2, PlanVersion.Kind.SUBMITTED)):
        PlanVersion.objects.get_or_create(
            plan=plan,
            number=number,
            defaults={"body": body, "kind": kind, "created_at": moment, "updated_at": moment},
        )
    review = Review.objects.create(
        plan=plan,
        reviewer=person,
        kind=Review.Kind.SELF,
        status=Review.Status.SUBMITTED,
        assigned_at=moment,
        submitted_at=moment,
    )
    for offset, criterion in enumerate(criteria):
        levels = sorted(criterion.levels.all(), key=lambda level: level.points)
        level = levels[min(len(levels) - 1, 1 + (index + offset) % (len(levels) - 1))]
        CriterionScore.snapshot(review, criterion, level).save()
    return plan


def _director_draft(assignment, person):
    DeadlineExtension.objects.get_or_create(
        assignment=assignment,
        participant=person,
        defaults={
            "submission_deadline": timezone.now() + 5 * DAY,
            "reason": "Demo: later ingestroomd, schrijft nog.",
            "granted_by": assignment.cohort.trainers.first(),
        },
    )
    plan, created = Plan.objects.get_or_create(
        assignment=assignment,
        author=person,
        defaults={"body": DIRECTOR_DRAFT + plan_template().split("\n\n", 2)[2]},
    )
    if created:
        PlanVersion.objects.create(plan=plan, number=1, body=plan.body, kind=PlanVersion.Kind.SAVE)
    return plan


# --- Presentation day (issue 14) ---------------------------------------------------------

GUEST_EMAIL = "m.bakker@example.nl"
GUEST_HOST = "sanne.kuipers@example.nl"


def seed_presentation(cohort, stdout=None):
    """Two rooms on day 7, a generated and published schedule (nobody mailed), and one
    guest (a school director) invited by a participant with a submitted plan. The guest's
    link is new on every run (only its hash is stored), so the seed prints it."""
    from website.errors import ActionRefused

    from .models import PresentationGuest, PresentationRoom
    from .services import presentation

    if presentation.cohort_day(cohort) is None:
        return
    day = presentation.presentation_day_for(cohort)
    trainers = list(cohort.trainers.order_by("pk"))
    for number, name in enumerate(("Zaal Noord", "Zaal Zuid")):
        trainer = trainers[number] if number < len(trainers) else None
        PresentationRoom.objects.update_or_create(day=day, name=name, defaults={"trainer": trainer})
    try:
        presentation.generate_schedule(cohort, by=None)
        presentation.publish_schedule(cohort, by=None, notify=False)
    except ActionRefused as error:
        if stdout:
            stdout.write(f"Demo presentation schedule not generated: {error}")
        return
    host = cohort.participants().filter(email=GUEST_HOST).first()
    if host is None:
        return
    token, token_hash = presentation.new_link_token()
    guest = PresentationGuest.objects.filter(cohort=cohort, participant=host, email=GUEST_EMAIL)
    if not guest.update(token_hash=token_hash, revoked_at=None):
        PresentationGuest.objects.create(
            cohort=cohort,
            participant=host,
            name="Marieke Bakker",
            email=GUEST_EMAIL,
            role=PresentationGuest.Role.DIRECTOR,
            token_hash=token_hash,
        )
    if stdout:
        stdout.write(
            f"Demo presentation day ready: {day.slots.count()} presentations; the guest link "
            f"of {GUEST_EMAIL} (for {host.full_name}): {presentation.guest_url(token)}"
        )
