"""The site's public address: the one base for every link the site sends or publishes.

Mails (registration offers, reminders, retention warnings), calendar feeds, the sitemap,
practice-day host links and invitation links are read outside the browser that asked for
them, often much later, so they never use the request's host (``build_absolute_uri``
would put ``127.0.0.1`` or an internal proxy name into a participant's mail). They are
built from ``settings.WAGTAILADMIN_BASE_URL`` (env ``WAGTAILADMIN_BASE_URL``) instead.

Wagtail builds a page's full URL (``Page.get_full_url``, the sitemap, "view live" in the
admin) from the default ``Site`` record; ``sync_default_site`` keeps that record in step
with the same setting after every ``migrate``, so both give the same address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site


def public_base_url():
    """``WAGTAILADMIN_BASE_URL`` without a trailing slash, e.g. ``https://opleiding.nl``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def public_url(target="", request=None):
    """The absolute public URL of ``target``: a path (``reverse(...)``) or a Wagtail page.

    A page that is not routable (not under a site root) gives ``""``. ``request`` only
    lets Wagtail cache the site roots on it; it never decides the host.
    """
    if isinstance(target, Page):
        parts = target.get_url_parts(request)
        if parts is None:
            return ""
        target = parts[2]
    if target and not target.startswith("/"):
        target = "/" + target
    return public_base_url() + target


def default_site_address():
    """``(hostname, port)`` for the default Site, from ``WAGTAILADMIN_BASE_URL``."""
    parts = urlsplit(public_base_url())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "localhost", port


def sync_default_site(**kwargs):
    """Give the default Site the host and port of ``WAGTAILADMIN_BASE_URL``.

    Connected to ``post_migrate``; safe to call any time. Returns the Site, or None when
    there is none yet.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = default_site_address()
    if (site.hostname, site.port) != (hostname, port):
        # Another Site may already claim this address (a hand-made one): leave both alone.
        if not Site.objects.exclude(pk=site.pk).filter(hostname=hostname, port=port).exists():
            site.hostname, site.port = hostname, port
            site.save(update_fields=["hostname", "port"])
    return site
