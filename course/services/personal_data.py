"""The course's part of a person's data (AVG): registrations with their prices and LBBO
number, the registration log about them, attendance, certificates, the calendar link and
the in-company requests they filed. Registered under the hooks of
``website.personal_data`` in course/wagtail_hooks.py.

Erasure keeps every registration row with its amounts (invoices and the price history
stay; ``RegistrationLog`` amounts are never touched) and its attendance (cohort
statistics), but clears what the person typed. A place in a cohort that has not ended is
cancelled through ``cancel_registration``, so it goes to the next person waiting.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.personal_data import plain_value, record, section

from ..models import (
    Attendance,
    CalendarFeedToken,
    Certificate,
    DuoInvitation,
    InCompanyRequest,
    Registration,
    RegistrationLog,
)
from ..money import format_euro
from .registration import cancel_registration, decline_duo_invitation

REGISTRATION_FIELDS = [
    "cohort",
    "status",
    "function",
    "school_name",
    "school_place",
    "board_name",
    "payer",
    "invoice_address",
    "invoice_reference",
    "is_lbbo_member",
    "membership_number",
    "membership_status",
    "terms_accepted_at",
    "offer_expires_at",
    "created_at",
]
# What the registrant typed about themselves; the amounts and the status stay.
TYPED_REGISTRATION_FIELDS = {
    "function": "",
    "school_name": "",
    "school_place": "",
    "board_name": "",
    "invoice_address": "",
    "invoice_reference": "",
    "membership_number": "",
}
INCOMPANY_FIELDS = [
    "organisation",
    "contact_name",
    "email",
    "phone",
    "participant_count",
    "region",
    "period",
    "questions",
    "status",
    "created_at",
]


def _incompany_requests(user):
    """The requests filed under the person's address (they have no account link)."""
    if not user.email:
        return InCompanyRequest.objects.none()
    return InCompanyRequest.objects.filter(email__iexact=user.email)


def _duo_invitations(user):
    """Register-together invitations sent to the person's address (name and address are
    theirs; the account may not have existed yet)."""
    if not user.email:
        return DuoInvitation.objects.none()
    return DuoInvitation.objects.filter(email__iexact=user.email).select_related("cohort")


def export_course_data(user):
    """``PERSONAL_DATA_EXPORT``: the person's registrations, log, attendance, calendar link
    and in-company requests. Who else changed or recorded something is left out."""
    registrations = Registration.objects.for_participant(user).select_related("cohort")
    yield section(
        _("Registrations"),
        [
            record(
                registration,
                REGISTRATION_FIELDS,
                **{
                    _("course fee"): format_euro(registration.course_fee),
                    _("LBBO discount"): format_euro(registration.discount),
                    _("total"): format_euro(registration.total),
                },
            )
            for registration in registrations
        ],
    )
    yield section(
        _("Registration history"),
        [
            record(
                entry,
                ["changed_at", "kind"],
                **{
                    _("cohort"): entry.registration.cohort,
                    _("reason"): entry.get_reason_display(),
                    _("old status"): entry.get_old_status_display(),
                    _("new status"): entry.get_new_status_display(),
                    _("old total"): _euro_or_empty(entry.old_total),
                    _("new total"): _euro_or_empty(entry.new_total),
                },
            )
            for entry in RegistrationLog.objects.filter(
                registration__participant=user
            ).select_related("registration__cohort")
        ],
    )
    yield section(
        _("Attendance"),
        [
            record(
                attendance,
                ["present", "recorded_at"],
                **{
                    _("cohort"): attendance.cohort_day.cohort,
                    _("course day"): attendance.cohort_day.number,
                    _("date"): attendance.cohort_day.date,
                },
            )
            for attendance in Attendance.objects.for_participant(user)
            .select_related("cohort_day__cohort")
            .order_by("cohort_day__date")
        ],
    )
    yield section(
        _("Certificates"),
        [
            record(
                certificate,
                ["name", "study_hours", "completed_on", "issued_at", "revoked_at"],
                **{
                    _("cohort"): certificate.cohort,
                    _("verification code"): certificate.display_code,
                    _("reason for revoking"): certificate.revoke_reason,
                },
            )
            for certificate in Certificate.objects.filter(participant=user).select_related("cohort")
        ],
    )
    yield section(
        _("Personal calendar link"),
        [record(token, ["issued_at"]) for token in CalendarFeedToken.objects.filter(user=user)],
    )
    yield section(
        _("In-company requests"),
        [record(request, INCOMPANY_FIELDS) for request in _incompany_requests(user)],
    )
    yield section(
        _("Register together"),
        [
            record(invitation, ["cohort", "full_name", "email", "status", "expires_at"])
            for invitation in _duo_invitations(user)
        ],
    )
    trained = list(user.trained_cohorts.all())
    if trained:
        yield section(
            _("Cohorts you train"), [{str(_("Cohort")): str(cohort)} for cohort in trained]
        )


def _euro_or_empty(amount):
    return format_euro(amount) if amount is not None else plain_value(None)


def erase_course_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: cancel places in cohorts that have not ended, clear what
    the person typed on each registration and request, neutralise their name in log
    reasons, remove the calendar link, the certificates (their public verification page
    shows the name) and the trainer role in cohorts."""
    cancelled = 0
    registrations = Registration.objects.for_participant(user).select_related("cohort")
    for registration in registrations.active():
        if not registration.cohort.has_ended():
            cancel_registration(
                registration,
                by,
                reason=gettext_lazy("cancelled on the person's request to erase their data"),
            )
            cancelled += 1
    anonymised = registrations.update(**TYPED_REGISTRATION_FIELDS)
    names = [value for value in (user.full_name, user.email) if value]
    log_entries = 0
    if names:
        pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
        for entry in RegistrationLog.objects.filter(registration__participant=user):
            reason = pattern.sub("…", entry.reason)
            if reason != entry.reason:
                RegistrationLog.objects.filter(pk=entry.pk).update(reason=reason)
                log_entries += 1
    requests_anonymised = _incompany_requests(user).update(
        contact_name="", email="", phone="", questions=""
    )
    # A place still held for the person goes to the next one waiting; then their name and
    # address leave the invitations.
    for invitation in _duo_invitations(user).filter(status=DuoInvitation.Status.PENDING):
        decline_duo_invitation(invitation, user)
    invitations_anonymised = _duo_invitations(user).update(full_name="", email="")
    tokens = CalendarFeedToken.objects.filter(user=user).delete()[0]
    # The public verification page would go on showing the name: the certificate goes.
    certificates = Certificate.objects.filter(participant=user).delete()[0]
    user.trained_cohorts.clear()
    return {
        gettext_lazy("registrations cancelled"): cancelled,
        gettext_lazy("registrations anonymised"): anonymised,
        gettext_lazy("registration log reasons neutralised"): log_entries,
        gettext_lazy("in-company requests anonymised"): requests_anonymised,
        gettext_lazy("register-together invitations anonymised"): invitations_anonymised,
        gettext_lazy("calendar links removed"): tokens,
        gettext_lazy("certificates removed"): certificates,
    }
