"""The one way the project sends a plain-text email."""

from django.core.mail import send_mail

from .fields import single_line


def send_plain_mail(subject, body, recipients):
    """Send ``body`` to ``recipients`` from the default address.

    The subject is a header: it may hold user input (an organisation's name), so line
    breaks become spaces here rather than a ``ValueError`` from the mail library.
    Addresses on the reserved ``.invalid`` domain (erased accounts, website.personal_data)
    are left out; with no recipient left nothing is sent.
    """
    recipients = [address for address in recipients if not address.lower().endswith(".invalid")]
    if not recipients:
        return 0
    return send_mail(single_line(subject), body, None, recipients)
