"""The plan editor: writing (with preview, autosave and versions), the attachment, the
privacy check, submission with the self-assessment, and the trainer's extension.

Plain forms with POST/redirect/GET, so everything works without JavaScript; with it,
static/js/plan-editor.js autosaves to ``autosave`` (JSON). Whoever may not see a plan
gets a 404, exactly as for one that does not exist, also when not signed in.
"""

import zlib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, Subquery
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from course import personal_cache
from course.models import CohortPage, Registration
from course.permissions import is_staff_for
from website import content
from website.errors import ActionRefused

from ..forms.plans import (
    AttachmentForm,
    CompareForm,
    ExtensionForm,
    FindingForm,
    MarkNamesForm,
    PlanForm,
    SelfAssessmentForm,
)
from ..models import DeadlineExtension, Grade, Plan
from ..services import plans as services
from ..services.assignments import ensure_assignment, grant_extension


def _own_place(request, cohort_id, loaded):
    """``(title, is a participant, own extension deadline or None, the cohort's
    assignment or None)`` of the signed-in person in the live cohort ``cohort_id``, or None
    when there is no such cohort.

    Kept per content version in the process (``website.content.memo``, keyed by cohort and
    person): saving a cohort page, a registration, the assignment or an extension changes
    that version (declared content in course/apps.py and assignments/apps.py), so the next
    request asks again; a plan only when created or deleted. When it is
    not kept, one query answers it together with the person's plan, which is put in
    ``loaded["plan"]``; before the plan exists, a query of the cohort."""
    user = request.user

    def build():
        extension_deadline = Subquery(
            DeadlineExtension.objects.filter(
                assignment__cohort_id=cohort_id, participant=user
            ).values("submission_deadline")[:1]
        )
        is_participant = Exists(
            Registration.objects.confirmed().filter(cohort_id=cohort_id, participant=user)
        )
        plan = (
            Plan.objects.filter(
                assignment__cohort_id=cohort_id, assignment__cohort__live=True, author=user
            )
            .select_related("assignment")
            .annotate(
                extension_deadline=extension_deadline,
                cohort_title=F("assignment__cohort__title"),
                viewer_is_participant=is_participant,
            )
            .first()
        )
        if plan is not None:
            loaded["plan"] = plan
            return (
                plan.cohort_title,
                plan.viewer_is_participant,
                plan.extension_deadline,
                plan.assignment,
            )
        cohort = (
            CohortPage.objects.live()
            .filter(pk=cohort_id)
            .annotate(viewer_is_participant=is_participant, extension_deadline=extension_deadline)
            .values_list("title", "viewer_is_participant", "extension_deadline")
            .first()
        )
        return None if cohort is None else (*cohort, None)

    return content.memo(request, "assignments.own_place", build, cohort_id, user.pk)


def _own_plan(request, cohort_id):
    """The signed-in participant's plan in this cohort (created on first visit), else 404.

    The cohort's title, the participant check and the person's own deadline
    (``plan.extension_deadline``, None without an extension) and the assignment from
    ``_own_place``; then one query for the plan (none when ``_own_place`` read it). The
    cohort is otherwise unloaded (another column loads when read)."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    loaded = {}
    place = _own_place(request, cohort_id, loaded)
    if place is None or not place[1]:
        raise Http404
    title, _participant, extension_deadline, assignment = place
    plan = loaded.get("plan")
    if plan is None:
        try:
            if assignment is not None:
                plan = Plan.objects.get(assignment=assignment, author=user)
                plan.assignment = assignment
            else:
                plan = Plan.objects.select_related("assignment").get(
                    assignment__cohort_id=cohort_id, author=user
                )
        except Plan.DoesNotExist:
            assignment = ensure_assignment(CohortPage.objects.get(pk=cohort_id))
            plan = services.plan_for(assignment, user)
            plan.assignment = assignment
    cohort = CohortPage.unloaded(cohort_id)
    cohort.title = title
    plan.extension_deadline = extension_deadline
    plan.author = user
    plan.assignment.cohort = cohort
    return plan


def _own_extensions(plan):
    """``plan``'s author's extension as ``Assignment.deadline_for`` takes it (participant id
    -> extension), from the deadline ``_own_plan`` read with the plan."""
    if plan.extension_deadline is None:
        return {}
    return {
        plan.author_id: DeadlineExtension(
            assignment=plan.assignment,
            participant_id=plan.author_id,
            submission_deadline=plan.extension_deadline,
        )
    }


def _plan_url(plan):
    return reverse("assignments:plan", args=[plan.assignment.cohort_id])


@login_required
def index(request):
    """/mijn-opleiding/uitvoeringsplan/: the person's plan, or the list when several."""
    registrations = list(
        Registration.objects.confirmed().for_participant(request.user).select_related("cohort")
    )
    if len(registrations) == 1:
        return redirect("assignments:plan", registrations[0].cohort_id)
    return render(
        request,
        "assignments/plan_index.html",
        {"cohorts": [registration.cohort for registration in registrations]},
    )


@never_cache
@login_required
def plan(request, cohort_id):
    """Write the plan: save, preview, and (with JavaScript) autosave; read-only when locked."""
    plan = _own_plan(request, cohort_id)
    # The person's extension (if any), read with the plan, for the lock and the deadline.
    extensions = _own_extensions(plan)
    lock_reason = services.lock_reason(plan, extensions=extensions)
    preview = None
    if request.method == "POST" and not lock_reason:
        form = PlanForm(request.POST)
        if form.is_valid():
            if request.POST.get("preview"):
                preview = form.cleaned_data["body"]
            else:
                try:
                    services.save_plan(
                        plan,
                        body=form.cleaned_data["body"],
                        marked_names=form.cleaned_data["marked_names"],
                    )
                except ActionRefused as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, _("Your plan is saved."))
                return redirect(_plan_url(plan))
    else:
        form = PlanForm(initial={"body": plan.body, "marked_names": plan.marked_names})
    assignment = plan.assignment

    def render_part(csrf_token=None):
        context = {
            "plan": plan,
            "assignment": assignment,
            "cohort": assignment.cohort,
            "form": form,
            "preview": preview,
            "lock_reason": lock_reason,
            "deadline": assignment.deadline_for(request.user, extensions),
            "phase": assignment.phase(),
            "findings": [] if plan.is_submitted else services.open_findings(plan),
            "attachment_form": AttachmentForm(),
            # Only a released grade: before release the author sees nothing of the grading.
            "grade_released": plan.is_submitted
            and Grade.objects.released().filter(plan=plan).exists(),
        }
        if csrf_token is not None:
            context["csrf_token"] = csrf_token
        return render_to_string("assignments/_plan_edit.html", context, request)

    if form.is_bound:
        # The answers of a POST (errors, a preview) are never kept.
        content = mark_safe(render_part())  # noqa: S308 - our template, autoescaped there
    else:
        content = _kept_editor(request, plan, lock_reason, render_part)
    return render(
        request,
        "assignments/plan_edit.html",
        {"content": content, "lock_reason": lock_reason},
    )


def _kept_editor(request, plan, lock_reason, render_part):
    """The editor's main content for a GET, kept per person (``personal_cache.cached_html``,
    each request's own CSRF token put in) until the plan, its privacy decisions, its grade,
    the person's extension (their scope), the assignment (the cohort's) or the content
    change. What changes with time is in the name: the lock's sentence (writing opens, the
    deadline passes) and the assignment's phase."""
    assignment = plan.assignment
    moment = zlib.crc32(lock_reason.encode())
    return personal_cache.cached_html(
        f"plan_editor:{plan.pk}:{assignment.phase()}:{moment:x}",
        request,
        [
            personal_cache.user_scope(plan.author_id),
            personal_cache.cohort_scope(assignment.cohort_id),
            personal_cache.CONTENT,
        ],
        render_part,
    )


@login_required
@require_POST
def autosave(request, cohort_id):
    """The editor's script saves here: JSON ``{"saved": true, "time": ...}`` or an error."""
    plan = _own_plan(request, cohort_id)
    form = PlanForm(request.POST)
    if not form.is_valid():
        errors = [str(message) for messages_ in form.errors.values() for message in messages_]
        return JsonResponse({"saved": False, "error": " ".join(errors)}, status=400)
    try:
        version = services.save_plan(
            plan,
            body=form.cleaned_data["body"],
            marked_names=form.cleaned_data["marked_names"],
            autosave=True,
        )
    except ActionRefused as error:
        return JsonResponse({"saved": False, "error": str(error)}, status=409)
    saved_at = timezone.localtime(plan.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "version": version.number,
            "message": _("Saved automatically at %(time)s.") % {"time": f"{saved_at:%H:%M}"},
        }
    )


@never_cache
@login_required
def versions(request, cohort_id):
    """The version history, and a comparison of two versions when chosen."""
    plan = _own_plan(request, cohort_id)
    all_versions = list(plan.versions.order_by("-number"))
    comparison = None
    form = CompareForm(request.GET or None)
    if form.is_bound and form.is_valid():
        by_number = {version.number: version for version in all_versions}
        older = by_number.get(form.cleaned_data["older"])
        newer = by_number.get(form.cleaned_data["newer"])
        if older is None or newer is None:
            form.add_error(None, _("Choose two versions of your plan."))
        else:
            comparison = services.compare_versions(older, newer)
    elif not form.is_bound and len(all_versions) >= 2:
        form = CompareForm(
            initial={"older": all_versions[1].number, "newer": all_versions[0].number}
        )
    return render(
        request,
        "assignments/plan_versions.html",
        {
            "plan": plan,
            "cohort": plan.assignment.cohort,
            "versions": all_versions,
            "form": form,
            "comparison": comparison,
        },
    )


@login_required
@require_POST
def attachment(request, cohort_id):
    """Upload (or with ``remove``, delete) the plan's one attachment."""
    plan = _own_plan(request, cohort_id)
    try:
        if request.POST.get("remove"):
            services.remove_attachment(plan)
            messages.success(request, _("The attachment is removed."))
        else:
            form = AttachmentForm(request.POST, request.FILES)
            if form.is_valid():
                services.set_attachment(plan, form.cleaned_data["attachment"], form.original_name)
                messages.success(request, _("The attachment is stored."))
            else:
                for error in form.errors.get("attachment", []):
                    messages.error(request, error)
    except ActionRefused as error:
        messages.error(request, str(error))
    return redirect(_plan_url(plan))


def download_attachment(request, plan_id):
    """The attachment as a download under a neutral name; 404 for whoever may not read it."""
    plan = get_object_or_404(Plan.objects.select_related("assignment__cohort"), pk=plan_id)
    if not plan.attachment or not _may_read(request.user, plan):
        raise Http404
    response = FileResponse(
        plan.attachment.open("rb"),
        as_attachment=True,
        filename=services.attachment_download_name(plan),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _may_read(user, plan):
    if services.may_read_plan(user, plan):
        return True
    # Peer reviewers (assignments.services.reviews, plan-b) once the plan is submitted.
    return (
        user.is_authenticated
        and plan.is_submitted
        and plan.reviews.active().filter(reviewer=user).exists()
    )


@never_cache
def plan_detail(request, plan_id):
    """A plan read by its author or the cohort's staff (trainers, coordinators)."""
    plan = get_object_or_404(
        Plan.objects.select_related("assignment__cohort", "author"), pk=plan_id
    )
    if not services.may_read_plan(request.user, plan):
        raise Http404
    assignment = plan.assignment
    return render(
        request,
        "assignments/plan_detail.html",
        {
            "plan": plan,
            "assignment": assignment,
            "cohort": assignment.cohort,
            "deadline": assignment.deadline_for(plan.author),
            "is_staff": is_staff_for(request.user, assignment.cohort),
        },
    )


# --- The privacy check ---------------------------------------------------------------------


@never_cache
@login_required
def privacy(request, cohort_id):
    plan = _own_plan(request, cohort_id)
    return render(
        request,
        "assignments/plan_privacy.html",
        {
            "plan": plan,
            "cohort": plan.assignment.cohort,
            "findings": services.open_findings(plan),
            "names_form": MarkNamesForm(),
            "lock_reason": services.lock_reason(plan),
        },
    )


def _privacy_action(request, cohort_id, action):
    plan = _own_plan(request, cohort_id)
    try:
        action(plan)
    except ActionRefused as error:
        messages.error(request, str(error))
    except ValidationError:
        messages.error(request, _("This finding is no longer in the text."))
    return redirect("assignments:privacy", cohort_id)


def _fingerprint(request):
    form = FindingForm(request.POST)
    if not form.is_valid():
        raise ValidationError("fingerprint")
    return form.cleaned_data["fingerprint"]


@login_required
@require_POST
def privacy_replace(request, cohort_id):
    def action(plan):
        fingerprint = _fingerprint(request)
        services.replace_findings(plan, {fingerprint})
        messages.success(request, _("Replaced by the suggestion."))

    return _privacy_action(request, cohort_id, action)


@login_required
@require_POST
def privacy_replace_all(request, cohort_id):
    def action(plan):
        count = services.replace_findings(plan)
        messages.success(
            request,
            ngettext("%(count)d finding replaced.", "%(count)d findings replaced.", count)
            % {"count": count},
        )

    return _privacy_action(request, cohort_id, action)


@login_required
@require_POST
def privacy_dismiss(request, cohort_id):
    def action(plan):
        services.dismiss_finding(plan, _fingerprint(request))
        messages.success(request, _("Marked as not personal data."))

    return _privacy_action(request, cohort_id, action)


@login_required
@require_POST
def privacy_names(request, cohort_id):
    def action(plan):
        form = MarkNamesForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("names", []):
                messages.error(request, error)
            return
        services.mark_names(plan, form.name_list())
        messages.success(request, _("The names are added to the check."))

    return _privacy_action(request, cohort_id, action)


# --- Submission ------------------------------------------------------------------------


@never_cache
@login_required
def submit(request, cohort_id):
    """Submit explicitly, with the self-assessment; the privacy check must pass first."""
    plan = _own_plan(request, cohort_id)
    criteria = services.rubric(plan.assignment, request)
    lock_reason = services.lock_reason(plan)
    findings = services.open_findings(plan) if not lock_reason else []
    form = SelfAssessmentForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and not lock_reason and form.is_valid():
        try:
            services.submit_plan(plan, form.levels())
        except ActionRefused as error:
            messages.error(request, str(error))
            if error.code == "privacy":
                return redirect("assignments:privacy", cohort_id)
        else:
            messages.success(
                request,
                _("Your plan is submitted. Thank you! You will hear when the peer review starts."),
            )
            return redirect(_plan_url(plan))
    return render(
        request,
        "assignments/plan_submit.html",
        {
            "plan": plan,
            "cohort": plan.assignment.cohort,
            "form": form,
            "findings": findings,
            "lock_reason": lock_reason,
            "deadline": plan.assignment.deadline_for(request.user),
        },
    )


# --- The trainer's overview and extensions ------------------------------------------------


def _staff_cohort(request, cohort_id):
    cohort = get_object_or_404(CohortPage, pk=cohort_id)
    if not is_staff_for(request.user, cohort):
        raise Http404
    return cohort


@never_cache
@login_required
def cohort_plans(request, cohort_id):
    """The cohort's plans for its trainers: status, own deadline, links to extensions."""
    cohort = _staff_cohort(request, cohort_id)
    assignment = ensure_assignment(cohort)
    participants = list(cohort.participants().order_by("full_name", "pk"))
    plans = {plan.author_id: plan for plan in assignment.plans.all()}
    extensions = assignment.extensions_by_participant()
    rows = [
        {
            "participant": person,
            "plan": plans.get(person.pk),
            "extension": extensions.get(person.pk),
            "deadline": assignment.deadline_for(person, extensions),
        }
        for person in participants
    ]
    return render(
        request,
        "assignments/plan_cohort.html",
        {"cohort": cohort, "assignment": assignment, "rows": rows, "phase": assignment.phase()},
    )


@never_cache
@login_required
def extension(request, cohort_id, participant_id):
    """A trainer gives one participant a later submission deadline, with a reason."""
    cohort = _staff_cohort(request, cohort_id)
    participant = get_object_or_404(
        get_user_model(), pk=participant_id, pk__in=cohort.participants().values("pk")
    )
    assignment = ensure_assignment(cohort)
    current = assignment.extensions.filter(participant=participant).first()
    initial = (
        {
            "submission_deadline": timezone.localtime(current.submission_deadline),
            "reason": current.reason,
        }
        if current
        else {}
    )
    form = ExtensionForm(request.POST or None, assignment=assignment, initial=initial)
    if request.method == "POST" and form.is_valid():
        grant_extension(
            assignment,
            participant,
            submission_deadline=form.cleaned_data["submission_deadline"],
            reason=form.cleaned_data["reason"],
            granted_by=request.user,
        )
        messages.success(
            request,
            _("%(name)s may now submit until %(date)s.")
            % {
                "name": participant.full_name,
                "date": services.format_moment(form.cleaned_data["submission_deadline"]),
            },
        )
        return redirect("assignments:cohort_plans", cohort.pk)
    return render(
        request,
        "assignments/plan_extension.html",
        {"cohort": cohort, "participant": participant, "form": form, "current": current},
    )
