"""What every page shows the same for everybody, kept per content version in each process.

The anonymous page cache's version (``website.page_cache.current_version``) changes with
every change to pages, sites, settings, course content, images or documents (what each
app declares content; not personal records such as plans or reviews). Everything here
is keyed by it and kept in the process's own memory (the ``local`` cache alias, a
LocMemCache): a request reads the version from the shared cache at most once and then
finds the site, Wagtail's site root paths, the menu, the footer and the page routes (the
page itself included) without another round trip or query. A change bumps the version, so
the next request in every process builds them afresh; nothing stale is served. As for the
page cache, a timeout (10 minutes) covers changes that come with time alone (a
registration window opening at midnight).

``ContentMiddleware`` gives Wagtail's page view its site and route ready-made (Wagtail
reads ``request._wagtail_site`` and ``request._wagtail_route_for_request`` when present):
after a change one query for the page and its ancestors by URL path and one for the
specific page, instead of two per level of the tree; then none until the next change.
"""

import logging
import pickle

from django.core.cache import caches
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site

from website import page_cache

LOCAL = "local"
logger = logging.getLogger(__name__)
_MISSING = object()


def memo(request, name, build, *parts):
    """``build()``, kept in this process until the content version changes."""
    key = ":".join(str(p) for p in (name, page_cache.current_version(request), *parts))
    local = caches[LOCAL]
    value = local.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        try:
            local.set(key, value, page_cache.TIMEOUT)
        except (pickle.PicklingError, TypeError, AttributeError):
            # Something that cannot be kept (an unpicklable page type) is built each time.
            logger.warning("not kept per version: %s", name)
    return value


def _load_sites():
    """Every site with its root page (and locale) and its site settings (each
    ``BaseSiteSetting``'s row through its reverse one-to-one), in Wagtail's root-path order:
    one query for what ``site_for``, ``site_root_paths`` and ``site_setting`` answer."""
    from wagtail.contrib.settings.models import BaseSiteSetting

    settings_rows = [
        rel.get_accessor_name()
        for rel in Site._meta.related_objects
        if rel.one_to_one and issubclass(rel.related_model, BaseSiteSetting)
    ]
    return list(
        Site.objects.select_related("root_page", "root_page__locale", *settings_rows).order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )


def _match_site(sites, hostname, port):
    """Wagtail's ``get_site_for_hostname`` on the loaded sites: an exact hostname and port
    first, then the hostname of the default site, then the default site unless exactly one
    other site has the hostname; ``None`` where Wagtail raises ``Site.DoesNotExist``."""
    from wagtail.models.sites import (
        MATCH_DEFAULT,
        MATCH_HOSTNAME,
        MATCH_HOSTNAME_DEFAULT,
        MATCH_HOSTNAME_PORT,
    )

    def match(site):
        if site.hostname == hostname and str(site.port) == str(port):
            return MATCH_HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        if site.is_default_site:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted(
        (s for s in sites if s.hostname == hostname or s.is_default_site), key=match
    )
    if not candidates:
        return None
    best = match(candidates[0])
    if len(candidates) == 1 or best in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return candidates[0]
    if best == MATCH_DEFAULT:
        return candidates[len(candidates) == 2]
    return None


def _root_paths(sites):
    """Wagtail's ``get_site_root_paths`` for the loaded sites (without translations of the
    root pages; with i18n Wagtail's own list)."""
    from django.conf import settings
    from wagtail.models.sites import SiteRootPath

    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Site.get_site_root_paths()
    return [
        SiteRootPath(
            site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in sites
    ]


def _site_and_root_paths(request):
    """The request's site and Wagtail's site root paths, one query per host and version."""
    from django.http.request import split_domain_port

    host, port = request._get_raw_host(), request.get_port()

    def build():
        sites = _load_sites()
        return _match_site(sites, split_domain_port(host)[0], port), _root_paths(sites)

    return memo(request, "site", build, host, port)


def site_for(request):
    """``Site.find_for_request`` without a query while the content version holds."""
    if not hasattr(request, "_wagtail_site"):
        site, paths = _site_and_root_paths(request)
        request._wagtail_site = site
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = paths
    return request._wagtail_site


def site_root_paths(request):
    """Wagtail's site root paths, kept per version with the site (Wagtail's own cache is a
    round trip and a query when empty); given to Wagtail on the request, where page URL
    generation looks first."""
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        site_for(request)
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            # The site was set by someone else (Wagtail's own find_for_request).
            request._wagtail_cached_site_root_paths = _site_and_root_paths(request)[1]
    return request._wagtail_cached_site_root_paths


def site_setting(request, model):
    """A Wagtail setting, per site (``SiteConfig``, loaded with the site) or generic
    (``RegistrationSettings``), kept per version; cached on the request the way
    ``for_request``/``load`` do."""
    from wagtail.contrib.settings.models import BaseGenericSetting

    attr = model.get_cache_attr_name()
    if not hasattr(request, attr):
        if issubclass(model, BaseGenericSetting):
            instance = memo(request, "setting", model.load, model._meta.label_lower)
        else:
            site = site_for(request)
            accessor = model._meta.get_field("site").remote_field.get_accessor_name()
            try:
                instance = getattr(site, accessor) if site is not None else None
            except model.DoesNotExist:
                instance = None
            if instance is None:
                # No row yet (created now; saving a setting changes the version) or no site
                # (raises DoesNotExist, as for_request does).
                instance = model.for_site(site)
            instance._request = request
        setattr(request, attr, instance)
    return getattr(request, attr)


def menu_items(request):
    """The site's menu (live pages under the root marked "show in menus") as dicts with
    ``pk``, ``title`` and ``url``, per site and language."""
    site = site_for(request)
    if site is None:
        return []

    def build():
        site_root_paths(request)
        pages = site.root_page.get_children().live().in_menu().specific(defer=True)
        return [{"pk": p.pk, "title": p.title, "url": p.get_url(request)} for p in pages]

    return memo(request, "menu", build, site.pk, get_language())


def person_access(request, user):
    """``(role names, may open the admin)`` of ``user``, from one query, kept per version:
    role and permission changes bump it (website/page_cache.py). The role names are the
    names of the person's groups (``User.role_names``); the admin question is Wagtail's
    ``access_admin`` permission, given to the person or to one of their groups. Active and
    superuser status are not part of it (``may_access_admin`` reads them from the user row)."""

    def build():
        from django.contrib.auth.models import Permission

        admin = Permission.objects.filter(
            codename="access_admin", content_type__app_label="wagtailadmin"
        ).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
        # One row per group (one row with None without groups), each with the admin answer.
        rows = user._meta.model._base_manager.filter(pk=user.pk).values_list(
            "groups__name", Exists(admin)
        )
        names = frozenset(name for name, _ in rows if name is not None)
        return names, any(admin for _, admin in rows)

    return memo(request, "person_access", build, user.pk)


def may_access_admin(request):
    """Whether the signed-in person may open the Wagtail admin (the header's
    "Beheer" link), kept per version (``person_access``); active and superuser come from
    this request's user row."""
    user = request.user
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return person_access(request, user)[1]


# --- Routing -----------------------------------------------------------------------------


class ViewRestrictionsMixin:
    """For every page model of the site: Wagtail's view restrictions of a page (its own and
    its ancestors', an alias's taken from its source) in one query instead of two, or none
    when ``ContentMiddleware`` already saw that the pages on the way have none."""

    def get_view_restrictions(self):
        known = getattr(self, "_view_restrictions", None)
        if known is not None:
            return known
        if self.alias_of_id:
            return super().get_view_restrictions()
        steplen = self.steplen
        paths = [self.path[:n] for n in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()


def _overrides_route(model):
    return model is not None and model.route is not Page.route


def _find_page(request, site, path):
    """The page Wagtail's ``route`` would reach for ``path`` under the site's root, with
    two queries (the pages on the way by their URL paths, then the specific page), and
    whether no page on the way has view restrictions or is an alias. ``None`` (let Wagtail
    route) when a page on the way routes its own sub-paths (a RoutablePage) or a level is
    missing."""
    from django.contrib.contenttypes.models import ContentType

    root_path = next(
        (rp.root_path for rp in site_root_paths(request) if rp.site_id == site.pk), None
    )
    if root_path is None:
        return None
    components = [c for c in path.split("/") if c]
    prefixes = [
        root_path + "".join(c + "/" for c in components[:n]) for n in range(len(components) + 1)
    ]
    # The site root's own ancestors (the tree's root): their restrictions count too.
    root_components = [c for c in root_path.split("/") if c]
    above = [
        "/" + "".join(c + "/" for c in root_components[:n]) for n in range(len(root_components))
    ]
    rows = {
        row["url_path"]: row
        for row in Page.objects.filter(url_path__in=above + prefixes)
        .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .values("id", "url_path", "content_type_id", "alias_of_id", "restricted")
    }
    if len(rows) != len(above) + len(prefixes):
        return None
    chain = [rows[prefix] for prefix in prefixes]
    for row in chain[:-1]:
        model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        if _overrides_route(model):
            return None
    target = chain[-1]
    model = ContentType.objects.get_for_id(target["content_type_id"]).model_class()
    if model is None:
        return None
    page = model.objects.filter(pk=target["id"]).first()
    if page is None:
        return None
    unrestricted = not any(row["restricted"] or row["alias_of_id"] for row in rows.values())
    return page, unrestricted


def _route(request, site, path):
    """Wagtail's ``route`` result for ``path``, the page kept per content version in this
    process (``_find_page``); ``None`` lets Wagtail route. Http404 as Wagtail's."""
    found = memo(request, "route", lambda: _find_page(request, site, path), site.pk, path)
    if found is None:
        return None
    page, unrestricted = found
    if unrestricted and isinstance(page, ViewRestrictionsMixin):
        page._view_restrictions = PageViewRestriction.objects.none()
    # The last step is the page's own (a RoutablePage's index route, the live check).
    return page.route(request, [])


def context(request):
    """Context processor: ``content_version`` for fragment cache keys
    (``{% cache ... content_version ... using="local" %}``), read only when used."""
    from django.utils.functional import SimpleLazyObject

    return {"content_version": SimpleLazyObject(lambda: page_cache.current_version(request))}


class ContentMiddleware:
    """For addresses Wagtail's page view answers: the site and the route, ready-made.
    Sits after the page cache (a hit needs neither)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if page_cache.answered_by_wagtail(page_cache.urlconf_of(request), request.path_info):
            self._prepare(request)
        return self.get_response(request)

    def _prepare(self, request):
        from django.http import Http404

        site = site_for(request)
        if site is None:
            return
        try:
            result = _route(request, site, request.path_info)
        except Http404:
            # Wagtail's own routing would refuse it too (not live, removed meanwhile).
            request._wagtail_route_for_request = None
            return
        if result is not None:
            request._wagtail_route_for_request = result
