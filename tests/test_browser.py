"""The built site in a real browser: Debian's headless Chromium driven by Playwright.

The site is built once per session and served on 127.0.0.1; every request to another host
is refused, so the tests run offline (the map's tiles fail, as they would on a bad day).
The browser fixtures (``site_url``, ``browser``, ``page``, ``phone``) are in conftest.py. The site's
search has its own file, test_site_search.py.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from typing import Any

import pytest

import pracbase


def practice_with_cities(kb: pracbase.KnowledgeBase) -> pracbase.Practice:
    """A practice whose page has something to show: the first with an English title and a source."""
    return next(p for p in kb.practices.values() if "en" in p.title and not p.short_entry)


# --- language -------------------------------------------------------------------------


def test_language_switcher_lands_on_the_same_practice(page: Any, kb: pracbase.KnowledgeBase) -> None:
    practice = practice_with_cities(kb)
    page.goto(f"fr/practices/{practice.id}/")
    assert page.locator("h1").first.inner_text().strip() == practice.title["fr"]
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(re.compile(rf"/en/practices/{practice.id}/$"))
    assert page.locator("h1").first.inner_text().strip() == practice.title["en"]
    assert page.locator("html").get_attribute("lang") == "en"


def recorded(page: Any) -> list[tuple[str, str, int | None]]:
    """Every request the page makes from now on, as (method, path, status; None when it failed)."""
    log: list[tuple[str, str, int | None]] = []
    local = re.compile(r"^http://127\.0\.0\.1:\d+")
    page.on("requestfinished", lambda request: log.append(
        (request.method, local.sub("", request.url), request.response().status)))
    page.on("requestfailed", lambda request: log.append((request.method, local.sub("", request.url), None)))
    return log


def test_no_page_load_or_language_switch_requests_a_missing_file(page: Any, kb: pracbase.KnowledgeBase) -> None:
    """Material (9.8) fetches "sitemap.xml" beside every <link rel="alternate"> of a page: with a link per
    language beside each page, three 404s per page load. The pages hold none (their languages are in
    the root sitemap) and the language menu links the same page. What is left: the Atom feed's link
    (feed.xml) makes Material fetch the language's own sitemap, which exists."""
    practice = practice_with_cities(kb)
    city = practice.cities[0]
    log = recorded(page)
    for lang in ("fr", "en"):
        for path in ("", f"practices/{practice.id}/", f"cities/{city}/", "explorer/", "map/"):
            start = len(log)
            page.goto(f"{lang}/{path}", wait_until="networkidle")
            seen = log[start:]
            assert [r for r in seen if r[2] is not None and r[2] >= 400] == [], seen
            assert {r for r in seen if "sitemap" in r[1]} <= {("GET", f"/{lang}/sitemap.xml", 200)}, seen
            assert ("GET", f"/{lang}/{path}", 200) in seen
            assert all(r[2] == 200 for r in seen if r[2] is not None), seen
    page.goto(f"en/practices/{practice.id}/", wait_until="networkidle")
    start = len(log)
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="fr"]').click()
    page.wait_for_url(re.compile(rf"/fr/practices/{practice.id}/$"))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().strip() == practice.title["fr"]
    switch = log[start:]
    assert switch[0] == ("GET", f"/fr/practices/{practice.id}/", 200), switch
    assert [r for r in switch if r[2] != 200 or ("sitemap" in r[1] and r[1] != "/fr/sitemap.xml")] == [], switch


# --- explorer -------------------------------------------------------------------------


def explorer_count(page: Any) -> int:
    """The number the explorer says it shows (``14 practices of 90`` → 14)."""
    status = page.locator(".pb-explorer__count")
    status.wait_for()
    return int(re.match(r"\d+", status.inner_text().strip()).group())


def test_explorer_filters_by_two_facets(page: Any, kb: pracbase.KnowledgeBase) -> None:
    expected = kb.find_practices(level="tertiary", theme="prison-exit-reintegration")
    assert 0 < len(expected) < len(kb.practices)
    page.goto("en/explorer/")
    page.wait_for_selector(".pb-explorer--ready")
    assert explorer_count(page) == len(kb.practices)
    page.get_by_role("checkbox", name=re.compile(kb.taxonomy.levels["tertiary"].label["en"])).check()
    theme = page.locator("#pb-theme-prison-exit-reintegration")
    theme.focus()
    page.keyboard.press("Space")  # the keyboard works as well as the mouse
    assert theme.is_checked()
    assert explorer_count(page) == len(expected)
    shown = page.locator(".pb-explorer__item a").evaluate_all("links => links.map(a => a.pathname)")
    assert sorted(path.rstrip("/").rsplit("/", 1)[-1] for path in shown) == sorted(p.id for p in expected)
    # The count shown beside a value is what checking it would give.
    country = sorted({kb.cities[c].country for p in expected for c in p.cities})[0]
    beside = page.locator(f"#pb-country-{country}").locator("xpath=..").locator(".pb-facet__count")
    both = kb.find_practices(level="tertiary", theme="prison-exit-reintegration", country=country)
    assert int(beside.text_content()) == len(both)


def test_explorer_state_is_in_the_url(page: Any, kb: pracbase.KnowledgeBase) -> None:
    expected = kb.find_practices(level="secondary", concern="islamist-extremism")
    page.goto("fr/explorer/?level=secondary&concern=islamist-extremism")
    page.wait_for_selector(".pb-explorer--ready")
    assert explorer_count(page) == len(expected)
    assert page.locator("#pb-level-secondary").is_checked()
    page.locator("#pb-level-secondary").uncheck()
    assert page.url.endswith("?concern=islamist-extremism")
    assert explorer_count(page) == len(kb.find_practices(concern="islamist-extremism"))


def test_explorer_words_ignore_accents(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/explorer/")
    page.wait_for_selector(".pb-explorer--ready")
    page.locator("#pb-q").fill("malmo")  # typed here, not caught by the site search's shortcuts
    assert explorer_count(page) == len(kb.find_practices(city="malmo"))
    assert "q=malmo" in page.url


def test_explorer_words_find_names_in_every_language(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("fr/explorer/")
    page.wait_for_selector(".pb-explorer--ready")
    page.locator("#pb-q").fill("Mechelen")  # the city is "Malines" on the French site
    assert explorer_count(page) == len(kb.find_practices(city="mechelen"))
    practice = next(p for p in kb.practices.values() if p.title["en"] != p.title["fr"])
    words = practice.title["en"].split()[:4]
    page.locator("#pb-q").fill(" ".join(words))  # English words of a title, on the French site
    shown = page.locator(".pb-explorer__item a").evaluate_all("links => links.map(a => a.pathname)")
    assert any(path.rstrip("/").endswith(practice.id) for path in shown)


def test_explorer_shared_link_shows_results_first_on_a_phone(phone: Any, kb: pracbase.KnowledgeBase) -> None:
    expected = kb.find_practices(level="tertiary", country="BE")
    assert 0 < len(expected) < len(kb.practices)
    phone.goto("en/explorer/?level=tertiary&country=BE")
    phone.wait_for_selector(".pb-explorer--ready")
    assert explorer_count(phone) == len(expected)
    first = phone.locator(".pb-explorer__item").first.bounding_box()
    assert first["y"] + first["height"] <= 844, first  # the whole first result, without scrolling
    assert not phone.locator("#pb-country-BE").is_visible()  # the facets wait in a closed drawer…
    toggle = phone.locator(".pb-explorer__toggle button")
    assert "(2)" in toggle.inner_text()  # … that says how many values are chosen
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    phone.locator("#pb-level-tertiary").uncheck()
    everywhere = len(kb.find_practices(country="BE"))
    show = phone.locator(".pb-explorer__show")
    assert re.search(rf"\b{everywhere}\b", show.inner_text())  # "Show the N practices"
    show.click()
    assert not phone.locator("#pb-country-BE").is_visible()
    assert phone.locator(".pb-explorer__count").bounding_box()["y"] >= 0
    assert explorer_count(phone) == everywhere


def test_explorer_shows_more_only_when_there_is_more(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/explorer/?level=tertiary&country=BE")
    page.wait_for_selector(".pb-explorer--ready")
    assert not page.locator(".pb-explorer__more").is_visible()
    page.goto("en/explorer/")
    page.wait_for_selector(".pb-explorer--ready")
    shown = page.locator(".pb-explorer__item").count()
    assert shown < len(kb.practices)
    more = page.locator(".pb-explorer__more")
    more.click()
    assert page.locator(".pb-explorer__item").count() == min(len(kb.practices), 2 * shown)
    if 2 * shown >= len(kb.practices):
        assert not more.is_visible()


# --- map ------------------------------------------------------------------------------


MARKERS = ".pb-map__marker, .pb-map__cluster"
"""A city's marker, or a cluster's: what a finger selects on the map."""


def visible_markers(page: Any) -> list[dict[str, Any]]:
    """Each marker or cluster in sight: its centre, size, kind and number of cities."""
    return page.locator(MARKERS).evaluate_all("""elements => elements.map(e => {
        const r = e.getBoundingClientRect();
        const cluster = e.classList.contains('pb-map__cluster');
        return {x: r.x + r.width / 2, y: r.y + r.height / 2, width: r.width, height: r.height, cluster,
                cities: cluster ? parseInt(e.querySelector('[aria-hidden]').textContent.replace(/\\D/g, '')) : 1,
                title: e.title, opacity: parseFloat(getComputedStyle(e).opacity)};
    }).filter(m => m.width > 0 && m.opacity > 0)""")


def settled_markers(page: Any) -> list[dict[str, Any]]:
    """The markers in sight once the map has stopped moving (two reads alike, 300 ms apart)."""
    before = visible_markers(page)
    for _ in range(20):
        page.wait_for_timeout(300)
        now = visible_markers(page)
        if now == before:
            return now
        before = now
    raise AssertionError("the map's markers never settled")


def test_map_list_opens_a_city(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("fr/map/")
    page.wait_for_selector(MARKERS)
    assert sum(m["cities"] for m in settled_markers(page)) == len(kb.cities)  # every city, once
    page.get_by_role("link", name="Malines", exact=True).click()
    page.wait_for_url(re.compile(r"/fr/cities/mechelen/$"))
    assert page.locator("h1").first.inner_text().strip() == "Malines"


def test_map_on_a_phone_keeps_markers_apart_and_fingers_sized(phone: Any, kb: pracbase.KnowledgeBase) -> None:
    phone.goto("en/map/")
    phone.wait_for_selector(MARKERS)
    markers = settled_markers(phone)
    assert sum(m["cities"] for m in markers) == len(kb.cities)
    for m in markers:
        assert min(m["width"], m["height"]) >= 44, m
    close = [(a, b) for i, a in enumerate(markers) for b in markers[i + 1:]
             if ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 < 22]
    assert close == []  # no two targets share a finger's half-width
    for button in phone.locator(".pb-map__zone, .pb-map .leaflet-bar a").all():
        box = button.bounding_box()
        assert min(box["width"], box["height"]) >= 44, button.inner_text()
    # Tapping a cluster zooms in until its cities have markers of their own; one opens its city.
    for _ in range(12):
        singles = [m for m in settled_markers(phone) if not m["cluster"]]
        if singles:
            break
        phone.locator(".pb-map__cluster").first.tap()
    assert singles
    phone.locator(f'.pb-map__marker[title="{singles[0]["title"]}"]').tap()
    link = phone.locator(".pb-map__popup a")
    assert link.inner_text() == singles[0]["title"]
    city = next(c for c in kb.cities.values() if c.heading_in("en") == singles[0]["title"])
    link.tap()
    phone.wait_for_url(re.compile(rf"/en/cities/{city.id}/$"))


def test_map_zooms_to_a_continent(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/map/")
    page.wait_for_selector(MARKERS)
    europe = [c for c in kb.cities.values() if c.region in ("151", "154", "039", "155")]
    page.get_by_role("button", name="Europe", exact=True).click()
    shown = sum(m["cities"] for m in settled_markers(page))
    assert len(europe) <= shown < len(kb.cities)  # Europe's cities, and few others, in sight
    page.get_by_role("button", name="Whole world").click()
    assert sum(m["cities"] for m in settled_markers(page)) == len(kb.cities)


def test_map_marker_opens_with_the_keyboard(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/map/")
    page.wait_for_selector(MARKERS)
    page.get_by_role("button", name="Europe", exact=True).click()
    name = next(m["title"] for m in settled_markers(page) if not m["cluster"])
    page.locator(f'.pb-map__marker[title="{name}"]').focus()
    page.keyboard.press("Enter")
    link = page.locator(".pb-map__popup a")
    assert link.inner_text() == name
    city = next(c for c in kb.cities.values() if c.heading_in("en") == name)
    link.click()
    page.wait_for_url(re.compile(rf"/en/cities/{city.id}/$"))


def test_transfers_map_draws_a_line_per_city_pair_and_lists_them(page: Any, phone: Any,
                                                               kb: pracbase.KnowledgeBase) -> None:
    pairs = {(a, b) for origin, adopter in kb.graph.transfers() for a in origin.cities for b in adopter.cities
             if a != b}
    assert pairs  # the records hold transfers between practices of different cities
    cities = {c for pair in pairs for c in pair}
    for browser_page, lang in ((page, "en"), (phone, "fr")):
        browser_page.goto(f"{lang}/transfers/")
        browser_page.wait_for_selector(MARKERS)
        assert browser_page.locator("path.pb-map__transfer").count() == len(pairs)
        assert sum(m["cities"] for m in settled_markers(browser_page)) == len(cities)  # only cities of a transfer
        origin, adopter = kb.graph.transfers()[0]
        assert browser_page.get_by_role("link", name=origin.title[lang], exact=True).is_visible()
        assert browser_page.get_by_role("link", name=adopter.title[lang], exact=True).first.is_visible()


# --- print ----------------------------------------------------------------------------


def test_address_shows_only_on_paper(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto(f"en/practices/{practice_with_cities(kb).id}/")
    assert not page.locator(".pb-print-address").is_visible()


def test_practice_prints_without_navigation(page: Any, kb: pracbase.KnowledgeBase) -> None:
    practice = next(p for p in kb.practices.values() if p.links and "en" in p.title)  # it has a web link
    page.goto(f"en/practices/{practice.id}/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(chrome).count() > 0, chrome  # on the page, hidden in print
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").first.is_visible()
    assert page.locator("h1").first.evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"  # not grey
    address = page.locator(".pb-print-address")
    assert address.is_visible() and address.inner_text().strip() == page.url  # where the printout came from
    external = page.locator(f'article a[href="{practice.links[0].url}"]')
    assert external.count() > 0
    after = external.first.evaluate("a => getComputedStyle(a, '::after').content")
    assert practice.links[0].url in after


# --- weight (measured, not asserted) ----------------------------------------------------


def first_load_weight(page: Any, path: str) -> tuple[int, int, int]:
    """Requests, bytes transferred and bytes a gzip-serving host would send, on a first load."""
    sent: list[Any] = []
    page.on("requestfinished", lambda request: sent.append(request))
    page.goto(path, wait_until="networkidle")
    transferred = compressed = 0
    for request in sent:
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        body = response.body() if response else b""
        compressed += sizes["responseHeadersSize"] + min(len(body), len(gzip.compress(body, 6)))
    return len(sent), transferred, compressed


@pytest.mark.parametrize("which", ["home", "practice"])
def test_page_weight(page: Any, kb: pracbase.KnowledgeBase, which: str, record_property: Any) -> None:
    path = "en/" if which == "home" else f"en/practices/{practice_with_cities(kb).id}/"
    requests, transferred, compressed = first_load_weight(page, path)
    record_property(f"{which}_bytes", transferred)
    print(f"\n{which} page ({path}): {requests} requests, {transferred / 1024:.0f} KiB transferred "
          f"(about {compressed / 1024:.0f} KiB gzipped)")
    assert requests >= 3 and compressed < transferred  # the page, its stylesheet and script, some compressible


# --- freshness ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def stale_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small fixture tree's English site with a freshness period of 0 months: every record
    reviewed before the build's day is stale."""
    import subprocess
    import sys

    import yaml

    from tests.conftest import ROOT, VALID, serve

    folder = tmp_path_factory.mktemp("stale")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    config["plugins"][0]["pracbase"]["stale_after_months"] = 0
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "--no-cache", "build", "--out", str(folder / "site"),
                             "--path", str(VALID), "--lang", "en", "--config", str(folder / "mkdocs.yml")],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    yield from serve(folder / "site")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_stale_practices_are_flagged_and_filterable(browser: Any, stale_site_url: str, small_kb: pracbase.KnowledgeBase,
                                                    viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, base_url=stale_site_url)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    page = context.new_page()
    try:
        practice = next(iter(small_kb.practices.values()))
        page.goto(f"en/practices/{practice.id}/")
        assert page.locator(".pb-stale").first.inner_text().startswith("Not reviewed since ")
        page.goto("en/explorer/?review=stale")
        page.locator(".pb-explorer--ready").wait_for()
        total = len(small_kb.practices)
        assert page.locator(".pb-explorer__count").inner_text() == f"{total} practices of {total}"
        flags = page.locator(".pb-explorer__item .pb-explorer__stale")
        assert flags.count() == total and flags.first.inner_text().startswith("not reviewed since ")
        assert page.locator('input[name="review"][value="stale"]').is_checked()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.locator('input[name="review"][value="current"]').count() == 0  # nothing is fresh
    finally:
        context.close()


# --- guides ---------------------------------------------------------------------------


def test_guide_step_leads_to_a_city_that_did_it_and_back(page: Any, kb: pracbase.KnowledgeBase) -> None:
    """From the Guides section, follow the diagnosis to step 3 and the practice that shows it,
    then from the practice page back to the step (its anchor on the guide page)."""
    page.goto("en/")
    page.locator(".md-nav__link", has_text="Guides").first.click()
    page.wait_for_url(re.compile(r"/en/guides/$"))
    page.locator("a", has_text="Establishing a local diagnosis in ten steps").first.click()
    page.wait_for_url(re.compile(r"/en/guides/scn-local-diagnosis/$"))
    step = page.locator("h2#online-influences")
    assert step.inner_text().strip().rstrip("¶").strip() == "3. Consider online influences"
    examples = step.locator("xpath=following::ul[1]").locator("a")
    assert [a.inner_text() for a in examples.all()] == [kb.practice(id).title["en"] for id in (
        "malmo-safe-digital-cities", "aalborg-online-democratic-conversations")]
    examples.first.click()
    page.wait_for_url(re.compile(r"/en/practices/malmo-safe-digital-cities/$"))
    line = page.locator("h2#in-the-guides").locator("xpath=following::ul[1]/li").first
    assert line.inner_text().strip() == (
        "This practice illustrates step 3 of Establishing a local diagnosis in ten steps: Consider online influences")
    line.locator("a", has_text="Consider online influences").click()
    page.wait_for_url(re.compile(r"/en/guides/scn-local-diagnosis/#online-influences$"))


def test_guide_page_on_a_phone_shows_steps_in_french(phone: Any) -> None:
    phone.goto("fr/guides/scn-local-diagnosis/")
    headings = [h.inner_text().strip().rstrip("¶").strip() for h in phone.locator("article h2").all()]
    assert headings[:10] == ["1. Décider qui contribue et construire des modèles participatifs",
                             "2. Contextualiser le défi", "3. Tenir compte des influences en ligne",
                             "4. Examiner les niveaux de confiance",
                             "5. Travailler avec des données représentatives et impartiales",
                             "6. Exploiter les données existantes", "7. Être proactif et tenir le diagnostic à jour",
                             "8. Normaliser la méthodologie", "9. Repérer les mécanismes existants",
                             "10. Définir les parties prenantes et les partenaires de mise en œuvre"]
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
