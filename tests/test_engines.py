"""The two site engines: the staged project, and Zensical's build of the whole site checked like MkDocs'.

The full set of site and browser tests runs on the default engine (MkDocs + Material,
``built_site``); here the second engine's site (Zensical, ``zensical_site``) gets the
checks that matter for a move: every page in every language, no broken internal link, the
language switcher, the site's own styles, scripts and search, and a smoke run in Chromium
on a desktop and a phone.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import pracbase
from pracbase import i18n
from pracbase.site import engines, stage
from pracbase.site.build import SiteError, api_build, build_site
from tests.conftest import DESKTOP, PHONE, ROOT, _page, serve
from tests.test_browser import MARKERS, settled_markers
from tests.test_site import parse, resolve
from tests.test_site_search import search


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, every language, built once by ``pracbase build --engine zensical``."""
    out = tmp_path_factory.mktemp("zensical") / "site"
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "build", "--engine", "zensical", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Site built with zensical" in result.stdout
    return out


# --- the staged project ------------------------------------------------------------------------


def staged(kb: pracbase.KnowledgeBase, folder: Path, base: dict[str, Any], links: Any = "page") -> stage.Stage:
    return stage.write(kb, "en", folder, base, api_build(ROOT / "mkdocs.yml", ROOT), ("fr", "en"),
                       config_dir=folder.parent, links=links)


def test_a_staged_language_is_a_plain_project_without_the_plugin(kb: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    base = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    result = staged(kb, tmp_path / "en", base)
    config = yaml.safe_load(result.config_file.read_text(encoding="utf-8"))
    names = [entry if isinstance(entry, str) else next(iter(entry)) for entry in config["plugins"]]
    assert stage.PLUGIN not in names and "mkdocstrings" in names  # the other plugins are kept
    assert config["theme"]["language"] == "en" and config["theme"]["custom_dir"] == stage.OVERRIDES
    assert config["docs_dir"] == stage.DOCS and result.site_dir == tmp_path / "en" / stage.SITE
    assert [next(iter(item)) for item in config["nav"]][:2] == ["Home", "Practices"]
    assert [alt["lang"] for alt in config["extra"]["alternate"]] == ["fr", "en"]
    docs = tmp_path / "en" / stage.DOCS
    for id in kb.practices:
        assert (docs / "practices" / f"{id}.md").is_file()
    for url in config["extra_css"] + config["extra_javascript"]:
        assert (docs / url).is_file(), url
    assert (tmp_path / "en" / stage.OVERRIDES / "main.html").is_file()
    assert result.words  # the search box's typo correction has its words


def test_a_project_theme_folder_is_laid_over_pracbase_templates(kb: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    (tmp_path / "mine" / "partials").mkdir(parents=True)
    (tmp_path / "mine" / "partials" / "footer.html").write_text("<footer>ours</footer>", encoding="utf-8")
    (tmp_path / "mine" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    base = {"site_name": "x", "theme": {"name": "material", "custom_dir": "mine"}, "extra_css": ["mine.css"]}
    result = staged(kb, tmp_path / "en", base)
    overrides = tmp_path / "en" / stage.OVERRIDES
    assert (overrides / "partials" / "footer.html").read_text(encoding="utf-8") == "<footer>ours</footer>"
    assert (overrides / "main.html").read_text(encoding="utf-8") == "{% extends 'base.html' %}"  # the project wins
    assert (overrides / "partials" / "alternate.html").is_file()  # pracbase's others stay
    config = yaml.safe_load(result.config_file.read_text(encoding="utf-8"))
    assert config["extra_css"][0] == "mine.css"


@pytest.mark.parametrize(("links", "expected"), [("page", "../../api/"), ("source", "../api/")])
def test_links_out_of_the_language_follow_the_engine(kb: pracbase.KnowledgeBase, tmp_path: Path, links: Any,
                                                      expected: str) -> None:
    staged(kb, tmp_path / "en", {"site_name": "x"}, links)
    about = (tmp_path / "en" / stage.DOCS / "about.md").read_text(encoding="utf-8")
    assert f'href="{expected}pracbase.json"' in about


def test_each_engine_reads_links_its_own_way() -> None:
    assert engines.LINKS == {"mkdocs": "page", "zensical": "source"}
    assert set(engines.LINKS) == set(engines.ENGINES)


def test_an_unknown_engine_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match=r"unknown site engine 'hugo': use one of mkdocs, zensical"):
        build_site(tmp_path / "site", ROOT, ("fr",), engine="hugo")
    assert not (tmp_path / "site").exists()


def test_a_missing_zensical_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(engines.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SiteError, match=r"pip install 'pracbase\[zensical\]'"):
        engines.run("zensical", stage.Stage("fr", tmp_path / "mkdocs.yml", tmp_path / "site", {}))


def test_a_failing_zensical_build_shows_its_words(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\nsite_dir: /elsewhere\n",
                                         encoding="utf-8")
    with pytest.raises(SiteError, match=r"the fr site failed to build with zensical:\n(.|\n)*site_dir"):
        engines.run("zensical", stage.Stage("fr", tmp_path / "mkdocs.yml", tmp_path / "site", {}))


# --- Zensical's site, checked like MkDocs' -----------------------------------------------------


def test_zensical_builds_every_record_page_in_every_language(zensical_site: Path, kb: pracbase.KnowledgeBase) -> None:
    for lang in i18n.BUILD_LANGUAGES:
        for folder, table in (("practices", kb.practices), ("cities", kb.cities), ("projects", kb.projects),
                              ("frameworks", kb.frameworks)):
            for id in table:
                assert (zensical_site / lang / folder / id / "index.html").is_file(), f"{lang}/{folder}/{id}"
        for path in ("index.html", "explorer/index.html", "map/index.html", "404.html", "sitemap.xml", "feed.xml",
                     "pagefind/pagefind.js", "assets/pracbase/explorer.json", "developers/api/index.html"):
            assert (zensical_site / lang / path).is_file(), f"{lang}/{path}"
    assert (zensical_site / "index.html").is_file() and (zensical_site / "api" / "pracbase.json").is_file()


def test_both_engines_publish_the_same_pages(zensical_site: Path, built_site: Path) -> None:
    def pages(root: Path) -> set[str]:
        return {path.relative_to(root).as_posix() for path in root.rglob("index.html")}

    assert pages(zensical_site) == pages(built_site)


def test_zensical_site_has_no_broken_internal_link(zensical_site: Path) -> None:
    pages = {path: parse(path) for path in zensical_site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        if path.name == "404.html":  # links from site_url, unset here
            continue
        for tag, href, _attributes in page.links:
            found = resolve(path, zensical_site, href)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{path.relative_to(zensical_site)}: <{tag}> {href} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(zensical_site)}: {href} (no anchor #{fragment})")
    assert broken == []


def test_zensical_pages_carry_pracbase_styles_scripts_and_switcher(zensical_site: Path,
                                                                   kb: pracbase.KnowledgeBase) -> None:
    practice = next(iter(kb.practices))
    page = zensical_site / "en" / "practices" / practice / "index.html"
    links = {href for _tag, href, _attributes in parse(page).links}
    for asset in ("assets/pracbase/pracbase.css", "assets/pracbase/print.css", "assets/pracbase/search.js"):
        assert f"../../{asset}" in links, asset
    switcher = {attributes["hreflang"]: href for _tag, href, attributes in parse(page).links
                if "md-select__link" in (attributes.get("class") or "")}
    assert set(switcher) == set(i18n.BUILD_LANGUAGES)
    for lang, href in switcher.items():
        assert resolve(page, zensical_site, href) == (zensical_site / lang / "practices" / practice / "index.html", "")
    text = page.read_text(encoding="utf-8")
    assert "data-pagefind-body" in text and 'id="pb-sitesearch-q"' in text


# --- Zensical's site in the browser (smoke) ----------------------------------------------------


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    yield from serve(zensical_site)


@pytest.fixture(params=["desktop", "phone"])
def zensical_page(request: pytest.FixtureRequest, browser: Any, zensical_url: str) -> Iterator[Any]:
    if request.param == "desktop":
        yield from _page(browser, zensical_url, DESKTOP)
    else:
        yield from _page(browser, zensical_url, PHONE, has_touch=True, is_mobile=True)


def test_zensical_site_searches_from_a_practice_page(zensical_page: Any, kb: pracbase.KnowledgeBase) -> None:
    zensical_page.goto("fr/practices/malmo-mammakraft/")
    assert zensical_page.locator("h1").first.inner_text().strip() == kb.practices["malmo-mammakraft"].title["fr"]
    hits = [hit["href"] for hit in search(zensical_page, "Malmo meres")]
    assert "/fr/practices/malmo-mammakraft/" in hits[:5]
    assert all(href.startswith("/fr/") for href in hits)


def test_zensical_site_explorer_filters(zensical_page: Any, kb: pracbase.KnowledgeBase) -> None:
    zensical_page.goto("en/explorer/?level=tertiary")
    zensical_page.wait_for_selector(".pb-explorer--ready")
    count = zensical_page.locator(".pb-explorer__count")
    assert int(re.match(r"\d+", count.inner_text().strip()).group()) == len(kb.find_practices(level="tertiary"))


def test_zensical_site_map_shows_and_lists_every_city(zensical_page: Any, kb: pracbase.KnowledgeBase) -> None:
    zensical_page.goto("fr/map/")
    zensical_page.wait_for_selector(MARKERS)
    assert sum(marker["cities"] for marker in settled_markers(zensical_page)) == len(kb.cities)
    assert zensical_page.locator('article a[href^="../cities/"]').count() == len(kb.cities)
