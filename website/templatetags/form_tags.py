"""The form pattern's page-level parts (``website.form_rendering``): the error summary at
the top of ``<main>`` and the "Fout: " at the start of the page title. Both read every
bound form in the context, so a form never has to ask for them."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext

from website.form_rendering import form_errors

register = template.Library()


def _errors(context):
    # Computed once per render: the title and the summary both ask.
    cache = context.render_context
    if "form_errors" not in cache:
        cache["form_errors"] = form_errors(context)
    return cache["form_errors"]


@register.simple_tag(takes_context=True)
def form_error_title_prefix(context):
    """``Fout: `` (translated) when a form on the page was sent back with errors."""
    return gettext("Error: ") if _errors(context) else ""


@register.simple_tag(takes_context=True)
def form_error_summary(context):
    """The error summary (``forms/error_summary.html``), or nothing."""
    errors = _errors(context)
    if not errors:
        return ""
    return render_to_string(
        "forms/error_summary.html", {"errors": errors}, request=context.get("request")
    )
