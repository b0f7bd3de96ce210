"""The practice day's part of a person's data (AVG): visit bookings, waiting-list places,
ranked preferences and allocation proposals. Registered under the hooks of
``website.personal_data`` in practice_day/wagtail_hooks.py.

Erasure cancels bookings for a practice day that has not started through
``cancel_booking``, so the place goes to the first person waiting; bookings of a day that
has passed stay (how many visited each host), pointing at the anonymised account.
Waiting-list places, preferences and proposals are removed: they only matter to the person.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.personal_data import record, section

from .forms import slot_label
from .models import ProposedAssignment, VisitBooking, VisitPreference, WaitingListEntry
from .services import cancel_booking, practice_day_for

BOOKING_FIELDS = ["status", "source", "created_at", "cancelled_at"]


def _visit(slot):
    """Which visit a record is about; empty for a proposal that placed nobody."""
    if slot is None:
        return {}
    return {_("time slot"): slot_label(slot), _("cohort"): slot.host_visit.cohort}


def export_practice_day_data(user):
    """``PERSONAL_DATA_EXPORT``: the person's bookings, waiting list, preferences and
    proposals; the host's contact details and other visitors are left out."""
    slot_related = ["slot__host_visit__cohort"]
    yield section(
        _("Practice-day visits"),
        [
            record(booking, BOOKING_FIELDS, **_visit(booking.slot))
            for booking in VisitBooking.objects.for_participant(user).select_related(*slot_related)
        ],
    )
    yield section(
        _("Practice-day waiting lists"),
        [
            record(entry, ["status", "created_at"], **_visit(entry.slot))
            for entry in WaitingListEntry.objects.filter(participant=user).select_related(
                *slot_related
            )
        ],
    )
    yield section(
        _("Practice-day preferences"),
        [
            record(preference, ["rank"], **_visit(preference.slot))
            for preference in VisitPreference.objects.filter(participant=user).select_related(
                *slot_related
            )
        ],
    )
    yield section(
        _("Practice-day allocation proposals"),
        [
            record(proposal, ["rank", "adjusted"], **_visit(proposal.slot))
            for proposal in ProposedAssignment.objects.filter(participant=user).select_related(
                *slot_related
            )
        ],
    )


def erase_practice_day_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: leave every waiting list, cancel bookings of days still to
    come (the place moves up), remove preferences and proposals."""
    # First off the waiting lists, so that no cancellation below promotes the person.
    waiting = WaitingListEntry.objects.filter(participant=user).delete()[0]
    cancelled = 0
    for booking in (
        VisitBooking.objects.for_participant(user)
        .active()
        .select_related("slot__host_visit__cohort")
    ):
        if not practice_day_for(booking.slot.host_visit.cohort).has_started():
            cancel_booking(booking, by=by)
            cancelled += 1
    preferences = VisitPreference.objects.filter(participant=user).delete()[0]
    proposals = ProposedAssignment.objects.filter(participant=user).delete()[0]
    return {
        gettext_lazy("practice-day visits cancelled"): cancelled,
        gettext_lazy("practice-day waiting-list places removed"): waiting,
        gettext_lazy("practice-day preferences removed"): preferences,
        gettext_lazy("practice-day allocation proposals removed"): proposals,
    }
