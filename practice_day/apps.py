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
