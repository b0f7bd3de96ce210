from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = _("Course")

    # What each role may do with this app's models (applied by website/roles.py).
    role_permissions = {
        "COORDINATOR": {
            "testimonial": ["add", "change", "delete", "view"],
            "libraryitem": ["add", "change", "delete", "view"],
            "registration": ["view", "change"],
            "registrationlog": ["view"],
            "duoinvitation": ["view"],
            "lbbomember": ["add", "view"],
            "incompanyrequest": ["view", "change", "delete"],
            "registrationsettings": ["change"],
        },
    }

    def ready(self):
        from . import signals  # noqa: F401

        declare_content(self.label)
        watch_personal_data()


def declare_content(app_label):
    """Which of the core's models bump the content version (website/page_cache.py): the
    pages, cohort days, library, testimonials and settings, and registrations and held
    places (a cohort's places left, on public pages and ``registration_cohort``). Not the
    records shown only to their own people and the staff, through personal caches and
    never-cached views (the certificate check page reads the database every time)."""
    from website import page_cache

    from . import models

    page_cache.content_app(
        app_label,
        private=[
            models.Attendance,
            models.CalendarFeedToken,
            models.Certificate,
            models.InCompanyRequest,
            models.LbboMember,
            models.RegistrationLog,
        ],
    )


def watch_personal_data():
    """What the core's models change on people's cached pages (course/personal_cache.py)."""
    from website.models import Board, School, User

    from . import models
    from .personal_cache import CONTENT, cohort_scope, user_scope, watch

    def of_participant(instance):
        return [user_scope(instance.participant_id)]

    watch(User, lambda user: [user_scope(user.pk)])
    watch(School, lambda school: [CONTENT])
    watch(Board, lambda board: [CONTENT])
    watch(models.Registration, of_participant)
    watch(models.Attendance, of_participant)
    watch(models.Certificate, of_participant)
    watch(models.CalendarFeedToken, lambda token: [user_scope(token.user_id)], on_create=False)
    # CONTENT too: people without a place see the list of open cohorts.
    watch(models.CohortPage, lambda cohort: [cohort_scope(cohort.pk), CONTENT])
    watch(models.CohortDay, lambda day: [cohort_scope(day.cohort_id)])
    watch(models.CourseDayPage, lambda page: [CONTENT])
    watch(models.TrainingPage, lambda page: [CONTENT])
