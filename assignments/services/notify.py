"""Mail about peer review, in the recipient's language (STYLE §5).

A thin layer over ``website.mail.send_templated_mail``: it knows each template's subject
and sends after commit, so a rolled-back change mails nobody.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.links import public_base_url
from website.mail import send_templated_mail


def _subject(template, cohort):
    """The subject of ``template``, evaluated later in the recipient's language."""
    subjects = {
        "review_assigned": gettext_lazy("Peer review: a plan to review"),
        "reviews_moved": lambda: _("Peer reviews moved in %(cohort)s") % {"cohort": cohort.title},
        "reminder_review": gettext_lazy("Reminder: finish your peer reviews"),
        "reminder_revision": gettext_lazy("Reminder: revise your implementation plan"),
        "reminder_submission": gettext_lazy("Reminder: submit your implementation plan"),
        "grade_released": gettext_lazy("The grade of your implementation plan"),
    }
    return subjects[template]


def mail(user, cohort, template, context):
    """Mail ``user`` the text of ``assignments/email/<template>.txt`` after commit, rendered
    in the language stored on their account (``User.language``).

    Names in ``context`` must already be pseudonyms where the recipient may not see names
    (assignments.anonymity).
    """
    subject = _subject(template, cohort)
    context = {
        "recipient": user,
        "cohort": cohort,
        "site_url": public_base_url(),
    } | context
    transaction.on_commit(
        lambda: send_templated_mail(user, f"assignments/email/{template}.txt", context, subject)
    )
