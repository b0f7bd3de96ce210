"""The presentation day (course day 7) in the site: the participant's own page (slot, guests,
who opened the link, the guests' feedback) and the schedule page of the cohort's staff.

Who sees what: a participant their own page for a cohort where they have a confirmed place;
the schedule page the cohort's trainers and coordinators (``is_staff_for``), anyone else a
404; changing the schedule and its settings coordinators only (a trainer gets 403).
Revoking a guest: the participant who invited them, or a coordinator.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import RestrictedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from course.models import CohortPage
from course.permissions import is_staff_for
from website.errors import ActionRefused

from ..forms.presentation import DaySettingsForm, GuestForm, SlotForm, room_formset
from ..models import PresentationGuest, PresentationSlot
from ..services import presentation as service


def _cohort(cohort_id):
    return get_object_or_404(CohortPage, pk=cohort_id)


def _participant_cohort(request, cohort_id):
    cohort = _cohort(cohort_id)
    if not cohort.is_participant(request.user):
        raise Http404
    return cohort


def _staff_cohort(request, cohort_id):
    cohort = _cohort(cohort_id)
    if not is_staff_for(request.user, cohort):
        raise Http404
    return cohort


def _coordinator_cohort(request, cohort_id):
    cohort = _staff_cohort(request, cohort_id)
    if not request.user.is_coordinator:
        raise PermissionDenied
    return cohort


# --- The participant ----------------------------------------------------------------------


@login_required
def mine(request, cohort_id):
    """The participant's slot and guests; POST invites a guest."""
    cohort = _participant_cohort(request, cohort_id)
    day = service.cohort_day(cohort)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest, _token = service.invite_guest(request.user, cohort, **form.cleaned_data)
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is invited; the private link has been sent to %(email)s.")
                % {"name": guest.name, "email": guest.email},
            )
            return redirect("assignments:presentation", cohort_id=cohort.pk)
    guests = service.guests_of(request.user, cohort)
    active = [guest for guest in guests if not guest.is_revoked]
    over = day is not None and timezone.now() >= service.link_expires_at(day)
    return render(
        request,
        "assignments/presentation/mine.html",
        {
            "cohort": cohort,
            "cohort_day": day,
            "slot": service.slot_of(request.user, cohort),
            "guests": guests,
            "form": form,
            "may_invite": day is not None and not over and len(active) < service.MAX_GUESTS,
            "over": over,
            "max_guests": service.MAX_GUESTS,
            "has_final_plan": any(
                plan.final_body() for plan in request.user.plans.filter(assignment__cohort=cohort)
            ),
        },
    )


@login_required
@require_POST
def revoke_guest(request, cohort_id, guest_id):
    """The participant or a coordinator ends a guest's link."""
    guest = get_object_or_404(PresentationGuest, pk=guest_id, cohort_id=cohort_id)
    if not service.may_revoke(request.user, guest):
        raise Http404
    service.revoke_guest(guest, by=request.user)
    messages.success(request, _("The link of %(name)s no longer works.") % {"name": guest.name})
    if request.user.pk == guest.participant_id:
        return redirect("assignments:presentation", cohort_id=cohort_id)
    return redirect("assignments:schedule", cohort_id=cohort_id)


# --- The cohort's staff ----------------------------------------------------------------------


@login_required
def schedule(request, cohort_id):
    """The schedule with the guests and their feedback; coordinators also get the forms."""
    cohort = _staff_cohort(request, cohort_id)
    day = service.presentation_day_for(cohort)
    return _render_schedule(request, cohort, day)


def _render_schedule(request, cohort, day, settings_form=None, rooms=None, status=200):
    may_edit = request.user.is_coordinator
    slots = service.schedule(cohort)
    room_list = list(day.rooms.all())
    guests = {}
    for guest in (
        PresentationGuest.objects.filter(cohort=cohort)
        .prefetch_related("feedback")
        .order_by("invited_at", "pk")
    ):
        guests.setdefault(guest.participant_id, []).append(guest)
    trainers = list(cohort.trainers.order_by("full_name")) if may_edit else []
    for slot in slots:
        slot.guests = guests.get(slot.participant_id, [])
        if may_edit:
            slot.form = SlotForm(
                rooms=room_list, trainers=trainers, slot=slot, prefix=f"slot{slot.pk}"
            )
    scheduled = {slot.participant_id for slot in slots}
    cohort_day = service.cohort_day(cohort)
    context = {
        "cohort": cohort,
        "day": day,
        "cohort_day": cohort_day,
        "conflicts": service.conflict_messages(day, slots, cohort_day.date) if cohort_day else [],
        "slots": slots,
        "unscheduled": [
            p for p in cohort.participants().order_by("full_name") if p.pk not in scheduled
        ],
        "may_edit": may_edit,
    }
    if may_edit:
        context["settings_form"] = settings_form or DaySettingsForm(instance=day, prefix="day")
        context["rooms"] = rooms or room_formset(cohort, day)
    return render(request, "assignments/presentation/schedule.html", context, status=status)


def _back(cohort):
    return redirect(reverse("assignments:schedule", args=[cohort.pk]))


@login_required
@require_POST
def schedule_settings(request, cohort_id):
    """Coordinators: the day's hours, slot length, changeover and rooms."""
    cohort = _coordinator_cohort(request, cohort_id)
    day = service.presentation_day_for(cohort)
    settings_form = DaySettingsForm(request.POST, instance=day, prefix="day")
    rooms = room_formset(cohort, day, request.POST)
    if not (settings_form.is_valid() and rooms.is_valid()):
        messages.error(request, _("Please correct the errors below."))
        return _render_schedule(request, cohort, day, settings_form, rooms, status=400)
    try:
        with transaction.atomic():
            settings_form.save()
            rooms.save()
    except RestrictedError:
        # A schedule generated between the check and the save put presentations in a room
        # being deleted: nothing is saved.
        messages.error(
            request,
            _("A room you deleted has presentations now. Nothing is saved; please try again."),
        )
        return _back(cohort)
    messages.success(
        request, _("The settings are saved. Generate the schedule again to apply them.")
    )
    return _back(cohort)


@login_required
@require_POST
def generate(request, cohort_id):
    """Coordinators: replace the schedule with a generated one."""
    cohort = _coordinator_cohort(request, cohort_id)
    try:
        planned = service.generate_schedule(cohort, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The schedule is generated: %(count)s presentations.") % {"count": len(planned)},
        )
    return _back(cohort)


@login_required
@require_POST
def publish(request, cohort_id):
    """Coordinators: show the schedule to the participants and their guests."""
    cohort = _coordinator_cohort(request, cohort_id)
    try:
        service.publish_schedule(cohort, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The schedule is published. Each participant gets an email with their time."),
        )
    return _back(cohort)


@login_required
@require_POST
def change_slot(request, cohort_id, slot_id):
    """Coordinators: move one presentation; the whole schedule is checked again."""
    cohort = _coordinator_cohort(request, cohort_id)
    slot = get_object_or_404(
        PresentationSlot.objects.select_related("day__cohort"), pk=slot_id, day__cohort=cohort
    )
    day = slot.day
    rooms = {room.pk: room for room in day.rooms.all()}
    trainers = list(cohort.trainers.all())
    form = SlotForm(request.POST, rooms=rooms.values(), trainers=trainers, prefix=f"slot{slot.pk}")
    cohort_day = service.cohort_day(cohort)
    if not form.is_valid() or cohort_day is None:
        messages.error(request, _("Choose a room, a start time and a trainer of the list."))
        return _back(cohort)
    trainer = next((t for t in trainers if t.pk == form.cleaned_data["trainer"]), None)
    try:
        service.change_slot(
            slot,
            room=rooms[form.cleaned_data["room"]],
            starts_at=form.starts_at(cohort_day.date),
            trainer=trainer,
            by=request.user,
        )
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The presentation of %(name)s is moved.") % {"name": slot.participant.full_name},
        )
    return _back(cohort)
