"""The site's pages as a plain function of the knowledge base: ``generate(kb, lang, translator)``.

It returns Markdown pages by path (``practices/<id>.md``, ``cities/<id>.md``, hubs, indexes,
home…), and imports nothing from MkDocs: the MkDocs plugin (:mod:`pracbase.site.plugin`)
only hands these pages to the build, and :mod:`pracbase.site.stage` writes them to disk
for any site engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pracbase.site import developers, home, hubs, paths, records
from pracbase.site.context import Context, LinkBase, record_page

if TYPE_CHECKING:
    from babel.support import NullTranslations

    from pracbase.api import Build
    from pracbase.kb import KnowledgeBase


def generate(kb: KnowledgeBase, lang: str, translator: NullTranslations, build: Build | None = None,
             links: LinkBase = "page") -> dict[str, str]:
    """Every page of the site in ``lang``, as Markdown by docs-root path.

    ``translator`` holds the interface's words in ``lang`` (:func:`pracbase.i18n.translations`);
    ``build`` the git history and freshness period the record pages show (none without it).
    Record text is escaped or rendered safely (:mod:`pracbase.site.markup`) and falls back
    visibly to another language where ``lang`` is missing. ``links`` says how the site engine
    reads relative links (:data:`pracbase.site.context.LinkBase`).
    """
    ctx = Context(kb, lang, translator, build, links) if build else Context(kb, lang, translator, links=links)
    pages: dict[str, str] = {}
    pages.update(home.pages(ctx))
    pages.update(hubs.pages(ctx))
    pages.update(developers.pages(ctx))
    for record in kb:
        pages[record_page(record)] = records.page(ctx, record)
    return pages


def navigation(translator: NullTranslations) -> list[dict[str, str]]:
    """The short navigation: hubs and tools only, never one entry per record.

    Material renders the whole navigation into every page, so a navigation listing every
    record would make each page grow with the collection (and the build quadratic).
    """
    _ = translator.gettext
    return [
        {_("Home"): paths.HOME},
        {_("Practices"): paths.PRACTICES},
        {_("Guides"): paths.GUIDES},
        {_("Prevention levels"): paths.LEVELS},
        {_("Themes"): paths.THEMES},
        {_("Regions"): paths.REGIONS},
        {_("Countries"): paths.COUNTRIES},
        {_("Explorer"): paths.EXPLORER},
        {_("Map"): paths.MAP},
        {_("Contribute"): paths.CONTRIBUTE},
        {_("For developers"): paths.DEVELOPERS},
        {_("About"): paths.ABOUT},
    ]
