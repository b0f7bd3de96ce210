from urllib.parse import quote, urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation

from .links import public_url
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
        # Where they were going (the registration form, say): continued after the email
        # address is confirmed, in whichever browser (get_email_verification_redirect_url).
        # get_next_redirect_url only accepts an address on this site.
        next_url = get_next_redirect_url(request) if request is not None else None
        if next_url and next_url.startswith("/") and len(next_url) <= 300:
            user.continue_path = next_url
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            group, _ = Group.objects.get_or_create(name=Role.PARTICIPANT)
            user.groups.add(group)
        return user

    def get_email_verification_redirect_url(self, email_address):
        """After confirming: continue where the new account was going when it signed up.

        Signed in (the same browser): straight there. Not signed in (the link opened in
        another browser): the login page, which then leads there.
        """
        user = email_address.user
        path = user.continue_path
        if not path:
            return super().get_email_verification_redirect_url(email_address)
        user.continue_path = ""
        user.save(update_fields=["continue_path"])
        if self.request.user.is_authenticated:
            return path
        return reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: path})

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The confirmation link in the mail, at the site's public address (website.links)."""
        return public_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        """The password-reset link in the mail, at the site's public address."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return public_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix, email, context):
        """Render allauth's mail here, deliver it from the task worker (website.mail)."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        enqueue_message(self.render_mail(template_prefix, email, ctx))
