from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeDayConfig(AppConfig):
    name = "practice_day"
    verbose_name = _("Practice day")

    # What each role may do with this app's models (applied by website/roles.py).
    role_permissions = {
        "COORDINATOR": {
            "hostvisit": ["add", "change", "delete", "view"],
            "visitslot": ["add", "change", "delete", "view"],
            "practiceday": ["add", "change", "view"],
            "visitbooking": ["change", "view"],
            "waitinglistentry": ["view"],
            "visitpreference": ["view"],
            "proposedassignment": ["change", "view"],
        },
    }

    def ready(self):
        from . import checks  # noqa: F401 - registers the old-database check

        watch_personal_data()
        declare_content()


def declare_content():
    """The practice-day settings are kept per content version on the practice-day page
    (practice_day/views.py, ``_kept_cohort``): saving them bumps the version
    (website/page_cache.py). Visits, slots, bookings and choices are kept per person."""
    from website import page_cache

    from . import models

    page_cache.content_models(models.PracticeDay)


def watch_personal_data():
    """What this app's models change on people's cached pages (course/personal_cache.py)."""
    from wagtail.images import get_image_model

    from course.personal_cache import CONTENT, cohort_scope, scopes_through, user_scope, watch

    from . import models
    from .services import visits_scope

    of_host_visit = scopes_through(models.HostVisit, "cohort_id", cohort_scope, visits_scope)
    visits_of_slot = scopes_through(models.VisitSlot, "host_visit__cohort_id", visits_scope)

    watch(models.PracticeDay, lambda day: [cohort_scope(day.cohort_id)])
    watch(
        models.HostVisit,
        lambda visit: [cohort_scope(visit.cohort_id), visits_scope(visit.cohort_id)],
    )
    watch(
        models.VisitSlot,
        lambda slot: of_host_visit(slot.host_visit_id),
    )
    # A booking changes the places left that everybody in the cohort sees.
    watch(
        models.VisitBooking,
        lambda booking: [user_scope(booking.participant_id), *visits_of_slot(booking.slot_id)],
    )
    # Shown to that person only (leave_waiting_list and save_preferences write without
    # signals and bump themselves).
    watch(models.WaitingListEntry, lambda entry: [user_scope(entry.participant_id)])
    watch(models.VisitPreference, lambda choice: [user_scope(choice.participant_id)])
    # The visits' photos (a replaced file has new renditions).
    watch(get_image_model(), lambda image: [CONTENT])
