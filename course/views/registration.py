"""Registration views: form → preview with the price → confirm, one's own registrations,
cancelling, accepting an offered place and the in-company request form.

Every view shows a person only their own registrations; another person's gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from website import page_cache
from website.content import memo, site_setting
from website.errors import ActionRefused
from website.models import School
from website.terms import terms_page_for

from .. import personal_cache
from ..forms.registration import InCompanyRequestForm, RegistrationForm
from ..models import CohortPage, Registration, RegistrationSettings, TrainingPage
from ..services.registration import (
    RegistrationDetails,
    accept_duo_invitation,
    accept_offer,
    cancel_registration,
    decline_duo_invitation,
    duo_invitation_from_token,
    preview_registration,
    price_for,
    register,
    register_together,
    submit_incompany_request,
)


def refusal_field(form, error):
    """The form field an ``ActionRefused`` from the registration services is about, so it
    shows as that field's error (None: the whole form)."""
    if error.code == "membership_not_ticked":
        field = "is_lbbo_member"
    elif error.code.startswith("membership_number"):
        field = "membership_number"
    else:
        field = {"terms": "terms", "invitation_code": "invitation_code"}.get(error.code)
    return field if field in form.fields else None


class OpenCohortsView(TemplateView):
    """Cohorts open for registration, soonest closing first."""

    template_name = "course/registration/cohort_list.html"

    def get_context_data(self, **kwargs):
        training = TrainingPage.objects.live().first()
        cohorts = list(training.get_open_cohorts()) if training else []
        return super().get_context_data(cohorts=cohorts, **kwargs)


def success_message(registration):
    """What a registrant reads after confirming, by the status the registration got."""
    Status = Registration.Status
    if registration.status == Status.CONFIRMED:
        return _("Your registration is confirmed. We have sent you an email.")
    if registration.status == Status.NEEDS_DECISION:
        return _(
            "Your place is reserved. Because you already have a place in another cohort "
            "of this training, the training coordinator decides on this registration; "
            "we email you the decision."
        )
    if registration.status == Status.AWAITING_CONFIRMATION:
        return _(
            "Your place is reserved. Confirm your email address to complete your registration."
        )
    return _(
        "This cohort is full. You are on the waiting list; we email you when a place becomes free."
    )


def cohort_for_registration(request, cohort_id):
    """The live cohort with ``places_left`` ("is_full" on the form), kept per content
    version in this process like the public cohort page that shows the same number:
    every registration and held place bumps the version (``website/page_cache.py``). The
    services count again under their lock, from a fresh instance."""

    def build():
        return CohortPage.objects.live().with_places_left().filter(pk=cohort_id).first()

    cohort = memo(request, "registration_cohort", build, cohort_id)
    if cohort is None:
        raise Http404
    return cohort


class RegisterView(LoginRequiredMixin, View):
    """Three steps without JavaScript: the form, a preview with the price, the confirmation.

    The preview carries the answers in hidden fields, so nothing is stored before the
    registrant confirms; the confirm step validates everything again.
    """

    form_template = "course/registration/form.html"
    part_template = "course/registration/_form.html"
    preview_template = "course/registration/preview.html"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = cohort_for_registration(request, kwargs["cohort_id"])
        self.registration_settings = site_setting(request, RegistrationSettings)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        user = self.request.user
        school = self.known_to_the_person["school"]
        initial = {
            "function": user.function,
            **school,
            # The coordinator may hand out a link with the code: ?code=…
            "invitation_code": self.request.GET.get("code", "")[:40],
        }
        return RegistrationForm(
            data,
            initial=initial,
            cohort=self.cohort,
            registration_settings=self.registration_settings,
        )

    @cached_property
    def known_to_the_person(self):
        """The person's active registration for this cohort (its pk) and their school's
        details for the form, in one per-person cache round trip (course/personal_cache.py:
        registrations and the account bump the person, schools and boards the content)."""
        user = self.request.user

        def compute():
            existing = (
                Registration.objects.active()
                .filter(cohort=self.cohort, participant=user)
                .values_list("pk", flat=True)
                .first()
            )
            # School and board in one query (the user's school is not loaded with the user).
            school = (
                School.objects.select_related("board").filter(pk=user.school_id).first()
                if user.school_id
                else None
            )
            return {
                "registration": existing,
                "school": {
                    "school_name": school.name if school else "",
                    "school_place": school.place if school else "",
                    "board_name": school.board.name if school and school.board else "",
                },
            }

        return personal_cache.cached(
            f"registration_form:{self.cohort.pk}",
            user,
            [personal_cache.user_scope(user.pk), personal_cache.CONTENT],
            compute,
        )

    def context(self, **kwargs):
        return {
            "cohort": self.cohort,
            "is_open": self.cohort.is_open_for_registration(),
            "is_full": self.cohort.places_left == 0,
            "registration_settings": self.registration_settings,
            "terms_page": terms_page_for(self.request),
            **kwargs,
        }

    def render_form(self, form=None, status=200):
        """The form page; ``form`` None: the empty form. The main content (``part_template``)
        of an empty form is kept per person as HTML (``personal_cache.cached_html``: each
        request puts its own CSRF token in), under the person's scope (name, address,
        function, school) and the content's, and in its name the content version (the
        cohort with its places left, the registration settings and the terms page are read
        per version) and what changes with time (open, full). A form with the answers of a
        POST, or with an invitation code from the link, is rendered afresh."""
        request = self.request
        context = self.context()
        if form is not None or request.GET.get("code"):
            form = form or self.get_form()
            content = render_to_string(self.part_template, {**context, "form": form}, request)
            return render(
                request,
                self.form_template,
                {**context, "form": form, "content": content},
                status=status,
            )
        flags = "".join("1" if context[flag] else "0" for flag in ("is_open", "is_full"))
        user = request.user
        content = personal_cache.cached_html(
            f"registration_page:{self.cohort.pk}:{page_cache.current_version(request)}:{flags}",
            request,
            [personal_cache.user_scope(user.pk), personal_cache.CONTENT],
            lambda csrf_token: render_to_string(
                self.part_template,
                {**context, "form": self.get_form(), "csrf_token": csrf_token},
                request,
            ),
        )
        return render(request, self.form_template, {**context, "content": content}, status=status)

    def get(self, request, *args, **kwargs):
        existing = self.known_to_the_person["registration"]
        if existing:
            messages.info(request, _("You are already registered for this cohort."))
            return redirect("registration:detail", pk=existing)
        return self.render_form()

    def post(self, request, *args, **kwargs):
        if not self.cohort.is_open_for_registration():
            messages.error(request, _("Registration for this cohort is not open."))
            return self.render_form(status=400)
        form = self.get_form(request.POST)
        step = request.POST.get("step", "preview")
        if step == "edit" or not form.is_valid():
            return self.render_form(form, status=200 if step == "edit" else 400)
        details = form.to_details()
        colleague = form.colleague()
        try:
            price, other_places = preview_registration(request.user, self.cohort, details)
            if step != "confirm":
                return render(
                    request,
                    self.preview_template,
                    self.context(form=form, price=price, other_places=other_places),
                )
            if colleague:
                registration, invitation = register_together(
                    request.user,
                    self.cohort,
                    details,
                    colleague_name=colleague[0],
                    colleague_email=colleague[1],
                )
            else:
                registration = register(request.user, self.cohort, details)
        except ActionRefused as error:
            # The same form with the message at the field it is about; nothing stored.
            form.add_error(refusal_field(form, error), str(error))
            return self.render_form(form, status=400)
        messages.success(request, success_message(registration))
        if colleague:
            messages.success(
                request,
                _(
                    "A place is held for %(name)s. We have sent them an email to confirm "
                    "their own place and details."
                )
                % {"name": invitation.full_name},
            )
        return redirect("registration:detail", pk=registration.pk)


class MyRegistrationsView(LoginRequiredMixin, ListView):
    template_name = "course/registration/my_registrations.html"
    context_object_name = "registrations"

    def get_queryset(self):
        return (
            Registration.objects.for_participant(self.request.user)
            .with_waiting_list_position()
            .select_related("cohort")
            .order_by("-created_at")
        )


class OwnRegistrationMixin(LoginRequiredMixin):
    """Only the registrant sees their registration; anyone else gets a 404."""

    def get_registration(self):
        return get_object_or_404(
            Registration.objects.with_waiting_list_position().select_related("cohort"),
            pk=self.kwargs["pk"],
            participant=self.request.user,
        )


class RegistrationDetailView(OwnRegistrationMixin, DetailView):
    template_name = "course/registration/detail.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return self.get_registration()

    def get_context_data(self, **kwargs):
        registration = self.object
        return super().get_context_data(
            may_cancel=registration.may_be_cancelled_by_participant(),
            offer_open=registration.offer_is_open(),
            log=registration.log.filter(kind="status"),
            **kwargs,
        )


class CancelRegistrationView(OwnRegistrationMixin, View):
    def get(self, request, *args, **kwargs):
        registration = self.get_registration()
        return render(request, "course/registration/cancel.html", {"registration": registration})

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        try:
            cancel_registration(registration, request.user)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("registration:detail", pk=registration.pk)


class AcceptOfferView(OwnRegistrationMixin, View):
    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        try:
            accept_offer(registration, request.user)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You have accepted the place. Welcome!"))
        return redirect("registration:detail", pk=registration.pk)


class DuoInvitationView(LoginRequiredMixin, View):
    """Register together: the colleague's emailed link to confirm (or decline) their place.

    The signed token names one invitation; only the account with the address it was sent
    to may answer it (anyone else gets a refusal without names). Without an account the
    login page, with its link to create one, leads back here.
    """

    template_name = "course/registration/duo_invitation.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.invitation = duo_invitation_from_token(kwargs["token"])
        if self.invitation is None:
            raise Http404
        if not self.invitation.is_for(request.user):
            return render(request, "course/registration/duo_not_for_you.html", {}, status=403)
        self.cohort = self.invitation.cohort
        self.registration_settings = site_setting(request, RegistrationSettings)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        invited_with = self.invitation.invited_with
        initial = {
            "function": self.request.user.function,
            "school_name": invited_with.school_name,
            "school_place": invited_with.school_place,
            "board_name": invited_with.board_name,
        }
        return RegistrationForm(
            data,
            initial=initial,
            cohort=self.cohort,
            registration_settings=self.registration_settings,
            allow_together=False,
        )

    def render_page(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "invitation": self.invitation,
                "inviter": self.invitation.invited_with.participant,
                "cohort": self.cohort,
                "is_open": self.invitation.is_open(),
                "form": form,
                # The full price; the form tells what an LBBO number takes off.
                "price": price_for(self.cohort, RegistrationDetails()),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        if self.invitation.registration_id:
            return redirect("registration:detail", pk=self.invitation.registration_id)
        return self.render_page(self.get_form())

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "decline":
            try:
                decline_duo_invitation(self.invitation, request.user)
            except ActionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("You have declined the place. Thank you for letting us know.")
                )
            return redirect("registration:cohorts")
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            registration = accept_duo_invitation(self.invitation, request.user, form.to_details())
        except ActionRefused as error:
            form.add_error(None, str(error))
            return self.render_page(form, status=400)
        messages.success(request, success_message(registration))
        return redirect("registration:detail", pk=registration.pk)


INCOMPANY_REQUESTS_PER_HOUR = 5


class InCompanyRequestView(FormView):
    """Open to anyone: a board or school asks for a trajectory for its own team.

    Without an account to tie requests to, a per-address limit keeps floods out of the
    coordinator's inbox.
    """

    template_name = "course/registration/incompany_form.html"
    form_class = InCompanyRequestForm

    def rate_limit_key(self):
        return f"incompany-request:{self.request.META.get('REMOTE_ADDR', '')}"

    def form_valid(self, form):
        key = self.rate_limit_key()
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) > INCOMPANY_REQUESTS_PER_HOUR:
            form.add_error(
                None, _("Too many requests from your address. Please try again in an hour.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        submit_incompany_request(**form.cleaned_data)
        return redirect("registration:incompany_thanks")


class InCompanyThanksView(TemplateView):
    template_name = "course/registration/incompany_thanks.html"
