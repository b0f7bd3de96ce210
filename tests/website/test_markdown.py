import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from website.markdown import check_markdown, render_markdown, too_complex


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("**Doel**: *samen* werken\n\n- stap 1\n- stap 2")
    assert "<strong>Doel</strong>" in html
    assert "<em>samen</em>" in html
    assert "<li>stap 1</li>" in html


def test_markdown_strips_scripts_and_event_handlers():
    html = render_markdown('<script>alert(1)</script><p onclick="x()">tekst</p>')
    assert "<script" not in html
    assert "onclick" not in html
    assert "tekst" in html


def test_markdown_drops_images_so_no_tracking_pixel_reaches_the_reader():
    html = render_markdown(
        "![](https://tracker.example/pixel.gif) en <img src=https://t.example/p>"
    )
    assert "<img" not in html
    assert "tracker.example" not in html


def test_markdown_removes_javascript_links_and_protects_real_ones():
    html = render_markdown("[klik](javascript:alert(1)) [swv](https://swv.example.nl)")
    assert "javascript:" not in html
    assert 'href="https://swv.example.nl"' in html
    assert "noopener" in html


def test_deeply_nested_markdown_is_shown_escaped_instead_of_crashing():
    text = "".join("  " * depth + "- x\n" for depth in range(2000)) + ">" * 5000 + "<b>"
    html = render_markdown(text)
    assert "<b>" not in html.replace("<br>", "")


def test_template_filter_uses_the_same_sanitiser():
    out = Template("{% load site_tags %}{{ text|markdown }}").render(
        Context({"text": "<script>x</script>**ok**"})
    )
    assert "<script" not in out
    assert "<strong>ok</strong>" in out


def test_crafted_slow_markdown_is_shown_as_escaped_text_instead_of_parsed():
    """8,000 "[" (11 s before) and 4,000 unterminated links (4 s) skip the link scans."""
    for text in ["[" * 8_000, "[a](" * 4_000, "[" * 3_000 + "]" * 3_000]:
        assert too_complex(text)
        html = render_markdown(text + "<script>x</script>")
        assert "<script" not in html
        assert "<a " not in html


def test_ordinary_text_with_links_is_not_too_complex():
    text = "Zie [het ondersteuningsplan](https://swv.example.nl) en *de route*.\n\n" * 200
    assert not too_complex(text)
    assert 'href="https://swv.example.nl"' in render_markdown(text)


def test_a_form_refuses_slow_markdown_with_a_dutch_sentence():
    with pytest.raises(ValidationError) as refused:
        check_markdown("[" * 8_000)
    assert refused.value.code == "too_complex"
    assert refused.value.messages[0].endswith(".")


def test_a_form_refuses_text_over_its_length_cap():
    with pytest.raises(ValidationError) as refused:
        check_markdown("a" * 101, max_length=100)
    assert refused.value.code == "too_long"


def test_a_text_shown_again_is_not_rendered_again_and_each_text_keeps_its_own_html():
    """Issue 16: the same case or plan is rendered once per process, never mixed up."""
    from unittest import mock

    from website import markdown as site_markdown

    site_markdown._render.cache_clear()
    with mock.patch.object(site_markdown.md, "markdown", wraps=site_markdown.md.markdown) as spy:
        first = render_markdown("**Leerling** in groep 7")
        again = render_markdown("**Leerling** in groep 7")
        other = render_markdown("*Andere* tekst <script>x</script>")
    assert first == again == "<p><strong>Leerling</strong> in groep 7</p>"
    assert other == "<p><em>Andere</em> tekst </p>"
    assert spy.call_count == 2  # the repeated text came from the cache
