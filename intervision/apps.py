from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = _("Intervision")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
