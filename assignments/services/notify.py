"""Mail about peer review, in the recipient's language (STYLE §5).

If main gains a templated mail helper in the recipient's language, this module becomes a
thin call to it; until then it renders the templates here and sends them through
``website.mail.send_plain_mail``, the one way the project sends plain text.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from course.models import Registration
from website.mail import send_plain_mail


def language_of(user, cohort):
    """The language ``user`` registered for ``cohort`` in; the site's default otherwise."""
    language = (
        Registration.objects.filter(cohort=cohort, participant=user)
        .order_by("-created_at")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def mail(user, cohort, template, context):
    """Mail ``user`` the text of ``assignments/email/<template>.txt`` after commit.

    The template's first line is the subject, the rest the body, both rendered in the
    recipient's language. Names in ``context`` must already be pseudonyms where the
    recipient may not see names (assignments.anonymity).
    """
    language = language_of(user, cohort)
    with translation.override(language):
        text = render_to_string(
            f"assignments/email/{template}.txt",
            {"recipient": user, "cohort": cohort, "site_url": settings.WAGTAILADMIN_BASE_URL}
            | context,
        )
    subject, _newline, body = text.strip().partition("\n")
    address = user.email
    transaction.on_commit(lambda: send_plain_mail(subject, body.strip() + "\n", [address]))
