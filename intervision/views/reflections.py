"""The reflection log: private entries per member, optionally shared with the trainer.

Whoever may not read a reflection gets a 404, exactly as for one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from course.permissions import trains_cohort
from website.errors import ActionRefused

from ..forms.cases import ReflectionForm
from ..models import GroupMembership, IntervisionGroup, Reflection
from ..services import reflections as services
from ..services.retention import deletion_date


class GroupMixin(LoginRequiredMixin):
    @cached_property
    def group(self):
        return get_object_or_404(
            IntervisionGroup.objects.select_related("cohort"), pk=self.kwargs["group_id"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(group=self.group, cohort=self.group.cohort)
        return context


class ReflectionListView(GroupMixin, TemplateView):
    """The member's own reflection log in one group, with a form for a new entry."""

    template_name = "intervision/reflection_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not services.may_keep_reflections(request.user, self.group):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            initial = {"session": int(self.request.GET.get("bijeenkomst", ""))}
        except ValueError:  # also "²", which isdigit() lets through
            initial = {}
        context.setdefault("form", ReflectionForm(group=self.group, initial=initial))
        context["reflections"] = services.own_reflections(self.request.user, self.group)
        context["deletion_date"] = deletion_date(self.group)
        return context

    def post(self, request, *args, **kwargs):
        form = ReflectionForm(request.POST, group=self.group)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.save_reflection(request.user, self.group, **form.cleaned_data)
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your reflection is saved."))
        return redirect("intervision:reflections", self.group.pk)


class SharedReflectionListView(GroupMixin, TemplateView):
    """For the cohort's trainers: the reflections members of one group shared with them."""

    template_name = "intervision/reflection_shared.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not trains_cohort(request.user, self.group.cohort):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reflections"] = services.shared_reflections(self.group)
        return context


class ReflectionMixin(LoginRequiredMixin):
    @cached_property
    def reflection(self):
        return get_object_or_404(
            Reflection.objects.select_related("group__cohort", "session", "author"),
            pk=self.kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user):
        return self.reflection.author_id == user.pk

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reflection=self.reflection,
            group=self.reflection.group,
            cohort=self.reflection.group.cohort,
        )
        return context


class ReflectionDetailView(ReflectionMixin, TemplateView):
    template_name = "intervision/reflection_detail.html"

    def allowed(self, user):
        return services.may_read_reflection(user, self.reflection)


class ReflectionEditView(ReflectionMixin, TemplateView):
    template_name = "intervision/reflection_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form", ReflectionForm(instance=self.reflection, group=self.reflection.group)
        )
        return context

    def post(self, request, *args, **kwargs):
        reflection = self.reflection
        form = ReflectionForm(request.POST, instance=reflection, group=reflection.group)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.save_reflection(
                request.user, reflection.group, reflection=reflection, **form.cleaned_data
            )
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your reflection is saved."))
        return redirect("intervision:reflections", reflection.group_id)


class ReflectionDeleteView(ReflectionMixin, TemplateView):
    template_name = "intervision/reflection_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        group_id = self.reflection.group_id
        services.delete_reflection(request.user, self.reflection)
        messages.success(request, _("Your reflection is deleted."))
        return redirect("intervision:reflections", group_id)


class ReflectionExportView(GroupMixin, View):
    """Download one's own reflections in a group as a Markdown file.

    Also for members who have left the group: the reflections are theirs until deleted.
    """

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not GroupMembership.objects.filter(group=self.group, participant=request.user).exists():
            raise Http404
        text = services.export_markdown(request.user, self.group)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        filename = slugify(_("reflections %(group)s") % {"group": self.group.name}) + ".md"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
