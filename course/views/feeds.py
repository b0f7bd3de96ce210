"""Calendar feeds under /agenda/ and replacing the personal feed's secret link."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .. import calendar
from ..models import CalendarFeedToken, CohortPage


def calendar_response(content, *, private):
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def cohort_feed(request, cohort_id):
    """Public iCalendar feed of one live cohort's course days.

    A closed cohort's feed, like its page, is only for those invited (``?code=``).
    """
    cohort = get_object_or_404(CohortPage.objects.live(), pk=cohort_id)
    if not cohort.is_shown_to(request.user, request.GET.get("code", "")):
        raise Http404
    return calendar_response(calendar.cohort_calendar(cohort, request), private=False)


def personal_feed(request, token):
    """Private iCalendar feed behind a secret URL; a replaced token gives 404."""
    feed_token = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if feed_token is None or not feed_token.user.is_active:
        raise Http404
    return calendar_response(calendar.personal_calendar(feed_token.user, request), private=True)


class RegenerateFeedTokenView(LoginRequiredMixin, View):
    """POST only: replace the signed-in person's feed URL; the old one stops working."""

    http_method_names = ["post"]

    def post(self, request):
        CalendarFeedToken.for_user(request.user).regenerate()
        messages.success(
            request,
            _(
                "Your calendar link has been replaced. The old link no longer works; "
                "add the new one to your calendar app."
            ),
        )
        return redirect(reverse("course:dashboard") + "#calendar")
