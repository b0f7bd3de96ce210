"""Session pages: plan a session, see it with its roles, walk through the method, swap roles.

Same access answers as the group pages: login for anonymous visitors, 404 for a session of a
group the person may not see.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from course import personal_cache
from website.content import memo
from website.errors import ActionRefused

from ..forms.sessions import SessionForm, SwapRequestForm
from ..models import GroupMembership, IntervisionSession, MethodStep, RoleSwap, SessionRole
from ..services import cases as case_services
from ..services import groups as group_services
from ..services import sessions as services
from .kept import kept_row


class VisibleSessionMixin(LoginRequiredMixin):
    """Loads ``self.session`` from the URL's ``session_id`` among the sessions the user may see."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.session = kept_row(
            request,
            "intervision_session_row:%s" % type(self).__name__,
            self.get_queryset,
            kwargs["session_id"],
            "group__cohort_id",
        )
        if self.session is None:
            raise Http404
        self.group = self.session.group
        self.is_member = self.session.viewer_is_member
        self.listed = self.session.viewer_listed
        if not group_services.may_see_group(
            request.user, self.group, is_member=self.is_member, listed=self.listed
        ):
            raise Http404
        self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        """Sessions with their group and method, and whether the visitor is a member or a
        trainer of the cohort (``with_viewer``); who may see the one asked for is checked on
        it (``may_see_group``). Kept per person on a GET (``kept.py``). Not the cohort: a
        whole Wagtail page to build, and the participant's pages never show it (``cohort``
        below). The roles: ``load_roles``."""
        return IntervisionSession.objects.select_related("group", "method").with_viewer(
            self.request.user
        )

    @cached_property
    def cohort(self):
        """The session's cohort, loaded when a template or a trainer's check first asks."""
        return SimpleLazyObject(lambda: self.group.cohort)

    def check_access(self):
        """Further checks after the session was found; raise Http404 to refuse."""

    def own_part(self, name, template, scopes=(), **parts):
        """The page's own part: ``template`` rendered with the session, cached per person
        (``course/personal_cache.py``) under the cohort's scope (the session, its roles,
        case and note, the group's members and their names bump it: intervision/apps.py),
        the person's and the content's (methods, steps), plus ``scopes``. ``name`` must
        tell apart whatever the part shows differently for the same person (their rights,
        whether the session has started); a function in ``parts`` is called only to render
        it, and so are the roles loaded."""
        user = self.request.user

        def render(csrf_token):
            group_services.load_roles([self.session])
            return render_to_string(
                template,
                {
                    "session": self.session,
                    "group": self.group,
                    "cohort": self.cohort,
                    "is_member": self.is_member,
                    "csrf_token": csrf_token,
                    **{key: value() if callable(value) else value for key, value in parts.items()},
                },
                self.request,
            )

        return personal_cache.cached_html(
            "%s:%s" % (name, self.session.pk),
            self.request,
            [
                personal_cache.cohort_scope(self.group.cohort_id),
                personal_cache.user_scope(user.pk),
                personal_cache.CONTENT,
                *scopes,
            ],
            render,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session=self.session, group=self.group, cohort=self.cohort, is_member=self.is_member
        )
        return context


class SessionDetailView(VisibleSessionMixin, TemplateView):
    """When and where, the method, who has which role; members may ask to swap their role."""

    template_name = "intervision/session_detail.html"

    def get_queryset(self):
        # The case and notes panel shows both: loaded with the session.
        return super().get_queryset().select_related("case", "note")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, session = self.request.user, self.session
        can_manage = group_services.can_manage_groups(user, self.cohort, listed=self.listed)
        # The case and the notes are for the group and its trainers only (cases.py): a
        # coordinator sees the session, never a link to what they may not read.
        may_read_records = case_services.may_read_session_records(
            user, session, is_member=self.is_member, listed=self.listed
        )
        started = session.has_started()

        def my_roles():
            return [r.role for r in session.roles.all() if r.participant_id == user.pk]

        def swap_form():
            roles = my_roles()
            if roles and not started:
                return SwapRequestForm(roles=roles, members=swap_candidates(self.group, user))
            return None

        context["content"] = self.own_part(
            "intervision_session:%d%d%d%d%d"
            % (self.is_member, can_manage, may_read_records, user.is_trainer, started),
            "intervision/session_detail_content.html",
            my_roles=my_roles,
            swap_form=swap_form,
            can_manage=can_manage,
            may_read_records=may_read_records,
        )
        return context


def swap_candidates(group, user):
    """The other active members of ``group``, by name."""
    members = GroupMembership.objects.active().filter(group=group).values("participant")
    return get_user_model().objects.filter(pk__in=members).exclude(pk=user.pk).order_by("full_name")


class SessionGuideView(VisibleSessionMixin, TemplateView):
    """The method's steps during the session: one step per page (``?step=N``) or all of them.

    Works without JavaScript; ``static/js/intervision-guide.js`` adds a timer per step.
    """

    template_name = "intervision/session_guide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = method_steps(self.request, self.session.method_id)
        try:
            number = int(self.request.GET.get("step", ""))
        except ValueError:
            number = None
        if number is not None and not 1 <= number <= len(steps):
            number = None
        method = self.session.method
        context.update(
            method=method,
            content=self.own_part(
                "intervision_guide:%d" % (number or 0),
                "intervision/session_guide_content.html",
                method=method,
                steps=steps,
                total_minutes=sum(step.minutes for step in steps),
                step_number=number,
                step=steps[number - 1] if number else None,
                previous_number=number - 1 if number and number > 1 else None,
                next_number=number + 1 if number and number < len(steps) else None,
            ),
        )
        return context


def method_steps(request, method_id):
    """The method's steps in order: the same for everybody, so kept per content version
    (website/content.py; saving a method or step changes that version)."""
    return memo(
        request,
        "intervision_method_steps",
        lambda: list(MethodStep.objects.filter(method=method_id).order_by("sort_order", "pk")),
        method_id,
    )


def check_manager(user, group):
    """Only a trainer of the group's cohort or a coordinator plans sessions; others get 404."""
    if not group_services.can_manage_groups(user, group.cohort):
        raise Http404


class SessionCreateView(LoginRequiredMixin, FormView):
    template_name = "intervision/session_form.html"
    form_class = SessionForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.group = get_object_or_404(
            group_services.visible_groups(request.user).select_related("cohort"),
            pk=kwargs["group_id"],
        )
        check_manager(request.user, self.group)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, cohort=self.group.cohort, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.create_session(
                self.group,
                starts_at=data["starts"],
                ends_at=data["ends"],
                method=data["method"],
                location=data["location"],
                video_url=data["video_url"],
            )
        except ActionRefused as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The session has been planned and the roles handed out."))
        return redirect("intervision:group", group_id=self.group.pk)


class SessionUpdateView(VisibleSessionMixin, FormView):
    template_name = "intervision/session_form.html"
    form_class = SessionForm

    def check_access(self):
        check_manager(self.request.user, self.group)

    def get_initial(self):
        return SessionForm.initial_for(self.session)

    def form_valid(self, form):
        data = form.cleaned_data
        session = self.session
        session.starts_at, session.ends_at = data["starts"], data["ends"]
        session.location, session.video_url = data["location"], data["video_url"]
        session.method = data["method"]
        session.save()
        services.fill_roles(self.group)
        messages.success(self.request, _("The session has been changed."))
        return redirect("intervision:session", session_id=session.pk)


class RequestSwapView(VisibleSessionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        user = request.user
        my_roles = [r.role for r in self.session.roles.all() if r.participant_id == user.pk]
        form = SwapRequestForm(
            request.POST,
            roles=my_roles,
            members=swap_candidates(self.group, user),
        )
        if not form.is_valid():
            messages.error(request, _("Choose one of your roles and a member of your group."))
        else:
            try:
                swap = services.request_swap(
                    self.session,
                    role=form.cleaned_data["role"],
                    requested_by=user,
                    other=form.cleaned_data["other"],
                )
            except ActionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s has been asked to take over your role as %(role)s.")
                    % {"name": swap.other.full_name, "role": SessionRole.Role(swap.role).label},
                )
        return redirect("intervision:session", session_id=self.session.pk)


class AnswerSwapView(LoginRequiredMixin, View):
    """The asked member accepts or declines; anyone else gets 404."""

    http_method_names = ["post"]

    def post(self, request, swap_id):
        swap = get_object_or_404(
            RoleSwap.objects.select_related("session", "requested_by"),
            pk=swap_id,
            other=request.user,
        )
        accept = request.POST.get("answer") == "accept"
        try:
            services.answer_swap(swap, by=request.user, accept=accept)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            role = SessionRole.Role(swap.role).label
            if accept:
                messages.success(
                    request, _("You are now the %(role)s of this session.") % {"role": role}
                )
            else:
                messages.info(request, _("You have declined the request."))
        return redirect("intervision:session", session_id=swap.session_id)
