"""The MkDocs plugin ``pracbase``: one MkDocs build makes the site in one language.

It loads the knowledge base once per build, and hands MkDocs the pages of
:func:`pracbase.site.generate.generate`, the interface's assets and the explorer's data,
so ``mkdocs build`` alone builds the language set in ``theme.language`` (French in
``mkdocs.yml``). ``pracbase build`` runs one build per language (:mod:`pracbase.site.build`).

Why one build per language rather than mkdocs-static-i18n: each language then gets its
own search index (Pagefind, run after the build: :mod:`pracbase.site.sitesearch`), with
its own stemmer and only that language's pages, and Material's own advice for several languages is one site per
language linked by its language switcher. The switcher here lands on the same page in
the other language (``overrides/partials/alternate.html``): every language's site has the
same paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from babel import Locale
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from pracbase import i18n
from pracbase.api import Build, base_of
from pracbase.errors import LoadError
from pracbase.feed import FEED_PATH, atom
from pracbase.history import STALE_AFTER_MONTHS, read_history
from pracbase.kb import KnowledgeBase
from pracbase.loader import load
from pracbase.models import RECORD_TYPES
from pracbase.site import explorer, planner, sitesearch
from pracbase.site.generate import generate, navigation
from pracbase.taxonomy import TAXONOMY

ASSETS_PATH = explorer.ASSETS_PATH
"""Where the files of ``pracbase/site/assets/`` are published in each language's site."""

STYLESHEET = f"{ASSETS_PATH}/pracbase.css"
"""The site's own stylesheet, on every page."""

SEARCH_ASSETS = (f"{ASSETS_PATH}/search.css", f"{ASSETS_PATH}/search.js")
"""The header's search box (``overrides/partials/search-box.html``), on every page."""


class PracbaseConfig(Config):
    """Options of the plugin in ``mkdocs.yml``."""

    path = config_options.Type(str, default=".")
    """The knowledge base's root folder (holding ``practices/``, ``cities/``…), relative to ``mkdocs.yml``."""

    languages = config_options.ListOfItems(config_options.Type(str), default=list(i18n.BUILD_LANGUAGES))
    """The languages built next to this one, offered by the language switcher."""

    stale_after_months = config_options.Type(int, default=STALE_AFTER_MONTHS)
    """A record not reviewed for longer is marked "not reviewed since …" (pages and explorer)."""


class PracbasePlugin(BasePlugin[PracbaseConfig]):
    """Generate every page of one language's site from the knowledge base."""

    def __init__(self) -> None:
        super().__init__()
        self.config_file_dir = Path(".")
        self.kb: KnowledgeBase | None = None
        """Set it before the build to reuse a loaded knowledge base (``pracbase build`` does)."""
        self.lang = i18n.SOURCE_LANGUAGE
        self.words: dict[str, list[str]] = {}
        """The words of the searched pages (:func:`sitesearch.vocabulary`), for the search box's typo correction."""
        self.build: Build | None = None
        """What the languages of one build share (``pracbase build`` sets it; else read at ``on_config``)."""

    @property
    def root(self) -> Path:
        """The knowledge base's root folder."""
        return Path(self.config_file_dir, self.config.path).resolve()

    @event_priority(100)  # before the other plugins, which may read theme.language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Set the language's navigation, switcher, templates, assets and watched folders."""
        self.config_file_dir = Path(config.config_file_path or ".").parent
        lang = config.theme["language"]
        if lang not in i18n.BUILD_LANGUAGES:
            raise PluginError(f"pracbase: theme.language is {lang!r}; the site is built in "
                              f"{', '.join(i18n.BUILD_LANGUAGES)} (pracbase.i18n.BUILD_LANGUAGES)")
        self.lang = lang
        if self.build is None:
            # pracbase serve gives each language site_url/<lang>/; mkdocs build alone, site_url itself
            site_url = (config.site_url or "").rstrip("/").removesuffix(f"/{lang}")
            self.build = Build(base=base_of(site_url), history=read_history(self.root),
                               stale_after_months=self.config.stale_after_months)
        translator = i18n.translations(lang)
        config.nav = navigation(translator)
        config.site_description = translator.gettext(
            "What cities do to prevent hate, violent extremism and polarisation.")
        config.extra["alternate"] = [{"name": language_label(code), "link": f"../{code}/", "lang": code}
                                     for code in self.config.languages]
        config.extra["pracbase_notice"] = taxonomy_notice(lang, translator.gettext)
        config.extra["pracbase_search"] = {
            "label": translator.gettext("Search"),
            "level": translator.gettext("Prevention level"),
            "all_levels": translator.gettext("All levels"),
            "corrected": translator.gettext("results for “{query}”"),
            "levels": [term.label_in(lang) for term in TAXONOMY.vocabularies["levels"]],
        }
        config.extra["pracbase_feed_title"] = translator.gettext("pracbase: new and updated practices")
        overrides = str(resources.files("pracbase.site").joinpath("overrides"))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        config.extra_css.extend(self._stylesheets())
        config.extra_javascript.extend(self._scripts())
        for record_type in RECORD_TYPES:
            folder = self.root / record_type.folder
            if folder.is_dir():
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, the assets and the explorer's data."""
        kb = self.knowledge_base()
        translator = i18n.translations(self.lang)
        assert self.build is not None
        pages = generate(kb, self.lang, translator, self.build)
        for path, content in pages.items():
            _add(files, File.generated(config, path, content=content))
        self.words = sitesearch.vocabulary(content for content in pages.values() if sitesearch.is_searched(content))
        _add(files, File.generated(config, FEED_PATH, content=atom(kb, self.lang, translator, self.build)))
        for source, target in asset_files():
            _add(files, File.generated(config, target, abs_src_path=str(source)))
        data = json.dumps(explorer.explorer_data(kb, self.lang, self.build), ensure_ascii=False,
                          separators=(",", ":"))
        _add(files, File.generated(config, explorer.DATA_PATH, content=data))
        data = json.dumps(planner.planner_data(kb, self.lang), ensure_ascii=False, separators=(",", ":"))
        _add(files, File.generated(config, planner.DATA_PATH, content=data))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the language's pages for the site's search (Pagefind)."""
        try:
            sitesearch.build_index(Path(config.site_dir), self.lang, self.words)
        except sitesearch.SearchIndexError as exc:
            raise PluginError(f"pracbase: {exc}") from None

    def knowledge_base(self) -> KnowledgeBase:
        """The knowledge base, loaded once per build (or the one given before the build)."""
        if self.kb is None:
            try:
                self.kb = load(self.root)
            except LoadError as exc:
                problems = "\n".join(str(p) for p in exc.problems)
                raise PluginError(f"pracbase: {len(exc.problems)} problem(s) in the records:\n{problems}") from None
        return self.kb

    def _stylesheets(self) -> list[str]:
        return _published([STYLESHEET, SEARCH_ASSETS[0], *explorer.EXTRA_CSS])

    def _scripts(self) -> list[str]:
        return _published([SEARCH_ASSETS[1], *explorer.EXTRA_JAVASCRIPT])


def taxonomy_notice(lang: str, _: Callable[[str], str]) -> str:
    """The notice shown on every page when the taxonomy has no labels in ``lang`` yet, or ``""``."""
    missing = [term for vocabulary in TAXONOMY.vocabularies.values() for term in vocabulary
               if lang not in term.label]
    if not missing:
        return ""
    fallback = next(code for code in i18n.fallback_order(lang, "en") if code in missing[0].label)
    return _("The categories (levels, themes, concerns, target groups…) are not translated yet: "
             "they are shown in {language}.").format(language=i18n.language_name(fallback, lang))


def language_label(code: str) -> str:
    """A language's name in itself, capitalised: ``Français``, ``English``, ``Deutsch``."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def asset_files() -> list[tuple[Path, str]]:
    """Each file of ``pracbase/site/assets/`` and where it is published in a language's site."""
    root = Path(str(resources.files("pracbase.site").joinpath("assets")))
    if not root.is_dir():
        return []
    return [(path, f"{ASSETS_PATH}/{path.relative_to(root).as_posix()}")
            for path in sorted(root.rglob("*")) if path.is_file() and not path.name.startswith(".")]


def _published(urls: list[str]) -> list[str]:
    """The ``urls`` of assets that exist (a script or stylesheet not yet written is left out)."""
    published = {target for _source, target in asset_files()}
    return [url for url in dict.fromkeys(urls) if url in published]


def _add(files: Files, file: File) -> None:
    existing: Any = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)
