"""The one place where user-written Markdown becomes HTML.

Python-Markdown does not sanitise, so its output always goes through nh3 with a short
allow-list. Images are not allowed at all: a remote image in a plan or case would be a
tracking pixel (nh3's defaults let them through). Deeply nested input can make
Python-Markdown raise RecursionError; such text is shown escaped instead of failing.
"""

import markdown as md
import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

MAX_LENGTH = 50_000

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Render ``text`` as sanitised HTML that is safe to put in any page."""
    text = (text or "")[:MAX_LENGTH]
    try:
        html = md.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    except RecursionError:
        return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped above
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3
