"""Mijn opleiding: the signed-in person's own overview."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from website import content
from website.links import public_url

from .. import hooks, personal_cache
from ..models import (
    CalendarFeedToken,
    CohortDay,
    CourseDayPage,
    Registration,
    TrainingPage,
)
from ..permissions import oversees_cohorts
from ..personal_cache import CONTENT, cohort_scope, user_scope
from ..services.certificates import decide_eligibility


def course_day_page_of_day():
    """For annotating CohortDays: the live course-day page of the day's number (what to
    prepare for day N of any cohort) as the values ``course_day_page()`` needs, or None."""
    return Subquery(
        CourseDayPage.objects.live()
        .filter(number=OuterRef("number"))
        .values(json=JSONObject(id="pk", url_path="url_path", theme="theme"))[:1]
    )


def course_day_page(values):
    """The course-day page of ``course_day_page_of_day()``'s values, without a query: its
    id, URL path (enough for ``{% pageurl %}``) and theme are loaded, any other column
    loads when read."""
    if values is None:
        return None
    loaded = {**values, "page_ptr_id": values["id"]}
    # from_db() takes the loaded columns in the model's field order.
    names = [f.attname for f in CourseDayPage._meta.concrete_fields if f.attname in loaded]
    return CourseDayPage.from_db(None, names, [loaded[name] for name in names])


class DashboardView(LoginRequiredMixin, TemplateView):
    """ "Mijn opleiding": the signed-in person's own overview. Shows only their own data."""

    template_name = "course/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Every registration, in every state: confirmed ones get their course days below;
        # all are listed with what the person can do next (rendered on every request: the
        # list holds forms, and an offer's deadline passes with time). The rows are kept
        # under the person's scope (their registrations) and the content's (cohort titles);
        # the waiting-list places depend on other people's registrations, so they are
        # asked afresh, and only when the person is waiting.
        registrations = personal_cache.cached(
            "registrations",
            user,
            [user_scope(user.pk), CONTENT],
            lambda: list(
                Registration.objects.for_participant(user)
                .select_related("cohort")
                .order_by("-created_at", "-pk")
            ),
        )
        waiting = [r.pk for r in registrations if r.status == Registration.Status.WAITING_LIST]
        positions = (
            dict(
                Registration.objects.filter(pk__in=waiting)
                .with_waiting_list_position()
                .values_list("pk", "waiting_list_position")
            )
            if waiting
            else {}
        )
        for registration in registrations:
            registration.waiting_list_position = positions.get(registration.pk)
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
        # Wagtail's site and root paths before the parts make page URLs (kept per version).
        content.site_root_paths(self.request)
        if cohorts:
            # Every course day of the cohorts with the person's attendance and its course-day
            # page, once for the course days here and for the panels (day 5, day 7:
            # hooks.loaded_day).
            days = list(
                CohortDay.objects.filter(cohort__in=cohorts)
                .annotate(
                    own=FilteredRelation("attendances", condition=Q(attendances__participant=user)),
                    course_day_page=course_day_page_of_day(),
                )
                .select_related("own")
                .order_by("date", "starts_at")
            )
            hooks.attach_days(cohorts, days)
            # The certificate's state per cohort, with the person's school (My details) and
            # calendar link loaded in the same query.
            eligibility = decide_eligibility(
                cohorts, [user], participant_related=("school", "calendar_feed_token")
            )
            mine = next(iter(eligibility.values()), None)
            try:
                token = mine.participant.calendar_feed_token
            except (AttributeError, CalendarFeedToken.DoesNotExist):
                token = CalendarFeedToken.for_user(user)
            if mine is not None:
                user.school = mine.participant.school
            parts["feed_url"] = public_url(reverse("feeds:personal", kwargs={"token": token.token}))
            training, open_cohorts = None, []
        else:
            days, eligibility = [], {}
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
            "cohorts": self.cohort_summaries(cohorts, days, eligibility, user),
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

    def cohort_summaries(self, cohorts, days, eligibility, user):
        """Per cohort: its days with what to prepare and the user's own attendance."""
        if not cohorts:
            return []
        today = timezone.localdate()
        summaries = []
        for cohort in cohorts:
            rows = [
                {
                    "day": day,
                    "course_day": course_day_page(day.course_day_page),
                    "attendance": getattr(day, "own", None),  # set only when one exists
                    "is_past": day.date < today,
                }
                for day in cohort.loaded_days
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
