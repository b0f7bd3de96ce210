"""The one way the project sends a plain-text email, and the one way it renders one.

Mail is rendered in the request (templates, the recipient's language) and delivered by a
background task, ``deliver_mail`` (website/tasks.py): in production the worker sends it, so
a slow or unreachable SMTP server never holds up a page, and a failed delivery is retried.
Each mail carries a key; the task remembers a key it has sent (in the shared cache), so a
task that is run again after a worker died sends nothing twice.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.utils import translation

from .fields import single_line
from .tasks import background

SENT_KEY_TIMEOUT = 7 * 24 * 60 * 60


@background(max_attempts=6, retry_delay=60)
def deliver_mail(subject, body, recipients, *, key, from_email=None, html=None, headers=None):
    """Send one prepared mail, unless the mail with this ``key`` went out already."""
    if cache.get(f"mail-sent:{key}"):
        return 0
    message = EmailMultiAlternatives(subject, body, from_email, recipients, headers=headers or None)
    if html:
        message.attach_alternative(html, "text/html")
    sent = message.send()
    cache.set(f"mail-sent:{key}", 1, SENT_KEY_TIMEOUT)
    return sent


def enqueue_message(message):
    """Hand a built ``EmailMessage`` (allauth's, for instance) to ``deliver_mail``."""
    alternatives = getattr(message, "alternatives", [])
    html = next((content for content, kind in alternatives if kind == "text/html"), None)
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    recipients = [address for address in message.to if not address.lower().endswith(".invalid")]
    if not recipients:
        return 0
    deliver_mail.enqueue(
        single_line(str(message.subject)),
        body,
        recipients,
        key=uuid.uuid4().hex,
        from_email=message.from_email,
        html=html,
        headers=dict(message.extra_headers) or None,
    )
    return 1


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
    return render_plain_text(SIGNATURE_TEMPLATE, {"training_name": training_name()})


def send_plain_mail(subject, body, recipients):
    """Send ``body`` to ``recipients`` from the default address (through ``deliver_mail``).

    The subject is a header: it may hold user input (an organisation's name), so line
    breaks become spaces here rather than a ``ValueError`` from the mail library.
    Addresses on the reserved ``.invalid`` domain (erased accounts, website.personal_data)
    are left out; with no recipient left nothing is sent.
    """
    recipients = [address for address in recipients if not address.lower().endswith(".invalid")]
    if not recipients:
        return 0
    deliver_mail.enqueue(single_line(subject), str(body), list(recipients), key=uuid.uuid4().hex)
    return 1


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
    a bare address). The signature (``signature()``) is appended to every body, so a
    template never signs itself.

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
            body = body.rstrip() + "\n\n" + signature()
        sent += send_plain_mail(text, body, [address])
    return sent
