"""Layout pieces that wrap content: ``{% table_scroll %}`` (README "Forms and tables")."""

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string

register = template.Library()


class TableScrollNode(template.Node):
    def __init__(self, nodelist, kwargs):
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        return render_to_string(
            "components/table_scroll.html",
            {"content": self.nodelist.render(context), **values},
            request=context.get("request"),
        )


@register.tag
def table_scroll(parser, token):
    """A table that may be wider than the screen, in its own labelled, focusable scroll box
    with a hint on small screens (WCAG 1.4.10: the page itself never scrolls sideways)::

        {% table_scroll labelledby="days-heading" %}<table>...</table>{% endtable_scroll %}
        {% table_scroll label=_("Time slots") %}<table>...</table>{% endtable_scroll %}
    """
    bits = token.split_contents()
    kwargs = token_kwargs(bits[1:], parser)
    if set(kwargs) - {"labelledby", "label"} or len(kwargs) != 1 or len(bits) != 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes exactly one of labelledby=... or label=..."
        )
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist, kwargs)
