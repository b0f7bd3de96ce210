from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")
    default = True

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with forms that know our email-only, full-name user."""

    user_viewset = "website.viewsets.UserViewSet"
