"""Case intake with the pupil-privacy guard, and the scribe's session notes.

Plain forms with POST/redirect/GET, so everything works without JavaScript. Whoever may
not see a case or note gets a 404, exactly as for one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from course import personal_cache
from website.errors import ActionRefused

from ..forms.cases import CaseForm, FindingForm, MarkNamesForm, NoteForm
from ..models import Case, IntervisionSession, SessionNote
from ..services import cases as services
from .kept import kept_row


class SessionMixin(LoginRequiredMixin):
    """Loads the session from the URL (with its group and cohort); 404 when unknown."""

    @cached_property
    def session(self):
        # The case (with its author) and the note come along: every page here shows or
        # checks one of them, and a session has at most one of each.
        return get_object_or_404(
            IntervisionSession.objects.select_related(
                "group__cohort", "method", "case__author", "note__author"
            ),
            pk=self.kwargs["session_id"],
        )

    @cached_property
    def case(self):
        try:
            return self.session.case
        except Case.DoesNotExist:
            return None

    @cached_property
    def has_note(self):
        try:
            return self.session.note is not None
        except SessionNote.DoesNotExist:
            return False

    def case_url(self):
        return reverse("intervision:case", args=[self.session.pk])

    def review_url(self):
        return reverse("intervision:case_review", args=[self.session.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session, group=self.session.group, cohort=self.session.group.cohort
        )
        return context


class AuthorMixin(SessionMixin):
    """Only the case's author gets past ``dispatch``; everyone else a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.case is None or not services.may_write_case(request.user, self.session, self.case):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CaseView(SessionMixin, TemplateView):
    """The case: its author sees the draft with what the guard still finds; the group and
    its trainers see it once shared.

    Who may read it is decided on the session with its group and case, and whether the
    visitor is a member or one of the cohort's trainers (``with_viewer``), kept per person
    on a GET (``kept.py``). The page's own part is kept per person
    (``course/personal_cache.py``) until the cohort's scope changes (the case, its privacy
    decisions, the note, the roles, the members and their names bump it:
    intervision/apps.py)."""

    template_name = "intervision/case_detail.html"

    @cached_property
    def session(self):
        session = kept_row(
            self.request,
            "intervision_case_row",
            lambda: IntervisionSession.objects.select_related("group", "case").with_viewer(
                self.request.user
            ),
            self.kwargs["session_id"],
            "group__cohort_id",
        )
        if session is None:
            raise Http404
        return session

    def get(self, request, *args, **kwargs):
        if self.case is None:
            if services.may_write_case(request.user, self.session):
                return redirect("intervision:case_edit", self.session.pk)
            raise Http404
        self.case.session = self.session
        if not services.may_read_case(
            request.user,
            self.case,
            is_member=self.session.viewer_is_member,
            listed=self.session.viewer_listed,
        ):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Not SessionMixin's: the cohort is not loaded unless the part is rendered.
        context = TemplateView.get_context_data(self, **kwargs)
        user, session = self.request.user, self.session
        is_author = self.case.author_id == user.pk

        def render(csrf_token):
            full = IntervisionSession.objects.select_related(
                "group__cohort", "method", "case__author"
            ).get(pk=session.pk)
            case = full.case
            part = {
                "session": full,
                "case": case,
                "is_author": is_author,
                "show_note_link": SessionNote.objects.filter(session=full).exists()
                or services.may_write_note(user, full),
                "csrf_token": csrf_token,
            }
            if is_author and not case.is_shared:
                # Only a draft shows what the privacy check still finds.
                part["findings"] = services.open_findings(case)
            return render_to_string("intervision/case_detail_content.html", part, self.request)

        context.update(
            case=self.case,
            content=personal_cache.cached_html(
                "intervision_case:%d:%d" % (session.pk, is_author),
                self.request,
                [
                    personal_cache.cohort_scope(session.group.cohort_id),
                    personal_cache.user_scope(user.pk),
                    personal_cache.CONTENT,
                ],
                render,
            ),
        )
        return context


class CaseEditView(SessionMixin, TemplateView):
    """Write or change the case; "preview" shows the rendered text without saving."""

    template_name = "intervision/case_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not services.may_write_case(request.user, self.session, self.case):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        if self.request.method == "POST":
            return CaseForm(self.request.POST, instance=self.case)
        initial = {} if self.case else {"body": services.case_template()}
        return CaseForm(instance=self.case, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["case"] = self.case
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if "preview" in request.POST:
            preview = form.cleaned_data["body"]
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        was_shared = self.case is not None and self.case.is_shared
        try:
            case = services.save_case(
                self.session, request.user, case=self.case, **form.cleaned_data
            )
        except ActionRefused as error:
            messages.error(request, error.message)
            return redirect(self.case_url())
        if was_shared and not case.is_shared:
            messages.warning(
                request,
                _(
                    "The privacy check found something new, so the case is a draft again. "
                    "Check it and share it again."
                ),
            )
            return redirect(self.review_url())
        messages.success(request, _("Your case is saved."))
        return redirect(self.case_url())


class CaseReviewView(AuthorMixin, TemplateView):
    """The privacy check: each finding in its context, with its suggested replacement."""

    template_name = "intervision/case_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            case=self.case,
            findings=services.open_findings(self.case),
            names_form=kwargs.get("names_form") or MarkNamesForm(),
        )
        return context


class CaseActionView(AuthorMixin, View):
    """Base for the guard's buttons: POST only, then back to the check."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            self.act(request)
        except ActionRefused as error:
            messages.error(request, error.message)
        return redirect(self.next_url())

    def next_url(self):
        return self.review_url()

    def fingerprint(self, request):
        form = FindingForm(request.POST)
        if not form.is_valid():
            raise ActionRefused(_("This finding is no longer in the text."), code="gone")
        return form.cleaned_data["fingerprint"]


class CaseReplaceView(CaseActionView):
    def act(self, request):
        services.replace_finding(self.case, self.fingerprint(request), by=request.user)
        messages.success(request, _("Replaced by the suggestion."))


class CaseReplaceAllView(CaseActionView):
    def act(self, request):
        count = services.replace_all_suggested(self.case, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d finding replaced.", "%(count)d findings replaced.", count)
            % {"count": count},
        )


class CaseDismissView(CaseActionView):
    def act(self, request):
        services.dismiss_finding(self.case, self.fingerprint(request), by=request.user)
        messages.success(request, _("Marked as not personal data."))


class CaseMarkNamesView(CaseActionView):
    def act(self, request):
        form = MarkNamesForm(request.POST)
        if not form.is_valid():
            raise ActionRefused(_("Enter at least one name."), code="invalid")
        services.add_marked_names(self.case, form.cleaned_data["names"], by=request.user)
        messages.success(request, _("The names are added to the check."))


class CaseShareView(CaseActionView):
    def act(self, request):
        try:
            services.share_case(self.case, by=request.user)
        except ActionRefused:
            self.shared = False
            raise
        self.shared = True
        messages.success(request, _("Your case is shared with your group."))

    def next_url(self):
        return self.case_url() if getattr(self, "shared", False) else self.review_url()


class CaseUnshareView(CaseActionView):
    def act(self, request):
        services.unshare_case(self.case, by=request.user)
        messages.success(request, _("Your case is a draft again: only you can see it."))

    def next_url(self):
        return self.case_url()


# --- Session notes -------------------------------------------------------------------------


class NoteMixin(SessionMixin):
    @cached_property
    def note(self):
        return self.session.note if self.has_note else None


class NoteView(NoteMixin, TemplateView):
    """The scribe's notes, for the group's members and the cohort's trainers."""

    template_name = "intervision/note_detail.html"

    def get(self, request, *args, **kwargs):
        if self.note is None and services.may_write_note(request.user, self.session):
            return redirect("intervision:note_edit", self.session.pk)
        if self.note is None or not services.may_read_session_records(request.user, self.session):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            note=self.note,
            may_edit=services.may_write_note(self.request.user, self.session),
        )
        return context


class NoteEditView(NoteMixin, TemplateView):
    template_name = "intervision/note_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not services.may_write_note(request.user, self.session):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", NoteForm(instance=self.note))
        return context

    def post(self, request, *args, **kwargs):
        form = NoteForm(request.POST, instance=self.note)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.save_note(self.session, request.user, body=form.cleaned_data["body"])
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The notes are saved."))
        return redirect("intervision:note", self.session.pk)
