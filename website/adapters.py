from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group

from .models import Role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the site is a participant; staff get roles from a coordinator."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _ = Group.objects.get_or_create(name=Role.PARTICIPANT)
            user.groups.add(group)
        return user
