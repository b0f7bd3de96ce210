from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .errors import ActionRefused
from .personal_data import erase_personal_data, export_personal_data

PROFILE_FIELDS = ["full_name", "function", "school"]


class ProfileFieldsMixin(forms.ModelForm):
    # Our user has one full name instead of Wagtail's first and last name.
    first_name = None
    last_name = None
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)


class AdminUserCreationForm(ProfileFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ["email", "is_superuser", "groups", *PROFILE_FIELDS]


class AdminUserEditForm(ProfileFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = ["email", "is_active", "is_superuser", "groups", *PROFILE_FIELDS]


class EraseUserView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Carry out a person's deletion request: a confirmation page, then the erasure.

    Needs the ``erase`` permission on users (coordinators, website/apps.py); the rules and
    what is kept live in ``website.personal_data.erase_personal_data``.
    """

    permission_required = "erase"
    template_name = "wagtailusers/users/erase.html"
    page_title = gettext_lazy("Erase personal data")
    header_icon = "bin"
    index_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.object,
            sections=export_personal_data(self.object),
            index_url=reverse(self.index_url_name),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            summary = erase_personal_data(self.object, by=request.user)
        except ActionRefused as error:
            messages.error(request, str(error))
            return redirect(request.path)
        done = "; ".join(f"{label}: {count}" for label, count in summary.items() if count)
        messages.success(
            request,
            _("The personal data of account %(number)s has been erased (%(summary)s).")
            % {"number": self.object.pk, "summary": done or _("nothing else was stored")},
        )
        return redirect(self.index_url_name)


class UserViewSet(WagtailUserViewSet):
    erase_view_class = EraseUserView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm

    @property
    def erase_view(self):
        return self.construct_view(self.erase_view_class, index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("erase/<str:pk>/", self.erase_view, name="erase"),
        ]
