"""What every page generator needs: the knowledge base, the language, its words, safe text.

:class:`Context` wraps one language's view of the knowledge base: gettext for the
interface, Babel for country, region and language names, numbers and dates, the
taxonomy for labels, and :mod:`pracbase.site.markup` for record text, with a visible
marker wherever a text falls back to another language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal

from pracbase import i18n
from pracbase.models import City, LocalizedText, Practice, Record, Translation
from pracbase.site import markup, paths

if TYPE_CHECKING:
    from babel.support import NullTranslations

    from pracbase.api import Build
    from pracbase.kb import KnowledgeBase

PAGE_SIZE = 100
"""Longest list on one page; longer lists continue on numbered pages."""

def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it yet (translate it at use)."""
    return message


LinkBase = Literal["page", "source"]
"""What a relative link in a page is relative to, for the site engine: the page's address
(``"page"``: MkDocs leaves a link it cannot resolve to a Markdown file as written) or the
page's Markdown file (``"source"``: Zensical rewrites every relative link for directory
addresses). Links between pages resolve the same in both; only links leaving the language's
site (to ``/api/``) differ: :meth:`Context.to_site_root`."""


@dataclass(frozen=True)
class Context:
    """One language's view of the knowledge base, for the page generators."""

    kb: KnowledgeBase
    lang: str
    translator: NullTranslations
    build: Build = field(default_factory=lambda: _default_build())
    """What every page of the build shares: git history, freshness period, site address."""
    links: LinkBase = "page"
    """How the site engine reads a relative link written in a page (:data:`LinkBase`)."""

    # --- words --------------------------------------------------------------------------

    def _(self, message: str) -> str:
        """The interface text ``message`` (an English msgid) in the page language."""
        return self.translator.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural text for ``n`` in the page language, ``{n}`` filled in.

        ``ctx.ngettext("{n} practice", "{n} practices", 1000)`` → ``1 000 pratiques``.
        """
        return self.translator.ngettext(singular, plural, n).format(n=self.number(n))

    def to_site_root(self, page: str) -> str:
        """The relative link from ``page`` (a docs path such as ``about.md``, not an index page) to
        the site's root, above the languages (``/api/`` is there)."""
        folders = page.count("/")
        return "../" * (folders + (1 if self.links == "source" else 2))

    def number(self, n: int) -> str:
        """A whole number written the language's way (``1 000``, ``1,000``)."""
        return format_decimal(n, locale=self.lang)

    def decimal(self, value: float, digits: int = 4) -> str:
        """A decimal number written the language's way, at most ``digits`` decimals (``51,0257``)."""
        return format_decimal(round(value, digits), format="0." + "#" * digits, locale=self.lang)

    def date(self, value: date) -> str:
        """A date written the language's way (``23 novembre 2026``)."""
        return format_date(value, format="long", locale=self.lang)

    def country(self, code: str) -> str:
        """A country's name."""
        return i18n.country_name(code, self.lang)

    def region(self, code: str) -> str:
        """A UN M49 region's name."""
        return i18n.region_name(code, self.lang)

    def language(self, code: str) -> str:
        """A language's name."""
        return i18n.language_name(code, self.lang)

    def term(self, vocabulary: str, id: str) -> str:
        """The label of a controlled value (``themes``, ``youth`` → ``Jeunesse``)."""
        return self.kb.taxonomy.vocabularies[vocabulary][id].label_in(self.lang)

    def definition(self, vocabulary: str, id: str) -> str:
        """The one-line definition of a controlled value."""
        return self.kb.taxonomy.vocabularies[vocabulary][id].definition_in(self.lang)

    # --- record text ----------------------------------------------------------------------

    def text(self, value: LocalizedText, record: Record | None) -> Translation:
        """A record's text in the page language, or its visible fallback.

        A text written the same in every language it has (a city's name, ``Aalborg``) is
        not a fallback: it is the same in this language too.
        """
        shown = value.get(self.lang, record.original_language if record else None)
        if shown.is_fallback and len(set(value.root.values())) == 1:
            return Translation(shown.text, self.lang, self.lang)
        return shown

    def inline(self, value: LocalizedText | str, record: Record | None = None) -> str:
        """A short text (a title, a name) as safe inline Markdown, marked when it falls back."""
        if isinstance(value, str):
            return markup.inline(value)
        shown = self.text(value, record)
        if not shown.is_fallback:
            return markup.inline(shown.text)
        marker = self._("(in {language})").format(language=self.language(shown.lang))
        return (f'<span lang="{markup.attr(shown.lang)}">{markup.inline(shown.text)}</span> '
                f'<small class="pb-lang">{markup.inline(marker)}</small>')

    def block(self, value: LocalizedText, record: Record, banner: bool = True, css_class: str = "pb-text") -> str:
        """A Markdown text rendered safely; a fallback gets a banner (unless ``banner`` is off)."""
        shown = self.text(value, record)
        parts = [self.banner(shown)] if banner and shown.is_fallback else []
        parts.append(markup.block(shown.text, shown.lang if shown.is_fallback else None, css_class))
        return "\n\n".join(parts)

    def banner(self, *shown: Translation) -> str:
        """The notice that texts are shown in another language (one per fallback language), or ``""``."""
        languages = dict.fromkeys(t.lang for t in shown if t.is_fallback)
        notices = [self._("Shown in {language}: no English version yet.").format(language=self.language(code))
                   for code in languages]
        return "\n\n".join(f'!!! info pb-fallback ""\n    {markup.inline(notice)}' for notice in notices)

    def title(self, record: Record) -> str:
        """A record's title or name in the page language (plain text: escape it before use)."""
        return record.heading.get(self.lang, record.original_language).text

    # --- links ------------------------------------------------------------------------------

    def link(self, here: str, target: str, label: str) -> str:
        """A Markdown link from page ``here`` to page ``target``; ``label`` is already Markdown."""
        return f"[{label}]({paths.relative(here, target)})"

    def record_link(self, here: str, record: Record) -> str:
        """A link to a record's page, titled in the page language."""
        return self.link(here, record_page(record), self.inline(record.heading, record))

    def term_link(self, here: str, vocabulary: str, id: str) -> str:
        """A link to the page of a level, theme or concern."""
        return self.link(here, paths.term(vocabulary, id), markup.inline(self.term(vocabulary, id)))

    def country_link(self, here: str, code: str) -> str:
        """A link to a country's page."""
        return self.link(here, paths.country(code), markup.inline(self.country(code)))

    def region_link(self, here: str, code: str) -> str:
        """A link to a region's page."""
        return self.link(here, paths.region(code), markup.inline(self.region(code)))

    # --- lists --------------------------------------------------------------------------------

    def sort_records(self, records: Iterable[Record]) -> list[Any]:
        """Records in alphabetical order of their title in the page language (accents ignored)."""
        return sorted(records, key=lambda r: (i18n.fold(self.title(r)), r.id))

    def practice_item(self, here: str, practice: Practice, city: str | None = None, levels: bool = True) -> str:
        """One line of a list of practices: its link, its cities (but ``city``, the page's own) and
        its prevention levels (unless ``levels`` is off: on a level's own page)."""
        cities = ", ".join(markup.inline(self.title(self.kb.cities[c])) for c in practice.cities if c != city)
        item = f"- {self.record_link(here, practice)}" + (f" · {cities}" if cities else "")
        if levels and practice.levels:
            named = " · ".join(markup.inline(self.term("levels", id)) for id in practice.levels)
            item += f'  \n    <small class="pb-levels">{named}</small>'
        return item

    def explorer_link(self, here: str, param: str, value: str) -> str:
        """A paragraph linking to the explorer showing only the practices with ``param=value``
        (``country=BE``, ``theme=youth``), where the reader narrows them further."""
        # A Markdown link (to the explorer's Markdown file): every engine resolves it to the page's address.
        link = f"{paths.relative(here, paths.EXPLORER)}?{urlencode({param: value})}"
        label = markup.inline(self._("Narrow these practices in the explorer"))
        return f"[{label} →]({link})\n{{: .pb-narrow }}"

    def city_item(self, here: str, city: City) -> str:
        """One line of a list of cities: its link, country and number of practices."""
        count = self.ngettext("{n} practice", "{n} practices", len(self.kb.practices_of_city(city.id)))
        return f"- {self.record_link(here, city)} · {markup.inline(self.country(city.country))} · {count}"

    def paginate(self, page: str, head: str, practices: Sequence[Practice], search: dict[str, Any] | None = None,
                 levels: bool = True) -> dict[str, str]:
        """A page with ``head`` then a list of ``practices``, continued on numbered pages when long.

        The first page goes into the site's search with the entry ``search``
        (:func:`pracbase.site.sitesearch.entry`), without its list (its items have their
        own pages); the numbered pages stay out of it.
        """
        chunks = [practices[i:i + PAGE_SIZE] for i in range(0, len(practices), PAGE_SIZE)] or [[]]
        pages: dict[str, str] = {}
        title = head.split("\n", 1)[0].removeprefix("# ")
        for number, chunk in enumerate(chunks, start=1):
            path = paths.numbered(page, number)
            pager = self._pager(path, page, number, len(chunks))
            body = ("\n".join(self.practice_item(path, p, levels=levels) for p in chunk)
                    or markup.inline(self._("Nothing here yet.")))
            listing = markup.unsearched(body)
            if number == 1:
                pages[path] = f"{front_matter(pagefind=search)}{head}\n\n{pager}{listing}\n\n{pager}\n"
            else:
                heading = self._("{title}, page {number}").format(title=title, number=number)
                pages[path] = f"# {heading}\n\n{pager}{listing}\n\n{pager}"
        return pages

    def _pager(self, here: str, first: str, number: int, total: int) -> str:
        if total == 1:
            return ""
        links = []
        if number > 1:
            links.append(self.link(here, paths.numbered(first, number - 1), "← " + markup.inline(self._("Previous"))))
        links.append(markup.inline(self._("Page {number} of {total}").format(number=number, total=total)))
        if number < total:
            links.append(self.link(here, paths.numbered(first, number + 1), markup.inline(self._("Next")) + " →"))
        return '<nav class="pb-pager" markdown>' + " · ".join(links) + "</nav>\n\n"


def record_page(record: Record) -> str:
    """The page of any record (``practices/<id>.md``)."""
    return paths.record(record.folder, record.id)


def front_matter(**meta: Any) -> str:
    """YAML front matter for MkDocs (values written as JSON, which YAML reads as is)."""
    meta = {key: value for key, value in meta.items() if value}
    if not meta:
        return ""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def other_names(lang: str, records: Iterable[Record]) -> list[str]:
    """The names and titles of ``records`` in the other languages, where they differ from ``lang``'s.

    They go into the search index of ``lang`` (not shown): ``Mechelen`` then finds the
    pages of Malines on the French site, ``La Haye`` those of The Hague on the English one.
    """
    names: dict[str, None] = {}
    for record in records:
        shown = record.heading.get(lang, record.original_language).text
        for name in record.heading.root.values():
            if i18n.fold(name) != i18n.fold(shown):
                names[name] = None
    return list(names)


def _default_build() -> Build:
    from pracbase.api import Build

    return Build()
