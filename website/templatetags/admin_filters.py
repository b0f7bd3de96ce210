"""The listing filters' drop-down of the Wagtail admin, rendered once per set of values.

Wagtail's ``wagtailadmin/shared/headers/_filters.html`` renders each filter through
``{% formattedfield %}`` (a template per field, its widget, help and errors): some 3 ms
on the coordinator's registrations listing, the same HTML for everybody who filters on
the same values. Our ``_filters.html`` (same name, so every listing uses it) calls
``cached_filters_drilldown``, which renders Wagtail's own template unchanged and, for a
filter set that says what its drop-down depends on (``drilldown_cache_key()``, see
``course.admin.viewsets.KeptDrilldownFilterSet``), keeps the result in this process's
memory under that key, the language and the URL prefix. Other filter sets are rendered
as before, every time. The drop-down is a GET form: no CSRF token, nothing personal.
"""

from django import template
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()

TEMPLATE = "wagtailadmin/shared/headers/_filters.html"
MAX_ENTRIES = 500

_rendered = {}  # key -> the drop-down's HTML
_wagtails = {}  # engine -> Wagtail's own _filters.html


def wagtails_template(engine):
    """Wagtail's ``_filters.html``, the one behind ours (as ``{% extends %}`` finds it)."""
    found = _wagtails.get(engine)
    if found is None:
        ours = engine.get_template(TEMPLATE)
        found, _origin = engine.find_template(TEMPLATE, skip=[ours.origin])
        _wagtails[engine] = found
    return found


def forget():
    """Drop every kept drop-down (tests)."""
    _rendered.clear()


@register.simple_tag(takes_context=True)
def cached_filters_drilldown(context, filters):
    def render():
        return wagtails_template(context.template.engine).render(context.new({"filters": filters}))

    cache_key = getattr(filters, "drilldown_cache_key", None)
    own_key = cache_key() if cache_key is not None else None
    if own_key is None:
        return render()
    key = (own_key, get_language(), get_script_prefix(), context.autoescape)
    html = _rendered.get(key)
    if html is None:
        html = render()
        if len(_rendered) >= MAX_ENTRIES:
            _rendered.clear()
        _rendered[key] = html
    return html
