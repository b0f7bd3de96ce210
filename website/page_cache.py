"""A cache of rendered public pages for anonymous visitors, cleared when content changes.

Well-run Wagtail sites serve anonymous traffic from a page cache. Rules:

- Only anonymous GET/HEAD requests for an address that Wagtail's page view answers use it:
  a request carrying a session or a flash message cookie, and every other view (login,
  search, the bare floor), never touches the cache. Which view answers an address is
  decided by the URL resolver before the cache is asked, once per address per process.
- Only Wagtail pages are stored (``before_serve_page`` marks the request), and only 200
  responses that set no cookie and do not vary on Cookie (a page that used a CSRF token
  varies on Cookie and is never stored).
- One cache round trip per anonymous page request: the entry for the address and the
  content version are fetched together (``get_many``). The entry carries the version it
  was rendered under and is served only when that is still the current version; a change
  to pages, course content, images or documents bumps the version (``bump_version``), so
  every stored page is stale at once. Each app declares what counts as content
  (``content_app`` below); personal records written all day (plans, reviews, cases) do
  not bump. The version is read before rendering, so a page whose content changed while
  it rendered is stored under the old version and never served. A timeout is the safety
  net for time-driven changes (a registration window opening at midnight).
- The same version, read at most once per request (``current_version(request)``), keys
  what is the same for everybody (menu, footer, site) in each process's own memory
  (``local_cache``), so those cost no round trip at all (website/content.py).
"""

import hashlib
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.cache import has_vary_header

VERSION_KEY = "pagecache:version"
TIMEOUT = 600
SKIP_COOKIES = {"messages"}


def _start_version():
    """A random start, so that a flushed cache never brings back a version number that
    the processes' own memory still holds fragments for."""
    cache.add(VERSION_KEY, secrets.randbits(52), timeout=None)
    return cache.get(VERSION_KEY)


def current_version(request=None):
    """The content version; read once per request and kept on ``request``."""
    version = getattr(request, "_content_version", None)
    if version is None:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = _start_version()
        if request is not None:
            request._content_version = version
    return version


def _next_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, secrets.randbits(52), timeout=None)


def bump_version(**kwargs):
    """Make every stored page and per-version memo stale: now and, inside a transaction,
    again after it commits. A request that read the new version while the transaction
    ran still saw the old rows, and would otherwise keep them under the new version until
    the next change or the timeout (course/personal_cache.py bumps its scopes the same
    way). Connected to content-changing signals below."""
    _next_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_next_version, robust=True)


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: this response may be stored for anonymous visitors."""
    if getattr(page, "cache_for_anonymous", True):
        request._page_cache_allowed = True


def urlconf_of(request):
    return getattr(request, "urlconf", None) or get_urlconf() or settings.ROOT_URLCONF


@lru_cache(maxsize=4096)
def answered_by_wagtail(urlconf, path):
    """Whether Wagtail's page view answers ``path`` (anything else is never cached)."""
    from wagtail.views import serve

    try:
        match = get_resolver(urlconf).resolve(path)
    except Resolver404:
        return False
    return match.func is serve


def _may_use_cache(request):
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or SKIP_COOKIES & cookies.keys():
        return False
    if settings.BENCH_FLOOR and request.headers.get("X-Bench-Skip-Page-Cache"):
        # `make bench` measures a page rendered without this cache; only in its settings.
        return False
    return answered_by_wagtail(urlconf_of(request), request.path_info)


def _key(request):
    address = "%s|%s|%s" % (
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.get_host(),
        request.get_full_path(),
    )
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request, response):
    if not getattr(request, "_page_cache_allowed", False) or response.status_code != 200:
        return False
    if response.cookies or response.streaming:
        return False
    if has_vary_header(response, "Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


class AnonymousPageCacheMiddleware:
    """Serve and store rendered pages for anonymous visitors (see module docstring).

    Sits after LocaleMiddleware (the key includes the language) and before the middleware
    that adds per-response headers, whose output is stored with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = _start_version()
        request._content_version = version
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            # Stored under the version read before rendering: if content changed meanwhile,
            # the entry is already stale and is never served.
            cache.set(key, (version, response), TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response


# --- What bumps the version ---------------------------------------------------------------
#
# Only records that can change what an anonymous visitor sees or what a per-version memo
# holds (``website.content.memo``, the ``{% cache ... content_version %}`` fragments) bump
# the version. Each app says which of its models those are, in its ``AppConfig.ready()``
# (``content_app``, ``content_models``): the core names no feature app. Personal records
# written all day (a plan's text, a review's scores, an intervision case) are declared
# ``private``: a bump for them would make every page of every person render cold again.
# They reach logged-in pages through course/personal_cache.py's scopes instead.

_content_apps = set()
_content_models = set()
_private_models = set()
_rows_only_models = set()

# Role and permission links (many-to-many): kept per version too
# (website.content.person_access, website.admin_permissions).
PERMISSION_LINKS = {
    "website.user_groups",
    "website.user_user_permissions",
    "auth.group_permissions",
}


def _labels(app_label, models):
    from django.core.exceptions import ImproperlyConfigured

    labels = set()
    for model in models:
        meta = model._meta
        if meta.app_label != app_label:
            raise ImproperlyConfigured(f"{meta.label} is not a model of {app_label}")
        labels.add(meta.label_lower)
    return labels


def content_app(app_label, *, private=(), rows_only=()):
    """Declare that saving or deleting any model of ``app_label`` may change what an
    anonymous visitor sees or what a per-version memo holds: it bumps the version.

    Except ``private`` models: written often and shown on no public page and in no
    per-version memo, so they never bump. And ``rows_only`` models: a memo holds which of
    their rows exist (the plan ids that give the plans their letters) but nothing else of
    them, so creating or deleting one bumps and saving one again does not. Called from the
    app's ``AppConfig.ready()``; raises ``ImproperlyConfigured`` for a model of another app.
    """
    private, rows_only = _labels(app_label, private), _labels(app_label, rows_only)
    _content_apps.add(app_label)
    _private_models.update(private)
    _rows_only_models.update(rows_only)


def content_models(*models):
    """Declare single models content, of an app whose other models are not (the site's
    own pages and settings in ``website``, Django's roles)."""
    _content_models.update(model._meta.label_lower for model in models)


def bumps(model, *, row_added_or_removed=True):
    """Whether saving (``row_added_or_removed=False`` for a save of an existing row) or
    creating or deleting an instance of ``model`` bumps the version."""
    meta = model._meta.concrete_model._meta
    label = meta.label_lower
    if label in _private_models:
        return False
    if label in _rows_only_models:
        return row_added_or_removed
    return meta.app_label in _content_apps or label in _content_models


def bump_on_save(sender, created=False, **kwargs):
    if bumps(sender, row_added_or_removed=created):
        bump_version()


def bump_on_delete(sender, **kwargs):
    if bumps(sender):
        bump_version()


def declare_site_content():
    """The site's own content: Wagtail's pages, images, documents and tags, the home and
    information pages, the site settings and the roles. Revisions, logs, the reference index
    and subscriptions are written on every edit (publishing is what counts); a rendition is
    made from its image on first use and shows nothing the image did not."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.images import get_image_model
    from wagtail.models import (
        ModelLogEntry,
        PageLogEntry,
        PageSubscription,
        ReferenceIndex,
        Revision,
    )

    from .models import HomePage, InformationPage, SiteConfig

    content_app(
        "wagtailcore",
        private=[Revision, PageLogEntry, ModelLogEntry, ReferenceIndex, PageSubscription],
    )
    content_app("wagtailimages", private=[get_image_model().get_rendition_model()])
    content_app("wagtaildocs")
    content_app("taggit")
    # Who may do what is kept per version too (website.content.may_access_admin).
    content_models(HomePage, InformationPage, SiteConfig, Group, Permission)


def bump_on_permission_change(sender, action, **kwargs):
    if sender._meta.label_lower in PERMISSION_LINKS and action.startswith("post_"):
        bump_version()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    declare_site_content()
    post_save.connect(bump_on_save, dispatch_uid="page_cache_post_save")
    post_delete.connect(bump_on_delete, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(bump_on_permission_change, dispatch_uid="page_cache_permissions")
    page_published.connect(bump_version, dispatch_uid="page_cache_published")
    page_unpublished.connect(bump_version, dispatch_uid="page_cache_unpublished")
