"""The one way the project sends a plain-text email, and the one way it renders one."""

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context, engines
from django.utils import translation

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


def render_plain_text(template_name, context):
    """Render a plain-text template without HTML escaping.

    A mail body is not HTML: with Django's default autoescaping "ib'ers" would arrive as
    "ib&#x27;ers" and "A & B" as "A &amp; B". Includes inherit the setting. (Never use this
    for HTML.)
    """
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def send_templated_mail(recipients, template_name, context, subject, *, language=None):
    """Render ``template_name`` and send it to each recipient in the recipient's language.

    ``recipients`` is one person or an iterable of them: a ``User`` gets the mail in their
    stored ``language``; a bare email address (a contact address without an account) gets
    ``language`` when given (the language the visitor used), else the site's
    ``LANGUAGE_CODE``. Each person gets their own mail, so nobody sees another
    recipient's address. The template's context is ``context`` plus ``user`` (``None`` for
    a bare address).

    ``subject`` is a (lazy) string, or a callable without arguments for a subject with
    placeholders; either is evaluated in the recipient's language. The mail goes out
    through ``send_plain_mail``, so the subject is always one line. Returns the number of
    mails sent. The template is plain text and rendered without HTML escaping.
    """
    if isinstance(recipients, str) or hasattr(recipients, "email"):
        recipients = [recipients]
    sent = 0
    for recipient in recipients:
        if isinstance(recipient, str):
            user, address = None, recipient
            mail_language = language or settings.LANGUAGE_CODE
        else:
            user, address = recipient, recipient.email
            mail_language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
        with translation.override(mail_language):
            text = str(subject() if callable(subject) else subject)
            body = render_plain_text(template_name, {**context, "user": user})
        sent += send_plain_mail(text, body, [address])
    return sent
