"""The one place where user-written Markdown becomes HTML.

Python-Markdown does not sanitise, so its output always goes through nh3 with a short
allow-list. Images are not allowed at all: a remote image in a plan or case would be a
tracking pixel (nh3's defaults let them through). Deeply nested input can make
Python-Markdown raise RecursionError; such text is shown escaped instead of failing.

Some input makes Python-Markdown (and the HTML parser it feeds raw HTML to) take time
quadratic in its length: from every ``[`` it scans to the matching ``]`` (to the end of
the paragraph when there is none), from every ``](`` to the matching ``)``, and every
inline element rebuilds the paragraph's text. 8,000 ``[`` took 11 s. ``markdown_cost``
estimates that work in one linear pass; text over ``MAX_COST`` is shown escaped, like
the nested text above, and ``check_markdown`` lets a form refuse it with a sentence for
the writer. ``scripts/bench_markdown.py`` measures the worst cases.
"""

import functools
import re

import markdown as md
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_LENGTH = 50_000
#: Characters Python-Markdown's link scans may step over in one text, in total.
MAX_BRACKET_SCAN = 200_000
#: Inline markup characters (each may become an element that rebuilds its paragraph).
MAX_MARKUP = 5_000
#: Things that look like the start of a raw HTML tag, comment or declaration.
MAX_TAG_STARTS = 300

_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"\]\(|[\[\]()]")
_MARKUP = re.compile(r"[\\`*_\[\]<>&!]")
_TAG_START = re.compile(r"<[A-Za-z/!?]")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _bracket_scan(block):
    """How many characters the link scans of one paragraph step over, at most.

    Every ``[`` scans to its matching ``]`` or the end; every ``](`` to its matching ``)``.
    Open round brackets are kept as plain ints (-1 for one outside a link): no tuples,
    so a long text does not wake the garbage collector.
    """
    end = len(block)
    squares, rounds = [], []
    cost = 0
    for match in _BRACKET.finditer(block):
        token, position = match.group(), match.start()
        if token == "(":
            rounds.append(-1)
        elif token == "[":
            squares.append(position)
        elif token == ")":
            if rounds and (opened := rounds.pop()) >= 0:
                cost += position - opened
        else:  # "]" or "]("
            if squares:
                cost += position - squares.pop()
            if token == "](":
                rounds.append(position)
    cost += sum(end - position for position in squares)
    cost += sum(end - position for position in rounds if position >= 0)
    return cost


def too_complex(text):
    """True when rendering ``text`` would take far longer than its length suggests."""
    if len(_MARKUP.findall(text)) > MAX_MARKUP:
        return True
    if len(_TAG_START.findall(text)) > MAX_TAG_STARTS:
        return True
    cost = 0
    for block in _BLOCK_BREAK.split(text):
        cost += _bracket_scan(block)
        if cost > MAX_BRACKET_SCAN:
            return True
    return False


def check_markdown(text, max_length=MAX_LENGTH):
    """Raise ``ValidationError`` with a sentence for the writer when ``text`` would not be
    rendered as Markdown: longer than ``max_length`` or too complex (see ``too_complex``)."""
    text = text or ""
    if len(text) > max_length:
        raise ValidationError(
            _(
                "This text is %(length)s characters long; at most %(max)s fit. "
                "Shorten it or put the details in an attachment."
            )
            % {"length": len(text), "max": max_length},
            code="too_long",
        )
    if too_complex(text):
        raise ValidationError(
            _(
                "This text contains too many special characters (such as [ ] ( ) * _ < >) "
                "or brackets that are never closed, so it cannot be shown as formatted "
                "text. Remove the superfluous characters and try again."
            ),
            code="too_complex",
        )


def _plain(text):
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped here


def render_markdown(text: str) -> SafeString:
    """Render ``text`` as sanitised HTML that is safe to put in any page.

    Text longer than ``MAX_LENGTH`` is cut off; text that would be slow to render (see
    ``too_complex``) or nests too deeply is shown as escaped plain text.
    """
    return _render((text or "")[:MAX_LENGTH])


# The HTML depends on the text alone, and the same texts (a method guide, a case, a plan
# during its review round) are shown again and again: each process keeps the last few
# hundred, keyed by the text itself, so only who already has a text can find its HTML
# (issue 16: rendering was a third of the case page's time).
RENDER_CACHE_SIZE = 256


@functools.lru_cache(maxsize=RENDER_CACHE_SIZE)
def _render(text):
    if too_complex(text):
        return _plain(text)
    try:
        html = md.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    except RecursionError:
        return _plain(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3
