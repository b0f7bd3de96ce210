from types import SimpleNamespace

from django import template

from website import content

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages under the site's root page that are marked "show in menus", as
    ``pk``, ``title`` and ``url``. Kept per content version in the process
    (``website.content.menu_items``), as every page, also a signed-in visitor's, shows it."""
    request = context.get("request")
    if request is None:
        return []
    return [SimpleNamespace(**item) for item in content.menu_items(request)]


@register.simple_tag(takes_context=True)
def may_access_admin(context):
    """``{% may_access_admin as manages %}``: the header's admin link, without loading every
    permission of the person on every page (``website.content.may_access_admin``)."""
    request = context.get("request")
    return request is not None and content.may_access_admin(request)


@register.simple_tag(takes_context=True)
def site_config(context):
    """``{% site_config as config %}``: the site's SiteConfig, kept per content version."""
    from website.models import SiteConfig

    request = context.get("request")
    return content.site_setting(request, SiteConfig) if request is not None else None


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
