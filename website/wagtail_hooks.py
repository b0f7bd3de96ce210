from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from .page_cache import mark_cacheable

hooks.register("before_serve_page", mark_cacheable)


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    actions.register_action(
        "website.erase_personal_data",
        _("Erase personal data"),
        _("Personal data erased on request"),
    )


@hooks.register("register_user_listing_buttons")
def erase_personal_data_button(user, request_user):
    """ "Erase personal data" under the user's "more" menu, for those allowed to (coordinators)."""
    if (
        user.erased_at
        or user.pk == request_user.pk
        or not request_user.has_perm("website.erase_user")
    ):
        return []
    return [
        ListingButton(
            _("Erase personal data"),
            reverse("wagtailusers_users:erase", args=[user.pk]),
            icon_name="bin",
            priority=90,
        )
    ]
