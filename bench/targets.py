"""The pages `make bench` measures (see bench/management/commands/bench_targets.py).

Each function returns a list of ``{"name", "url", "kind", "cookie"?, "headers"?,
"budget"?}``; ``kind`` is "public" (measured anonymously, default budget: half the
floor's throughput) or "logged_in" (measured with the given session cookie, default
budget: p99 under 100 ms). ``budget`` overrides the default (scripts/bench.py): issue 16's
budgets for the participant pages and the admin registrations listing, and the single
client latency of a public page rendered without the page cache.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from course.models import CohortPage, CourseDayPage, Registration, TrainingPage

# Issue 16: every page a participant uses at least a tenth of the floor's req/s and p99
# under 100 ms; the coordinator's registrations listing at least 0.04 of the floor.
PARTICIPANT_BUDGET = {"min_ratio": 0.10, "max_p99_ms": 100.0}
ADMIN_LISTING_BUDGET = {"min_ratio": 0.04}
# The first visitor after a content change: the page rendered, not served from the page
# cache; one client, p50.
UNCACHED_PUBLIC_BUDGET = {"max_c1_p50_ms": 6.0}
# Honoured by website.page_cache only while `make bench` runs (DJANGO_BENCH_FLOOR).
SKIP_PAGE_CACHE = {"X-Bench-Skip-Page-Cache": "1"}


def _open_cohort():
    return (
        CohortPage.objects.live()
        .filter(is_closed=False, registration_closes__gte=timezone.localdate())
        .order_by("registration_closes")
        .first()
    )


def _participant_cohort(user):
    """The latest cohort in which ``user`` has a confirmed place."""
    registration = (
        Registration.objects.confirmed()
        .filter(participant=user, cohort__live=True)
        .select_related("cohort")
        .order_by("-cohort__registration_closes")
        .first()
    )
    return registration.cohort if registration else None


def _largest_cohort():
    """The cohort with the most registrations: the heaviest page of its kind."""
    from django.db.models import Count

    return (
        CohortPage.objects.live()
        .annotate(size=Count("registrations"))
        .order_by("-size", "pk")
        .first()
    )


def public_targets():
    targets = []
    training = TrainingPage.objects.live().first()
    if training:
        targets.append({"name": "training page", "url": training.url, "kind": "public"})
    day = CourseDayPage.objects.live().order_by("number").first()
    if day:
        targets.append({"name": "course-day page", "url": day.url, "kind": "public"})
    cohort = _largest_cohort()
    if cohort:
        targets.append({"name": "cohort page", "url": cohort.url, "kind": "public"})
    if training:
        targets.append(
            {
                "name": "training page without the page cache",
                "url": training.url,
                "kind": "public",
                "headers": SKIP_PAGE_CACHE,
                "budget": UNCACHED_PUBLIC_BUDGET,
            }
        )
    return targets


def participant_targets(user, cookie):
    targets = []
    open_cohort = _open_cohort()
    if open_cohort:
        # The registration form asks for a login, so it is measured as the participant.
        targets.append(
            {
                "name": "registration form",
                "url": reverse("registration:register", args=[open_cohort.pk]),
                "kind": "logged_in",
                "cookie": cookie,
            }
        )
    cohort = _participant_cohort(user)
    if cohort:
        targets.append(
            {
                "name": "practice-day booking",
                "url": reverse("visits:practice_day", args=[cohort.pk]),
                "kind": "logged_in",
                "cookie": cookie,
            }
        )
    targets += _intervision_targets(user, cookie)
    targets += _assignment_targets(user, cohort, cookie)
    targets.append(
        {
            "name": "Mijn opleiding (participant)",
            "url": reverse("course:dashboard"),
            "kind": "logged_in",
            "cookie": cookie,
        }
    )
    return [{**target, "budget": PARTICIPANT_BUDGET} for target in targets]


def _intervision_targets(user, cookie):
    """The participant's intervision group, its first session, that session's guide and a
    shared case of the group."""
    from intervision.models import Case
    from intervision.services.groups import own_groups, sessions_of_groups

    group = own_groups(user).first()
    if group is None:
        return []
    targets = [("intervision group", reverse("intervision:group", args=[group.pk]))]
    session = sessions_of_groups([group]).first()
    if session:
        targets += [
            ("intervision session", reverse("intervision:session", args=[session.pk])),
            ("intervision session guide", reverse("intervision:session_guide", args=[session.pk])),
        ]
    case = Case.objects.filter(session__group=group, shared_at__isnull=False).first()
    if case:
        targets.append(("intervision case", reverse("intervision:case", args=[case.session_id])))
    return [
        {"name": name, "url": url, "kind": "logged_in", "cookie": cookie} for name, url in targets
    ]


def _assignment_targets(user, cohort, cookie):
    """The participant's plan editor in their cohort and one peer review they write."""
    from assignments.models import Review

    targets = []
    if cohort is not None:
        targets.append(("plan editor", reverse("assignments:plan", args=[cohort.pk])))
    review = Review.objects.peer().active().by_reviewer(user).order_by("pk").first()
    if review is not None:
        targets.append(("peer review form", reverse("assignments:review", args=[review.pk])))
    return [
        {"name": name, "url": url, "kind": "logged_in", "cookie": cookie} for name, url in targets
    ]


def coordinator_targets(user, cookie):
    cohort = _largest_cohort()
    if cohort is None:
        return []
    url = reverse("registrations:index") + "?" + urlencode({"cohort": cohort.pk})
    return [
        {
            "name": "admin registrations (one cohort)",
            "url": url,
            "kind": "logged_in",
            "cookie": cookie,
            "budget": ADMIN_LISTING_BUDGET,
        },
        {
            "name": "intervision groups (trainer screen, one cohort)",
            "url": reverse("intervision:cohort_groups", args=[cohort.pk]),
            "kind": "logged_in",
            "cookie": cookie,
        },
        {
            "name": "assignment progress (trainer screen, one cohort)",
            "url": reverse("assignments:progress", args=[cohort.pk]),
            "kind": "logged_in",
            "cookie": cookie,
        },
        *_grading_targets(cohort, cookie),
    ]


def _grading_targets(cohort, cookie):
    """The grading list of one cohort, the grading page of its first plan, and the
    workspace (as a coordinator: every running and recent cohort)."""
    from assignments.models import Plan

    targets = [
        ("grading list (one cohort)", reverse("assignments:grading", args=[cohort.pk])),
        ("trainer's workspace (coordinator)", reverse("course:workspace")),
    ]
    plan = Plan.objects.filter(assignment__cohort=cohort).submitted().order_by("pk").first()
    if plan is not None:
        url = reverse("assignments:grade_plan", args=[cohort.pk, plan.pk])
        targets.append(("grading page (one plan)", url))
    return [
        {"name": name, "url": url, "kind": "logged_in", "cookie": cookie} for name, url in targets
    ]
