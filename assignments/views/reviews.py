"""Peer review pages for participants: reviews to write, the rubric form beside the plan,
the reviews of one's own plan with their ratings, and the revision with its response table.

Who sees what (assignments.services.reviews): a review page its reviewer and the cohort's
staff; the reviews of a plan its author once the review phase has closed, and the staff;
anybody else a 404. Names of the other side appear only through ``Pseudonyms``.
"""

import zlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from course import personal_cache
from course.models import CohortPage
from course.permissions import is_staff_for
from website.errors import ActionRefused

from ..anonymity import Pseudonyms, plan_ids
from ..forms.reviews import HelpfulnessForm, ResponseFormSet, ReviewForm, RevisionForm
from ..models import CriterionScore, Plan, Review
from ..services.plans import rubric
from ..services.reviews import (
    author_sees_reviews,
    may_revise,
    may_see_review,
    may_write,
    rate_review,
    save_review,
    save_revision,
)


def _review_for(request, review_id):
    """The review if the signed-in user may see it, else 404."""
    review = get_object_or_404(Review.objects.select_related("plan__assignment"), pk=review_id)
    # The reviewer (or the author) is nearly always the signed-in user: no join for them;
    # the staff's page loads the other person when it names them.
    user = request.user
    if review.reviewer_id == user.pk:
        review.reviewer = user
    if review.plan.author_id == user.pk:
        review.plan.author = user
    # The cohort is needed only to check who is staff: its columns load when read.
    assignment = review.plan.assignment
    assignment.cohort = CohortPage.unloaded(assignment.cohort_id)
    if not may_see_review(request.user, review):
        raise Http404
    return review


def _own_submitted_plan(request, plan_id):
    return get_object_or_404(
        Plan.objects.select_related("assignment__cohort", "author"),
        pk=plan_id,
        author=request.user,
        submitted_at__isnull=False,
    )


@login_required
def my_reviews(request):
    """The participant's peer review overview: reviews to write and feedback received."""
    user = request.user
    to_write = list(
        Review.objects.peer()
        .active()
        .by_reviewer(user)
        .select_related("plan__assignment__cohort")
        .order_by("plan__assignment__review_deadline", "pk")
    )
    plans = list(Plan.objects.for_author(user).submitted().select_related("assignment__cohort"))
    pseudonyms = {}
    for review in to_write:
        assignment = review.plan.assignment
        if assignment.pk not in pseudonyms:
            pseudonyms[assignment.pk] = Pseudonyms(assignment, user)
        review.plan_label = pseudonyms[assignment.pk].plan_label(review.plan)
        review.can_write = may_write(review, user)
    now = timezone.now()
    for plan in plans:
        plan.reviews_open = author_sees_reviews(plan, now)
        plan.can_revise = may_revise(plan, user, now)
    return render(request, "assignments/review_list.html", {"to_write": to_write, "plans": plans})


@login_required
def review(request, review_id):
    """The rubric form beside the plan; read-only once submitted or for staff.

    The reviewer's page on a GET is kept per person (``_kept_review``)."""
    review = _review_for(request, review_id)
    plan = review.plan
    assignment = plan.assignment
    writable = may_write(review, request.user)
    form = None
    if writable and request.method == "POST":
        form = _review_form(request, review)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                save_review(
                    review,
                    by=request.user,
                    levels=form.levels(),
                    comments=form.comments(),
                    overall_comment=form.cleaned_data["overall_comment"],
                    submit=submit,
                )
            except ActionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Your review has been submitted.")
                    if submit
                    else _("Your draft has been saved."),
                )
                return redirect(reverse("assignments:review", args=[review.pk]))
    elif request.method == "POST":
        messages.error(request, _("This review can no longer be changed."))
        return redirect(reverse("assignments:review", args=[review.pk]))
    pseudonyms = Pseudonyms(assignment, request.user, plan_ids=plan_ids(assignment, request))
    plan_label = pseudonyms.author_name(plan)

    def render_part(csrf_token=None):
        shown = form if form is not None else _review_form(request, review) if writable else None
        if shown is None:
            _load_scores(review)
        context = {
            "review": review,
            "plan": plan,
            "assignment": assignment,
            "form": shown,
            "scores": list(review.scores.all()),
            "plan_label": plan_label,
            "reviewer_label": pseudonyms.reviewer_name(review),
            "attachment_name": pseudonyms.attachment_filename(plan) if plan.attachment else "",
            "is_staff": pseudonyms.sees_names and is_staff_for(request.user, assignment.cohort),
        }
        if csrf_token is not None:
            context["csrf_token"] = csrf_token
        return render_to_string("assignments/_review.html", context, request)

    if form is None and review.reviewer_id == request.user.pk:
        content = _kept_review(request, review, plan_label, writable, render_part)
    else:
        # The answers of a POST with errors, and the staff's view, are never kept.
        content = mark_safe(render_part())  # noqa: S308 - our template, autoescaped there
    return render(
        request,
        "assignments/review_form.html",
        {"content": content, "plan_label": plan_label},
    )


def _load_scores(review):
    """The review's scores, once, for the form and the read-only view alike (a review not
    begun has none)."""
    scores = None if review.has_scores else CriterionScore.objects.none()
    prefetch_related_objects([review], Prefetch("scores", scores))


def _review_form(request, review):
    _load_scores(review)
    criteria = rubric(review.plan.assignment, request)
    return ReviewForm(request.POST or None, criteria=criteria, review=review)


def _kept_review(request, review, plan_label, writable, render_part):
    """The reviewer's page for a GET, kept per person (``personal_cache.cached_html``, each
    request's own CSRF token put in) until the review or its scores (the reviewer's scope),
    the plan (its author's), the assignment or its rubric (the cohort's) or the content
    change; and no longer than until the review deadline while the form is open. The plan's
    pseudonym and whether the form is open are in the name."""
    assignment = review.plan.assignment
    label = zlib.crc32(plan_label.encode())
    return personal_cache.cached_html(
        f"peer_review:{review.pk}:{writable:d}:{label:x}",
        request,
        [
            personal_cache.user_scope(review.reviewer_id),
            personal_cache.user_scope(review.plan.author_id),
            personal_cache.cohort_scope(assignment.cohort_id),
            personal_cache.CONTENT,
        ],
        render_part,
        timeout=lambda: personal_cache.seconds_until(
            assignment.review_deadline if writable else None
        ),
    )


@login_required
def attachment(request, review_id):
    """The plan's attachment for its reviewer, under a neutral name and never inline."""
    review = _review_for(request, review_id)
    plan = review.plan
    if not plan.attachment:
        raise Http404
    pseudonyms = Pseudonyms(plan.assignment, request.user)
    response = FileResponse(
        plan.attachment.open("rb"),
        as_attachment=True,
        filename=pseudonyms.attachment_filename(plan),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def received(request, plan_id):
    """The author reads the reviews of their plan once the review phase has closed."""
    plan = _own_submitted_plan(request, plan_id)
    if not author_sees_reviews(plan):
        raise Http404
    reviews = list(
        plan.reviews.peer().submitted().prefetch_related("scores").order_by("submitted_at", "pk")
    )
    pseudonyms = Pseudonyms(plan.assignment, request.user)
    for item in reviews:
        item.label = pseudonyms.reviewer_name(item)
        item.rating_form = HelpfulnessForm(
            initial={"helpfulness": item.helpfulness, "reason": item.helpfulness_reason},
            prefix=f"r{item.pk}",
        )
    return render(
        request,
        "assignments/review_received.html",
        {
            "plan": plan,
            "assignment": plan.assignment,
            "reviews": reviews,
            "plan_label": pseudonyms.plan_label(plan),
            "can_revise": may_revise(plan, request.user),
        },
    )


@login_required
@require_POST
def rate(request, review_id):
    review = get_object_or_404(
        Review.objects.select_related("plan__assignment"), pk=review_id, plan__author=request.user
    )
    form = HelpfulnessForm(request.POST, prefix=f"r{review.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5."))
    else:
        try:
            rate_review(
                review,
                by=request.user,
                helpfulness=form.cleaned_data["helpfulness"],
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as error:
            if error.code == "not_allowed":
                raise Http404 from error
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your rating."))
    return redirect(reverse("assignments:received", args=[review.plan_id]) + f"#review-{review.pk}")


@login_required
def revision(request, plan_id):
    """The revised plan and the response table: each point of feedback, accepted or not, why."""
    plan = _own_submitted_plan(request, plan_id)
    if not author_sees_reviews(plan):
        raise Http404
    reviews = list(plan.reviews.peer().submitted().order_by("submitted_at", "pk"))
    pseudonyms = Pseudonyms(plan.assignment, request.user)
    choices = [(r.pk, pseudonyms.reviewer_name(r)) for r in reviews]
    reviews_by_id = {r.pk: r for r in reviews}
    can_revise = may_revise(plan, request.user)
    initial_rows = [
        {
            "review": row.review_id,
            "point": row.point,
            "accepted": "yes" if row.accepted else "no",
            "why": row.why,
        }
        for row in plan.responses.all()
    ]
    data = request.POST if request.method == "POST" and can_revise else None
    form = RevisionForm(data, initial={"revised_body": plan.revised_body or plan.body})
    formset = ResponseFormSet(
        data, initial=initial_rows, prefix="responses", form_kwargs={"review_choices": choices}
    )
    if data is not None:
        if form.is_valid() and formset.is_valid():
            submit = "submit" in request.POST
            try:
                save_revision(
                    plan,
                    by=request.user,
                    revised_body=form.cleaned_data["revised_body"],
                    responses=formset.rows(reviews_by_id),
                    submit=submit,
                )
            except ActionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Your revised plan has been submitted.")
                    if submit
                    else _("Your revision has been saved."),
                )
                return redirect(reverse("assignments:revision", args=[plan.pk]))
        else:
            messages.error(request, _("Please correct the errors below."))
    elif request.method == "POST":
        messages.error(request, _("This plan cannot be revised now."))
        return redirect(reverse("assignments:revision", args=[plan.pk]))
    responses = list(plan.responses.all())
    for row in responses:
        row.label = dict(choices).get(row.review_id, "")
    return render(
        request,
        "assignments/revision_form.html",
        {
            "plan": plan,
            "assignment": plan.assignment,
            "form": form,
            "formset": formset,
            "can_revise": can_revise,
            "responses": responses,
        },
    )
