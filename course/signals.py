"""Confirm registrations that waited for the account's email address to be verified."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="course_confirm_pending_registrations")
def confirm_registrations_on_email_confirmed(request, email_address, **kwargs):
    from .services.registration import confirm_pending_registrations

    confirm_pending_registrations(email_address.user)
