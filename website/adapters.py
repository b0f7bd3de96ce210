from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from .mail import enqueue_message
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

    def send_mail(self, template_prefix, email, context):
        """Render allauth's mail here, deliver it from the task worker (website.mail)."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        enqueue_message(self.render_mail(template_prefix, email, ctx))
