"""Grading pages. The cohort's list, one plan's grading (with the comparison and settling),
the bulk release and the CSV are for the cohort's trainers and coordinators
(``services.grading.may_grade``; anybody else a 404). The participant's own released grade
is for its author only, and a 404 until it is released.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.errors import ActionRefused
from website.keyed_urls import keyed_url

from ..forms.grading import ReopenForm, SettleForm
from ..forms.reviews import ReviewForm
from ..models import Grade, Plan, Review
from ..services import grading
from ..services.plans import rubric
from .staff import cached_staff_part, plan_in, staff_assignment


def _grading_url(assignment, plan=None):
    if plan is None:
        return reverse("assignments:grading", args=[assignment.cohort_id])
    return reverse("assignments:grade_plan", args=[assignment.cohort_id, plan.pk])


@login_required
def grading_list(request, cohort_id):
    """The cohort's plans with their grading state, and the bulk release. The list is
    cached per person until a record it shows changes or the revision deadline (which
    makes plans gradable) passes (``cached_staff_part``)."""
    assignment = staff_assignment(request, cohort_id)
    content = cached_staff_part(
        "assignment_grading",
        request,
        assignment,
        lambda token: _render_grading_list(request, assignment, token),
    )
    return render(
        request,
        "assignments/grading/list.html",
        {"assignment": assignment, "cohort": assignment.cohort, "content": content},
    )


def _render_grading_list(request, assignment, csrf_token):
    rows = grading.grading_rows(assignment)
    _add_row_data(rows, request.user, keyed_url("assignments:grade_plan", assignment.cohort_id))
    counts = grading.status_counts(rows)
    return render_to_string(
        "assignments/grading/list_content.html",
        {
            "assignment": assignment,
            "cohort": assignment.cohort,
            "rows": rows,
            "ready_count": counts[Grade.Status.READY],
            "released_count": counts[Grade.Status.RELEASED],
            "may_release": grading.may_release(request.user, assignment.cohort),
            "Status": Grade.Status,
            "csrf_token": csrf_token,
        },
        request,
    )


def _add_row_data(rows, user, plan_url):
    """Per row: whether ``user`` may see the score yet, and the link to a gradable plan
    (one ``reverse()`` for all rows)."""
    for row in rows:
        row.show_score = row.grade is not None and row.grade.first_marking_visible_to(user)
        if row.gradable:
            row.plan_url = plan_url(row.plan.pk)


@login_required
def grade_plan(request, cohort_id, plan_id):
    """One plan: the final text, the marker's rubric form beside the self-assessment and
    the peer scores (with the divergence warnings), and settling a disagreement. Shown
    (GET) it is cached per person until a record it shows changes or a date passes
    (``cached_staff_part``); a POST (the marker's form, maybe with errors) is not."""
    assignment = staff_assignment(request, cohort_id)
    plan = plan_in(assignment, plan_id)
    if request.method == "POST":
        context = _grading_context(request, assignment, plan)
        if isinstance(context, HttpResponse):
            return context
        content = render_to_string("assignments/grading/plan_content.html", context, request)
    else:
        content = cached_staff_part(
            f"assignment_grade_plan:{plan.pk}",
            request,
            assignment,
            lambda token: render_to_string(
                "assignments/grading/plan_content.html",
                {**_grading_context(request, assignment, plan), "csrf_token": token},
                request,
            ),
        )
    return render(request, "assignments/grading/plan.html", {"plan": plan, "content": content})


def _grading_context(request, assignment, plan):
    """The grading page's context, or the redirect after its form was posted."""
    criteria = rubric(assignment, request)
    grade = Grade.objects.filter(plan=plan).select_related(
        "first_marker", "second_marker", "settled_by", "released_by"
    ).first() or Grade(plan=plan)
    reviews = grading.plan_reviews(plan)
    marks = grading.markings(plan, reviews)
    own = next((m for m in marks if m.reviewer_id == request.user.pk), None)
    first = next((m for m in marks if m.reviewer_id == grade.first_marker_id), None)
    second = next((m for m in marks if m.reviewer_id == grade.second_marker_id), None)
    role = grading.marking_role(grade, request.user)
    form = None
    if role is not None and grading.is_gradable(plan):
        form = ReviewForm(request.POST or None, criteria=criteria, review=own)
        if request.method == "POST" and form.is_valid():
            submit = "complete" in request.POST
            try:
                grade = grading.save_marking(
                    plan,
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
                    _("Grading completed: %(status)s.") % {"status": grade.get_status_display()}
                    if submit
                    else _("Grading saved as a draft."),
                )
                return redirect(_grading_url(assignment, plan))
    elif request.method == "POST":
        messages.error(request, _("This grading cannot be changed by you now."))
        return redirect(_grading_url(assignment, plan))
    sees_first = grade.first_marking_visible_to(request.user)
    shown = own if own is not None else (first if sees_first else None)
    other = None
    if sees_first and own is not None:
        other = second if own == first else first
    return {
        "assignment": assignment,
        "cohort": assignment.cohort,
        "plan": plan,
        "grade": grade,
        "form": form,
        "role": role,
        "own": own,
        "other_marking": other if other is not None and other.is_submitted else None,
        "sees_first": sees_first,
        "rows": grading.comparison(plan, criteria, request.user, shown, reviews=reviews),
        "max_score": grading.max_score(criteria),
        "pass_mark": assignment.pass_mark_for(grading.max_score(criteria)),
        "settle_form": SettleForm()
        if grade.awaits_settlement and grading.may_settle(request.user, grade)
        else None,
        "reopen_form": ReopenForm() if grading.may_reopen(request.user, grade) else None,
        "first": first,
        "second": second,
    }


def _grade_action(request, cohort_id, plan_id, form_class, act, invalid, done):
    """POST of a form on one plan's grading page: ``act(grade, form.cleaned_data)`` runs
    the service; refusals and invalid input come back as a message on the grading page."""
    assignment = staff_assignment(request, cohort_id)
    plan = plan_in(assignment, plan_id)
    grade = get_object_or_404(Grade, plan=plan)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect(_grading_url(assignment, plan))
    try:
        act(grade, form.cleaned_data)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(_grading_url(assignment, plan))


@login_required
@require_POST
def settle_grade(request, cohort_id, plan_id):
    return _grade_action(
        request,
        cohort_id,
        plan_id,
        SettleForm,
        lambda grade, data: grading.settle(
            grade, by=request.user, marking=data["marking"], reason=data["reason"]
        ),
        invalid=_("Choose the grading that counts and give the reason."),
        done=_("The disagreement is settled; the grade is ready for release."),
    )


@login_required
@require_POST
def reopen_grade(request, cohort_id, plan_id):
    return _grade_action(
        request,
        cohort_id,
        plan_id,
        ReopenForm,
        lambda grade, data: grading.reopen(grade, by=request.user, reason=data["reason"]),
        invalid=_("Give the reason for reopening the grading."),
        done=_("The grading is open again; the markings are drafts until completed again."),
    )


@login_required
@require_POST
def release(request, cohort_id):
    assignment = staff_assignment(request, cohort_id)
    try:
        count = grading.release_grades(assignment.cohort, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(count)s grades released; the participants have been notified by email.")
            % {"count": count},
        )
    return redirect(_grading_url(assignment))


@login_required
def export(request, cohort_id):
    """The cohort's grades as CSV for Dutch Excel (``services.grading.write_csv``)."""
    assignment = staff_assignment(request, cohort_id)
    rows = grading.grading_rows(assignment)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = (
        f'attachment; filename="beoordelingen-{assignment.cohort.slug}-{stamp}.csv"'
    )
    grading.write_csv(response, assignment, rows)
    return response


@login_required
def my_grade(request, plan_id):
    """The author's released grade: verdict, score, levels and feedback per criterion."""
    plan = get_object_or_404(
        Plan.objects.select_related("assignment__cohort"), pk=plan_id, author=request.user
    )
    grade = grading.released_grade(plan)
    if grade is None:
        raise Http404
    review = grade.final_review or Review(plan=plan)
    return render(
        request,
        "assignments/grading/mine.html",
        {
            "plan": plan,
            "assignment": plan.assignment,
            "grade": grade,
            "review": review,
            "scores": list(review.scores.all()) if review.pk else [],
        },
    )
