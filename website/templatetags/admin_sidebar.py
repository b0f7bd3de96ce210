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

The keyboard-shortcuts dialog on every admin page is the same for everybody with the same
language, platform (Mac or not, from the User-Agent) and shortcut setting; rendering it
took about 3.5 ms per page, so ``cached_keyboard_shortcuts_dialog`` renders each variant
once per process.

Wagtail's ``{% wagtail_config %}`` (admin_base.html) rebuilt the same JSON on every page:
five URL reversals, about fifty translated strings and a query for the content locales.
``cached_wagtail_config`` keeps that part per language and URL prefix for
``SIDEBAR_SECONDS`` (a new locale shows within that time) and adds what is per request:
the CSRF token, the page's content locale and the user's shortcut setting.
"""

import re
import time

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailadmin_tags import (
    get_comments_enabled,
    keyboard_shortcuts_dialog,
    sidebar_props,
    wagtail_config,
)

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
    """Drop every built sidebar and dialog in this process (tests, or after code changes)."""
    _built.clear()
    _dialogs.clear()
    _configs.clear()


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


_MAC = re.compile(r"Mac|iPod|iPhone|iPad")  # Wagtail's own test (keyboard_shortcuts_dialog)
_dialogs = {}  # dialog_key -> the rendered dialog


def dialog_key(request):
    """Everything Wagtail's keyboard-shortcuts dialog depends on."""
    profile = getattr(request.user, "wagtail_userprofile", None)
    return (
        bool(getattr(profile, "keyboard_shortcuts", True)),
        bool(_MAC.search(request.headers.get("User-Agent", ""))),
        get_comments_enabled(),
        get_language(),
        get_script_prefix(),
    )


@register.simple_tag(takes_context=True)
def cached_keyboard_shortcuts_dialog(context):
    """Wagtail's ``{% keyboard_shortcuts_dialog %}``, rendered once per ``dialog_key``."""
    request = context.get("request")
    if request is None or not hasattr(request, "user"):
        return render_to_string(
            "wagtailadmin/shared/keyboard_shortcuts_dialog.html",
            keyboard_shortcuts_dialog(context),
        )
    key = dialog_key(request)
    html = _dialogs.get(key)
    if html is None:
        html = render_to_string(
            "wagtailadmin/shared/keyboard_shortcuts_dialog.html",
            keyboard_shortcuts_dialog(context),
            request=request,
        )
        _dialogs[key] = html
    return html


# Keys of Wagtail's config that differ per request; the rest is shared (cached_wagtail_config).
_PER_REQUEST = ("CSRF_TOKEN", "ACTIVE_CONTENT_LOCALE", "KEYBOARD_SHORTCUTS_ENABLED")
_configs = {}  # (language, URL prefix) -> (expires at, the shared part of the config)


@register.simple_tag(takes_context=True)
def cached_wagtail_config(context):
    """Wagtail's ``wagtail_config``, its shared part reused for ``SIDEBAR_SECONDS``."""
    request = context.get("request")
    if request is None:
        return wagtail_config(context)
    key = (get_language(), get_script_prefix())
    now = time.monotonic()
    cached = _configs.get(key)
    if cached is None or cached[0] <= now:
        config = wagtail_config(context)
        shared = {k: v for k, v in config.items() if k not in _PER_REQUEST}
        _configs[key] = (now + SIDEBAR_SECONDS, shared)
        return config
    # Wagtail's key order: the token first, the per-request keys after the shared ones.
    config = {"CSRF_TOKEN": get_token(request), **cached[1]}
    if locale := context.get("locale"):
        config["ACTIVE_CONTENT_LOCALE"] = locale.language_code
    user = getattr(request, "user", None)
    config["KEYBOARD_SHORTCUTS_ENABLED"] = (
        user.wagtail_userprofile.keyboard_shortcuts
        if hasattr(user, "wagtail_userprofile")
        else True
    )
    return config
