"""Wagtail admin tags whose output is the same for everybody, rendered once per process.

Every admin page renders some two dozen ``{% icon %}`` tags (an inclusion tag: a template
per icon), the breadcrumbs (a template with an icon per item) and fifteen
``{% versioned_static %}`` tags (a manifest lookup and a URL per file). Their output
depends only on their arguments (and, for the static URLs, the URL prefix), so
``install()`` (called from ``WebsiteConfig.ready()``, before any template is compiled)
swaps these tags in Wagtail's ``wagtailadmin_tags`` library for variants that keep each
rendered result in this process's memory, keyed by the arguments' values (text in the
current language). Everything else about the tags is Wagtail's: each is still rendered by
Wagtail's tag and template on its first use; tests/website/test_admin_chrome.py checks the
output is the same as Wagtail's own.
"""

from django import template
from django.template.library import InclusionNode
from django.urls import get_script_prefix
from django.utils.functional import Promise
from django.utils.safestring import SafeData
from wagtail.admin.staticfiles import versioned_static as wagtail_versioned_static
from wagtail.admin.templatetags import wagtailadmin_tags

MAX_ENTRIES = 2000

# Wagtail's inclusion tags whose output depends on nothing but their arguments: the icon
# (name, classes, title) and the breadcrumbs (items of URL and label, options).
KEPT_TAGS = ["icon", "breadcrumbs"]
# Wagtail's own compile functions, kept for install() and the tests.
WAGTAIL_TAGS = {
    name: wagtailadmin_tags.register.tags[name] for name in [*KEPT_TAGS, "versioned_static"]
}

_rendered = {}  # (tag, key of the resolved arguments) -> the rendered HTML
_static_urls = {}  # (path, URL prefix) -> the versioned URL


def _remember(store, key, value):
    if len(store) >= MAX_ENTRIES:
        store.clear()
    store[key] = value
    return value


class _Unkeyable(Exception):
    """An argument whose rendering may not be decided by its value alone."""


def _key_part(value):
    """A hashable stand-in for an argument that renders the same for equal values: a
    lazy translation by its text in the current language, safe strings apart from plain
    ones (a plain one is escaped), lists and dicts (breadcrumb items) by their contents.
    Anything else (a model instance, a form) is not kept."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _key_part(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_key_part(item) for item in value))
    if isinstance(value, (str, Promise)):
        return (isinstance(value, SafeData), str(value))
    raise _Unkeyable


class CachedInclusionNode(InclusionNode):
    """A node of one of Wagtail's inclusion tags in ``KEPT_TAGS``: its output kept per
    set of argument values (rendered by Wagtail's tag and template the first time)."""

    def render(self, context):
        args, kwargs = self.get_resolved_arguments(context)
        try:
            key = (
                self.func,
                tuple(_key_part(arg) for arg in args),
                tuple(sorted((name, _key_part(value)) for name, value in kwargs.items())),
                context.autoescape,
            )
        except _Unkeyable:
            return super().render(context)
        html = _rendered.get(key)
        if html is None:
            html = _remember(_rendered, key, super().render(context))
        return html


def _kept(name):
    def compile_tag(parser, token):
        node = WAGTAIL_TAGS[name](parser, token)
        node.__class__ = CachedInclusionNode
        return node

    return compile_tag


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
    for name in KEPT_TAGS:
        wagtailadmin_tags.register.tags[name] = _kept(name)
    wagtailadmin_tags.register.tags["versioned_static"] = _library.tags["versioned_static"]


def forget():
    """Drop every kept tag output and URL (tests)."""
    _rendered.clear()
    _static_urls.clear()
