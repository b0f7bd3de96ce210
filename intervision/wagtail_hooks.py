"""Wagtail admin for intervision: the method library, which coordinators extend.

Groups, sessions and cases are not in the admin: trainers form groups on their own screen
(intervision/views/groups.py) and cases are for the group and its trainer only.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Method
from .services.retention import WARNING_ACTION


class MethodViewSet(SnippetViewSet):
    """Coordinators add and edit methods (permissions in migration 0003)."""

    model = Method
    icon = "list-ol"
    menu_label = _("Intervision methods")
    menu_name = "intervision-methods"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "slug"]
    search_fields = ["name"]
    copy_view_enabled = False


register_snippet(MethodViewSet)


@hooks.register("register_log_actions")
def register_retention_warning(actions):
    """purge_intervision logs on the group that its members were warned (iv-cases)."""
    actions.register_action(
        WARNING_ACTION,
        _("Retention warning sent"),
        _("Members were told when their cases, notes and reflections will be deleted"),
    )
