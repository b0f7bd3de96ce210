"""What the trainers' screens of the final assignment (grading.py, progress.py) look up
first: the cohort's assignment for its staff, and one plan of it; and the screens' own
part, cached per person."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from course import personal_cache
from course.models import CohortPage
from course.permissions import is_staff_for

from ..models import Assignment, Plan
from ..services.progress import next_moment


def staff_assignment(request, cohort_id):
    """The cohort's assignment if the signed-in user is the cohort's staff (its trainer or
    a coordinator), else 404.

    The cohort comes with its id and title only (the screens show no more; another column
    loads when read): a full cohort page row (Wagtail's columns and the cohort's) costs a
    millisecond or more to build."""
    assignment = get_object_or_404(
        Assignment.objects.annotate(cohort_title=F("cohort__title")), cohort_id=cohort_id
    )
    cohort = CohortPage.unloaded(assignment.cohort_id)
    cohort.title = assignment.cohort_title
    assignment.cohort = cohort
    if not is_staff_for(request.user, cohort):
        raise Http404
    return assignment


def plan_in(assignment, plan_id):
    """The plan ``plan_id`` of ``assignment`` with its author and school, else 404."""
    plan = get_object_or_404(
        Plan.objects.select_related("author__school"), pk=plan_id, assignment=assignment
    )
    plan.assignment = assignment
    return plan


def cached_staff_part(name, request, assignment, render, moments=list):
    """The HTML of ``render(csrf_token)`` (a screen's own part, below the permission check
    of ``staff_assignment``), cached per person by ``personal_cache.cached_html`` under the
    cohort's scope (its places, trainers, allocation, release), its staff scope (plans,
    reviews, markings, grades, extensions, the rubric and the names of the people listed:
    assignments/apps.py), the person's (their roles) and the content's (schools).

    What the part shows depends on the time only through the assignment's dates and the
    ``moments()`` its rendering reports (a participant's own deadline): it is kept until
    the next of them passes."""
    cohort_id = assignment.cohort_id
    return personal_cache.cached_html(
        f"{name}:{cohort_id}",
        request,
        [
            personal_cache.cohort_scope(cohort_id),
            personal_cache.staff_scope(cohort_id),
            personal_cache.user_scope(request.user.pk),
            personal_cache.CONTENT,
        ],
        render,
        timeout=lambda: personal_cache.seconds_until(next_moment(assignment, moments())),
    )
