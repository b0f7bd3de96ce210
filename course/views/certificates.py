"""The certificate: the participant's download, the public verification page and the
coordinator's list per cohort with the revoke action. Rules in course/services/certificates.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from website.errors import ActionRefused
from website.ratelimit import guessing_allowed, record_failed_guess
from website.views import too_many_requests

from ..certificate_pdf import render_certificate
from ..forms.certificates import RevokeCertificateForm, VerifyCodeForm
from ..models import Certificate, CohortPage
from ..models.certificates import normalise_code
from ..permissions import can_manage_certificates
from ..services.certificates import (
    decide_eligibility,
    find_certificate,
    issue_certificate,
    revoke_certificate,
    training_settings,
)


def _verify_limit():
    """Failed code look-ups allowed per address (read per request: tests change it)."""
    return "certificate_verify", settings.CERTIFICATE_VERIFY_RATE_LIMIT


class CertificateDownloadView(LoginRequiredMixin, View):
    """The participant's own certificate for one cohort as a PDF, issued on the first download.

    Someone without a confirmed place in the cohort gets a 404 (the cohort is not theirs);
    a participant who has not completed the training goes back to Mijn opleiding with the
    reason."""

    def get(self, request, cohort_id):
        cohort = get_object_or_404(CohortPage, pk=cohort_id)
        try:
            certificate = issue_certificate(cohort, request.user)
        except ActionRefused as error:
            if error.code == "not_participant":
                raise Http404 from error
            messages.error(request, error.message)
            return redirect("course:dashboard")
        _required, _hours, training = training_settings()
        pdf = render_certificate(
            certificate,
            verification_url=request.build_absolute_uri(certificate.get_verification_path()),
            training=training,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"certificaat-{cohort.slug}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """Public: anyone checks a verification code (typed in, or from the QR code's address).

    Shows only the name, the cohort and the date of completion of a valid certificate; a
    revoked one says it is not valid; an unknown code gets a plain "not found". Failed
    look-ups are counted per IP address (``course.ratelimit``): guessing gets a 429.
    """

    template_name = "course/certificate_verify.html"

    def get(self, request, code=None):
        if code is None:
            code = request.GET.get("code")
        # Shown back in the field: never more than the field holds, no control characters.
        shown = "".join(char for char in (code or "")[:40] if char.isprintable())
        form = VerifyCodeForm(None if code is None else {"code": shown})
        context = {"code": shown, "form": form}
        if code is None:
            return self.render(context)
        if not guessing_allowed(request, *_verify_limit()):
            return too_many_requests(request)
        normalised = normalise_code(code)
        if normalised is None:
            record_failed_guess(request, *_verify_limit())
            form.is_valid()
            form.add_error(
                "code",
                _(
                    "This is not a verification code. A code has 16 letters and digits, "
                    "for example 7KQ2-M9XD-4RTA-HV3C."
                ),
            )
            return self.render(context, status=400)
        certificate = find_certificate(normalised)
        if certificate is None:
            record_failed_guess(request, *_verify_limit())
            context["result"] = "not_found"
            return self.render(context, status=404)
        context["result"] = "revoked" if certificate.is_revoked else "valid"
        context["certificate"] = certificate
        return self.render(context)

    def render(self, context, status=200):
        response = render(self.request, self.template_name, context, status=status)
        response["X-Robots-Tag"] = "noindex"
        return response


class CohortCertificatesView(LoginRequiredMixin, TemplateView):
    """A cohort's participants with attendance, requirements and certificate (coordinators)."""

    template_name = "course/certificates_cohort.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cohort = get_object_or_404(CohortPage, pk=kwargs["cohort_id"])
        if not can_manage_certificates(request.user, self.cohort):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(decide_eligibility([self.cohort]).values())
        required = rows[0].required if rows else training_settings()[0]
        context.update(
            cohort=self.cohort,
            rows=rows,
            required=required,
            eligible_count=sum(1 for row in rows if row.eligible),
            issued_count=sum(1 for row in rows if row.has_valid_certificate),
        )
        return context


class RevokeCertificateView(LoginRequiredMixin, View):
    """POST: a coordinator revokes one certificate with a reason."""

    def post(self, request, pk):
        certificate = get_object_or_404(Certificate.objects.select_related("cohort"), pk=pk)
        if not can_manage_certificates(request.user, certificate.cohort):
            raise PermissionDenied
        form = RevokeCertificateForm(request.POST)
        try:
            if not form.is_valid():
                raise ActionRefused(" ".join(form.errors["reason"]), code="invalid")
            revoke_certificate(certificate, by=request.user, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The certificate of %(name)s has been revoked.") % {"name": certificate.name},
            )
        return redirect(reverse("course:certificates", kwargs={"cohort_id": certificate.cohort_id}))
