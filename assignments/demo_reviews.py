"""Demo peer reviews for an assignment in its review phase. Safe to run again and again.

``assignments.demo`` (the app's demo module) calls ``seed_reviews(assignment, stdout)``
after it has created the demo plans and rubric, so the demo logins show every step: a
review still to write, a draft, submitted reviews with levels and comments.
"""

from django.utils import timezone

from website.errors import ActionRefused

from .models import CriterionScore, Review
from .services.reviews import allocate_reviews

DEMO_COMMENTS = [
    "De onderwijsbehoeften zijn concreet beschreven; maak nog zichtbaar wie welke stap "
    "in de ondersteuningsroute zet.",
    "Sterk dat u het netwerk rond de school in kaart brengt. Welke afspraken maakt u met "
    "het sociaal wijkteam?",
    "De planning is helder. Voeg per fase een moment van evaluatie toe met het team.",
]


def seed_reviews(assignment, stdout=None):
    """Allocate the demo cohort's reviewers and fill in about half of the reviews.

    Does nothing outside the review phase. Reviews already written are left alone.
    """
    now = timezone.now()
    try:
        allocate_reviews(assignment, now=now)
    except ActionRefused:
        return
    criteria = list(assignment.criteria.prefetch_related("levels"))
    reviews = list(
        Review.objects.filter(plan__assignment=assignment, kind=Review.Kind.PEER)
        .active()
        .order_by("pk")
    )
    written = 0
    for index, review in enumerate(reviews):
        if review.status != Review.Status.ASSIGNED or index % 2:
            continue  # every other review stays to be written by the demo logins
        submit = index % 4 == 0
        review.scores.all().delete()
        for number, criterion in enumerate(criteria):
            levels = list(criterion.levels.all())
            if not levels:
                continue
            level = levels[min(len(levels) - 1, 1 + (index + number) % 2)]
            CriterionScore.snapshot(
                review, criterion, level, DEMO_COMMENTS[(index + number) % len(DEMO_COMMENTS)]
            ).save()
        review.overall_comment = DEMO_COMMENTS[index % len(DEMO_COMMENTS)]
        review.status = Review.Status.SUBMITTED if submit else Review.Status.DRAFT
        review.submitted_at = now if submit else None
        review.save()
        written += 1
    if stdout is not None:
        stdout.write(f"Peer reviews: {len(reviews)} allocated, {written} filled in.")
