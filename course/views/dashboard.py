"""Mijn opleiding: the signed-in person's own overview."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from website.links import public_url

from .. import hooks, personal_cache
from ..models import (
    Attendance,
    CalendarFeedToken,
    CohortDay,
    CourseDayPage,
    Registration,
    TrainingPage,
)
from ..permissions import oversees_cohorts
from ..personal_cache import CONTENT, cohort_scope, user_scope
from ..services.certificates import decide_eligibility


def course_day_pages():
    """Live course-day pages by day number: what to prepare for day N of any cohort."""
    return {page.number: page for page in CourseDayPage.objects.live()}


class DashboardView(LoginRequiredMixin, TemplateView):
    """ "Mijn opleiding": the signed-in person's own overview. Shows only their own data."""

    template_name = "course/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Every registration, in every state, in one query: confirmed ones get their course
        # days below; all are listed with what the person can do next. Not cached: the list
        # holds forms with a CSRF token, and it says which cohorts the cached part covers.
        registrations = list(
            Registration.objects.for_participant(user)
            .with_waiting_list_position()
            .select_related("cohort")
            .order_by("-created_at", "-pk")
        )
        context["registrations"] = registrations
        cohorts = [r.cohort for r in registrations if r.status == Registration.Status.CONFIRMED]
        context["has_cohort"] = bool(cohorts)
        # The rest changes only when this person's records, their cohorts or the course
        # content change: cached until then (course/personal_cache.py).
        scopes = [user_scope(user.pk), CONTENT, *(cohort_scope(c.pk) for c in cohorts)]
        context.update(
            personal_cache.cached(
                "dashboard",
                user,
                scopes,
                lambda: self.personal_parts(user, registrations, cohorts, context),
            )
        )
        return context

    def personal_parts(self, user, registrations, cohorts, context):
        """The cacheable parts of the page: rendered HTML without forms, and the feed URL."""
        parts = {}
        if cohorts:
            token = CalendarFeedToken.for_user(user)
            parts["feed_url"] = public_url(reverse("feeds:personal", kwargs={"token": token.token}))
            training, open_cohorts = None, []
        else:
            training = TrainingPage.objects.live().first()
            # A cohort where the person holds or awaits a place is not "open" to them.
            taken = {
                r.cohort_id for r in registrations if r.status != Registration.Status.CANCELLED
            }
            open_cohorts = (
                [c for c in training.get_open_cohorts() if c.pk not in taken] if training else []
            )
        fragment = {
            **context,
            "oversees_cohorts": oversees_cohorts(user),
            "cohorts": self.cohort_summaries(user, cohorts),
            "training": training,
            "open_cohorts": open_cohorts,
            # Panels of the feature apps (practice day, intervision, plan): course/hooks.py.
            "panels": hooks.dashboard_panels(self.request, user, cohorts),
        }
        parts["trainer_html"] = render_to_string(
            "course/includes/dashboard_trainer.html", fragment, request=self.request
        )
        parts["days_html"] = render_to_string(
            "course/includes/dashboard_days.html", fragment, request=self.request
        )
        parts["panels_html"] = render_to_string(
            "course/includes/dashboard_panels.html", fragment, request=self.request
        )
        return parts

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
        # The certificate's state per cohort (a fixed number of queries for all of them).
        eligibility = decide_eligibility(cohorts, [user])
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
                    # Shown once the cohort has begun (or a certificate exists).
                    "eligibility": self.shown_eligibility(
                        eligibility.get((cohort.pk, user.pk)), rows
                    ),
                }
            )
        return summaries

    @staticmethod
    def shown_eligibility(eligibility, rows):
        if eligibility is None:
            return None
        if eligibility.certificate is None and not any(row["is_past"] for row in rows):
            return None
        return eligibility
