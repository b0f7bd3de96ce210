"""Practice-day pages: participants book or rank host visits; hosts see their visitors.

Who sees what:
- the practice-day page of a cohort: its confirmed participants, its trainers and
  coordinators; anybody else gets a 404, an anonymous visitor the login page;
- a host's visitor list: whoever holds the host visit's current secret link, nobody else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from course import hooks, personal_cache
from course.models import CohortPage
from course.models.pages import PRACTICE_DAY_NUMBER
from course.permissions import is_staff_for
from course.personal_cache import CONTENT, cohort_scope, user_scope
from course.spreadsheet import csv_safe, csv_writer
from website import content
from website.errors import ActionRefused

from .forms import PreferenceForm
from .models import HostVisit, VisitBooking, VisitSlot
from .services import (
    book_slot,
    bookings_in,
    cancel_booking,
    host_visits_with_slots,
    join_waiting_list,
    leave_waiting_list,
    practice_day_for,
    save_preferences,
    visitors_for_host,
    visits_scope,
    with_practice_day,
)


def _cohort_for(request, cohort_id, *, participants_only=False):
    """The live cohort if the signed-in user may see its practice day, else 404. Sets
    ``cohort.viewer_is_participant``. One query: the cohort (its title; other columns
    load when read) with the participant check."""
    cohorts = CohortPage.objects.live().with_viewer_place(request.user).only("title")
    cohort = get_object_or_404(cohorts, pk=cohort_id)
    return _if_allowed(request.user, cohort, participants_only=participants_only)


def _if_allowed(user, cohort, *, participants_only=False):
    if cohort.viewer_is_participant:
        return cohort
    if not participants_only and is_staff_for(user, cohort):
        return cohort
    raise Http404


def _back(cohort_id):
    return redirect(reverse("visits:practice_day", args=[cohort_id]))


def _kept_cohort(request, cohort_id):
    """``_cohort_for(request, cohort_id)`` with the practice-day settings and day 5, kept per
    content version and person in the process (``website.content.memo``): a registration,
    the cohort's page or days and the practice-day settings change that version
    (practice_day/apps.py ``declare_content``). The staff check stays per request."""
    user = request.user

    def build():
        cohort = (
            with_practice_day(CohortPage.objects.live().with_viewer_place(user), "title")
            .filter(pk=cohort_id)
            .first()
        )
        if cohort is not None:
            practice_day_for(cohort).cohort_day()  # day 5, kept with the settings
        return cohort

    cohort = content.memo(request, "practice_day_cohort", build, cohort_id, user.pk)
    if cohort is None:
        raise Http404
    return _if_allowed(user, cohort)


@login_required
def practice_day(request, cohort_id):
    """The practice day of one cohort: visits with places left, own bookings, actions.

    The main content is kept per person (``personal_cache.cached_html``) until their
    bookings, waiting-list places or choices, the cohort's visits, slots and places left,
    or the content change; the flags that change with time (booking, ranking, cancelling
    open) are in its name, so a deadline passing shows at once. Messages stay outside it
    (base.html). On a warm request the page asks the database nothing of its own: the
    cohort with its settings and day 5 kept per content version, the content per person.
    """
    cohort = _kept_cohort(request, cohort_id)
    practice_day = practice_day_for(cohort)
    user = request.user
    is_participant = cohort.viewer_is_participant
    flags = {
        "accepts_bookings": practice_day.accepts_bookings(),
        "accepts_preferences": is_participant and practice_day.accepts_preferences(),
        "allows_cancellation": practice_day.allows_cancellation(),
    }
    state = "".join("1" if flag else "0" for flag in [is_participant, *flags.values()])
    content = personal_cache.cached_html(
        f"practice_day:{cohort.pk}:{state}",
        request,
        [user_scope(user.pk), visits_scope(cohort.pk), cohort_scope(cohort.pk), CONTENT],
        lambda csrf_token: render_to_string(
            "practice_day/_practice_day.html",
            _page_context(request, cohort, practice_day, flags, csrf_token),
            request,
        ),
    )
    return render(request, "practice_day/practice_day.html", {"cohort": cohort, "content": content})


def _page_context(request, cohort, practice_day, flags, csrf_token):
    """The context of the page's main content (templates/practice_day/_practice_day.html)."""
    user = request.user
    is_participant = cohort.viewer_is_participant
    person = user if is_participant else None
    visits = host_visits_with_slots(cohort, person=person, practice_day=practice_day)
    slots = [slot for visit in visits for slot in visit.slot_list]
    my_bookings = bookings_in(visits, user, practice_day) if is_participant else []
    preference_form = None
    if flags["accepts_preferences"]:
        ranked = sorted((s for s in slots if s.person_rank), key=lambda s: s.person_rank)
        selectable = [s for s in slots if not s.host_visit.is_own_for(user)]
        preference_form = PreferenceForm(
            slots=selectable, initial_slot_ids=[slot.pk for slot in ranked]
        )
    for slot in slots:
        slot.is_booked = slot.person_booking_id is not None
        slot.is_own = is_participant and slot.host_visit.is_own_for(user)
    return {
        "cohort": cohort,
        "practice_day": practice_day,
        "cohort_day": practice_day.cohort_day(),
        "host_visits": visits,
        "is_participant": is_participant,
        "my_bookings": my_bookings,
        "can_book": is_participant
        and flags["accepts_bookings"]
        and len(my_bookings) < practice_day.max_visits_per_participant,
        "can_cancel": is_participant and flags["allows_cancellation"],
        "accepts_bookings": flags["accepts_bookings"],
        "preference_form": preference_form,
        "panels": practice_day_panels(request, user, cohort),
        "csrf_token": csrf_token,
    }


def practice_day_panels(request, user, cohort):
    """The feature apps' panels (intervision's group and session), cached per person until
    their records, the cohort's (groups, sessions, roles) or the content change. The
    panels hold no form, so no CSRF token is stored."""
    return personal_cache.cached(
        f"practice_day_panels:{cohort.pk}",
        user,
        [user_scope(user.pk), cohort_scope(cohort.pk), CONTENT],
        lambda: hooks.practice_day_panels(request, user, cohort),
    )


def _slot_in(cohort, slot_id):
    return get_object_or_404(
        VisitSlot.objects.select_related("host_visit__cohort", "host_visit__school"),
        pk=slot_id,
        host_visit__cohort=cohort,
    )


def _run(request, action, success):
    try:
        action()
    except ActionRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)


@login_required
@require_POST
def book(request, cohort_id, slot_id):
    cohort = _cohort_for(request, cohort_id, participants_only=True)
    slot = _slot_in(cohort, slot_id)
    _run(request, lambda: book_slot(request.user, slot), _("Your visit is booked."))
    return _back(cohort_id)


@login_required
@require_POST
def cancel(request, cohort_id, booking_id):
    cohort = _cohort_for(request, cohort_id, participants_only=True)
    booking = get_object_or_404(
        VisitBooking.objects.active().for_cohort(cohort).select_related("slot__host_visit"),
        pk=booking_id,
        participant=request.user,
    )
    _run(
        request,
        lambda: cancel_booking(booking, by=request.user),
        _("Your visit is cancelled."),
    )
    return _back(cohort_id)


@login_required
@require_POST
def join_waiting(request, cohort_id, slot_id):
    cohort = _cohort_for(request, cohort_id, participants_only=True)
    slot = _slot_in(cohort, slot_id)
    _run(
        request,
        lambda: join_waiting_list(request.user, slot),
        _("You are on the waiting list. If a place becomes free, you will get it and an email."),
    )
    return _back(cohort_id)


@login_required
@require_POST
def leave_waiting(request, cohort_id, slot_id):
    cohort = _cohort_for(request, cohort_id, participants_only=True)
    slot = _slot_in(cohort, slot_id)
    entry = get_object_or_404(slot.waiting_list.waiting(), participant=request.user)
    _run(
        request,
        lambda: leave_waiting_list(entry, by=request.user),
        _("You have left the waiting list."),
    )
    return _back(cohort_id)


@login_required
@require_POST
def preferences(request, cohort_id):
    cohort = _cohort_for(request, cohort_id, participants_only=True)
    practice_day = practice_day_for(cohort)
    slots = VisitSlot.objects.filter(host_visit__cohort=cohort).select_related("host_visit")
    form = PreferenceForm(request.POST, slots=slots)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(cohort_id)
    _run(
        request,
        lambda: save_preferences(request.user, practice_day, form.slot_ids()),
        _("Your choices are saved. You can change them until the deadline."),
    )
    return _back(cohort_id)


# --- Hosts: a private, revocable link, no account -----------------------------------------


def _host_visit_for_token(token):
    # A revoked token simply no longer exists; a 404 tells nothing about the old list.
    return get_object_or_404(HostVisit.objects.select_related("cohort"), access_token=token)


def host_visitors(request, token):
    """The printable visitor list for one host: names, functions and schools only."""
    host_visit = _host_visit_for_token(token)
    context = {
        "host_visit": host_visit,
        "slots": visitors_for_host(host_visit),
        "cohort_day": host_visit.cohort.days.filter(number=PRACTICE_DAY_NUMBER).first(),
    }
    response = render(request, "practice_day/host_visitors.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def host_visitors_csv(request, token):
    host_visit = _host_visit_for_token(token)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = "bezoekers-%s.csv" % (slugify(host_visit.organisation) or "gastheer")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    writer = csv_writer(response)
    writer.writerow([_("Time slot"), _("Name"), _("Function"), _("School")])
    for slot in visitors_for_host(host_visit):
        when = "%s–%s" % (slot.starts_at.strftime("%H:%M"), slot.ends_at.strftime("%H:%M"))
        for booking in slot.visitors:
            person = booking.participant
            writer.writerow(
                [
                    csv_safe(when),
                    csv_safe(person.full_name),
                    csv_safe(person.get_function_display()),
                    csv_safe(person.school or ""),
                ]
            )
    return response
