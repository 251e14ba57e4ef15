"""One language's site as a plain MkDocs project on disk, which any site engine can build.

``pracbase build`` writes, per language, a folder holding the generated pages
(:func:`pracbase.site.generate.generate`), the feed, the interface's assets, the
explorer's data and the templates that override the theme, next to a ``mkdocs.yml``
with the language's navigation and settings (:func:`write`). An engine then builds that
folder as it would any project: MkDocs with Material (the default), or Zensical, the
successor by the same team, which reads ``mkdocs.yml`` but runs only the plugins on its
own list (:mod:`pracbase.site.engines`). Nothing here imports MkDocs.

The same two functions, :func:`language_config` and :func:`language_files`, are what the
MkDocs plugin (:mod:`pracbase.site.plugin`) hands MkDocs when it builds from the
repository's ``mkdocs.yml`` (``mkdocs build``, ``pracbase serve``): one place for what a
language's site is made of.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from babel import Locale

from pracbase import i18n
from pracbase.feed import FEED_PATH, atom
from pracbase.site import contribute, explorer, planner, sitesearch
from pracbase.site.context import LinkBase
from pracbase.site.generate import generate, navigation
from pracbase.taxonomy import TAXONOMY

if TYPE_CHECKING:
    from babel.support import NullTranslations

    from pracbase.api import Build
    from pracbase.kb import KnowledgeBase

PLUGIN = "pracbase"
"""The MkDocs plugin's name in ``mkdocs.yml`` (left out of a staged configuration: its work is done)."""

ASSETS_PATH = explorer.ASSETS_PATH
"""Where the files of ``pracbase/site/assets/`` are published in each language's site."""

STYLESHEET = f"{ASSETS_PATH}/pracbase.css"
"""The site's own stylesheet, on every page."""

SEARCH_ASSETS = (f"{ASSETS_PATH}/search.css", f"{ASSETS_PATH}/search.js")
"""The header's search box (``overrides/partials/search-box.html``), on every page."""

DOCS = "docs"
"""The folder of a staged language holding its pages and files."""

OVERRIDES = "overrides"
"""The folder of a staged language holding the theme's overriding templates."""

SITE = "site"
"""The folder of a staged language the engine builds the site into."""


@dataclass(frozen=True)
class Stage:
    """A language's staged project: its configuration file and the words of its searched pages."""

    lang: str
    config_file: Path
    site_dir: Path
    """Where the engine writes the built site."""
    words: dict[str, list[str]]
    """The words of the searched pages (:func:`sitesearch.vocabulary`), for the search box's typo correction."""


def overrides_dir() -> Path:
    """pracbase's templates overriding the theme's (``pracbase/site/overrides/``)."""
    return Path(str(resources.files("pracbase.site").joinpath(OVERRIDES)))


def language_config(lang: str, languages: tuple[str, ...] | list[str], translator: NullTranslations) -> dict[str, Any]:
    """What a language's ``mkdocs.yml`` adds to the base one: navigation, description, the
    values the templates read (``extra``), and the site's stylesheets and scripts."""
    _ = translator.gettext
    return {
        "nav": navigation(translator),
        "site_description": _("What cities do to prevent hate, violent extremism and polarisation."),
        "extra": {
            "alternate": [{"name": language_label(code), "link": f"../{code}/", "lang": code} for code in languages],
            "pracbase_notice": taxonomy_notice(lang, _),
            "pracbase_search": {
                "label": _("Search"),
                "level": _("Prevention level"),
                "all_levels": _("All levels"),
                "corrected": _("results for “{query}”"),
                "levels": [term.label_in(lang) for term in TAXONOMY.vocabularies["levels"]],
            },
            "pracbase_feed_title": _("pracbase: new and updated practices"),
        },
        "extra_css": _published([STYLESHEET, SEARCH_ASSETS[0], *explorer.EXTRA_CSS]),
        "extra_javascript": _published([SEARCH_ASSETS[1], *explorer.EXTRA_JAVASCRIPT]),
    }


def language_files(kb: KnowledgeBase, lang: str, translator: NullTranslations, build: Build,
                   links: LinkBase = "page") -> tuple[dict[str, str | Path], dict[str, list[str]]]:
    """Every file of a language's docs folder by path (generated text, or the asset file to
    copy), and the words of its searched pages; ``links`` as the engine reads them."""
    pages = generate(kb, lang, translator, build, links)
    files: dict[str, str | Path] = dict(pages)
    files[FEED_PATH] = atom(kb, lang, translator, build)
    for source, target in asset_files():
        files[target] = source
    files[explorer.DATA_PATH] = json.dumps(explorer.explorer_data(kb, lang, build), ensure_ascii=False,
                                           separators=(",", ":"))
    form_data = contribute.contribute_data(kb, lang, translator.gettext)
    files[contribute.DATA_PATH] = json.dumps(form_data, ensure_ascii=False, separators=(",", ":"))
    files.update(planner.planner_files(kb, lang))
    words = sitesearch.vocabulary(content for content in pages.values() if sitesearch.is_searched(content))
    return files, words


def write(kb: KnowledgeBase, lang: str, folder: Path, base: Mapping[str, Any], build: Build,
          languages: tuple[str, ...], config_dir: Path = Path("."), links: LinkBase = "page") -> Stage:
    """Stage ``lang`` in ``folder`` (created): ``docs/``, ``overrides/`` and ``mkdocs.yml``, whose
    engine writes the site into ``site/`` there (Zensical builds only inside its project).

    ``base`` is the base configuration as read from ``mkdocs.yml`` (in ``config_dir``: a
    ``custom_dir`` of the theme is read from there and laid over pracbase's templates). The
    staged configuration keeps every option of the base but the ``pracbase`` plugin, and
    sets the language, its navigation and settings, and the staged folders. ``links`` is how
    the engine that will build it reads relative links (:data:`pracbase.site.engines.LINKS`).
    """
    translator = i18n.translations(lang)
    files, words = language_files(kb, lang, translator, build, links)
    docs = folder / DOCS
    for path, content in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    shutil.copytree(overrides_dir(), folder / OVERRIDES)
    config = staged_config(base, lang, language_config(lang, languages, translator), config_dir, folder)
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Stage(lang, config_file, folder / SITE, words)


def staged_config(base: Mapping[str, Any], lang: str, language: Mapping[str, Any], config_dir: Path,
                  folder: Path) -> dict[str, Any]:
    """The staged ``mkdocs.yml``: ``base`` with the language's settings, folders and plugins."""
    config = {key: value for key, value in base.items() if key not in ("watch", "site_dir", "docs_dir")}
    theme = dict(base.get("theme") or {"name": "material"}) if not isinstance(base.get("theme"), str) \
        else {"name": base["theme"]}
    custom = theme.pop("custom_dir", None)
    if custom:  # the project's own templates win over pracbase's
        shutil.copytree(config_dir / str(custom), folder / OVERRIDES, dirs_exist_ok=True)
    # variant: Zensical's look of Material for MkDocs (Material ignores the option)
    config["theme"] = {**theme, "language": lang, "custom_dir": OVERRIDES, "variant": "classic"}
    config["docs_dir"] = DOCS
    config["site_dir"] = SITE
    plugins = base.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, Mapping) else ((_name(p), _options(p)) for p in plugins)
    config["plugins"] = [name if not options else {name: options} for name, options in entries if name != PLUGIN]
    if base.get("site_url"):
        config["site_url"] = f"{str(base['site_url']).rstrip('/')}/{lang}/"
    config["nav"] = language["nav"]
    config["site_description"] = language["site_description"]
    config["extra"] = {**dict(base.get("extra") or {}), **language["extra"]}
    config["extra_css"] = [*(base.get("extra_css") or []), *language["extra_css"]]
    config["extra_javascript"] = [*(base.get("extra_javascript") or []), *language["extra_javascript"]]
    return config


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


def _name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _options(entry: Any) -> dict[str, Any]:
    return {} if isinstance(entry, str) else dict(next(iter(entry.values())) or {})
