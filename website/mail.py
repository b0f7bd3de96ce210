"""The one way the project sends a plain-text email."""

from django.core.mail import send_mail

from .fields import single_line


def send_plain_mail(subject, body, recipients):
    """Send ``body`` to ``recipients`` from the default address.

    The subject is a header: it may hold user input (an organisation's name), so line
    breaks become spaces here rather than a ``ValueError`` from the mail library.
    """
    return send_mail(single_line(subject), body, None, list(recipients))
