from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages under the site's root page that are marked "show in menus" (one query)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu().specific(defer=True))


@register.filter(name="markdown")
def markdown_filter(text):
    """``{{ text|markdown }}``: sanitised HTML through ``website.markdown.render_markdown``."""
    from website.markdown import render_markdown

    return render_markdown(text)
