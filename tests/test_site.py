"""The static site: built for real once per session, every link, the switcher, safety, fallbacks."""

from __future__ import annotations

import fcntl
import gzip
import json
import posixpath
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

import pracbase
from pracbase import i18n
from pracbase.cli import main
from pracbase.errors import LoadError
from pracbase.peers import few_comparable
from pracbase.site import paths
from pracbase.site.build import SiteError, build_site
from tests.conftest import ROOT, VALID

CONFIG = ROOT / "mkdocs.yml"


def config_copy(folder: Path, extra: str) -> Path:
    """The site's configuration with ``extra`` lines, written in ``folder`` (docs_dir kept absolute)."""
    text = CONFIG.read_text(encoding="utf-8").replace("docs_dir: pracbase/site/docs",
                                                      f"docs_dir: {ROOT / 'pracbase/site/docs'}")
    path = folder / "mkdocs.yml"
    path.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    return path


# --- the real site, built once -------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """The site built once per session (``built_site`` in conftest) and its languages."""

    out: Path
    languages: tuple[str, ...] = i18n.BUILD_LANGUAGES


@pytest.fixture(scope="session")
def site(built_site: Path) -> Site:
    return Site(built_site)


class Page(HTMLParser):
    """The links, ids, elements and text of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.prose: list[str] = []  # the text outside code, scripts and styles: what reads as prose
        self._code = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        self._code += tag in _NOT_PROSE
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if attributes.get("name") and tag == "a":
            self.ids.add(attributes["name"] or "")
        for attribute in ("href", "src"):
            value = attributes.get(attribute)
            if value is not None and tag in ("a", "link", "script", "img"):
                self.links.append((tag, value, attributes))

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag in _NOT_PROSE and self._code > 0

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self._code:
            self.prose.append(data)


_NOT_PROSE = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}
_BACKTICKS = re.compile(r"`[^`\n]{1,200}`")


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def resolve(page: Path, site_root: Path, href: str) -> tuple[Path, str] | None:
    """The file an internal link points to and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if not parts.path:
        return page, parts.fragment
    base = posixpath.dirname(page.relative_to(site_root).as_posix())
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    assert not target.startswith(".."), f"{page}: {href} leaves the site"
    path = site_root / target
    if href.split("#")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def test_strict_build_of_every_language(site: Site) -> None:
    for lang in site.languages:
        assert sum(1 for _ in (site.out / lang).rglob("index.html")) > 300
        assert (site.out / lang / "index.html").is_file()
        assert (site.out / lang / "pagefind" / "pagefind.js").is_file()
    assert (site.out / "index.html").is_file()


def test_every_record_has_a_page_in_each_language(site: Site, kb: pracbase.KnowledgeBase) -> None:
    for lang in site.languages:
        for folder, table in (("practices", kb.practices), ("cities", kb.cities), ("projects", kb.projects),
                              ("frameworks", kb.frameworks)):
            for id in table:
                assert (site.out / lang / folder / id / "index.html").is_file(), f"{lang}/{folder}/{id}"


def test_every_internal_link_and_anchor_resolves(site: Site) -> None:
    """…and no page shows Markdown's backticks as text: `code` is <code> (the planner's introduction did)."""
    pages = {path: parse(path) for path in site.out.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        shown = _BACKTICKS.findall("".join(page.prose))
        assert shown == [], f"{path.relative_to(site.out)}: {shown}"
        for tag, href, _attributes in page.links:
            found = resolve(path, site.out, href)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{path.relative_to(site.out)}: <{tag}> {href} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site.out)}: {href} (no anchor #{fragment})")
    assert broken == []


def test_no_external_host_is_loaded(site: Site) -> None:
    for lang in site.languages:
        for path in [site.out / lang / "index.html", site.out / lang / "practices" / "index.html"]:
            for tag, href, _attributes in parse(path).links:
                if tag in ("link", "script", "img"):
                    assert not urlsplit(href).netloc, f"{path}: {href}"


def test_language_switcher_lands_on_the_same_page(site: Site, kb: pracbase.KnowledgeBase) -> None:
    practice = next(iter(kb.practices))
    for lang in site.languages:
        page = site.out / lang / "practices" / practice / "index.html"
        switcher = {attributes["hreflang"]: href for tag, href, attributes in parse(page).links
                    if "md-select__link" in (attributes.get("class") or "")}
        assert set(switcher) == set(site.languages)
        for other, href in switcher.items():
            target, _fragment = resolve(page, site.out, href) or (None, "")
            assert target == site.out / other / "practices" / practice / "index.html"
            assert attributes_of(parse(target), "html")["lang"] == other  # type: ignore[arg-type]


def test_no_page_links_its_languages_in_its_head(site: Site) -> None:
    """Material fetches "sitemap.xml" beside every <link rel="alternate"> (a 404 per language on each
    page load): the pages' languages are in the sitemaps instead; only the Atom feed is linked."""
    checked = 0
    for lang in site.languages:
        for path in (site.out / lang).rglob("index.html"):
            alternates = [(a.get("type"), a.get("hreflang"), resolve(path, site.out, href))
                          for tag, href, a in parse(path).links if tag == "link" and a.get("rel") == "alternate"]
            assert alternates == [("application/atom+xml", None, (site.out / lang / "feed.xml", ""))], path
            checked += 1
    assert checked > 3 * 300


def test_sitemap_lists_each_page_in_every_language(hostile_site: Path) -> None:
    """With site_url, the root sitemap gives every page of every language and its address in each
    language (hreflang, as search engines read it from sitemaps), each an existing page; each
    language's own sitemap (the one Material fetches for the feed's link) stays MkDocs' plain list."""
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ElementTree.parse(hostile_site / "sitemap.xml").getroot().findall("s:url", namespaces)
    pages = {lang: sorted(p.parent.relative_to(hostile_site / lang).as_posix().removeprefix(".")
                          for p in (hostile_site / lang).rglob("index.html")) for lang in ("en", "fr")}
    assert pages["en"] == pages["fr"]
    locs = [url.findtext("s:loc", namespaces=namespaces) for url in urls]
    assert sorted(locs) == sorted(f"https://pracbase.example/{lang}/{path}{'/' if path else ''}"
                                  for lang in ("en", "fr") for path in pages[lang])
    for url in urls:
        loc = url.findtext("s:loc", namespaces=namespaces)
        path = loc.split("/", 4)[4]
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)}
        assert alternates == {other: f"https://pracbase.example/{other}/{path}" for other in ("en", "fr")}
    text = (hostile_site / "sitemap.xml").read_text(encoding="utf-8")
    assert ("  <url>\n    <loc>https://pracbase.example/fr/practices/alpha-case-meetings/</loc>\n"
            '    <xhtml:link rel="alternate" hreflang="en" href="https://pracbase.example/en/practices/alpha-case-meetings/"/>\n'
            '    <xhtml:link rel="alternate" hreflang="fr" href="https://pracbase.example/fr/practices/alpha-case-meetings/"/>\n'
            "  </url>\n") in text
    own = (hostile_site / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert "xhtml:link" not in own and own.count("<loc>") == len(urls) // 2


def attributes_of(page: Page, tag: str) -> dict[str, str | None]:
    return next(attributes for name, attributes in page.elements if name == tag)


def test_root_page_links_every_language(site: Site) -> None:
    root = parse(site.out / "index.html")
    assert {href for _tag, href, _a in root.links} == {f"{lang}/" for lang in site.languages}


def test_third_language_falls_back_visibly(site: Site, kb: pracbase.KnowledgeBase) -> None:
    practice = next(p for p in kb.practices.values() if p.original_language == "fr" and "de" not in p.title)
    text = " ".join(parse(site.out / "de" / "practices" / practice.id / "index.html").text)
    # German falls back to English before French (pracbase.i18n.FALLBACKS), under a visible banner.
    assert "Angezeigt auf Englisch – noch keine deutsche Fassung." in text
    assert practice.title["en"] in text and practice.title["fr"] not in text
    assert "Praxisbeispiele" in text  # the German interface
    level = kb.taxonomy.levels[practice.levels[0]]
    assert level.label["de"] in text and level.label["en"] not in text  # German category labels
    assert "Die Kategorien" not in text  # so no notice that they are missing
    english = " ".join(parse(site.out / "en" / "practices" / practice.id / "index.html").text)
    assert "Shown in" not in english


# --- hubs ---------------------------------------------------------------------------------

HUB_PAGES = {"level": paths.level, "theme": paths.theme, "concern": paths.concern, "region": paths.region,
             "country": paths.country}
"""Each kind of hub page with practices, and its page (the kind is also the explorer's parameter)."""


def test_every_hub_page_leads_to_the_filtered_explorer(site: Site, kb: pracbase.KnowledgeBase) -> None:
    checked = 0
    for lang in site.languages:
        for kind, page_of in HUB_PAGES.items():
            for value, hub in kb.graph.hubs[kind].items():
                if not hub.practices:
                    continue
                page = site.out / lang / paths.url(page_of(value)) / "index.html"
                links = [href for _tag, href, _a in parse(page).links if "explorer/?" in href]
                assert len(links) == 1, f"{page}: {links}"
                target, _fragment = resolve(page, site.out, links[0]) or (None, "")
                assert target == site.out / lang / "explorer" / "index.html"
                assert parse_qs(urlsplit(links[0]).query) == {kind: [value]}
                # The explorer, so filtered, shows exactly the practices the hub page lists.
                assert {p.id for p in kb.find_practices(**{kind: value})} == {p.id for p in hub.practices}
                checked += 1
    assert checked > 3 * 50


def test_country_page_lists_cities_without_practices_apart(site: Site, kb: pracbase.KnowledgeBase) -> None:
    for code, hub in kb.graph.hubs["country"].items():
        page = parse(site.out / "en" / paths.url(paths.country(code)) / "index.html")
        text = " ".join(page.text)
        active = [c for c in hub.cities if kb.practices_of_city(c.id)]
        quiet = [c for c in hub.cities if not kb.practices_of_city(c.id)]
        assert ("with practices" in text) == bool(active), code
        if not quiet:
            assert "without a practice" not in text, code
            continue
        apart = text.index("without a practice")
        for city in quiet:
            assert text.index(city.names["en"], apart) > apart, (code, city.id)
        for city in active:
            assert text.index(city.names["en"]) < apart, (code, city.id)
    belgium = " ".join(parse(site.out / "en" / "countries" / "be" / "index.html").text)
    assert "Tertiary prevention" in belgium  # each practice with its prevention levels


def test_countries_are_in_the_navigation_and_counted_alike(site: Site, kb: pracbase.KnowledgeBase) -> None:
    for lang in site.languages:
        home = site.out / lang / "index.html"
        nav = [href for _tag, href, attributes in parse(home).links
               if "md-nav__link" in (attributes.get("class") or "")]
        assert "countries/" in nav, lang
    with_cities = len({city.country for city in kb.cities.values()})
    assert f"{with_cities} countries" in " ".join(parse(site.out / "en" / "index.html").text)
    assert f"{with_cities} countries have a city" in " ".join(parse(site.out / "en" / "countries" / "index.html").text)


def test_when_and_status_say_what_the_source_does_not_give(site: Site, kb: pracbase.KnowledgeBase) -> None:
    undated = next(p for p in kb.practices.values() if not (p.period.start or p.period.end) and p.status == "unknown")
    dated = next(p for p in kb.practices.values() if p.period.start and p.period.end)
    for lang, words in (("en", "not stated in the source"), ("fr", "non précisé dans la source")):
        text = " ".join(parse(site.out / lang / "practices" / undated.id / "index.html").text)
        assert text.count(words) == 2, (lang, undated.id)  # period and status
        text = " ".join(parse(site.out / lang / "practices" / dated.id / "index.html").text)
        assert str(dated.period.start) in text and str(dated.period.end) in text


def test_city_pages_admit_when_few_cities_compare(site: Site, kb: pracbase.KnowledgeBase) -> None:
    for city, thin in (("busia", True), ("mechelen", False)):
        assert few_comparable(kb.peers(city, top=5)) is thin  # the judged list says so too
        text = " ".join(parse(site.out / "en" / "cities" / city / "index.html").text)
        assert ("Few comparable cities in the knowledge base" in text) is thin, city
        assert "Peer cities" in text


def test_search_index_per_language_holds_records_and_hubs_only(site: Site, kb: pracbase.KnowledgeBase) -> None:
    for lang in site.languages:
        entry = json.loads((site.out / lang / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]  # its own stemmer, its own pages
        records = len(kb.practices) + len(kb.cities) + len(kb.projects) + len(kb.frameworks) + len(kb.guides)
        vocabularies = kb.taxonomy.vocabularies
        countries = set(kb.graph.hubs["country"]) | {f.country for f in kb.frameworks.values()}
        hubs = (len(vocabularies["levels"]) + len(vocabularies["themes"]) + len(vocabularies["concerns"])
                + len(kb.graph.hubs["region"]) + len(countries))
        assert entry["languages"][lang]["page_count"] == records + hubs
    practice = parse(site.out / "en" / "practices" / "mechelen-case-meetings" / "index.html")
    marks = {name: value for _tag, attributes in practice.elements for name, value in attributes.items()
             if name.startswith("data-pagefind-")}
    assert "data-pagefind-body" in marks
    for tag, attributes in parse(site.out / "en" / "developers" / "index.html").elements:
        assert "data-pagefind-body" not in attributes, tag
    for tag, attributes in parse(site.out / "en" / "practices" / "index.html").elements:
        assert "data-pagefind-body" not in attributes, tag


def test_api_exports_every_record_and_schema(site: Site, kb: pracbase.KnowledgeBase) -> None:
    api = site.out / "api"
    practices = json.loads((api / "practices.json").read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in practices) == sorted(kb.practices)
    assert len(json.loads((api / "cities.json").read_text(encoding="utf-8"))) == len(kb.cities)
    for name in ("practice", "city", "project", "framework"):
        schema = json.loads((api / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["type"] == "object"


def test_page_weights_are_measured(site: Site, kb: pracbase.KnowledgeBase,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Not an assertion on size: prints the first-load weight of two pages (the search's is test_site_search's)."""
    practice = next(iter(kb.practices))
    for lang in site.languages:
        lang_root = site.out / lang
        home, home_gz = first_load_bytes(lang_root / "index.html", site.out)
        page, page_gz = first_load_bytes(lang_root / "practices" / practice / "index.html", site.out)
        with capsys.disabled():
            print(f"\n[{lang}] first load: home {home / 1024:.0f} KB ({home_gz / 1024:.0f} KB gzipped), "
                  f"practice {page / 1024:.0f} KB ({page_gz / 1024:.0f} KB gzipped)", end="")
        # the measure holds the page and what it loads: more than the HTML alone
        assert home > (lang_root / "index.html").stat().st_size and page_gz < page


def first_load_bytes(path: Path, site_root: Path) -> tuple[int, int]:
    """The bytes of a page and of the stylesheets, scripts and images it loads: raw and gzipped."""
    files = [path]
    for tag, href, attributes in parse(path).links:
        if tag == "a" or (tag == "link" and attributes.get("rel") not in ("stylesheet",)):
            continue
        found = resolve(path, site_root, href)
        if found and found[0].is_file():
            files.append(found[0])
    return (sum(f.stat().st_size for f in files),
            sum(len(gzip.compress(f.read_bytes())) for f in files))


# --- small builds from fixture trees -------------------------------------------------------

HOSTILE = """\
id: alpha-case-meetings
original_language: fr
title:
  fr: "Réunions a < b & c <3 [lien](https://example.org) {: onclick=alert(1)}"
  en: "Meetings: a < b, &lt;3 and *stars* `code` [x][y] javascript:alert(1)"
summary:
  fr: "Résumé avec onerror=alert(1) et <3 et R&D et # pas un titre"
  en: "Summary with onerror=alert(1) and <3 and S&P; and | pipes |"
description:
  fr: |
    ### Un titre dans le texte

    Texte avec a < b, [un lien sûr](https://example.org "titre") et !important [sic] (tracker.example/p.png).

    {: .injected onmouseover=alert(1) }
  en: |
    Text with a < b and [a safe link](https://example.org).

    ```
    code & more <3
    ```
cities: [alpha]
projects: [gamma]
levels: [secondary]
themes: [multi-agency]
actors:
  - name: {fr: "Police <3 locale", en: "Local <3 police"}
    type: police
sources:
  - source: icommit-mechelen
    section: "Section a < b"
last_reviewed: 2026-11-23
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny site built by the CLI from a valid tree whose text is hostile but valid."""
    tree = tmp_path_factory.mktemp("hostile") / "kb"
    shutil.copytree(VALID, tree)
    (tree / "practices" / "alpha-case-meetings.yml").write_text(HOSTILE, encoding="utf-8")
    pracbase.load(tree)  # the hostile text is valid
    out = tree.parent / "out"
    config = config_copy(tree.parent, "site_url: https://pracbase.example/")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--path", str(tree), "--config", str(config),
                                       "--lang", "en", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "/en/" in result.stdout and "/fr/" in result.stdout
    return out


def test_record_text_never_becomes_html(hostile_site: Path) -> None:
    for lang in ("en", "fr"):
        path = hostile_site / lang / "practices" / "alpha-case-meetings" / "index.html"
        page = parse(path)
        for tag, attributes in page.elements:
            assert not any(name.startswith("on") for name in attributes), (tag, attributes)
            for value in attributes.values():
                assert "javascript:" not in (value or "").lower(), (tag, attributes)
            assert tag != "img", attributes
            assert "injected" not in (attributes.get("class") or "")
        for _tag, src, _attributes in page.links:
            assert "tracker.example" not in src
        text = " ".join(page.text)
        assert "a < b" in text and "<3" in text
    english = " ".join(parse(hostile_site / "en" / "practices" / "alpha-case-meetings" / "index.html").text)
    assert "&lt;3" in english and "javascript:alert(1)" in english
    french = " ".join(parse(hostile_site / "fr" / "practices" / "alpha-case-meetings" / "index.html").text)
    assert "{: onclick=alert(1)}" in french and "Un titre dans le texte" in french


def test_hostile_title_is_text_in_the_head(hostile_site: Path) -> None:
    page = parse(hostile_site / "en" / "practices" / "alpha-case-meetings" / "index.html")
    heading = attributes_of(page, "h1")  # no attribute but its anchor, made of plain words
    assert set(heading) <= {"id"} and re.fullmatch(r"[a-z0-9-]*", heading.get("id") or ""), heading
    assert "Meetings: a < b, &lt;3 and *stars* `code` [x][y] javascript:alert(1)" in " ".join(page.text)


def test_partial_build_offers_only_its_languages(hostile_site: Path) -> None:
    page = parse(hostile_site / "en" / "practices" / "alpha-case-meetings" / "index.html")
    switcher = {a["hreflang"] for _tag, _href, a in page.links if "md-select__link" in (a.get("class") or "")}
    assert switcher == {"en", "fr"}


def test_404_pages_without_a_site_url(site: Site) -> None:
    """The top-level 404 page and each language's: styled, and every link resolves from the page's folder."""
    for path in [site.out / "404.html", *(site.out / lang / "404.html" for lang in site.languages)]:
        page = parse(path)
        stylesheets = [href for tag, href, a in page.links if tag == "link" and a.get("rel") == "stylesheet"]
        assert len(stylesheets) >= 4, path
        assert [href for _tag, href, _a in page.links if href.startswith("/") and not href.startswith("//")] == []
        broken = []
        for _tag, href, _a in page.links:
            found = resolve(path, site.out, href)
            if found is not None and not found[0].exists():
                broken.append(href)
        assert broken == [], path
    top = parse(site.out / "404.html")
    assert {href for _tag, href, a in top.links if a.get("hreflang")} >= {f"{lang}/" for lang in site.languages}


def test_404_pages_with_a_site_url(hostile_site: Path) -> None:
    root = parse(hostile_site / "404.html")
    stylesheets = [href for tag, href, a in root.links if tag == "link" and a.get("rel") == "stylesheet"]
    assert stylesheets and all(href.startswith("/en/") for href in stylesheets)
    for href in stylesheets:
        assert (hostile_site / href.lstrip("/")).is_file()
    home = parse(hostile_site / "fr" / "index.html")
    canonical = [href for _tag, href, a in home.links if a.get("rel") == "canonical"]
    assert canonical == ["https://pracbase.example/fr/"]


def test_failed_build_leaves_previous_output_intact(tmp_path: Path, tree: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "previous.txt").write_text("kept", encoding="utf-8")
    (tree / "practices" / "alpha-case-meetings.yml").write_text("id: [", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        build_site(out, tree, ("en",), CONFIG)
    assert [p.path for p in caught.value.problems] == ["practices/alpha-case-meetings.yml"]
    broken_config = config_copy(tmp_path, "markdown_extensions: [no_such_extension]")
    with pytest.raises(SiteError, match="no_such_extension"):
        build_site(out, VALID, ("en",), broken_config)
    assert (out / "previous.txt").read_text(encoding="utf-8") == "kept"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_build_command_reports_problems_without_traceback(tmp_path: Path, tree: Path) -> None:
    (tree / "practices" / "alpha-case-meetings.yml").write_text("id: [", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--path", str(tree),
                                       "--config", str(CONFIG)])
    assert result.exit_code == 1
    assert "alpha-case-meetings.yml" in result.stderr and "Traceback" not in result.output
    unknown = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--path", str(VALID),
                                        "--config", str(CONFIG), "--lang", "xx"])
    assert unknown.exit_code == 2 and "--lang" in unknown.stderr and "'xx'" in unknown.stderr  # a usage error


def test_page_paths_never_collide() -> None:
    assert paths.numbered(paths.PRACTICES, 2) == "practices/all/2.md"
    assert paths.numbered(paths.theme("youth"), 3) == "themes/youth/3.md"
    assert paths.url(paths.practice("x")) == "practices/x/"
    assert paths.url(paths.PRACTICES) == "practices/"
    assert paths.relative(paths.practice("x"), paths.city("y")) == "../cities/y.md"


def test_language_overrides_can_be_read_again(tmp_path: Path) -> None:
    """``pracbase serve`` hands MkDocs the same overrides on every rebuild."""
    from mkdocs.config import load_config

    from pracbase.site.build import overrides

    options = overrides(CONFIG, "de", VALID)
    assert options["theme"]["language"] == "de"
    assert options["plugins"]["pracbase"]["path"] == str(VALID.resolve())
    for _ in range(2):
        config = load_config(str(CONFIG), site_dir=str(tmp_path), **options)
        assert config.theme["language"] == "de"
    with pytest.raises(SiteError, match="unknown site language"):
        overrides(CONFIG, "xx")


def _build_command(out: Path) -> list[str]:
    return [sys.executable, "-m", "pracbase.cli", "build", "--out", str(out), "--path", str(VALID), "--lang", "en",
            "--config", str(CONFIG)]


def _complete(out: Path) -> bool:
    return all((out / part).is_file() for part in ("index.html", "404.html", "en/index.html", "en/404.html",
                                                   "en/practices/alpha-case-meetings/index.html",
                                                   "en/pagefind/pagefind.js", "api/practices.json"))


def test_two_builds_into_one_folder_end_with_one_complete_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    runs = [subprocess.Popen(_build_command(out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=900) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert _complete(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]  # no staging or old copy left


def test_a_build_waits_for_the_swap_lock(tmp_path: Path) -> None:
    """The swap is the lock's: a build finished while another swaps leaves the folder as it is until its turn."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "previous.txt").write_text("kept", encoding="utf-8")
    with open(tmp_path / ".site.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = subprocess.Popen(_build_command(out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
        deadline = time.monotonic() + 600
        while not any((staging / "api" / "practices.json").is_file() for staging in tmp_path.glob(".site.building-*")):
            assert run.poll() is None and time.monotonic() < deadline, run.communicate()
            time.sleep(0.5)
        time.sleep(3)  # the build is at its swap
        assert run.poll() is None
        assert [p.name for p in out.iterdir()] == ["previous.txt"]
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert run.wait(timeout=300) == 0, run.communicate()
    assert _complete(out) and not (out / "previous.txt").exists()
