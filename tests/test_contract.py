"""The contract between validate and the site: what validates shows as written.

The renderer (:func:`pracbase.site.markup.block`) is the judge of what a text becomes on a
page. These tests hold validation (:func:`pracbase.models.check_body`) to it: every accepted
construct renders to the exact HTML listed here, every refused one is one the renderer would
drop or change, and generated texts that validate keep every word, address and title in the
rendered HTML.
"""

from __future__ import annotations

import functools
import html
import re
import sys
import unicodedata
from collections import Counter
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pracbase import models
from pracbase.site import markup
from tests.conftest import ROOT

_WORD = re.compile(r"[^\W_]+")


def accepted(text: str) -> bool:
    try:
        models.check_body(text)
    except ValueError:
        return False
    return True


class _Shown(HTMLParser):
    """The words a reader meets in rendered HTML: its text, and its links' addresses and titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            for name in ("href", "title"):
                self.words += _WORD.findall(dict(attrs).get(name) or "")

    def handle_data(self, data: str) -> None:
        self.words += _WORD.findall(data)


def shown(text: str) -> _Shown:
    parser = _Shown()
    parser.feed(markup.block(text))
    parser.close()
    return parser


def words(found: list[str]) -> Counter[str]:
    """Words to compare, but numbers: an ordered list's item numbers are the list's, not text."""
    return Counter(w for w in found if not w.isdigit())


# --- every construct the restricted Markdown accepts, and what it renders to ----------------

ACCEPTED = [
    ("Une phrase, avec « guillemets » et l'apostrophe.", "<p>Une phrase, avec « guillemets » et l'apostrophe.</p>"),
    ("*italique* et **gras**", "<p><em>italique</em> et <strong>gras</strong></p>"),
    ("du `code` ici", "<p>du <code>code</code> ici</p>"),
    ("[site](https://example.org/a?b=1)", '<p><a href="https://example.org/a?b=1">site</a></p>'),
    ("[site](http://example.org \"Titre\")", '<p><a href="http://example.org" title="Titre">site</a></p>'),
    ("[écrire](mailto:a@example.org)", '<p><a href="mailto:a@example.org">écrire</a></p>'),
    ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
    ("1. un\n2. deux", "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>"),
    ("3. trois\n4. quatre", '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>'),
    ("> cité", "<blockquote>\n<p>cité</p>\n</blockquote>"),
    ("### Sous-titre\n\ntexte", "<h3>Sous-titre</h3>\n<p>texte</p>"),
    ("avant\n\n***\n\naprès", "<p>avant</p>\n<hr>\n<p>après</p>"),
    ("    bloc de code", "<pre><code>bloc de code\n</code></pre>"),
    ("ligne  \nsuivante", "<p>ligne<br>\nsuivante</p>"),
    ("a < b & c > d, R&D", "<p>a &lt; b &amp; c &gt; d, R&amp;D</p>"),
    ("\\*pas d'italique\\*", "<p>*pas d'italique*</p>"),
    ("[1] et [note]", "<p>[1] et [note]</p>"),
    ("Attention ! [voir](https://example.org)", '<p>Attention ! <a href="https://example.org">voir</a></p>'),
]


@pytest.mark.parametrize(("text", "rendered"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_accepted_construct_renders_as_written(text: str, rendered: str) -> None:
    assert accepted(text)
    assert markup.block(text) == f'<div class="pb-text">\n{rendered}\n</div>'


# --- every construct validate refuses is one the renderer alters ------------------------

REFUSED_MARKDOWN = [
    "![photo](https://example.org/p.gif)",
    "voir ![](https://example.org/p.gif)",
    "[voir](//example.org/x)",
    "[voir](page.html)",
    "[voir](#section)",
    "[voir]()",
    "[voir][note]\n\n[note]: https://example.org",  # the label is not shown
    "texte\n\n[1]: https://example.org",
    "caf&eacute;",
    "&#8238;texte",
]


@pytest.mark.parametrize("text", REFUSED_MARKDOWN)
def test_refused_markdown_is_what_the_renderer_alters(text: str) -> None:
    assert not accepted(text)
    page = shown(text)
    sanitised = any(tag == "span" for tag, _ in page.tags)  # the sanitiser's mark: a dropped image or link
    altered = sanitised or words(page.words) != words(_WORD.findall(text)) \
        or "\u202e" in html.unescape(markup.block(text))
    assert altered, markup.block(text)


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\u00ad", "\ufeff", "\u2028", "\x85", "\U000e0041"])
def test_invisible_characters_are_refused_in_every_kind_of_text(char: str) -> None:
    for check in (models.check_body, models.check_line, models._check_url):
        with pytest.raises(models.Invalid):
            check(f"https://example.org/a{char}b")


def test_invisible_set_is_every_format_character_of_unicode() -> None:
    """_INVISIBLE is written out for speed; it must hold every Cf, Zl and Zp character this Python knows."""
    expected = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp")}
    listed = {chr(c) for c in range(sys.maxunicode + 1) if models._INVISIBLE.match(chr(c))}
    assert expected - listed == set(), f"Unicode {unicodedata.unidata_version}: add them to models._INVISIBLE"
    assert {unicodedata.category(c) for c in listed} <= {"Cf", "Zl", "Zp", "Cn"}


# --- generated texts: whatever validates keeps its words ------------------------------------

TOKENS = ["alpha", "Beta", "été", "œuvre", "42", " ", " ", "\n", "\n\n", "*", "**", "_", "`", "[", "]", "(", ")",
          "!", "#", "### ", "> ", "- ", "1. ", "3. ", "&", ";", "amp", "eacute", "#x41", "<", ">", ":", "\\", '"',
          "'", "    ", "|", "=", "-", "***", "https://example.org/p", "mailto:a@example.org", "//example.org",
          "page.html", "\u202e", "\u00a0",
          # pieces of constructs, so that whole ones come up often: images, links, references, entities
          "![", "](", "[alpha](", "[r]", "[r]: ", "&amp;", "&#x41;", "&eacute;", "<a@b.c>", "<é@b.c>",
          "[alpha](https://example.org/p)", "![alpha](https://example.org/p)", "[alpha](//example.org)",
          "[alpha](p.html)"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map("".join))
def test_whatever_validates_shows_every_word(text: str) -> None:
    if not accepted(text):
        return
    page = shown(text)
    assert [tag for tag, _ in page.tags if tag in ("img", "span")] == []  # nothing the sanitiser dropped
    assert all(attrs.get("href") for tag, attrs in page.tags if tag == "a")
    assert words(page.words) == words(_WORD.findall(text)), markup.block(text)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
@example(":\r0")  # a carriage return is a line break; a colon first made a definition (def_list)
def test_whatever_title_validates_shows_as_written(text: str) -> None:
    """A title or name is plain text: the page shows it whole, its spaces folded as HTML folds them."""
    try:
        models.check_line(text)
    except ValueError:
        return
    rendered = _site_markdown().reset().convert(markup.heading(1, text) + "\n\n" + markup.inline(text))
    parser = _Shown()
    parser.feed(rendered)
    assert "".join(parser.words) == "".join(_WORD.findall(text)) * 2
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).split() == text.split() * 2


SITE_EXTENSIONS = ["admonition", "pymdownx.highlight", "pymdownx.superfences", "attr_list", "def_list", "md_in_html",
                   "tables", "toc"]
"""The Markdown extensions of the site's pages (mkdocs.yml), that titles and names are rendered with."""


@functools.cache
def _site_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=SITE_EXTENSIONS)


def test_titles_are_rendered_with_the_site_extensions() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nmarkdown_extensions:\n")[1]
    configured = re.findall(r"^  - ([\w.-]+)", config.split("\n\n")[0], re.MULTILINE)
    assert configured == [*SITE_EXTENSIONS, "mkdocs-click"]
