"""The site's search (Pagefind, pracbase.site.sitesearch) from the header of real pages, in Chromium.

The judged queries are what practitioners type: everyday words in the singular and the
plural, with and without accents, names in the other language, typos, two words, a
phrase. Each names the pages, read from the records, of which one must be among the
first five results; they run through the header's search box of the built site.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pracbase
from pracbase.site import sitesearch
from tests.conftest import ROOT, _require_chromium

TOP = 5

RADICALISATION = ("practices/rotterdam-radicalisation-information-exchange-point/",
                  "practices/reggio-emilia-youth-role-in-prevention/",
                  "practices/solna-strategy-against-violent-extremism/",
                  "practices/avignon-released-offenders-radicalisation-risk/",
                  "practices/liege-municipal-prevention-strategy/",
                  "practices/malaga-coexistence-radicalisation-prevention-plan/",
                  "practices/rotterdam-exit-sweden-probation-training/",
                  "practices/the-hague-prison-probation-radicalisation-prevention/",
                  "practices/dabrowa-gornicza-local-prevention-team/")
"""Practices titled with the word radicalisation (in French and in English)."""

MOTHERS = ("practices/malmo-mammakraft/", "practices/pristina-motherschools/")
FAMILIES = ("themes/families-parenting/",)
TERRORISM = ("practices/luton-counter-terrorism-local-profile/", "practices/kenya-county-community-teams/",
             "practices/brcko-district-pcve-action-plan/")
UKRAINIAN_REFUGEES = ("practices/bratislava-ukrainian-refugee-crisis-centre/", "practices/wroclaw-integration-centre/")
MECHELEN = ("cities/mechelen/",)
THE_HAGUE = ("cities/the-hague/",)
EXIT_SWEDEN = ("practices/rotterdam-exit-sweden-probation-training/",
               "practices/vilvoorde-formers-exit-sweden-case-management/",
               "practices/sollentuna-probation-exit-sweden-workshop/")
RACISM = ("practices/edmonton-anti-racism-strategy/", "practices/stamford-stands-against-racism/",
          "themes/anti-racism-hate-crime/")
SPORT = ("themes/sport/", "practices/gostivar-youth-development-through-sport/",
         "practices/kenya-counties-youth-development-through-sport/")
PRISON = ("practices/mechelen-prison-protocol/", "practices/masaka-prison-leavers-reintegration/",
          "practices/the-hague-prison-probation-radicalisation-prevention/",
          "practices/catalonia-multi-agency-release-case-management/")

JUDGED: list[tuple[str, str, tuple[str, ...]]] = [
    # French: everyday words, singular and plural, with and without accents
    ("fr", "familles", FAMILIES),
    ("fr", "famille", FAMILIES),
    ("fr", "mères", MOTHERS),
    ("fr", "meres", MOTHERS),
    ("fr", "mère", MOTHERS),
    ("fr", "radicalisation", RADICALISATION),
    ("fr", "Belgique", ("countries/be/",)),
    ("fr", "belgique", ("countries/be/",)),
    ("fr", "Suède", ("countries/se/",)),
    ("fr", "prison", PRISON),
    ("fr", "sport", SPORT),
    ("fr", "racisme", RACISM),
    # French: names, in both languages and without accents
    ("fr", "Malines", MECHELEN),
    ("fr", "Mechelen", MECHELEN),
    ("fr", "La Haye", THE_HAGUE),
    ("fr", "The Hague", THE_HAGUE),
    ("fr", "Vilvoorde", ("cities/vilvoorde/",)),
    ("fr", "malmo", ("cities/malmo/",)),
    ("fr", "dusseldorf", ("cities/dusseldorf/", "practices/dusseldorf-wegweiser/")),
    # French: two words, a phrase, typos
    ("fr", "réfugiés ukrainiens", UKRAINIAN_REFUGEES),
    ("fr", "refugies ukrainiens", UKRAINIAN_REFUGEES),
    ("fr", "jeunes délinquants", ("practices/avignon-released-offenders-radicalisation-risk/",
                                  "practices/sarcelles-young-offenders-citizenship-training/")),
    ("fr", "médiation communautaire", ("practices/l-hospitalet-de-llobregat-community-mediation/",)),
    ("fr", "haine en ligne", ("practices/malmo-safe-digital-cities/",)),
    ("fr", "Exit Suède", EXIT_SWEDEN),
    ("fr", '"réunions de cas"', ("practices/mechelen-case-meetings/",)),
    ("fr", "radicalisaton", RADICALISATION),
    ("fr", "Roterdam", ("cities/rotterdam/", "practices/rotterdam-radicalisation-information-exchange-point/",
                        "practices/rotterdam-exit-sweden-probation-training/")),
    ("fr", "familes", FAMILIES),
    # English: everyday words, singular and plural
    ("en", "terrorism", TERRORISM),
    ("en", "families", FAMILIES),
    ("en", "family", FAMILIES),
    ("en", "mothers", MOTHERS),
    ("en", "mother", MOTHERS),
    ("en", "radicalisation", RADICALISATION),
    ("en", "Belgium", ("countries/be/",)),
    ("en", "Sweden", ("countries/se/",)),
    # English: names, in both languages and without accents
    ("en", "Mechelen", MECHELEN),
    ("en", "Malines", MECHELEN),
    ("en", "The Hague", THE_HAGUE),
    ("en", "La Haye", THE_HAGUE),
    ("en", "Vilvorde", ("cities/vilvoorde/",)),
    ("en", "malmo", ("cities/malmo/",)),
    # English: two words, a phrase, typos
    ("en", "Ukrainian refugees", UKRAINIAN_REFUGEES),
    ("en", "hate crimes", ("practices/new-york-city-office-prevention-hate-crimes/",)),
    ("en", "places of worship", ("practices/cape-town-safer-healthier-places-of-worship/",)),
    ("en", "prison leavers", ("practices/masaka-prison-leavers-reintegration/",)),
    ("en", '"case meetings"', ("practices/mechelen-case-meetings/",)),
    ("en", "terorism", TERRORISM),
    ("en", "radicalization", RADICALISATION),
    # guides: a practitioner asking "how do we start?"
    ("fr", "diagnostic local", ("guides/scn-local-diagnosis/",)),
    ("en", "local diagnosis", ("guides/scn-local-diagnosis/",)),
    ("en", "coordination platform", ("guides/scn-coordination-platform/",)),
    ("fr", "partage d'informations", ("guides/scn-information-sharing/",)),
    ("en", "Rotterdm", ("cities/rotterdam/", "practices/rotterdam-radicalisation-information-exchange-point/",
                        "practices/rotterdam-exit-sweden-probation-training/")),
]


# --- the index's pieces ----------------------------------------------------------------------


def test_vocabulary_is_folded_by_first_letter_most_frequent_first() -> None:
    words = sitesearch.vocabulary(["Mères et familles", "les mères, Malmö", "Über den Umgang mit 12345"])
    assert words["m"] == ["meres", "malmo"]  # in two texts, then in one
    assert words["f"] == ["familles"] and words["u"] == ["uber", "umgang"]
    assert set(words) == {"m", "f", "u"}  # short words ("les", "den") and numbers are left out


def test_entry_shows_type_city_country_and_keeps_filters_known() -> None:
    entry = sitesearch.entry("Practice", cities=["Malines", "Malines"], countries=["Belgique"],
                             names=["Mechelen"], level=["Secondary prevention"])
    assert entry == {"meta": {"type": "Practice", "city": "Malines", "country": "Belgique"},
                     "filters": {"type": ["Practice"], "level": ["Secondary prevention"], "country": ["Belgique"]},
                     "names": "Mechelen"}
    with pytest.raises(ValueError, match="colour"):
        sitesearch.entry("Practice", colour=["red"])


def test_a_missing_pagefind_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    with pytest.raises(sitesearch.SearchIndexError, match=r"pip install 'pracbase\[site\]'"):
        sitesearch.build_index(tmp_path, "fr")


def test_pagefind_failing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(sitesearch.SearchIndexError, match="could not index the fr site"):
        sitesearch.build_index(tmp_path / "missing", "fr")


# --- driving the header's search box ---------------------------------------------------------


def open_search(page: Any) -> Any:
    """The header's search box, opened (phones show a button first)."""
    box = page.locator("#pb-sitesearch-q")
    if not box.is_visible():
        page.locator(".pb-sitesearch__open").click()
    box.click()
    return box


def search(page: Any, query: str, level: str = "") -> list[dict[str, str]]:
    """Type ``query`` in the header (narrowed to ``level``); the results shown: link, type line."""
    box = open_search(page)
    if level:
        page.locator("#pb-sitesearch-level").select_option(label=level)
    box.fill(query)
    answered = json.dumps([query, level], ensure_ascii=False, separators=(",", ":"))
    page.wait_for_function("(answered) => { const list = document.querySelector('.pb-sitesearch__results');"
                           " return list && list.getAttribute('data-answered') === answered; }", arg=answered)
    return page.locator(".pb-sitesearch__result").evaluate_all(
        "items => items.map(li => ({href: li.querySelector('a').pathname,"
        " about: (li.querySelector('.pb-sitesearch__about') || {}).textContent || ''}))")


def shown_count(page: Any) -> int:
    """The number of results the box says it found (``12 documents trouvés`` → 12)."""
    found = re.search(r"\d+", page.locator(".pb-sitesearch__status").inner_text())
    return int(found.group()) if found else 0


@pytest.fixture(scope="module")
def searcher(browser: Any, site_url: str) -> Iterator[Any]:
    """One page per language, its index loaded once, for the judged queries."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    pages: dict[str, Any] = {}

    def run(lang: str, query: str) -> list[str]:
        if lang not in pages:
            pages[lang] = context.new_page()
            pages[lang].set_default_timeout(60_000)
            pages[lang].goto(f"{lang}/practices/")
        return [result["href"] for result in search(pages[lang], query)]

    yield run
    context.close()


# --- the judged queries ----------------------------------------------------------------------


def test_the_judged_set_is_large_and_in_both_languages() -> None:
    assert len(JUDGED) >= 40
    assert {lang for lang, _query, _pages in JUDGED} == {"fr", "en"}


@pytest.mark.parametrize(("lang", "query", "expected"), JUDGED, ids=[f"{lang}:{query}" for lang, query, _ in JUDGED])
def test_judged_query_finds_its_page_in_the_top_five(searcher: Any, lang: str, query: str,
                                                      expected: tuple[str, ...]) -> None:
    found = searcher(lang, query)
    top = [href.removeprefix(f"/{lang}/") for href in found[:TOP]]
    assert set(top) & set(expected), f"{query!r} on the {lang} site: top {TOP} {top}, expected one of {expected}"


# --- the header, on a practice page ----------------------------------------------------------


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_header_search_on_a_practice_page(page: Any, kb: pracbase.KnowledgeBase, lang: str,
                                          viewport: dict[str, int], tmp_path: Path) -> None:
    page.set_viewport_size(viewport)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{lang}/practices/mechelen-case-meetings/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/pagefind/" in url], "the index loads on page load"
    malmo = search(page, "malmo")  # a city typed without its accent
    assert malmo[0]["href"] == f"/{lang}/cities/malmo/"
    assert all(result["href"].startswith(f"/{lang}/") for result in malmo)  # this language only
    assert [url for url in fetched if f"/{lang}/pagefind/" in url]
    assert not [url for url in fetched if "/pagefind/" in url and f"/{lang}/pagefind/" not in url]
    city = kb.cities["malmo"]
    assert malmo[0]["about"] == " · ".join([{"fr": "Ville", "en": "City"}[lang], city.names[lang],
                                            {"fr": "Suède", "en": "Sweden"}[lang]])
    typo = search(page, {"fr": "radicalisaton", "en": "terorism"}[lang])
    assert set(href.removeprefix(f"/{lang}/") for href in (r["href"] for r in typo[:TOP])) & set(
        RADICALISATION if lang == "fr" else TERRORISM)
    phrase = search(page, {"fr": '"réunions de cas"', "en": '"case meetings"'}[lang])
    target = next(r for r in phrase if r["href"] == f"/{lang}/practices/mechelen-case-meetings/")
    about = {"fr": "Pratique · Malines · Belgique", "en": "Practice · Mechelen · Belgium"}[lang]
    assert target["about"] == about
    page.screenshot(path=str(tmp_path / f"search-{lang}-{viewport['width']}.png"))  # pytest --basetemp to keep
    page.locator(f'.pb-sitesearch__result a[href$="/{lang}/practices/mechelen-case-meetings/"]').click()
    page.wait_for_url(re.compile(rf"/{lang}/practices/mechelen-case-meetings/$"))
    assert page.locator("h1").first.inner_text().strip() == kb.practices["mechelen-case-meetings"].title[lang]


def test_filter_by_level_keeps_only_that_level(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/practices/")
    everything = search(page, "prison")
    total = shown_count(page)
    tertiary = kb.taxonomy.levels["tertiary"].label["en"]
    narrowed = search(page, "prison", level=tertiary)
    assert narrowed and len(narrowed) <= len(everything)
    practices = {p.id for p in kb.practices.values() if "tertiary" in p.levels}
    for result in narrowed:
        kind, _, slug = result["href"].removeprefix("/en/").rstrip("/").partition("/")
        if kind == "practices":
            assert slug in practices, result
        elif kind == "guides":  # a guide at that level
            assert "tertiary" in kb.guide(slug).levels, result
        else:  # the level's own page, or a framework at that level
            assert kind in ("levels", "frameworks"), result
    assert shown_count(page) < total, "the filter changed nothing"


def test_the_home_form_searches_in_the_header(page: Any) -> None:
    page.goto("fr/")
    page.locator("#pb-home-q").fill("Malines")
    page.locator("#pb-home-q").press("Enter")
    page.wait_for_selector(".pb-sitesearch__result")
    assert "search=Malines" in page.url
    hrefs = page.locator(".pb-sitesearch__result a").evaluate_all("links => links.map(a => a.pathname)")
    assert "/fr/cities/mechelen/" in hrefs[:TOP]


# --- the budget: bytes of a first query at 1,000 practices -------------------------------------

BUDGET = 200 * 1024
"""Bytes (gzip as a server sends them) that a first query may fetch at 1,000 practices."""


def _script(name: str) -> Any:
    """A module of scripts/ (not a package), loaded from its file."""
    qualified = f"scripts_{name}"
    if qualified not in sys.modules:
        spec = importlib.util.spec_from_file_location(qualified, ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = module  # before running it: its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[qualified]


@pytest.fixture(scope="module")
def site_1000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of 1,000 generated practices (scripts/generate.py), French and English."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("site-1000")
    _script("generate").generate(1000, folder / "kb")
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "build", "--path", str(folder / "kb"),
                             "--lang", "fr", "--lang", "en", "--out", str(folder / "site")],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


@pytest.mark.parametrize(("lang", "queries"), [("fr", ["prison", "mères"]), ("en", ["prison", "mothers"])])
def test_a_first_query_at_1000_practices_fetches_under_200_kb(site_1000: Path, browser: Any, lang: str,
                                                               queries: list[str], record_property: Any) -> None:
    first, second = _script("search_bytes").query_bytes(site_1000, lang, queries, browser=browser)
    record_property(f"first_query_bytes_{lang}", first)
    print(f"\n[{lang}] 1,000 practices: first query {first / 1024:.0f} KB, second {second / 1024:.0f} KB")
    assert 0 < first < BUDGET
    assert 0 < second < first  # the engine and the index's entry are fetched once
