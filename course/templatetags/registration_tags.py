from django import template

from ..money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ amount|euro }}`` → "€ 1.234,56"."""
    if amount is None or amount == "":
        return ""
    return format_euro(amount)
