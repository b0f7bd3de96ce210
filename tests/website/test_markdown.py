from django.template import Context, Template

from website.markdown import render_markdown


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
    html = render_markdown("![](https://tracker.example/pixel.gif) en <img src=https://t.example/p>")
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
