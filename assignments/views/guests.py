"""The guest's page on the presentation day: one participant's final plan, their slot and
the venue, and a short feedback form, reached through a private link without an account.

Nothing else: no site navigation, no other plan or participant, no reviews and no grade.
The page is never cached, indexed or passed on as a referrer. A link that is altered,
unknown, revoked or expired gets the same 404 page; an address that keeps trying links
that do not work gets 429 for a while.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from website.errors import ActionRefused
from website.ratelimit import guessing_allowed, record_failed_guess

from ..forms.presentation import FeedbackForm
from ..services import presentation as service

#: Refused links per address per window before the page answers 429 for every link.
FAILED_LINKS = ("guest_link", "20/10m/ip")


def _private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


# No CSRF check: with ``Referrer-Policy: no-referrer`` browsers send ``Origin: null`` on the
# feedback POST, which Django's check refuses. The check adds nothing here: a forged POST
# must carry the guest's secret token in its URL, and whoever has that is the guest.
@csrf_exempt
def guest_plan(request, token):
    """GET shows the plan; POST stores the guest's feedback."""
    if not guessing_allowed(request, *FAILED_LINKS):
        return _private(
            render(
                request,
                "assignments/presentation/guest_refused.html",
                {"too_many": True},
                status=429,
            )
        )
    try:
        guest, cohort_day = service.guest_for_link(token)
    except service.LinkRefused:
        record_failed_guess(request, *FAILED_LINKS)
        return _private(
            render(request, "assignments/presentation/guest_refused.html", {}, status=404)
        )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.leave_feedback(guest, form.cleaned_data["text"])
        except ActionRefused as error:
            form.add_error("text", str(error))
        else:
            return _private(redirect(request.path + "?bedankt=1"))
    elif request.method == "GET" and "bedankt" not in request.GET:
        service.record_access(guest)  # not the page after sending feedback: the same visit
    context = {
        "guest": guest,
        "participant": guest.participant,
        "cohort": guest.cohort,
        "cohort_day": cohort_day,
        "plan": service.final_plan(guest),
        "slot": service.slot_of(guest.participant, guest.cohort),
        "form": form,
        "thanks": request.GET.get("bedankt") == "1",
        "sent": [feedback for feedback in guest.feedback.all()],
        "page_title": _("Presentation of %(name)s") % {"name": guest.participant.full_name},
    }
    status = 400 if request.method == "POST" else 200
    return _private(
        render(request, "assignments/presentation/guest_plan.html", context, status=status)
    )
