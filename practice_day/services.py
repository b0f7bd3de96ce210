"""Practice-day services: booking host visits, cancelling, the waiting list and the
preference round with its allocation.

Every change that touches more than one row, needs a lock or sends mail goes through
here (STYLE §2, §5); views, the Wagtail admin and the demo data all call these functions.

Locking order, to stay free of deadlocks: first the slot row, then the participant's
registration row for the cohort. Mail goes out after commit.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from course.models import CohortDay, Registration
from course.models.pages import PRACTICE_DAY_NUMBER
from website.errors import ActionRefused
from website.mail import send_templated_mail

from . import allocation
from .allocation import MAX_PREFERENCES
from .models import (
    HostVisit,
    PracticeDay,
    ProposedAssignment,
    VisitBooking,
    VisitPreference,
    VisitSlot,
    WaitingListEntry,
)


def practice_day_for(cohort):
    """The cohort's practice-day settings, created with the defaults when missing. No
    query when the cohort came with them (``with_practice_day``)."""
    practice_day = None
    if type(cohort).practice_day.is_cached(cohort):
        practice_day = getattr(cohort, "practice_day", None)  # None: the cohort has none yet
    if practice_day is None:
        practice_day, _created = PracticeDay.objects.get_or_create(cohort=cohort)
    practice_day.cohort = cohort  # the caller's instance: no second query for it
    return practice_day


def with_practice_day(cohorts, *fields):
    """``cohorts`` (a CohortPage queryset) loading only ``fields`` and, in the same query,
    each cohort's practice-day settings for ``practice_day_for``."""
    settings = [f"practice_day__{field.attname}" for field in PracticeDay._meta.concrete_fields]
    return cohorts.select_related("practice_day").only(*fields, *settings)


# --- Checks shared by the services ------------------------------------------------------


def _check_participant(user, cohort):
    if not user.is_authenticated:
        raise ActionRefused(_("Please sign in first."), code="anonymous")
    if not cohort.is_participant(user):
        raise ActionRefused(
            _("Only confirmed participants of this cohort can take part in its practice day."),
            code="not_participant",
        )


def _check_may_book(user, slot, at=None):
    """The cheap checks before booking or waiting for ``slot``; returns its practice day."""
    _check_participant(user, slot.host_visit.cohort)
    practice_day = practice_day_for(slot.host_visit.cohort)
    if not practice_day.accepts_bookings(at):
        raise ActionRefused(_("Booking visits for this practice day is closed."), code="closed")
    _check_not_own(user, slot.host_visit)
    return practice_day


def _check_not_own(user, host_visit):
    if host_visit.is_own_for(user):
        raise ActionRefused(
            _("You cannot visit your own school or a school of your own board."),
            code="own_school",
        )


def _lock_registration(user, cohort):
    """Lock the participant's registration row, so that their own parallel requests queue."""
    return (
        Registration.objects.select_for_update()
        .confirmed()
        .filter(cohort=cohort, participant=user)
        .first()
    )


def _overlaps(slot, other):
    return slot.starts_at < other.ends_at and other.starts_at < slot.ends_at


def _check_room_for_another_visit(user, slot, practice_day):
    """Refuse when the participant has reached the limit or has a visit at the same time.

    Call inside the transaction, after locking the registration row.
    """
    active = list(
        VisitBooking.objects.active()
        .for_participant(user)
        .for_cohort(practice_day.cohort)
        .select_related("slot")
    )
    if any(b.slot_id == slot.pk for b in active):
        raise ActionRefused(_("You have already booked this visit."), code="already_booked")
    if len(active) >= practice_day.max_visits_per_participant:
        if practice_day.max_visits_per_participant == 1:
            message = _("You have already booked a visit for this practice day.")
        else:
            message = _("You have already booked %(count)d visits, the most allowed.") % {
                "count": practice_day.max_visits_per_participant
            }
        raise ActionRefused(message, code="limit")
    if any(_overlaps(slot, b.slot) for b in active):
        raise ActionRefused(
            _("You have already booked another visit at the same time."), code="overlap"
        )


def _create_booking(user, slot, source):
    return VisitBooking.objects.create(slot=slot, participant=user, source=source)


# --- Booking ------------------------------------------------------------------------------


def book_slot(user, slot, *, at=None):
    """Book a place in ``slot`` for ``user``; return the new ``VisitBooking``.

    Raises ``ActionRefused`` with code ``anonymous``, ``not_participant``, ``closed``,
    ``own_school``, ``full``, ``already_booked``, ``limit`` or ``overlap``. Locks the slot
    row and recounts under the lock, so the slot is never overbooked. Sends a
    confirmation email after commit.
    """
    cohort = slot.host_visit.cohort
    practice_day = _check_may_book(user, slot, at)

    with transaction.atomic():
        locked = VisitSlot.objects.select_for_update().get(pk=slot.pk)
        if locked.bookings.active().count() >= locked.capacity:
            raise ActionRefused(
                _("This visit is full. You can join its waiting list."), code="full"
            )
        _lock_registration(user, cohort)
        _check_room_for_another_visit(user, locked, practice_day)
        booking = _create_booking(user, locked, VisitBooking.Source.SELF)
        # A booking made directly ends any wait for the same slot.
        WaitingListEntry.objects.waiting().filter(slot=locked, participant=user).update(
            status=WaitingListEntry.Status.PLACED
        )
    transaction.on_commit(lambda: send_visit_email(booking.pk, "booked"))
    return booking


def cancel_booking(booking, *, by, at=None):
    """Cancel ``booking``; the freed place goes to the first person waiting, once.

    ``by`` is the person cancelling: the participant themselves until the cancellation
    deadline, or a coordinator at any time. Raises ``ActionRefused`` with code ``forbidden``,
    ``deadline`` or ``not_active``. Emails whoever moves up from the waiting list.
    """
    is_coordinator = by.is_authenticated and by.is_coordinator
    if booking.participant_id != by.pk and not is_coordinator:
        raise ActionRefused(_("You can only cancel your own visit."), code="forbidden")
    practice_day = practice_day_for(booking.slot.host_visit.cohort)
    if not is_coordinator and not practice_day.allows_cancellation(at):
        raise ActionRefused(
            _("The deadline for cancelling has passed. Please contact the coordinator."),
            code="deadline",
        )
    with transaction.atomic():
        slot = VisitSlot.objects.select_for_update().get(pk=booking.slot_id)
        current = VisitBooking.objects.get(pk=booking.pk)
        if current.status != VisitBooking.Status.ACTIVE:
            raise ActionRefused(_("This visit has already been cancelled."), code="not_active")
        current.status = VisitBooking.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_from_waiting_list(slot, practice_day)
    if promoted is not None:
        transaction.on_commit(lambda: send_visit_email(promoted.pk, "promoted"))
    booking.refresh_from_db()
    return booking


def _promote_from_waiting_list(slot, practice_day):
    """Give free places in the locked ``slot`` to the first eligible people waiting.

    Must run inside the transaction that holds the slot's lock. Someone who meanwhile
    left the cohort or reached their visit limit is skipped and keeps waiting. Returns
    the last booking made, or None.
    """
    made = None
    free = slot.capacity - slot.bookings.active().count()
    if free <= 0:
        return None
    cohort = practice_day.cohort
    for entry in slot.waiting_list.waiting().select_related("participant"):
        if free <= 0:
            break
        person = entry.participant
        if _lock_registration(person, cohort) is None:
            continue
        try:
            _check_room_for_another_visit(person, slot, practice_day)
        except ActionRefused:
            continue
        made = _create_booking(person, slot, VisitBooking.Source.WAITING_LIST)
        entry.status = WaitingListEntry.Status.PLACED
        entry.save(update_fields=["status", "updated_at"])
        free -= 1
    return made


def join_waiting_list(user, slot, *, at=None):
    """Put ``user`` on the waiting list of the full ``slot``; return the entry.

    Raises ``ActionRefused`` with code ``anonymous``, ``not_participant``, ``closed``,
    ``own_school``, ``not_full``, ``already_booked``, ``limit``, ``overlap`` or
    ``already_waiting``.
    """
    cohort = slot.host_visit.cohort
    practice_day = _check_may_book(user, slot, at)
    with transaction.atomic():
        locked = VisitSlot.objects.select_for_update().get(pk=slot.pk)
        _lock_registration(user, cohort)
        # Waiting only makes sense for someone who could take the place when it frees up.
        _check_room_for_another_visit(user, locked, practice_day)
        if locked.bookings.active().count() < locked.capacity:
            raise ActionRefused(
                _("This visit still has places left: you can book it."), code="not_full"
            )
        if locked.waiting_list.waiting().filter(participant=user).exists():
            raise ActionRefused(
                _("You are already on the waiting list for this visit."), code="already_waiting"
            )
        return WaitingListEntry.objects.create(slot=locked, participant=user)


def leave_waiting_list(entry, *, by):
    """Take ``entry`` off the waiting list. Raises ``ActionRefused`` ``forbidden``."""
    from course.personal_cache import bump, user_scope

    if entry.participant_id != by.pk:
        raise ActionRefused(
            _("You can only leave your own place on a waiting list."), code="forbidden"
        )
    WaitingListEntry.objects.filter(pk=entry.pk, status=WaitingListEntry.Status.WAITING).update(
        status=WaitingListEntry.Status.WITHDRAWN, updated_at=timezone.now()
    )
    bump(user_scope(entry.participant_id))  # update() sends no signal


# --- Preference round ---------------------------------------------------------------------


def save_preferences(user, practice_day, slot_ids, *, at=None):
    """Replace ``user``'s ranked choices (first choice first, at most three distinct slots).

    Raises ``ActionRefused`` with code ``anonymous``, ``not_participant``, ``closed``,
    ``invalid``, ``duplicate`` or ``own_school``; nothing is saved then.
    """
    from course.personal_cache import bump, user_scope

    _check_participant(user, practice_day.cohort)
    if not practice_day.accepts_preferences(at):
        raise ActionRefused(_("The preference round is closed."), code="closed")
    slot_ids = [int(s) for s in slot_ids if s]
    if not slot_ids or len(slot_ids) > MAX_PREFERENCES:
        raise ActionRefused(_("Choose at least one and at most three visits."), code="invalid")
    if len(set(slot_ids)) != len(slot_ids):
        raise ActionRefused(_("Choose each visit only once."), code="duplicate")
    slots = {
        s.pk: s
        for s in VisitSlot.objects.filter(
            pk__in=slot_ids, host_visit__cohort=practice_day.cohort
        ).select_related("host_visit__school")
    }
    if len(slots) != len(slot_ids):
        raise ActionRefused(_("Choose visits of your own practice day."), code="invalid")
    for slot in slots.values():
        _check_not_own(user, slot.host_visit)
    with transaction.atomic():
        VisitPreference.objects.filter(practice_day=practice_day, participant=user).delete()
        VisitPreference.objects.bulk_create(
            VisitPreference(practice_day=practice_day, participant=user, rank=rank, slot_id=pk)
            for rank, pk in enumerate(slot_ids, start=1)
        )
        bump(user_scope(user.pk))  # bulk_create sends no signal


def allocation_input(practice_day):
    """The allocation's input for ``practice_day``: (participants, slots), plain data.

    Participants who already hold as many bookings as allowed are left out; places
    already booked are subtracted from each slot's capacity.
    """
    cohort = practice_day.cohort
    choices = {}
    for pref in VisitPreference.objects.filter(practice_day=practice_day).order_by(
        "participant_id", "rank"
    ):
        choices.setdefault(pref.participant_id, []).append(pref.slot_id)
    booked = Counter(
        VisitBooking.objects.active().for_cohort(cohort).values_list("participant_id", flat=True)
    )
    people = [
        allocation.Participant(
            id=user.pk,
            choices=tuple(choices.get(user.pk, ())),
            school_id=user.school_id,
            board_id=user.school.board_id if user.school_id else None,
        )
        for user in cohort.participants().select_related("school").order_by("pk")
        # Who already has their visit(s) takes no part in the allocation.
        if booked[user.pk] < practice_day.max_visits_per_participant
    ]
    slots = [
        allocation.Slot(
            id=slot.pk,
            capacity=slot.capacity - slot.active_count,
            school_id=slot.host_visit.school_id,
            board_id=slot.host_visit.host_board_id,
        )
        for slot in _slots_with_counts(cohort).select_related("host_visit__school")
    ]
    return people, slots


def run_allocation(practice_day):
    """Compute a proposal from the preferences and store it for the coordinator's review.

    Replaces any earlier proposal, including manual adjustments. Places already booked
    count against capacity. Returns the ``allocation.Allocation``. Raises ``ActionRefused``
    ``published`` when the result has already been published.
    """
    if practice_day.results_published:
        raise ActionRefused(_("The allocation has already been published."), code="published")
    people, slots = allocation_input(practice_day)
    result = allocation.allocate(people, slots)
    with transaction.atomic():
        ProposedAssignment.objects.filter(practice_day=practice_day).delete()
        ProposedAssignment.objects.bulk_create(
            ProposedAssignment(
                practice_day=practice_day,
                participant_id=p.id,
                slot_id=result.assignments.get(p.id),
                rank=result.ranks.get(p.id),
            )
            for p in people
        )
    return result


def adjust_assignment(proposal, slot):
    """Move one participant in the proposal to ``slot`` (or to nobody with ``None``).

    Raises ``ActionRefused`` with code ``published``, ``invalid``, ``own_school`` or ``full``.
    """
    practice_day = proposal.practice_day
    if practice_day.results_published:
        raise ActionRefused(_("The allocation has already been published."), code="published")
    if slot is not None:
        if slot.host_visit.cohort_id != practice_day.cohort_id:
            raise ActionRefused(_("Choose a visit of this practice day."), code="invalid")
        _check_not_own(proposal.participant, slot.host_visit)
    with transaction.atomic():
        if slot is not None:
            locked = VisitSlot.objects.select_for_update().get(pk=slot.pk)
            taken = locked.bookings.active().count() + (
                ProposedAssignment.objects.filter(practice_day=practice_day, slot=locked)
                .exclude(pk=proposal.pk)
                .count()
            )
            if taken >= locked.capacity:
                raise ActionRefused(_("This visit is full."), code="full")
        rank = (
            VisitPreference.objects.filter(
                practice_day=practice_day, participant=proposal.participant, slot=slot
            )
            .values_list("rank", flat=True)
            .first()
            if slot is not None
            else None
        )
        proposal.slot = slot
        proposal.rank = rank
        proposal.adjusted = True
        proposal.save(update_fields=["slot", "rank", "adjusted"])
    return proposal


def publish_allocation(practice_day):
    """Turn the proposal into bookings, mark the result published and email everyone.

    Participants without a visit in the proposal get an email that the coordinator will
    place them (or that they may book a remaining place). Raises ``ActionRefused``
    ``published`` or ``no_proposal``. Returns the list of bookings made.
    """
    with transaction.atomic():
        locked = PracticeDay.objects.select_for_update().get(pk=practice_day.pk)
        if locked.results_published:
            raise ActionRefused(_("The allocation has already been published."), code="published")
        proposals = list(
            ProposedAssignment.objects.filter(practice_day=locked).select_related(
                "participant", "slot"
            )
        )
        if not proposals and locked.cohort.participants().exists():
            raise ActionRefused(_("Run the allocation first."), code="no_proposal")
        made, unplaced = [], []
        for proposal in sorted(proposals, key=lambda p: (p.slot_id or 0, p.pk)):
            if proposal.slot is None:
                unplaced.append(proposal.participant_id)
                continue
            slot = VisitSlot.objects.select_for_update().get(pk=proposal.slot_id)
            if slot.bookings.active().filter(participant_id=proposal.participant_id).exists():
                continue
            if slot.bookings.active().count() >= slot.capacity:
                raise ActionRefused(
                    _("%(slot)s would be overbooked; adjust the proposal first.") % {"slot": slot},
                    code="full",
                )
            made.append(_create_booking(proposal.participant, slot, VisitBooking.Source.ALLOCATION))
        locked.results_published = True
        locked.save(update_fields=["results_published"])
    practice_day.results_published = True
    booking_ids = [b.pk for b in made]

    def notify():
        for pk in booking_ids:
            send_visit_email(pk, "allocated")
        for user_id in unplaced:
            send_unplaced_email(user_id, practice_day.pk)

    transaction.on_commit(notify)
    return made


# --- Reading ------------------------------------------------------------------------------


def _slots_with_counts(cohort):
    from django.db.models import Count, Q

    return (
        VisitSlot.objects.filter(host_visit__cohort=cohort)
        .annotate(
            active_count=Count("bookings", filter=Q(bookings__status=VisitBooking.Status.ACTIVE))
        )
        .order_by("host_visit__organisation", "host_visit_id", "starts_at", "pk")
    )


# The photo's renditions on the practice-day page; if these change, also update the
# srcset_image in templates/practice_day/_practice_day.html.
HOST_PHOTO_FILTERS = ("fill-480x300", "fill-960x600")


def visits_scope(cohort_id):
    """The personal-cache scope (course/personal_cache.py) of a cohort's host visits and
    their places left: bumped by visits, slots and bookings (practice_day/apps.py)."""
    return f"visits:{cohort_id}"


def host_visits_with_slots(cohort, *, person=None, practice_day=None):
    """The cohort's host visits with their photos' renditions, each with ``slot_list``: its
    slots carrying ``host_visit``, ``active_count`` and ``places_left``, and what ``person``
    (given with the cohort's ``practice_day``) has there: ``person_booking_id`` (their
    active booking), ``person_is_waiting`` (on its waiting list) and ``person_rank`` (their
    choice in the preference round); None, False and None without a person. Two queries,
    three with photos, however many visits.

    The renditions are read with the visits, never kept apart from them: Wagtail makes new
    ones with ``bulk_create``, which sends no signal, so a kept list would lack them and
    every request would make them again (the practice-day page keeps the HTML instead)."""
    from django.db.models import Exists, OuterRef, Subquery
    from wagtail.images import get_image_model

    slots = _slots_with_counts(cohort)
    if person is not None:
        of_slot = {"slot": OuterRef("pk"), "participant": person}
        ranks = VisitPreference.objects.filter(practice_day=practice_day, **of_slot)
        slots = slots.annotate(
            person_booking_id=Subquery(
                VisitBooking.objects.active().filter(**of_slot).values("pk")[:1]
            ),
            person_is_waiting=Exists(WaitingListEntry.objects.waiting().filter(**of_slot)),
            person_rank=Subquery(ranks.values("rank")[:1]),
        )
    renditions = get_image_model().get_rendition_model().objects
    visits = list(
        HostVisit.objects.filter(cohort=cohort)
        .select_related("image", "school")
        .prefetch_related(
            Prefetch("slots", queryset=slots, to_attr="slot_list"),
            Prefetch(
                "image__renditions",
                queryset=renditions.filter(filter_spec__in=HOST_PHOTO_FILTERS),
            ),
        )
        .order_by("organisation", "pk")
    )
    for visit in visits:
        visit.cohort = cohort
        for slot in visit.slot_list:
            slot.host_visit = visit
            slot.places_left = max(slot.capacity - slot.active_count, 0)
            if person is None:
                slot.person_booking_id, slot.person_is_waiting, slot.person_rank = None, False, None
    return visits


def bookings_in(visits, person, practice_day):
    """``person``'s active bookings among ``visits`` (from ``host_visits_with_slots`` with
    that person), as ``bookings_for(person, practice_day=...)`` gives them but without a
    query: each has its ``pk``, ``slot`` (with ``host_visit``), ``date``, ``starts`` and
    ``ends``."""
    bookings = [
        VisitBooking(
            pk=slot.person_booking_id,
            slot=slot,
            participant=person,
            status=VisitBooking.Status.ACTIVE,
        )
        for visit in visits
        for slot in visit.slot_list
        if slot.person_booking_id
    ]
    day = practice_day.cohort_day()
    return _soonest_first(bookings, {practice_day.cohort_id: day} if day else {})


def _practice_dates(cohort_ids):
    return {
        day.cohort_id: day
        for day in CohortDay.objects.filter(cohort_id__in=cohort_ids, number=PRACTICE_DAY_NUMBER)
    }


def _attach_times(bookings, days=None):
    """``days``: the day 5 (or None) of cohorts already known; the others are looked up."""
    days = dict(days or {})
    unknown = {b.slot.host_visit.cohort_id for b in bookings} - days.keys()
    if unknown:
        days.update(_practice_dates(unknown))
    for booking in bookings:
        day = days.get(booking.slot.host_visit.cohort_id)
        booking.date = day.date if day else None
        if day:
            booking.starts = timezone.make_aware(
                datetime.datetime.combine(day.date, booking.slot.starts_at)
            )
            booking.ends = timezone.make_aware(
                datetime.datetime.combine(day.date, booking.slot.ends_at)
            )
        else:
            booking.starts = booking.ends = None
    return bookings


def bookings_for(user, cohort=None, *, practice_day=None, days=None):
    """The user's active visit bookings, soonest first, for the dashboard and calendar.

    ``practice_day``: only that cohort's bookings, timed by the day 5 the instance has
    already looked up (one query fewer on the practice-day page). ``days``: the day 5 (or
    None) of cohorts the caller has loaded, by cohort id (the dashboard); only the others
    are looked up.

    Each booking has ``slot``, ``slot.host_visit`` and ``slot.host_visit.cohort`` loaded,
    and the attributes ``date`` (the practice day's date), ``starts`` and ``ends`` (aware
    datetimes; all three None while the cohort's day 5 has no date). Two queries.
    """
    if not user.is_authenticated:
        return []
    bookings = VisitBooking.objects.active().for_participant(user).order_by("slot__starts_at", "pk")
    if practice_day is not None:
        cohort = practice_day.cohort
        day = practice_day.cohort_day()
        days = {cohort.pk: day}
    if cohort is not None:
        # Every booking is of this cohort: no join with the cohort's page tables (a Wagtail
        # page is the widest row of the query), the instance we have is attached instead.
        result = list(bookings.for_cohort(cohort).select_related("slot__host_visit"))
        for booking in result:
            booking.slot.host_visit.cohort = cohort
    else:
        result = list(bookings.select_related("slot__host_visit__cohort"))
    return _soonest_first(result, days)


def _soonest_first(bookings, days):
    """``bookings`` with their times (``_attach_times``), soonest first."""
    bookings = _attach_times(bookings, days)
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return sorted(bookings, key=lambda b: (b.starts or far, b.pk))


def visitors_for_host(host_visit):
    """The host's slots, each with ``visitors``: active bookings with the participant's
    name, function and school (nothing more). Three queries."""
    from django.db.models import Prefetch

    bookings = (
        VisitBooking.objects.active()
        .select_related("participant__school")
        .order_by("participant__full_name", "pk")
    )
    return list(
        host_visit.slots.order_by("starts_at", "pk").prefetch_related(
            Prefetch("bookings", queryset=bookings, to_attr="visitors")
        )
    )


# --- Mail ---------------------------------------------------------------------------------

VISIT_MAIL_SUBJECTS = {
    "booked": gettext_lazy("Your visit on the practice day is booked"),
    "promoted": gettext_lazy("A place has become free: your visit is booked"),
    "allocated": gettext_lazy("Your visit on the practice day"),
}


def send_visit_email(booking_pk, template):
    """Email the participant of a booking in their language, rendering
    ``practice_day/email/<template>.txt``."""
    booking = (
        VisitBooking.objects.select_related("participant", "slot__host_visit__cohort")
        .filter(pk=booking_pk)
        .first()
    )
    if booking is None:
        return
    _attach_times([booking])
    send_templated_mail(
        booking.participant,
        f"practice_day/email/{template}.txt",
        {"booking": booking, "slot": booking.slot, "host_visit": booking.slot.host_visit},
        VISIT_MAIL_SUBJECTS[template],
    )


def send_unplaced_email(user_id, practice_day_pk):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    practice_day = PracticeDay.objects.select_related("cohort").filter(pk=practice_day_pk).first()
    if user is None or practice_day is None:
        return
    send_templated_mail(
        user,
        "practice_day/email/unplaced.txt",
        {"practice_day": practice_day, "cohort": practice_day.cohort},
        gettext_lazy("Your visit on the practice day: not placed yet"),
    )
