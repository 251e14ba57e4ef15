"""Safe text for the pages (pracbase.site.markup), tested on its own: what record text may and may not become."""

from __future__ import annotations

import re

import pytest

from pracbase.site import markup


@pytest.mark.parametrize(("text", "expected"), [
    ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
    ("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
    ("{: onclick=alert(1)}", "\\{: onclick=alert\\(1\\)\\}"),
    ("*stars* _under_ `code` #1 !", "\\*stars\\* \\_under\\_ \\`code\\` \\#1 \\!"),
    ("::: os", "&#58;:: os"),
    (": 0", "&#58; 0"),  # not a definition (def_list)
    ("two\n  lines", "two lines"),
    ('say "hi", l\'eau', 'say "hi", l\'eau'),  # quotes stay quotes: only <, > and & become entities
])
def test_inline_shows_the_text_as_written(text: str, expected: str) -> None:
    assert markup.inline(text) == expected


def test_heading_level_and_search_exclusion() -> None:
    assert markup.heading(2, "Cities & towns") == "## Cities &amp; towns"
    assert markup.heading(3, "Sources", searchable=False) == "### Sources { data-pagefind-ignore }"


def test_attr_and_url() -> None:
    assert markup.attr('say "hi" <b>') == "say &quot;hi&quot; &lt;b&gt;"
    assert markup.url("https://example.org/a b?x=1&y=ü") == "https://example.org/a%20b?x=1&y=%C3%BC"


def test_block_wraps_the_html_with_its_language_and_search_flag() -> None:
    assert markup.block("Hello") == '<div class="pb-text">\n<p>Hello</p>\n</div>'
    assert markup.block("Hallo", "de", "pb-text pb-summary", searchable=False) == (
        '<div class="pb-text pb-summary" lang="de" data-pagefind-ignore>\n<p>Hallo</p>\n</div>')


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
    ("a <b onclick=x>bold</b>", "&lt;b onclick=x&gt;", "<b"),
    ("[site](https://example.org \"About\")", '<a href="https://example.org" title="About">site</a>', "<span"),
    ("[mail](mailto:a@example.org)", '<a href="mailto:a@example.org">mail</a>', "<span"),
    ("[bad](javascript:alert(1))", "<span>bad</span>", "href"),
    ("[rel](other-page.md)", "<span>rel</span>", "href"),
    ("![a cat](https://example.org/cat.png)", "<span>a cat</span>", "<img"),
    ("# Big\n\n## Less big\n\n### Small", "<h3>Big</h3>\n<h3>Less big</h3>\n<h3>Small</h3>", "<h1"),
    ("*emphasis* and **strong**", "<em>emphasis</em> and <strong>strong</strong>", "<span"),
])
def test_block_keeps_only_safe_markdown(text: str, present: str, absent: str) -> None:
    html = markup.block(text)
    assert present in html and absent not in html, html


def test_block_drops_every_attribute_but_safe_link_ones() -> None:
    html = markup.block('[x](https://example.org){: onclick="alert(1)" }\n\n### Title {: #id .class }')
    tags = re.findall(r"<[^>]+>", html)
    assert [t for t in tags if "=" in t] == ['<div class="pb-text">', '<a href="https://example.org">']


def test_image_keeps_its_place_and_what_follows() -> None:
    html = markup.block("before ![one](a.png) middle ![two](b.png) after")
    assert "<p>before <span>one</span> middle <span>two</span> after</p>" in html


def test_unsearched_wraps_only_what_is_there() -> None:
    assert markup.unsearched("- a\n- b") == "<div data-pagefind-ignore markdown>\n\n- a\n- b\n\n</div>"
    assert markup.unsearched("  \n ") == ""
