from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Final assignment")

    # What each role may do with this app's models (applied by website/roles.py).
    role_permissions = {
        "COORDINATOR": {
            "assignment": ["change", "view"],
            "rubriccriterion": ["add", "change", "delete", "view"],
            "rubriclevel": ["add", "change", "delete", "view"],
            "deadlineextension": ["add", "change", "delete", "view"],
            "plan": ["view"],
            "review": ["view"],
        },
    }

    def ready(self):
        from . import signals  # noqa: F401 - creates the assignment with the cohort
        from .review_signals import reviewer_left  # noqa: F401 - and review_late_plan
