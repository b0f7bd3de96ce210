"""Group pages: a member's own group, the trainer's screen to form and publish groups.

Anonymous visitors are sent to the login page (the same answer for every id); signed-in
people get 404 for a group they may not see, so a group's existence is never confirmed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from course import personal_cache
from course.models import CohortPage
from website.errors import ActionRefused

from ..forms.groups import MoveMemberForm
from ..models import GroupMembership, IntervisionGroup, IntervisionSession, RoleSwap
from ..services import groups as services
from .kept import kept_row


class MyGroupsView(LoginRequiredMixin, TemplateView):
    """The entry page: a member's own group(s), a trainer's cohorts with their groups."""

    template_name = "intervision/group_index.html"

    def get(self, request, *args, **kwargs):
        own = list(services.own_groups(request.user))
        staff = request.user.is_trainer or request.user.is_coordinator
        if len(own) == 1 and not staff:
            return redirect("intervision:group", group_id=own[0].pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from course.permissions import cohorts_overseen_by

        context = super().get_context_data(**kwargs)
        context["own_groups"] = services.own_groups(self.request.user)
        context["cohorts"] = cohorts_overseen_by(self.request.user).order_by("title")
        return context


class GroupDetailView(LoginRequiredMixin, TemplateView):
    """One group: its members, coming and past sessions with their roles, swap requests.

    The page's own part is cached per person (``course/personal_cache.py``) under the
    cohort's scope (groups, memberships, sessions, roles, swap requests, and the name or
    school of anyone it names bump it: intervision/apps.py), the person's and the content's
    (methods, schools); until the next coming session ends, when it moves to the past ones.
    The group with the visitor's membership and trainer place is kept per person too
    (``kept.py``): a warm request asks the cache, not the database.
    """

    template_name = "intervision/group_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.group = kept_row(
            request,
            "intervision_group_row",
            lambda: IntervisionGroup.objects.with_viewer(request.user),
            kwargs["group_id"],
            "cohort_id",
        )
        if self.group is None:
            raise Http404
        self.is_member = self.group.viewer_is_member
        if not services.may_see_group(
            request.user, self.group, is_member=self.is_member, listed=self.group.viewer_listed
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, group = self.request.user, self.group
        can_manage = services.can_manage_groups(
            user, CohortPage.unloaded(group.cohort_id), listed=group.viewer_listed
        )
        # What the part shows differently per kind of visitor is in its name.
        name = "intervision_group:%s:%d%d%d" % (
            group.pk,
            self.is_member,
            can_manage,
            user.is_trainer,
        )
        ends = []  # the moment the part turns wrong: the next coming session's end
        context.update(
            group=group,
            content=personal_cache.cached_html(
                name,
                self.request,
                [
                    personal_cache.cohort_scope(group.cohort_id),
                    personal_cache.user_scope(user.pk),
                    personal_cache.CONTENT,
                ],
                lambda token: self.render_own_part(can_manage, token, ends),
                timeout=lambda: personal_cache.seconds_until(min(ends, default=None)),
            ),
        )
        return context

    def render_own_part(self, can_manage, csrf_token, ends):
        user, group = self.request.user, self.group
        now = timezone.now()
        members = list(
            GroupMembership.objects.active()
            .filter(group=group)
            .select_related("participant__school")
            .order_by("participant__full_name")
        )
        # The pending swaps to and from this person, split below; asked for only when a
        # session says it has one (rare), so a first visit usually needs no query for them.
        pending = RoleSwap.objects.filter(status=RoleSwap.Status.PENDING).filter(
            Q(other=user) | Q(requested_by=user)
        )
        sessions = list(
            services.with_roles(group.sessions.order_by("starts_at")).annotate(
                has_my_swaps=Exists(pending.filter(session=OuterRef("pk")))
            )
        )
        coming = [s for s in sessions if s.ends_at >= now]
        ends.extend(s.ends_at for s in coming)
        swaps = []
        if any(session.has_my_swaps for session in sessions):
            swaps = list(
                pending.filter(session__group=group).select_related(
                    "session", "requested_by", "other"
                )
            )
        return render_to_string(
            "intervision/group_detail_content.html",
            {
                "group": group,
                "members": members,
                "coming": coming,
                "past": [s for s in sessions if s.ends_at < now][::-1],
                "is_member": self.is_member,
                "can_manage": can_manage,
                "swaps_for_me": [swap for swap in swaps if swap.other_id == user.pk],
                "my_swaps": [swap for swap in swaps if swap.requested_by_id == user.pk],
                "csrf_token": csrf_token,
            },
            self.request,
        )


class CohortGroupsMixin(LoginRequiredMixin):
    """The trainer's (or coordinator's) screens for one cohort's groups; others get 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cohort = get_object_or_404(CohortPage, pk=kwargs["cohort_id"])
        if not services.can_manage_groups(request.user, self.cohort):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def back(self):
        return redirect("intervision:cohort_groups", cohort_id=self.cohort.pk)


class CohortGroupsView(CohortGroupsMixin, TemplateView):
    """Suggest groups, see conflicts, move people by hand, publish; then plan sessions.

    The screen's own part is cached per person (``course/personal_cache.py``) under the
    cohort's scope (groups, memberships, sessions, confirmed places and the names and
    schools of the people it lists bump it: intervision/apps.py), the person's and the
    content's (schools, boards, the group sizes in the settings).
    """

    template_name = "intervision/group_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cohort=self.cohort,
            content=personal_cache.cached_html(
                "intervision_cohort_groups:%s" % self.cohort.pk,
                self.request,
                [
                    personal_cache.cohort_scope(self.cohort.pk),
                    personal_cache.user_scope(self.request.user.pk),
                    personal_cache.CONTENT,
                ],
                self.render_own_part,
            ),
        )
        return context

    def render_own_part(self, csrf_token):
        # The move form lists the groups the arrangement read: one query for both.
        groups = services.cohort_groups(self.cohort)
        arrangement = services.arrangement(self.cohort, groups)
        # One query for the participants: the check reads them, the move form lists them.
        participants = services.cohort_participants(self.cohort)
        problems = services.check_cohort(self.cohort, arrangement, participants)
        session_counts = {}
        for group_id in IntervisionSession.objects.filter(group__cohort=self.cohort).values_list(
            "group", flat=True
        ):
            session_counts[group_id] = session_counts.get(group_id, 0) + 1
        context = {
            "cohort": self.cohort,
            "groups": [
                {
                    "group": group,
                    "people": people,
                    "problems": problems.get(group.pk, []),
                    "session_count": session_counts.get(group.pk, 0),
                }
                for group, people in arrangement.items()
            ],
            "cohort_problems": problems.get(None, []),
            "published": any(group.is_published for group in arrangement),
            "unpublished": any(not group.is_published for group in arrangement),
            "move_form": self.move_form(arrangement, participants, groups),
            "csrf_token": csrf_token,
        }
        return render_to_string("intervision/group_manage_content.html", context, self.request)

    def move_form(self, arrangement, participants, groups):
        if not arrangement:
            return None
        return MoveMemberForm(participants=participants, groups=groups)


class SuggestGroupsView(CohortGroupsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            conflicts = services.suggest(self.cohort)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Groups suggested. Check them, move people if needed, then publish.")
            )
            for conflict in conflicts:
                messages.warning(request, conflict)
        return self.back()


class MoveMemberView(CohortGroupsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = MoveMemberForm(
            request.POST,
            participants=services.cohort_participants(self.cohort),
            groups=self.cohort.intervision_groups.all(),
        )
        if not form.is_valid():
            messages.error(request, _("Choose a participant and a group."))
            return self.back()
        person, group = form.cleaned_data["participant"], form.cleaned_data["group"]
        try:
            services.move_member(self.cohort, person, group)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now in %(group)s.")
                % {"name": person.full_name, "group": group.name},
            )
        return self.back()


class PublishGroupsView(CohortGroupsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.publish(self.cohort)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The groups are published. Members now see their own group.")
            )
        return self.back()
