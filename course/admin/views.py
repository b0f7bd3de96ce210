"""Coordinator tools in the Wagtail admin: one registration's decisions, the waiting
lists, the LBBO member list upload and turning an in-company request into a cohort.

Each view needs the coordinator's permission on the model it changes; the actual rules
live in ``course.services.registration``.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from website.errors import ActionRefused
from website.links import public_url

from ..forms.registration import MemberListUploadForm, RegistrationDecisionForm
from ..models import CohortPage, InCompanyRequest, LbboMember, Registration
from ..services.registration import (
    accept_membership,
    cancel_registration,
    decide_registration,
    parse_member_list,
    places_in_same_training,
    reject_membership,
    replace_member_list,
    schedule_closed_cohort,
)

manage_registrations = method_decorator(
    permission_required("course.change_registration"), name="dispatch"
)


@manage_registrations
class ManageRegistrationView(WagtailAdminTemplateMixin, TemplateView):
    """One registration: its details, its log, and the coordinator's decisions."""

    template_name = "course/registration/admin/manage.html"
    page_title = gettext_lazy("Registration")
    header_icon = "form"

    def get_registration(self):
        return get_object_or_404(
            Registration.objects.select_related("participant", "cohort"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        registration = self.get_registration()
        return super().get_context_data(
            registration=registration,
            log=registration.log.select_related("changed_by"),
            other_places=places_in_same_training(registration.participant, registration.cohort)
            if registration.status == Registration.Status.NEEDS_DECISION
            else [],
            can_decide_membership=registration.is_lbbo_member
            and registration.membership_status not in (Registration.MembershipStatus.REJECTED,),
            can_accept_membership=registration.membership_status
            in (Registration.MembershipStatus.FLAGGED, Registration.MembershipStatus.UNCHECKED),
            **kwargs,
        )

    def get_page_subtitle(self):
        return str(self.get_registration())

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        form = RegistrationDecisionForm(request.POST)
        if not form.is_valid():
            if "action" in form.errors:
                messages.error(request, _("Unknown action."))
            else:
                messages.error(
                    request,
                    _("Nothing was changed: %(errors)s")
                    % {"errors": " ".join(form.errors["reason"])},
                )
            return redirect("registration_admin:manage", pk=registration.pk)
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "accept_membership":
                accept_membership(registration, request.user)
                messages.success(request, _("The membership has been accepted."))
            elif action == "reject_membership":
                reject_membership(registration, request.user, reason=reason)
                messages.success(
                    request,
                    _("The discount has been withdrawn and the participant has been emailed."),
                )
            elif action in ("approve_second_place", "refuse_second_place"):
                approve = action == "approve_second_place"
                decide_registration(registration, request.user, approve=approve, reason=reason)
                messages.success(
                    request,
                    _("The place is confirmed and the participant has been emailed.")
                    if approve
                    else _("The registration has been cancelled and the participant emailed."),
                )
            else:
                cancel_registration(registration, request.user, reason=reason)
                messages.success(request, _("The registration has been cancelled."))
        except ActionRefused as error:
            messages.error(request, str(error))
        return redirect("registration_admin:manage", pk=registration.pk)


@manage_registrations
class WaitingListsView(WagtailAdminTemplateMixin, TemplateView):
    """Each cohort's waiting list in the order places are offered."""

    template_name = "course/registration/admin/waiting_lists.html"
    page_title = gettext_lazy("Waiting lists")
    header_icon = "list-ol"

    def get_context_data(self, **kwargs):
        queued = [Registration.Status.WAITING_LIST, Registration.Status.OFFERED]
        waiting = Registration.objects.filter(status__in=queued).select_related("participant")
        cohorts = (
            CohortPage.objects.filter(registrations__status__in=queued)
            .distinct()
            .order_by("registration_closes")
            .prefetch_related(
                Prefetch(
                    "registrations",
                    queryset=waiting.order_by("-status", "created_at", "pk"),
                    to_attr="queue",
                )
            )
        )
        return super().get_context_data(cohorts=cohorts, **kwargs)


@method_decorator(permission_required("course.add_lbbomember"), name="dispatch")
class MemberListUploadView(WagtailAdminTemplateMixin, FormView):
    template_name = "course/registration/admin/member_list.html"
    form_class = MemberListUploadForm
    page_title = gettext_lazy("LBBO member list")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        last = LbboMember.objects.order_by("-uploaded_at").first()
        return super().get_context_data(
            member_count=LbboMember.objects.count(),
            uploaded_at=last.uploaded_at if last else None,
            flagged=Registration.objects.active()
            .filter(membership_status=Registration.MembershipStatus.FLAGGED)
            .select_related("participant", "cohort"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            numbers = parse_member_list(form.cleaned_data["member_list"])
        except ActionRefused as error:
            form.add_error("member_list", str(error))
            return self.form_invalid(form)
        verified, flagged = replace_member_list(numbers, by=self.request.user)
        messages.success(
            self.request,
            " ".join(
                [
                    ngettext(
                        "Member list with %(count)d number stored.",
                        "Member list with %(count)d numbers stored.",
                        len(numbers),
                    )
                    % {"count": len(numbers)},
                    ngettext(
                        "%(count)d registration verified,",
                        "%(count)d registrations verified,",
                        verified,
                    )
                    % {"count": verified},
                    ngettext(
                        "%(count)d flagged for you to decide on.",
                        "%(count)d flagged for you to decide on.",
                        flagged,
                    )
                    % {"count": flagged},
                ]
            ),
        )
        return redirect("registration_admin:member_list")


@method_decorator(permission_required("course.change_incompanyrequest"), name="dispatch")
class ScheduleClosedCohortView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then turn an accepted in-company request into a draft closed cohort."""

    template_name = "course/registration/admin/schedule_cohort.html"
    page_title = gettext_lazy("Create closed cohort")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            incompany_request=get_object_or_404(InCompanyRequest, pk=self.kwargs["pk"]),
            **kwargs,
        )

    def post(self, request, pk):
        incompany_request = get_object_or_404(InCompanyRequest, pk=pk)
        try:
            cohort = schedule_closed_cohort(incompany_request, by=request.user)
        except ActionRefused as error:
            messages.error(request, str(error))
            return redirect(reverse("incompany_requests:edit", args=[pk]))
        messages.success(
            request,
            _(
                "Closed cohort created as a draft with invitation code %(code)s. Add its "
                "dates and venue, then publish it and send the board this link: %(link)s"
            )
            % {
                "code": cohort.invitation_code,
                "link": public_url(
                    reverse("registration:register", args=[cohort.pk])
                    + "?code="
                    + cohort.invitation_code
                ),
            },
        )
        return redirect("wagtailadmin_pages:edit", cohort.pk)
