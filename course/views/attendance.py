"""The trainer's cohort overview, the attendance screen per course day and its export."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from website.errors import ActionRefused

from .. import hooks
from ..forms.attendance import AttendanceForm
from ..models import Attendance, CohortDay, CohortPage, CourseDayPage, Registration
from ..permissions import (
    can_export_attendance,
    can_record_attendance,
    cohorts_overseen_by,
    oversees_cohorts,
)
from ..services.attendance import record_attendance
from ..spreadsheet import csv_safe, csv_writer


class StaffOnlyMixin(LoginRequiredMixin):
    """Trainers and coordinators only; anonymous visitors go to the login page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not oversees_cohorts(request.user):
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
        cohorts = list(
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
        for cohort in cohorts:
            # Links the feature apps add per cohort (course/hooks.py COHORT_OVERVIEW_ITEMS).
            cohort.extra_links = hooks.cohort_overview_items(self.request, cohort)
        context["cohorts"] = cohorts
        context["today"] = timezone.localdate()
        context["is_coordinator"] = self.request.user.is_coordinator
        return context


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
            is_future=not self.day.accepts_attendance(),
        )
        return context

    def form_valid(self, form):
        try:
            count = record_attendance(self.day, form.cleaned_data["present"], by=self.request.user)
        except ActionRefused as error:
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
        writer = csv_writer(response)
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
