"""Wide tables scroll in their own box ({% table_scroll %}, website/templatetags/layout_tags.py;
issue 18, WCAG 1.4.10)."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils.translation import gettext as _

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Pages of ours (the Wagtail admin's tables and mails are not).
PAGE_TEMPLATES = sorted(
    path
    for path in TEMPLATES.rglob("*.html")
    if not {"admin", "email", "wagtailusers"} & set(path.relative_to(TEMPLATES).parts)
)
# Tables that fit a 320 px screen by design: two columns, or stacked into cards on phones.
NARROW_TABLES = {"price-table", "programme", "cohort-dates"}
TABLE = re.compile(r"<table\b[^>]*>")
SCROLL_BLOCK = re.compile(r"\{% table_scroll .*?%\}.*?\{% endtable_scroll %\}", re.S)


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_table_that_can_be_wide_is_in_a_scroll_box(path):
    text = path.read_text()
    outside = SCROLL_BLOCK.sub("", text)
    for tag in TABLE.findall(outside):
        classes = (
            set(re.search(r'class="([^"]*)"', tag).group(1).split()) if "class=" in tag else set()
        )
        assert classes & NARROW_TABLES, (
            f"{path.relative_to(TEMPLATES)}: {tag} is not inside {{% table_scroll %}}"
        )


def render(source, **context):
    return Template("{% load layout_tags %}" + source).render(Context(context))


def test_the_scroll_box_is_a_focusable_region_named_by_its_heading_with_a_hint():
    html = render(
        '{% table_scroll labelledby="days-"|add:pk %}<table><tr><td>1</td></tr></table>'
        "{% endtable_scroll %}",
        pk="7",
    )
    soup = BeautifulSoup(html, "html.parser")
    box = soup.find(class_="table-scroll")
    assert (box["role"], box["tabindex"], box["aria-labelledby"]) == ("region", "0", "days-7")
    assert box.find("table")
    hint = soup.find(class_="table-scroll__hint")
    assert hint.get_text(strip=True) == _("Scroll sideways to see more columns.")


def test_the_scroll_box_can_carry_its_own_label():
    html = render('{% table_scroll label="Roosters" %}<table></table>{% endtable_scroll %}')
    box = BeautifulSoup(html, "html.parser").find(class_="table-scroll")
    assert box["aria-label"] == "Roosters" and not box.has_attr("aria-labelledby")


def test_a_scroll_box_without_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render("{% table_scroll %}<table></table>{% endtable_scroll %}")
