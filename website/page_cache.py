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
  was rendered under and is served only when that is still the current version; any
  change to pages, course data, images or documents bumps the version (``bump_version``),
  so every stored page is stale at once. The version is read before rendering, so a page
  whose content changed while it rendered is stored under the old version and never
  served. A timeout is the safety net for time-driven changes (a registration window
  opening at midnight).
- The same version, read at most once per request (``current_version(request)``), keys
  what is the same for everybody (menu, footer, site) in each process's own memory
  (``local_cache``), so those cost no round trip at all (website/content.py).
"""

import hashlib
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
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


def bump_version(**kwargs):
    """Make every stored page stale. Connected to content-changing signals in apps.py."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, secrets.randbits(52), timeout=None)


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


# Saving or deleting any of these changes what an anonymous visitor may see.
CONTENT_APPS = {"course", "assignments", "intervision", "wagtailcore", "wagtailimages",
                "wagtaildocs", "taggit"}
CONTENT_MODELS = {"website.homepage", "website.informationpage", "website.siteconfig",
                  # Who may do what: kept per version too (website.content.may_access_admin).
                  "auth.group", "auth.permission"}
# Role and permission links (many-to-many), for the same reason.
PERMISSION_LINKS = {"website.user_groups", "website.user_user_permissions",
                    "auth.group_permissions"}
# Written often, never shown on a public page: revisions and logs (publishing is what
# counts), and personal records.
PRIVATE_MODELS = {
    "wagtailcore.revision", "wagtailcore.pagelogentry", "wagtailcore.modellogentry",
    "wagtailcore.referenceindex", "wagtailcore.pagesubscription",
    "course.calendarfeedtoken", "course.attendance", "course.registrationlog",
    "course.visitpreference", "course.proposedassignment", "course.waitinglistentry",
}


def bump_on_content_change(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in CONTENT_APPS or meta.label_lower in CONTENT_MODELS:
        # Revisions and log entries are written on every edit; publishing is what counts.
        if meta.label_lower in PRIVATE_MODELS:
            return
        bump_version()


def bump_on_permission_change(sender, action, **kwargs):
    if sender._meta.label_lower in PERMISSION_LINKS and action.startswith("post_"):
        bump_version()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    post_save.connect(bump_on_content_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(bump_on_content_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(bump_on_permission_change, dispatch_uid="page_cache_permissions")
    page_published.connect(bump_version, dispatch_uid="page_cache_published")
    page_unpublished.connect(bump_version, dispatch_uid="page_cache_unpublished")
