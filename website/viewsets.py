from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

PROFILE_FIELDS = ["full_name", "function", "school"]


class ProfileFieldsMixin(forms.ModelForm):
    # Our user has one full name instead of Wagtail's first and last name.
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)


class AdminUserCreationForm(ProfileFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ["email", "is_superuser", "groups", *PROFILE_FIELDS]


class AdminUserEditForm(ProfileFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = ["email", "is_active", "is_superuser", "groups", *PROFILE_FIELDS]


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
