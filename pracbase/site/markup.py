"""Safe text for the pages: record text never becomes HTML or Markdown syntax of its own.

Records passed validation (no raw HTML, only http(s)/mailto links), but the site renders
them defensively anyway:

- :func:`inline` turns a plain text (a title, a name, a label) into Markdown that shows
  exactly that text: ``<``, ``>``, ``&`` become entities and Markdown punctuation is
  backslash-escaped, so ``a < b``, ``<3``, ``[x](…)`` or ``{: onclick=…}`` stay text (and
  ``:::``, which would make mkdocstrings document a Python object, is written ``&#58;::``).
- :func:`block` renders a Markdown text (a summary, a description) to HTML with a
  restricted Markdown: raw HTML is shown as text, links keep only http(s)/mailto targets,
  images become their alt text, headings stay below the page's own (h3 at most), an ordered
  list keeps the number it starts at. Validation (:func:`pracbase.models.check_body`) refuses
  what this would drop or change, so that a valid text shows as written
  (``tests/test_contract.py`` holds the two together). The HTML is embedded
  in the page as a raw block, so MkDocs' extensions never see the record's text.
"""

from __future__ import annotations

import html
import re
from functools import cache
from urllib.parse import quote
from xml.etree.ElementTree import Element

import markdown
from markdown.blockprocessors import OListProcessor
from markdown.treeprocessors import Treeprocessor

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_DIRECTIVE = re.compile(r":(?=::)")
"""The colons of ``:::``, which would start an mkdocstrings directive (``::: os``) at a line's start."""


def inline(value: str) -> str:
    """A plain text as inline Markdown that renders exactly as written, on one line."""
    value = " ".join(value.split())
    value = html.escape(value, quote=False)
    value = _MARKDOWN_PUNCTUATION.sub(r"\\\1", value)
    value = _DIRECTIVE.sub("&#58;", value)
    return "&#58;" + value[1:] if value.startswith(":") else value  # ": x" at a line's start is a definition


def heading(level: int, value: str, searchable: bool = True, anchor: str | None = None) -> str:
    """A Markdown heading of ``level`` showing the plain text ``value``.

    ``searchable=False`` keeps the heading's whole section out of the search index;
    ``anchor`` (a record id: kebab-case ASCII) is its fragment in the page's address.
    """
    attributes = ([f"#{anchor}"] if anchor else []) + ([] if searchable else ["data-pagefind-ignore"])
    return "#" * level + " " + inline(value) + (" { " + " ".join(attributes) + " }" if attributes else "")


def attr(value: str) -> str:
    """A text safe inside a double-quoted HTML attribute written by pracbase itself."""
    return html.escape(value, quote=True)


def html_with_code(text: str) -> str:
    """A translated sentence as HTML (inside a raw HTML block, where Markdown is not read): its
    `backquoted` parts as ``<code>``, the rest as plain text (the catalogs mark commands so)."""
    pieces = text.split("`")
    return "".join(f"<code>{attr(piece)}</code>" if index % 2 else attr(piece) for index, piece in enumerate(pieces))


def url(value: str) -> str:
    """A validated http(s) address, safe as a Markdown link destination."""
    return quote(value, safe=":/?#@!$&'*+,;=%~-._")


def block(value: str, lang: str | None = None, css_class: str = "pb-text", searchable: bool = True) -> str:
    """A Markdown text rendered safely to HTML, as a raw block to embed in a page.

    ``lang`` marks the block's language (set it when the text is a fallback);
    ``searchable=False`` keeps it out of the search index.
    """
    body = _renderer().reset().convert(value)
    attributes = f' lang="{attr(lang)}"' if lang else ""
    attributes += "" if searchable else " data-pagefind-ignore"
    return f'<div class="{attr(css_class)}"{attributes}>\n{body}\n</div>'


def unsearched(body: str) -> str:
    """Markdown ``body`` kept out of the search index (lists of other pages, citations)."""
    return f"<div data-pagefind-ignore markdown>\n\n{body}\n\n</div>" if body.strip() else ""


class _Sanitiser(Treeprocessor):
    """Keep only safe links, drop images and attributes, keep headings below the page's (h3 and down)."""

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "img":
                    replacement = Element("span")
                    replacement.text = element.get("alt", "")
                    replacement.tail = element.tail
                    parent.remove(element)
                    parent.insert(index, replacement)
                    continue
                href = element.get("href")
                title = element.get("title")
                start = element.get("start")
                element.attrib.clear()
                if element.tag == "ol" and start and start.isdigit():
                    element.set("start", start)  # a list written from 3. starts at 3
                elif element.tag == "a":
                    if href and href.strip().lower().startswith(_SAFE_SCHEMES):
                        element.set("href", href.strip())
                        if title:
                            element.set("title", title)
                    else:
                        element.tag = "span"
                elif re.fullmatch(r"h[12]", element.tag):
                    element.tag = "h3"


class _SafeMarkdown(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitiser(md), "pracbase_sanitise", 0)
        olist = md.parser.blockprocessors["olist"]
        assert isinstance(olist, OListProcessor)
        olist.LAZY_OL = False  # keep the number the list starts at


@cache
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_SafeMarkdown()], output_format="html")
