from django import template

from course.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ cohort.price|euro }}`` → ``€ 2.495,00``; empty for a missing amount."""
    if amount is None or amount == "":
        return ""
    try:
        return format_euro(amount)
    except ValueError:
        return ""
