from types import SimpleNamespace

from django import template
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Site

from website import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages under the site's root page that are marked "show in menus", as
    ``pk``, ``title`` and ``url``. Cached until content changes (the page cache's version),
    as every page, also a signed-in visitor's, shows the menu."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    key = f"main_menu:{page_cache.current_version()}:{site.pk}:{get_language()}"
    items = cache.get(key)
    if items is None:
        pages = site.root_page.get_children().live().in_menu().specific(defer=True)
        items = [
            {"pk": page.pk, "title": page.title, "url": page.get_url(request)}
            for page in pages
        ]
        cache.set(key, items, page_cache.TIMEOUT)
    return [SimpleNamespace(**item) for item in items]


@register.filter(name="markdown")
def markdown_filter(text):
    """``{{ text|markdown }}``: sanitised HTML through ``website.markdown.render_markdown``."""
    from website.markdown import render_markdown

    return render_markdown(text)


@register.simple_tag
def training_name():
    """``{% training_name %}``: the training's name (``website.mail.training_name``)."""
    from website.mail import training_name as name

    return name()


@register.simple_tag
def email_signature():
    """``{% email_signature %}``: the one email signature (``website.mail.signature``)."""
    from website.mail import signature

    return signature()
