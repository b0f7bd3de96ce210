"""The presentation day (course day 7): the schedule of presentations and the guests a
participant invites, with their private link and their feedback.

- *Schedule*: ``generate_schedule`` and ``change_slot`` both lock the ``PresentationDay``
  row, build the whole schedule as it would be, and pass it through ``validate`` (the pure
  ``assignments.scheduling.find_conflicts``); a conflict refuses the change with a Dutch
  sentence and nothing is written. The lock makes two coordinators editing at once take
  turns, so each check sees the other's change. Participants and guests see the schedule
  once ``publish_schedule`` has run (each participant is mailed their time); generating
  it again makes it a draft again, a moved slot of a published schedule shows at once.
- *Guests*: ``invite_guest`` (at most ``MAX_GUESTS`` active guests per participant per
  cohort, counted under a lock on the participant's registration), ``revoke_guest`` (the
  participant or a coordinator), ``guest_for_link`` (the link's signature, then the hash of
  its secret; refused when revoked or after the presentation day), ``record_access`` and
  ``leave_feedback`` (mailed to the participant and the cohort's trainers).

A link is ``<secret>:<signature>``: the secret is 32 random bytes, only its SHA-256 is
stored, and the signature (Django's ``Signer`` with the SECRET_KEY) lets an altered or
invented link be refused without touching the database.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from course import personal_cache
from course.models import CohortDay, Registration
from website.errors import ActionRefused
from website.mail import send_templated_mail

from .. import scheduling
from ..models import (
    GuestAccess,
    GuestFeedback,
    Plan,
    PresentationDay,
    PresentationGuest,
    PresentationSlot,
)
from .assignments import PRESENTATION_DAY_NUMBER

MAX_GUESTS = 3
LINK_SALT = "assignments.presentation.guest"


# --- The day and its schedule ------------------------------------------------------------


def cohort_day(cohort):
    """The cohort's course day 7 (date and venue), or None when it is not planned."""
    return CohortDay.objects.filter(cohort=cohort, number=PRESENTATION_DAY_NUMBER).first()


def presentation_day_for(cohort):
    """The cohort's ``PresentationDay``, created with the defaults when missing."""
    day, _created = PresentationDay.objects.get_or_create(cohort=cohort)
    return day


def _moment(date, time):
    return timezone.make_aware(datetime.datetime.combine(date, time))


def _bounds(day, date):
    return _moment(date, day.starts_at), _moment(date, day.ends_at)


def as_slot(slot):
    """A database slot as the pure ``scheduling.Slot``."""
    return scheduling.Slot(
        slot.pk, slot.room_id, slot.participant_id, slot.trainer_id, slot.starts_at, slot.ends_at
    )


def _conflict_message(conflict, names, focus=None):
    """One sentence about ``conflict``; ``names`` maps participant ids to names. With
    ``focus`` (the key of the slot being changed) the sentence names the other slot."""
    slot, other = conflict.slot, conflict.other
    if other is not None and other.key == focus:
        slot, other = other, slot
    when = timezone.localtime(slot.starts).strftime("%H:%M")
    if conflict.kind == scheduling.EMPTY:
        return _("A presentation must end after it starts.")
    if conflict.kind == scheduling.OUTSIDE_DAY:
        return _(
            "The presentation of %(name)s at %(time)s falls outside the hours of the "
            "presentation day."
        ) % {"name": names.get(slot.participant, "?"), "time": when}
    context = {
        "name": names.get(slot.participant, "?"),
        "other": names.get(other.participant, "?"),
        "time": timezone.localtime(other.starts).strftime("%H:%M"),
    }
    if conflict.kind == scheduling.ROOM:
        return (
            _(
                "The room is already taken at that time by the presentation of %(other)s "
                "(%(time)s), including the changeover."
            )
            % context
        )
    if conflict.kind == scheduling.PARTICIPANT:
        return _("%(name)s already presents at %(time)s.") % context
    return _("The trainer already listens to the presentation of %(other)s at %(time)s.") % context


def conflicts_in(day, slots, date):
    """Every conflict of ``slots`` (``scheduling.Slot``s) on ``date`` with ``day``'s hours
    and changeover."""
    day_starts, day_ends = _bounds(day, date)
    return scheduling.find_conflicts(
        slots,
        day_starts=day_starts,
        day_ends=day_ends,
        changeover=datetime.timedelta(minutes=day.changeover_minutes),
    )


def validate(day, slots, date, names, focus=None):
    """Refuse ``slots`` (``scheduling.Slot``s) with a conflict as a Dutch sentence.

    With ``focus`` (the key of the slot being changed) only conflicts of that slot count:
    a schedule that broke when the settings changed can then be repaired one move at a
    time. Raises ``ActionRefused`` (code "conflict").
    """
    conflicts = conflicts_in(day, slots, date)
    if focus is not None:
        conflicts = [c for c in conflicts if focus in (c.slot.key, getattr(c.other, "key", None))]
    if conflicts:
        raise ActionRefused(_conflict_message(conflicts[0], names, focus), code="conflict")


def conflict_messages(day, slots, date):
    """Sentences for every conflict of the stored ``slots`` (PresentationSlots with their
    participants), for the schedule page after the settings changed."""
    names = _names(slot.participant for slot in slots)
    return [
        _conflict_message(conflict, names)
        for conflict in conflicts_in(day, [as_slot(slot) for slot in slots], date)
    ]


def _require_date(cohort):
    found = cohort_day(cohort)
    if found is None:
        raise ActionRefused(_("The cohort has no course day 7 yet; plan it first."), code="no_day")
    return found


def _names(people):
    return {person.pk: person.full_name for person in people}


def generate_schedule(cohort, *, by):
    """Replace the cohort's schedule with a generated one: every participant with a
    confirmed place once, over the rooms side by side, in alphabetical order.

    Guests keep their links (they belong to the participant, not to the slot). Raises
    ``ActionRefused`` ("no_day", "no_rooms", "does_not_fit", "conflict").
    """
    date = _require_date(cohort).date
    with transaction.atomic():
        day = PresentationDay.objects.select_for_update().get(pk=presentation_day_for(cohort).pk)
        rooms = list(day.rooms.order_by("name", "pk"))
        if not rooms:
            raise ActionRefused(_("Add at least one room first."), code="no_rooms")
        people = list(cohort.participants().order_by("full_name", "pk"))
        day_starts, day_ends = _bounds(day, date)
        try:
            planned = scheduling.generate(
                [person.pk for person in people],
                [(room.pk, room.trainer_id) for room in rooms],
                day_starts=day_starts,
                day_ends=day_ends,
                length=datetime.timedelta(minutes=day.slot_minutes),
                changeover=datetime.timedelta(minutes=day.changeover_minutes),
            )
        except scheduling.DoesNotFit as error:
            raise ActionRefused(
                _(
                    "%(count)s presentations do not fit in the day with these rooms and "
                    "trainers: add rooms or trainers, shorten the presentations or "
                    "lengthen the day."
                )
                % {"count": len(people)},
                code="does_not_fit",
            ) from error
        validate(day, planned, date, _names(people))
        day.slots.all().delete()
        if day.published_at is not None:
            # A new schedule is a draft again: participants keep seeing nothing until it
            # is published (and they are mailed their new time).
            day.published_at = None
            day.save(update_fields=["published_at"])
        # bulk_create sends no signal: each participant's slot shows on their own page.
        personal_cache.bump(personal_cache.cohort_scope(day.cohort_id))
        PresentationSlot.objects.bulk_create(
            [
                PresentationSlot(
                    day=day,
                    room_id=slot.room,
                    participant_id=slot.participant,
                    trainer_id=slot.trainer,
                    starts_at=slot.starts,
                    ends_at=slot.ends,
                )
                for slot in planned
            ]
        )
        log(
            instance=day,
            action="assignments.schedule_generated",
            user=by,
            data={"slots": len(planned)},
        )
    return planned


def change_slot(slot, *, room, starts_at, trainer, by):
    """Move ``slot`` to ``room`` at ``starts_at`` (same length as the day's setting) with
    ``trainer`` (or None), after checking the whole schedule as it would be.

    Raises ``ActionRefused`` ("conflict", "no_day", "wrong_room", "not_a_trainer").
    """
    cohort = slot.day.cohort
    date = _require_date(cohort).date
    if room.day_id != slot.day_id:
        raise ActionRefused(_("Choose a room of this presentation day."), code="wrong_room")
    if trainer is not None and not cohort.trainers.filter(pk=trainer.pk).exists():
        raise ActionRefused(_("Choose one of the cohort's trainers."), code="not_a_trainer")
    with transaction.atomic():
        day = PresentationDay.objects.select_for_update().get(pk=slot.day_id)
        slots = list(day.slots.select_related("participant"))
        current = next((s for s in slots if s.pk == slot.pk), None)
        if current is None:
            raise ActionRefused(_("This presentation no longer exists."), code="gone")
        current.room = room
        current.trainer = trainer
        current.starts_at = starts_at
        current.ends_at = starts_at + datetime.timedelta(minutes=day.slot_minutes)
        validate(
            day,
            [as_slot(s) for s in slots],
            date,
            _names(s.participant for s in slots),
            focus=current.pk,
        )
        current.save(update_fields=["room", "trainer", "starts_at", "ends_at"])
        log(instance=day, action="assignments.slot_moved", user=by, data={"slot": current.pk})
    if day.published_at is not None:
        # The participant already knows a time: they are told the new one.
        transaction.on_commit(lambda: _mail_slots(cohort, [current], moved=True))
    return current


def publish_schedule(cohort, *, by, now=None, notify=True):
    """Show the schedule to the participants and their guests, and mail each participant
    their time and room after the commit (``notify=False``: the demo's seed mails nobody).

    Raises ``ActionRefused`` ("no_day", "empty", "conflict", "published").
    """
    date = _require_date(cohort).date
    with transaction.atomic():
        day = PresentationDay.objects.select_for_update().get(pk=presentation_day_for(cohort).pk)
        if day.published_at is not None:
            raise ActionRefused(_("The schedule is already published."), code="published")
        slots = list(day.slots.select_related("participant", "room").order_by("starts_at"))
        if not slots:
            raise ActionRefused(
                _("There is nothing to publish yet: generate the schedule first."), code="empty"
            )
        # A schedule changed by hand is checked once more as a whole.
        validate(day, [as_slot(slot) for slot in slots], date, _names(s.participant for s in slots))
        day.published_at = now or timezone.now()
        day.save(update_fields=["published_at"])
        log(
            instance=day,
            action="assignments.schedule_published",
            user=by,
            data={"slots": len(slots)},
        )
    if notify:
        transaction.on_commit(lambda: _mail_slots(cohort, slots))
    return day


def _mail_slots(cohort, slots, *, moved=False):
    """Each participant of ``slots`` their time, room and venue (``moved``: a new time)."""
    venue = cohort_day(cohort)

    def subject():
        if moved:
            return _("Your presentation has moved: %(cohort)s") % {"cohort": cohort.title}
        return _("Your presentation on the presentation day of %(cohort)s") % {
            "cohort": cohort.title
        }

    for slot in slots:
        send_templated_mail(
            slot.participant,
            "assignments/email/presentation_slot.txt",
            {
                "cohort": cohort,
                "cohort_day": venue,
                "slot": slot,
                "moved": moved,
                "site_url": settings.WAGTAILADMIN_BASE_URL,
            },
            subject,
        )


def schedule(cohort):
    """The cohort's slots with room, participant and trainer, in time order (one query)."""
    return list(
        PresentationSlot.objects.filter(day__cohort=cohort)
        .select_related("room", "participant", "trainer")
        .order_by("starts_at", "room__name", "pk")
    )


# --- Guests ----------------------------------------------------------------------------


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def new_link_token():
    secret = secrets.token_urlsafe(32)
    return signing.Signer(salt=LINK_SALT).sign(secret), _hash(secret)


def guest_url(token):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("guest:plan", args=[token])


def link_expires_at(day):
    """A link works until the end of the presentation day (midnight, local time)."""
    return _moment(day.date + datetime.timedelta(days=1), datetime.time(0, 0))


def invite_guest(participant, cohort, *, name, email, role, now=None):
    """Invite a guest to ``participant``'s presentation and mail them the private link.

    Returns ``(guest, token)``; the token is never stored. Raises ``ActionRefused``
    ("not_participant", "no_day", "over", "limit").
    """
    now = now or timezone.now()
    day = _require_date(cohort)
    if now >= link_expires_at(day):
        raise ActionRefused(_("The presentation day is over."), code="over")
    with transaction.atomic():
        # The registration row serialises one participant's invitations: two at once
        # cannot both see two guests and add a fourth.
        registration = (
            Registration.objects.confirmed()
            .select_for_update()
            .filter(cohort=cohort, participant=participant)
            .first()
        )
        if registration is None:
            raise ActionRefused(
                _("Only participants of this cohort invite guests."), code="not_participant"
            )
        if PresentationGuest.objects.of(participant, cohort).active().count() >= MAX_GUESTS:
            raise ActionRefused(
                _("You can invite at most %(count)s guests. Revoke an invitation first.")
                % {"count": MAX_GUESTS},
                code="limit",
            )
        token, token_hash = new_link_token()
        guest = PresentationGuest.objects.create(
            cohort=cohort,
            participant=participant,
            name=name,
            email=email,
            role=role,
            token_hash=token_hash,
            invited_at=now,
        )
    context = {
        "guest": guest,
        "participant": participant,
        "cohort": cohort,
        "cohort_day": day,
        "link": guest_url(token),
        "expires": link_expires_at(day),
    }
    transaction.on_commit(
        lambda: send_templated_mail(
            email,
            "assignments/email/guest_invitation.txt",
            context,
            lambda: _("Invitation: presentation of %(name)s") % {"name": participant.full_name},
        )
    )
    return guest, token


def may_revoke(user, guest):
    """The participant who invited the guest, or a coordinator."""
    return user.is_authenticated and (user.pk == guest.participant_id or user.is_coordinator)


def revoke_guest(guest, *, by, now=None):
    """End ``guest``'s link at once. Raises ``ActionRefused`` ("not_allowed")."""
    if not may_revoke(by, guest):
        raise ActionRefused(_("You cannot revoke this invitation."), code="not_allowed")
    PresentationGuest.objects.filter(pk=guest.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_by=by
    )


class LinkRefused(Exception):
    """The link is altered, unknown, revoked or expired; the guest page says only that."""


def guest_for_link(token, now=None):
    """The guest of a valid link with participant and cohort loaded, and the cohort's day 7.

    Returns ``(guest, cohort_day)``. Raises ``LinkRefused`` for a link that was altered or
    never issued, that was revoked, or whose presentation day is over.
    """
    try:
        secret = signing.Signer(salt=LINK_SALT).unsign(token)
    except signing.BadSignature as error:
        raise LinkRefused from error
    guest = (
        PresentationGuest.objects.select_related("participant", "cohort")
        .filter(token_hash=_hash(secret))
        .first()
    )
    if guest is None or guest.is_revoked:
        raise LinkRefused
    day = cohort_day(guest.cohort)
    if day is None or (now or timezone.now()) >= link_expires_at(day):
        raise LinkRefused
    return guest, day


def record_access(guest, now=None):
    """Remember that ``guest`` opened the link (shown to the participant)."""
    GuestAccess.objects.create(guest=guest, accessed_at=now or timezone.now())


def final_plan(guest):
    """The participant's plan of this cohort as they handed it in, or None."""
    plan = Plan.objects.filter(
        assignment__cohort=guest.cohort, author=guest.participant, submitted_at__isnull=False
    ).first()
    return plan if plan is not None and plan.final_body() else None


def slot_of(participant, cohort):
    """The participant's slot once the schedule is published, else None."""
    return (
        PresentationSlot.objects.published()
        .filter(day__cohort=cohort, participant=participant)
        .select_related("room")
        .first()
    )


def leave_feedback(guest, text, now=None):
    """Store the guest's feedback and mail it to the participant and the cohort's trainers.

    Raises ``ActionRefused`` ("empty").
    """
    text = text.strip()
    if not text:
        raise ActionRefused(_("Write your feedback before you send it."), code="empty")
    feedback = GuestFeedback.objects.create(
        guest=guest, text=text, created_at=now or timezone.now()
    )
    recipients = [guest.participant, *guest.cohort.trainers.all()]
    context = {
        "guest": guest,
        "participant": guest.participant,
        "cohort": guest.cohort,
        "feedback": feedback,
        "site_url": settings.WAGTAILADMIN_BASE_URL,
    }
    transaction.on_commit(
        lambda: send_templated_mail(
            recipients,
            "assignments/email/guest_feedback.txt",
            context,
            lambda: (
                _("Feedback from %(guest)s on the presentation of %(name)s")
                % {"guest": guest.name, "name": guest.participant.full_name}
            ),
        )
    )
    return feedback


def guests_of(participant, cohort):
    """The participant's guests with their feedback and accesses (three queries)."""
    return list(
        PresentationGuest.objects.of(participant, cohort)
        .select_related("revoked_by")
        .prefetch_related("feedback", "accesses")
    )
