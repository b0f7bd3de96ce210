import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from . import calendar
from .models import (
    Attendance,
    CalendarFeedToken,
    CohortDay,
    CohortPage,
    CourseDayPage,
    Registration,
    TrainingPage,
)
from .permissions import can_export_attendance, can_record_attendance, cohorts_overseen_by
from .services import AttendanceError, record_attendance
from .spreadsheet import csv_safe
from .visit_services import bookings_for


def course_day_pages():
    """Live course-day pages by day number: what to prepare for day N of any cohort."""
    return {page.number: page for page in CourseDayPage.objects.live()}


class DashboardView(LoginRequiredMixin, TemplateView):
    """ "Mijn opleiding": the signed-in person's own overview. Shows only their own data."""

    template_name = "course/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        registrations = list(
            Registration.objects.confirmed().for_participant(user).select_related("cohort")
        )
        cohorts = [registration.cohort for registration in registrations]
        context["cohorts"] = self.cohort_summaries(user, cohorts)
        if cohorts:
            context["visit_bookings"] = bookings_for(user)
            token = CalendarFeedToken.for_user(user)
            context["feed_url"] = self.request.build_absolute_uri(
                reverse("feeds:personal", kwargs={"token": token.token})
            )
        else:
            training = TrainingPage.objects.live().first()
            context["training"] = training
            context["open_cohorts"] = training.get_open_cohorts() if training else []
        context["oversees_cohorts"] = user.is_trainer or user.is_coordinator
        return context

    def cohort_summaries(self, user, cohorts):
        """Per cohort: its days with what to prepare and the user's own attendance."""
        if not cohorts:
            return []
        days = list(CohortDay.objects.filter(cohort__in=cohorts).order_by("date", "starts_at"))
        attendance = {
            record.cohort_day_id: record
            for record in Attendance.objects.for_participant(user).filter(cohort_day__in=days)
        }
        pages = course_day_pages()
        today = timezone.localdate()
        summaries = []
        for cohort in cohorts:
            rows = [
                {
                    "day": day,
                    "course_day": pages.get(day.number),
                    "attendance": attendance.get(day.pk),
                    "is_past": day.date < today,
                }
                for day in days
                if day.cohort_id == cohort.pk
            ]
            summaries.append(
                {
                    "cohort": cohort,
                    "days": rows,
                    "next": next((row for row in rows if row["day"].date >= today), None),
                    "past": [row for row in rows if row["is_past"]],
                }
            )
        return summaries


class StaffOnlyMixin(LoginRequiredMixin):
    """Trainers and coordinators only; anonymous visitors go to the login page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not (request.user.is_trainer or request.user.is_coordinator):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CohortOverviewView(StaffOnlyMixin, TemplateView):
    """A trainer's cohorts (a coordinator's: all) with participants and attendance per day."""

    template_name = "course/cohort_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = CohortDay.objects.annotate(
            present_count=Count("attendances", filter=Q(attendances__present=True)),
            recorded_count=Count("attendances"),
        ).order_by("number")
        context["cohorts"] = (
            cohorts_overseen_by(self.request.user)
            .annotate(
                participant_count=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.CONFIRMED),
                    distinct=True,
                ),
                first_day=Min("days__date"),
            )
            .prefetch_related(Prefetch("days", queryset=days), "trainers")
            .order_by("first_day", "title")
        )
        context["today"] = timezone.localdate()
        context["is_coordinator"] = self.request.user.is_coordinator
        return context


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.school})" if obj.school_id else obj.full_name


class AttendanceForm(forms.Form):
    """The shape of the attendance screen: which of the cohort's participants were there."""

    present = ParticipantChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("present"),
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = participants


class AttendanceView(LoginRequiredMixin, FormView):
    """One screen per cohort day: tick who was present, save everyone with one POST.

    Only a trainer of this very cohort or a coordinator gets here.
    """

    template_name = "course/attendance.html"
    form_class = AttendanceForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.day = get_object_or_404(
            CohortDay.objects.select_related("cohort"), pk=kwargs["day_id"]
        )
        self.cohort = self.day.cohort
        if not can_record_attendance(request.user, self.cohort):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def participants(self):
        return self.cohort.participants().select_related("school").order_by("full_name")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["participants"] = self.participants()
        return kwargs

    @cached_property
    def saved_records(self):
        """This day's attendance records, most recently saved first."""
        return list(
            Attendance.objects.filter(cohort_day=self.day)
            .select_related("recorded_by")
            .order_by("-recorded_at")
        )

    def get_initial(self):
        return {
            "present": [record.participant_id for record in self.saved_records if record.present]
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            day=self.day,
            cohort=self.cohort,
            course_day=CourseDayPage.objects.live().filter(number=self.day.number).first(),
            cohort_days=self.cohort.days.order_by("number"),
            last_record=self.saved_records[0] if self.saved_records else None,
            is_future=self.day.date > timezone.localdate(),
        )
        return context

    def form_valid(self, form):
        try:
            count = record_attendance(self.day, form.cleaned_data["present"], by=self.request.user)
        except AttendanceError as error:
            messages.error(self.request, error.message)
        else:
            present = len(form.cleaned_data["present"])
            messages.success(
                self.request,
                _("Attendance for day %(number)s saved: %(present)s of %(count)s present.")
                % {"number": self.day.number, "present": present, "count": count},
            )
        return redirect("course:attendance", day_id=self.day.pk)

    def form_invalid(self, form):
        messages.error(
            self.request,
            _("The list of participants has changed. Check the names and save again."),
        )
        return redirect("course:attendance", day_id=self.day.pk)




class AttendanceExportView(LoginRequiredMixin, View):
    """A cohort's attendance as CSV for coordinators: a row per participant, a column per day."""

    def get(self, request, cohort_id):
        cohort = get_object_or_404(CohortPage, pk=cohort_id)
        if not can_export_attendance(request.user, cohort):
            raise PermissionDenied
        days = list(cohort.days.order_by("number"))
        participants = list(cohort.participants().select_related("school").order_by("full_name"))
        present = {
            (record.participant_id, record.cohort_day_id): record.present
            for record in Attendance.objects.for_cohort(cohort)
        }
        labels = {True: _("present"), False: _("absent"), None: ""}
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="attendance-{cohort.slug}.csv"'
        # A byte-order mark makes spreadsheet programs read the accents in names correctly.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [_("Name"), _("Email address"), _("School")]
            + [
                _("Day %(number)s (%(date)s)") % {"number": d.number, "date": f"{d.date:%d-%m-%Y}"}
                for d in days
            ]
        )
        for person in participants:
            writer.writerow(
                [
                    csv_safe(cell)
                    for cell in [person.full_name, person.email, person.school or ""]
                    + [labels[present.get((person.pk, day.pk))] for day in days]
                ]
            )
        return response


def calendar_response(content, *, private):
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def cohort_feed(request, cohort_id):
    """Public iCalendar feed of one live cohort's course days."""
    cohort = get_object_or_404(CohortPage.objects.live(), pk=cohort_id)
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
