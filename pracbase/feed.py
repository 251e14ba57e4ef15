"""The Atom feed (RFC 4287) of new and updated practices, one per site language: ``<lang>/feed.xml``.

An entry per practice, newest change first (at most :data:`FEED_SIZE`): its title and
summary in the feed's language, its page, when it was first published and last changed
(from git, :mod:`pracbase.history`) and the commit message of that change. Without a git
history the entries are the practices with a ``last_reviewed`` date, updated on that day:
a feed never shows a date nobody recorded. Entry ids are the practices' JSON-LD ids
(``<site address>practices/<id>``, ``urn:pracbase:practices/<id>`` without one), stable
across changes; links are relative to the feed, so they work wherever the site is served.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from pracbase.site import paths

if TYPE_CHECKING:
    from babel.support import NullTranslations

    from pracbase.api import Build
    from pracbase.kb import KnowledgeBase
    from pracbase.models import Practice

FEED_PATH = "feed.xml"
"""Where each language's feed is, from that language's root (``/en/feed.xml``)."""

FEED_SIZE = 50
"""The most recent changes a feed lists."""

ATOM = "http://www.w3.org/2005/Atom"


def _updated(practice: Practice, build: Build) -> tuple[datetime, datetime | None, str] | None:
    """When ``practice`` last changed, when it was first published (if known), and what changed."""
    found = build.history.of(practice)
    if found is not None:
        return found.modified_at, found.changes[-1].time, found.changes[0].summary
    if not build.history.available and practice.last_reviewed:
        return datetime.combine(practice.last_reviewed, time(), UTC), None, ""
    return None


def atom(kb: KnowledgeBase, lang: str, translator: NullTranslations, build: Build) -> str:
    """The feed of ``lang``'s site as Atom XML text."""
    from pracbase import __version__

    _ = translator.gettext
    dated = [(found, practice) for practice in kb.practices.values()
             if (found := _updated(practice, build)) is not None]
    dated.sort(key=lambda item: (item[0][0], item[1].id), reverse=True)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    own = f"{build.base}{lang}/{FEED_PATH}" if build.base_url else f"{build.base}feeds/{lang}"
    _add(feed, "id", own)
    _add(feed, "title", _("pracbase: new and updated practices"))
    _add(feed, "subtitle", _("What cities do to prevent hate, violent extremism and polarisation."))
    newest = dated[0][0][0] if dated else datetime.fromisoformat(build.generated_at.replace("Z", "+00:00"))
    _add(feed, "updated", _time(newest))
    _add(feed, "generator", "pracbase", {"version": __version__})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": FEED_PATH, "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": "./", "type": "text/html"})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _add(author, "name", _("the pracbase contributors"))
    for (updated, published, change), practice in dated[:FEED_SIZE]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        title = practice.title.get(lang, practice.original_language)
        _add(entry, "id", f"{build.base}practices/{practice.id}")
        _add(entry, "title", title.text, {"xml:lang": title.lang})
        _add(entry, "updated", _time(updated))
        if published is not None:
            _add(entry, "published", _time(published))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                 "href": paths.url(paths.practice(practice.id))})
        summary = practice.summary.get(lang, practice.original_language)
        text = summary.text + ("\n\n" + _("Last change: {change}").format(change=change) if change else "")
        _add(entry, "summary", text, {"xml:lang": summary.lang})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _add(parent: ET.Element, name: str, text: str, attributes: dict[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes or {})
    element.text = text
    return element


def _time(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
