"""Wagtail admin tags whose output is the same for everybody, rendered once per process.

Every admin page renders some two dozen ``{% icon %}`` tags (an inclusion tag: a template
per icon) and fifteen ``{% versioned_static %}`` tags (a manifest lookup and a URL per
file). Their output depends only on their arguments (and, for the static URLs, the URL
prefix), so ``install()`` (called from ``WebsiteConfig.ready()``, before any template is
compiled) swaps the two tags in Wagtail's ``wagtailadmin_tags`` library for variants that
keep each rendered result in this process's memory. Everything else about the tags is
Wagtail's: the icon is still rendered by Wagtail's tag and template on its first use;
tests/website/test_admin_chrome.py checks the output is the same as Wagtail's own.
"""

from django import template
from django.template.library import InclusionNode
from django.urls import get_script_prefix
from django.utils.safestring import SafeData
from wagtail.admin.staticfiles import versioned_static as wagtail_versioned_static
from wagtail.admin.templatetags import wagtailadmin_tags

MAX_ENTRIES = 2000

# Wagtail's own compile functions, kept for install() and the tests.
WAGTAIL_TAGS = {
    "icon": wagtailadmin_tags.register.tags["icon"],
    "versioned_static": wagtailadmin_tags.register.tags["versioned_static"],
}

_icons = {}  # key of the resolved arguments -> the rendered icon
_static_urls = {}  # (path, URL prefix) -> the versioned URL


def _remember(store, key, value):
    if len(store) >= MAX_ENTRIES:
        store.clear()
    store[key] = value
    return value


def _key_part(value):
    """A hashable stand-in for an argument that renders the same for equal values: a
    lazy translation by its text in the current language, safe strings apart from plain
    ones (a plain one is escaped)."""
    if value is None or isinstance(value, (bool, int)):
        return value
    return (isinstance(value, SafeData), str(value))


class CachedIconNode(InclusionNode):
    """Wagtail's ``{% icon %}`` node; its output kept per set of arguments."""

    def render(self, context):
        args, kwargs = self.get_resolved_arguments(context)
        key = (
            tuple(_key_part(arg) for arg in args),
            tuple(sorted((name, _key_part(value)) for name, value in kwargs.items())),
            context.autoescape,
        )
        html = _icons.get(key)
        if html is None:
            html = _remember(_icons, key, super().render(context))
        return html


def icon(parser, token):
    node = WAGTAIL_TAGS["icon"](parser, token)
    node.__class__ = CachedIconNode
    return node


def versioned_static_url(path):
    """Wagtail's ``versioned_static(path)``, kept per path and URL prefix."""
    key = (path, get_script_prefix())
    url = _static_urls.get(key)
    if url is None:
        url = _remember(_static_urls, key, wagtail_versioned_static(path))
    return url


_library = template.Library()
_library.simple_tag(versioned_static_url, name="versioned_static")


def install():
    """Swap the cached tags into Wagtail's tag library (before templates are compiled)."""
    wagtailadmin_tags.register.tags["icon"] = icon
    wagtailadmin_tags.register.tags["versioned_static"] = _library.tags["versioned_static"]


def forget():
    """Drop every kept icon and URL (tests)."""
    _icons.clear()
    _static_urls.clear()
