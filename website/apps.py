from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")
    default = True

    # What each role may do with this app's models (applied by website/roles.py).
    role_permissions = {
        "TRAINER": {"wagtailadmin.admin": ["access"]},
        "COORDINATOR": {
            "wagtailadmin.admin": ["access"],
            "siteconfig": ["change"],
            "school": ["add", "change", "view"],
            "board": ["add", "change", "view"],
            # Find a person in the admin's user list and carry out their deletion request
            # (website.viewsets.EraseUserView); editing accounts stays with administrators.
            "user": ["view", "erase"],
        },
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import admin_chrome, admin_permissions
        from .links import sync_default_site
        from .page_cache import connect_signals
        from .roles import apply_role_permissions
        from .tasks import log_finished_task  # noqa: F401  (connects the task log line)

        connect_signals()
        admin_chrome.install()
        admin_permissions.connect_signals()
        post_migrate.connect(apply_role_permissions, dispatch_uid="website_role_permissions")
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="website_default_site")


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with forms that know our email-only, full-name user."""

    user_viewset = "website.viewsets.UserViewSet"
