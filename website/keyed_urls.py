"""A URL reversed once for the rows of a table: Django's ``reverse()`` costs about as much
as rendering a whole table row, so a page with a link per row reverses the URL once with
a placeholder for the row's key and puts each row's key in its place. ``keyed_url()``
keeps each such URL for the process, for links asked once per cohort on every request
(the workspace, the cohort overview)."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

# Stands in for the row's key (a valid value for an ``<int:...>`` converter).
PK_PLACEHOLDER = "2147483647"


class KeyedURL:
    """``KeyedURL("app:view", cohort_id)(plan_id)`` is ``reverse("app:view",
    args=[cohort_id, plan_id])``: the last argument is the row's key, a whole number."""

    def __init__(self, viewname, *args):
        self.pattern = reverse(viewname, args=[*args, PK_PLACEHOLDER])

    def __call__(self, key):
        return self.pattern.replace(PK_PLACEHOLDER, str(int(key)))


def keyed_url(viewname, *args):
    """``KeyedURL(viewname, *args)``, kept in this process per URLconf and script prefix
    (the site's addresses do not depend on the language)."""
    return _kept(viewname, args, get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=512)
def _kept(viewname, args, urlconf, prefix):
    return KeyedURL(viewname, *args)
