"""A cache of rendered public pages for anonymous visitors, cleared when content changes.

Well-run Wagtail sites serve anonymous traffic from a page cache. Rules:

- Only anonymous GET/HEAD requests use it: a request carrying a session or a flash message
  cookie always renders fresh.
- Only Wagtail pages are stored (``before_serve_page`` marks the request), and only 200
  responses that set no cookie and do not vary on Cookie (a page that used a CSRF token
  varies on Cookie and is never stored).
- The key holds a version number; any change to pages, course data, images or documents
  bumps the version (``bump_version``), so every stored page is stale at once. A timeout
  is the safety net for time-driven changes (a registration window opening at midnight).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import has_vary_header

VERSION_KEY = "pagecache:version"
TIMEOUT = 600
SKIP_COOKIES = {"messages"}


def current_version():
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def bump_version(**kwargs):
    """Make every stored page stale. Connected to content-changing signals in apps.py."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: this response may be stored for anonymous visitors."""
    if getattr(page, "cache_for_anonymous", True):
        request._page_cache_allowed = True


def _may_use_cache(request):
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or SKIP_COOKIES & cookies.keys():
        return False
    return True


def _key(request, version):
    return "pagecache:%s:%s:%s:%s" % (
        version,
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.get_host(),
        request.get_full_path(),
    )


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
        version = current_version()
        key = _key(request, version)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        # Content changed while this page rendered: it may be stale, don't keep it.
        if _storable(request, response) and current_version() == version:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response


# Saving or deleting any of these changes what an anonymous visitor may see.
CONTENT_APPS = {"course", "assignments", "intervision", "wagtailcore", "wagtailimages",
                "wagtaildocs", "taggit"}
CONTENT_MODELS = {"website.homepage", "website.informationpage", "website.siteconfig"}
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


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    post_save.connect(bump_on_content_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(bump_on_content_change, dispatch_uid="page_cache_post_delete")
    page_published.connect(bump_version, dispatch_uid="page_cache_published")
    page_unpublished.connect(bump_version, dispatch_uid="page_cache_unpublished")
