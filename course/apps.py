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
            "lbbomember": ["add", "view"],
            "incompanyrequest": ["view", "change", "delete"],
            "registrationsettings": ["change"],
        },
    }

    def ready(self):
        from . import signals  # noqa: F401
