"""The Wagtail admin's sidebar, built once a minute per person instead of on every page.

Wagtail's ``{% sidebar_props %}`` builds the whole menu as JSON on every admin page: each
menu item and search area asks the permission policies whether to show itself (four
queries and most of a millisecond per item), then telepath packs it. On the
coordinator's registrations listing that was a third of the page's time.
``templates/wagtailadmin/base.html`` (Wagtail's, with this one tag swapped in) uses
``cached_sidebar_props``, which keeps the built JSON in this process's memory for
``SIDEBAR_SECONDS``, keyed by everything the menu shows per person: the user, their
name, their model permissions (already loaded for the page's own permission check), the
language and the URL prefix. A change of someone's model permissions or name shows on
their next page; what is not in the key (page and collection permissions, the avatar, a
trainer's first cohort for "My workspace") shows within ``SIDEBAR_SECONDS``. The views
check every permission themselves, so a stale menu can only show or hide a link for
that long, never open a page. Memory: one entry of about 10 kB per person who used the
admin in the last minute, at most ``MAX_ENTRIES``.
"""

import time

from django import template
from django.urls import get_script_prefix
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props

register = template.Library()

SIDEBAR_SECONDS = 60
MAX_ENTRIES = 500

_built = {}  # key -> (expires at, in time.monotonic(); the sidebar's <script> element)


def sidebar_key(request):
    """Everything the sidebar shows that differs between people and requests."""
    user = request.user
    return (
        user.pk,
        user.get_username(),
        str(user),
        user.is_superuser,
        frozenset(user.get_all_permissions()),
        get_language(),
        get_script_prefix(),
    )


def forget_sidebars():
    """Drop every built sidebar in this process (tests, or after changing menus in code)."""
    _built.clear()


@register.simple_tag(takes_context=True)
def cached_sidebar_props(context):
    """Wagtail's ``sidebar_props``, reused for ``SIDEBAR_SECONDS`` per ``sidebar_key``."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return sidebar_props(context)
    key = sidebar_key(request)
    now = time.monotonic()
    built = _built.get(key)
    if built is not None and built[0] > now:
        return built[1]
    html = sidebar_props(context)
    if len(_built) >= MAX_ENTRIES:
        for stale in [k for k, (expires, _html) in list(_built.items()) if expires <= now]:
            _built.pop(stale, None)
        if len(_built) >= MAX_ENTRIES:
            _built.clear()
    _built[key] = (now + SIDEBAR_SECONDS, html)
    return html
