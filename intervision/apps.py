from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = _("Intervision")

    # What each role may do with this app's models (applied by website/roles.py). Coordinators
    # keep the method library and the settings; nobody gets cases, notes or reflections here.
    role_permissions = {
        "COORDINATOR": {
            "method": ["add", "change", "delete", "view"],
            "intervisionsettings": ["change"],
        },
    }

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
