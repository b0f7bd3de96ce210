"""The one way the project sends a plain-text email, and the one way it renders one."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .fields import single_line

SIGNATURE_TEMPLATE = "email/signature.txt"


def training_name():
    """The training's name as emails and their signature show it: the default Wagtail
    site's name (Settings > Sites), else ``WAGTAIL_SITE_NAME``."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def signature():
    """The one signature under every email, in the active language: a closing and the
    training's name (templates/email/signature.txt). ``send_templated_mail`` appends it;
    allauth's emails include the template through ``account/email/base_message.txt``."""
    return render_to_string(SIGNATURE_TEMPLATE, {"training_name": training_name()})


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


def send_templated_mail(recipients, template_name, context, subject):
    """Render ``template_name`` and send it to each recipient in the recipient's language.

    ``recipients`` is one person or an iterable of them: a ``User`` gets the mail in their
    stored ``language``; a bare email address (a contact address without an account) gets
    the site's ``LANGUAGE_CODE``. Each person gets their own mail, so nobody sees another
    recipient's address. The template's context is ``context`` plus ``user`` (``None`` for
    a bare address). The signature (``signature()``) is appended to every body, so a
    template never signs itself.

    ``subject`` is a (lazy) string, or a callable without arguments for a subject with
    placeholders; either is evaluated in the recipient's language. The mail goes out
    through ``send_plain_mail``, so the subject is always one line. Returns the number of
    mails sent.
    """
    if isinstance(recipients, str) or hasattr(recipients, "email"):
        recipients = [recipients]
    sent = 0
    for recipient in recipients:
        if isinstance(recipient, str):
            user, address, language = None, recipient, settings.LANGUAGE_CODE
        else:
            user, address = recipient, recipient.email
            language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            text = str(subject() if callable(subject) else subject)
            body = render_to_string(template_name, {**context, "user": user})
            body = body.rstrip() + "\n\n" + signature()
        sent += send_plain_mail(text, body, [address])
    return sent
