from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from .models import Role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the site is a participant; staff get roles from a coordinator.

    The account keeps the language the person signed up in (``User.language``).
    """

    def save_user(self, request, user, form, commit=True):
        # The language they signed up in is the language of their emails until they switch.
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _ = Group.objects.get_or_create(name=Role.PARTICIPANT)
            user.groups.add(group)
        return user
