"""The trainer's pages: progress per participant, allocating reviewers, and adding, removing
or moving a plan's reviews with a reason. Trainers of the cohort and coordinators only;
anybody else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from website.errors import ActionRefused
from website.keyed_urls import keyed_url

from .. import allocation
from ..anonymity import Pseudonyms
from ..forms.reviews import ChooseReviewerForm, ReasonForm
from ..models import Review
from ..services import progress as progress_service
from ..services.plans import format_moment
from ..services.reviews import (
    add_review,
    allocate_reviews,
    as_person,
    move_review,
    participant_people,
    remove_review,
)
from .staff import cached_staff_part, plan_in, staff_assignment


@login_required
def progress(request, cohort_id):
    """Every participant's plan and reviews. The screen's own part is cached per person
    until a record it shows changes or one of the dates it depends on passes
    (``cached_staff_part``)."""
    assignment = staff_assignment(request, cohort_id)
    deadlines = []  # the participants' own submission deadlines ("no plan submitted")
    content = cached_staff_part(
        "assignment_progress",
        request,
        assignment,
        lambda token: _render_progress(request, assignment, token, deadlines),
        moments=lambda: deadlines,
    )
    return render(
        request,
        "assignments/progress.html",
        {"assignment": assignment, "cohort": assignment.cohort, "content": content},
    )


def _render_progress(request, assignment, csrf_token, deadlines):
    now = timezone.now()
    rows = progress_service.progress(assignment, request.user, now)
    _add_row_data(rows, keyed_url("assignments:plan_reviews", assignment.cohort_id))
    deadlines.extend(row.deadline for row in rows)
    return render_to_string(
        "assignments/progress_content.html",
        {
            "assignment": assignment,
            "cohort": assignment.cohort,
            "rows": rows,
            "phase": assignment.phase(now),
            "can_allocate": assignment.submission_deadline <= now < assignment.review_deadline,
            "short": [row for row in rows if progress_service.SHORT in row.flags],
            "flag_short": progress_service.SHORT,
            "flag_not_started": progress_service.NOT_STARTED,
            "flag_late": progress_service.LATE,
            "csrf_token": csrf_token,
        },
        request,
    )


def _add_row_data(rows, plan_url):
    """The per row values the template would otherwise compute thirty times: the plan's
    link (one ``reverse()`` for all rows) and the dates as text."""
    for row in rows:
        if row.plan is not None:
            row.plan_url = plan_url(row.plan.pk)
        if row.submitted:
            row.submitted_on = format_moment(row.plan.submitted_at)
        if row.extended:
            row.extended_until = format_moment(row.deadline)


@login_required
@require_POST
def allocate(request, cohort_id):
    assignment = staff_assignment(request, cohort_id)
    try:
        result = allocate_reviews(assignment, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d review allocated.", "%(count)d reviews allocated.", len(result.pairs)
            )
            % {"count": len(result.pairs)},
        )
    return redirect(reverse("assignments:progress", args=[assignment.cohort_id]))


def _eligible_people(plan, exclude_ids=()):
    author = as_person(plan.author, {})
    return [
        user
        for user in participant_people(plan.assignment.cohort)
        if allocation.may_review(as_person(user, {}), author) and user.pk not in exclude_ids
    ]


@login_required
def plan_reviews(request, cohort_id, plan_id):
    """One plan's reviews for the trainer, with forms to add, remove and move them."""
    assignment = staff_assignment(request, cohort_id)
    plan = plan_in(assignment, plan_id)
    reviews = list(plan.reviews.peer().select_related("reviewer").order_by("assigned_at", "pk"))
    active_ids = {r.reviewer_id for r in reviews if r.status != Review.Status.WITHDRAWN}
    people = _eligible_people(plan, active_ids)
    pseudonyms = Pseudonyms(assignment, request.user)
    for item in reviews:
        item.label = pseudonyms.reviewer_name(item)
        item.move_form = ChooseReviewerForm(people=people, prefix=f"move{item.pk}")
        item.remove_form = ReasonForm(prefix=f"remove{item.pk}")
    return render(
        request,
        "assignments/progress_plan.html",
        {
            "assignment": assignment,
            "plan": plan,
            "plan_label": pseudonyms.author_name(plan),
            "reviews": reviews,
            "add_form": ChooseReviewerForm(people=people, prefix="add"),
        },
    )


def _back_to_plan(assignment, plan_id):
    return redirect(reverse("assignments:plan_reviews", args=[assignment.cohort_id, plan_id]))


def _user(people, pk):
    return next((p for p in people if p.pk == pk), None)


@login_required
@require_POST
def add(request, cohort_id, plan_id):
    assignment = staff_assignment(request, cohort_id)
    plan = plan_in(assignment, plan_id)
    people = participant_people(assignment.cohort)
    form = ChooseReviewerForm(request.POST, people=people, prefix="add")
    if not form.is_valid():
        messages.error(request, _("Choose a participant and give a reason."))
    else:
        try:
            add_review(
                plan,
                _user(people, form.cleaned_data["reviewer"]),
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The review has been added."))
    return _back_to_plan(assignment, plan.pk)


def _review_in(assignment, review_id):
    review = get_object_or_404(
        Review.objects.select_related("plan__author__school"),
        pk=review_id,
        plan__assignment=assignment,
        kind=Review.Kind.PEER,
    )
    review.plan.assignment = assignment
    return review


@login_required
@require_POST
def remove(request, cohort_id, review_id):
    assignment = staff_assignment(request, cohort_id)
    review = _review_in(assignment, review_id)
    form = ReasonForm(request.POST, prefix=f"remove{review.pk}")
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
    else:
        try:
            remove_review(review, by=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The review has been removed."))
    return _back_to_plan(assignment, review.plan_id)


@login_required
@require_POST
def move(request, cohort_id, review_id):
    assignment = staff_assignment(request, cohort_id)
    review = _review_in(assignment, review_id)
    people = participant_people(assignment.cohort)
    form = ChooseReviewerForm(request.POST, people=people, prefix=f"move{review.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a participant and give a reason."))
    else:
        try:
            move_review(
                review,
                _user(people, form.cleaned_data["reviewer"]),
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The review has been moved."))
    return _back_to_plan(assignment, review.plan_id)
