"""The site's root sitemap: every page of every language, each with its address in the others.

Search engines read a page's versions in other languages (hreflang) from a sitemap as well
as from ``<link rel="alternate" hreflang>`` in its ``<head>``. The pages hold no such links:
Material (9.8) fetches ``sitemap.xml`` beside the address of every ``<link rel="alternate">``
of a page, on every page load (beside a page, a 404 per language), and the language menu
needs none of it (``overrides/partials/alternate.html`` links each language's same page).
So the languages are written here, at the top of the site (``<out>/sitemap.xml``, where a
crawler looks first), from each language's own sitemap (MkDocs', kept as it is: the one
Material fetches for the Atom feed's link, so it stays small). Addresses must be absolute:
without ``site_url`` there is none to write, as in MkDocs' own sitemaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def pages_of(out: Path, lang: str, site_url: str) -> list[str]:
    """The paths of ``lang``'s pages, from its root (``practices/x/``), as its own sitemap lists them."""
    file = out / lang / "sitemap.xml"
    if not file.is_file():
        return []
    prefix = f"{site_url.rstrip('/')}/{lang}/"
    locs = [url.findtext(f"{{{SITEMAP}}}loc") or "" for url in ElementTree.parse(file).getroot()]
    return [loc.removeprefix(prefix) for loc in locs if loc.startswith(prefix)]


def write_sitemap(out: Path, languages: Sequence[str], site_url: str) -> Path | None:
    """Write ``<out>/sitemap.xml``: each page of each language with its versions (``xhtml:link``);
    None (nothing written) without ``site_url``."""
    if not site_url:
        return None
    base = site_url.rstrip("/") + "/"
    pages = {lang: pages_of(out, lang, site_url) for lang in languages}
    present = {lang: set(paths) for lang, paths in pages.items()}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">']
    for lang in languages:
        for path in pages[lang]:
            lines += ["  <url>", f"    <loc>{escape(base + lang + '/' + path)}</loc>"]
            lines += [f'    <xhtml:link rel="alternate" hreflang="{other}" href={quoteattr(f"{base}{other}/{path}")}/>'
                      for other in languages if path in present[other]]
            lines.append("  </url>")
    lines.append("</urlset>")
    target = out / "sitemap.xml"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target

