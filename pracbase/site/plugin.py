"""The MkDocs plugin ``pracbase``: ``mkdocs build`` and ``pracbase serve`` from the repository.

``pracbase build`` writes each language's site as a plain project on disk and runs an
engine over it (:mod:`pracbase.site.stage`, :mod:`pracbase.site.engines`): it needs no
plugin. This plugin is what lets MkDocs build straight from the repository's
``mkdocs.yml`` (``mkdocs build`` alone builds the language set in ``theme.language``, French
in ``mkdocs.yml``) and rebuild as records change (``pracbase serve``): it hands MkDocs
the same configuration and files as the staged project (:func:`stage.language_config`,
:func:`stage.language_files`) and indexes the built language for the site's search.
Nothing about pages lives here.

Why one build per language rather than mkdocs-static-i18n: each language then gets its
own search index (Pagefind, run after the build: :mod:`pracbase.site.sitesearch`), with
its own stemmer and only that language's pages, and Material's own advice for several
languages is one site per language linked by its language switcher. The switcher lands on
the same page in the other language (``overrides/partials/alternate.html``): every
language's site has the same paths.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from pracbase import i18n
from pracbase.api import Build, base_of
from pracbase.errors import LoadError
from pracbase.history import STALE_AFTER_MONTHS, read_history
from pracbase.kb import KnowledgeBase
from pracbase.loader import load
from pracbase.models import FILE_TYPES
from pracbase.site import sitesearch, stage


class PracbaseConfig(Config):
    """Options of the plugin in ``mkdocs.yml``."""

    path = config_options.Type(str, default=".")
    """The knowledge base's root folder (holding ``practices/``, ``cities/``…), relative to ``mkdocs.yml``."""

    languages = config_options.ListOfItems(config_options.Type(str), default=list(i18n.BUILD_LANGUAGES))
    """The languages built next to this one, offered by the language switcher."""

    stale_after_months = config_options.Type(int, default=STALE_AFTER_MONTHS)
    """A record not reviewed for longer is marked "not reviewed since …" (pages and explorer)."""

    keep_last_good = config_options.Type(bool, default=False)
    """When the records break, build from the last ones that loaded and show the problems on every
    page, rather than fail (``pracbase serve`` sets it: the site a contributor is editing stays up)."""


_LAST_GOOD: dict[Path, KnowledgeBase] = {}
"""The last knowledge base that loaded, by root: what ``keep_last_good`` builds from when the records break."""


class PracbasePlugin(BasePlugin[PracbaseConfig]):
    """Hand MkDocs one language's pages, assets, data and settings from the knowledge base."""

    def __init__(self) -> None:
        super().__init__()
        self.config_file_dir = Path(".")
        self.kb: KnowledgeBase | None = None
        """Set it before the build to reuse a loaded knowledge base."""
        self.lang = i18n.SOURCE_LANGUAGE
        self.words: dict[str, list[str]] = {}
        """The words of the searched pages (:func:`sitesearch.vocabulary`), for the search box's typo correction."""
        self.problems: list[str] = []
        """The records' problems when the build uses the last good ones (``keep_last_good``)."""
        self.build: Build | None = None
        """What the languages of one build share (read at ``on_config`` unless set before)."""

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
        settings = stage.language_config(lang, list(self.config.languages), i18n.translations(lang))
        config.nav = settings["nav"]
        config.site_description = settings["site_description"]
        config.extra.update(settings["extra"])
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(stage.overrides_dir()))
        config.extra_css.extend(settings["extra_css"])
        config.extra_javascript.extend(settings["extra_javascript"])
        for record_type in FILE_TYPES:
            folder = self.root / record_type.folder
            if folder.is_dir():
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, the feed, the assets and the explorer's data."""
        assert self.build is not None
        kb, translator = self.knowledge_base(), i18n.translations(self.lang)
        config.extra["pracbase_problems"] = self.problems
        config.extra["pracbase_problems_title"] = translator.gettext(
            "The records have problems: this site shows them as they were before. Fix these, then save:")
        generated, self.words = stage.language_files(kb, self.lang, translator, self.build)
        for path, content in generated.items():
            file = (File.generated(config, path, abs_src_path=str(content)) if isinstance(content, Path)
                    else File.generated(config, path, content=content))
            _add(files, file)
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
                last = _LAST_GOOD.get(self.root) if self.config.keep_last_good else None
                if last is None:
                    raise PluginError(f"pracbase: {len(exc.problems)} problem(s) in the records:\n{problems}") from None
                self.problems = [str(p) for p in exc.problems]
                sys.stderr.write(f"pracbase: {len(exc.problems)} problem(s) in the records; the site shows them "
                                 f"as they were before:\n{problems}\n")
                self.kb = last
            else:
                _LAST_GOOD[self.root] = self.kb
        return self.kb


def _add(files: Files, file: File) -> None:
    existing: Any = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)
