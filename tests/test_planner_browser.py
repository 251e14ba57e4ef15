"""The study-visit planner, the comparison and the visit dossier on the built site, in Chromium.

The route the page draws is checked against ``pracbase visit --json`` for the same request
(the address uses the command's option names); the parity of the two implementations on
random requests is tests/test_planner.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

import pracbase
from pracbase.facets import facet

ROOT = Path(__file__).resolve().parent.parent

ACCEPTANCE = [("from", "luton"), ("theme", "prison-exit-reintegration"), ("level", "tertiary"),
              ("near", "rotterdam"), ("radius_km", "200"), ("days", "3")]
"""Three days on prison and probation work near Rotterdam, from Luton."""


def command_line(params: list[tuple[str, str]], lang: str) -> list[dict[str, Any]]:
    """``pracbase visit --json`` for the request of a planner address."""
    args = [sys.executable, "-m", "pracbase.cli", "visit", "--json", "--lang", lang]
    for key, value in params:
        args += [f"--{key.replace('_', '-')}", value]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    plan: list[dict[str, Any]] = json.loads(done.stdout)
    return plan


def route_on_page(page: Any) -> list[tuple[int, str]]:
    """(day, city id) of every stop the page shows, in order."""
    page.wait_for_selector("#pb-visit[data-planned]")
    found = []
    for day, section in enumerate(page.locator(".pb-visit__day").all(), 1):
        assert section.locator("h2").inner_text().strip().endswith(str(day))
        found += [(day, city) for city in section.locator(".pb-visit__stop").evaluate_all(
            "nodes => nodes.map(n => n.dataset.city)")]
    return found


def route_of(plan: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(stop["day"], stop["city"]) for stop in plan if stop["day"] is not None]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_planner_from_an_address_gives_the_command_line_route(page: Any, lang: str) -> None:
    page.goto(f"{lang}/visit/?{urlencode(ACCEPTANCE)}")
    expected = command_line(ACCEPTANCE, lang)
    route = route_on_page(page)
    assert route == route_of(expected)
    assert len(route) == 4
    first = next(stop for stop in expected if stop["day"] == 1)
    why = page.locator(f'.pb-visit__stop[data-city="{first["city"]}"] .pb-visit__why').inner_text()
    assert all(reason in why for reason in first["reasons"])
    others = page.locator(".pb-visit__others li a").all_inner_texts()
    assert others == [stop["name"] for stop in expected if stop["day"] is None]
    assert page.locator("#pb-visit-from").input_value() == "luton"
    assert page.locator('input[name="theme"][value="prison-exit-reintegration"]').is_checked()
    assert not page.locator(".pb-nojs").first.is_visible()
    assert page.locator(".pb-visit__command code").inner_text() == \
        "pracbase visit --from luton --theme prison-exit-reintegration --level tertiary --near rotterdam " \
        "--radius-km 200 --days 3"


def test_a_plan_fetches_the_peer_scores_of_its_visiting_city_only(page: Any) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"en/visit/?{urlencode(ACCEPTANCE)}")
    assert route_on_page(page)
    rows = [url.rsplit("/", 1)[1] for url in fetched if "/planner-peers/" in url]
    assert rows == ["luton.json"]
    page.locator("#pb-visit-from").select_option("mechelen")
    page.wait_for_function("document.querySelector('.pb-visit__command code').textContent.includes('mechelen')")
    rows = [url.rsplit("/", 1)[1] for url in fetched if "/planner-peers/" in url]
    assert rows == ["luton.json", "mechelen.json"]


def test_changing_a_theme_changes_the_route_and_the_address(page: Any) -> None:
    page.goto(f"en/visit/?{urlencode(ACCEPTANCE)}")
    before = route_on_page(page)
    page.locator('input[name="theme"][value="prison-exit-reintegration"]').uncheck()
    page.locator('input[name="theme"][value="youth"]').check()
    page.locator('label[for="pb-visit-level"]').click()  # let the change settle
    page.locator("#pb-visit-level").select_option("")
    page.wait_for_url(re.compile(r"theme=youth"))
    changed = [("from", "luton"), ("theme", "youth"), ("near", "rotterdam"), ("radius_km", "200"), ("days", "3")]
    after = route_on_page(page)
    assert after == route_of(command_line(changed, "en"))
    assert after != before
    assert "prison-exit-reintegration" not in page.url and "level=" not in page.url


def test_planner_on_a_phone_fits_the_screen(phone: Any) -> None:
    phone.goto(f"fr/visit/?{urlencode(ACCEPTANCE)}")
    assert route_on_page(phone) == route_of(command_line(ACCEPTANCE, "fr"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".pb-visit__map").is_visible()


def test_planner_without_javascript_gives_the_command(browser: Any, site_url: str) -> None:
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    page = context.new_page()
    page.goto("en/visit/")
    text = page.locator("article .pb-nojs").all_inner_texts()
    assert "pracbase visit --from luton --theme prison-exit-reintegration" in text[0]
    assert page.locator("article .pb-nojs a").evaluate_all("links => links.map(a => a.href)") == \
        [site_url + "en/cities/", site_url + "en/map/"]
    context.close()


def test_comparison_opens_from_a_city_page(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/cities/luton/")
    peers = [p.city.id for p in kb.peers("luton", top=1, lang="en")]
    page.get_by_role("link", name="Compare with…").click()
    page.wait_for_selector("#pb-compare[data-compared='2']")
    assert page.url.endswith("?" + urlencode([("city", c) for c in ["luton", *peers]]))
    headers = page.locator(".pb-compare__grid thead th a").all_inner_texts()
    assert headers == [kb.cities[c].heading_in("en") for c in ["luton", *peers]]
    # what all three share is marked in every column, and only that
    marked_somewhere = False
    for kind in ("concerns", "themes"):
        sets = [(set(kb.cities[c].concerns) if kind == "concerns" else set())
                | {v for p in kb.practices_of_city(c) for v in getattr(p, kind)} for c in ["luton", *peers]]
        shared = {"★ " + facet(kind).label(v, "en") for v in set.intersection(*sets)}
        marked_somewhere = marked_somewhere or bool(shared)
        for column in page.locator(f'td[data-kind="{kind}"]').all():
            assert set(column.locator(".pb-compare__shared").all_inner_texts()) == shared
    assert marked_somewhere, "Luton and its best peer share a concern or a theme"


def test_planner_stop_opens_a_comparison_with_the_visiting_city(page: Any) -> None:
    page.goto(f"en/visit/?{urlencode(ACCEPTANCE)}")
    route_on_page(page)
    page.locator('.pb-visit__stop[data-city="rotterdam"] .pb-visit__links a', has_text="Compare with Luton").click()
    page.wait_for_selector("#pb-compare[data-compared='2']")
    assert page.locator(".pb-compare__grid thead th a").all_inner_texts() == ["Luton", "Rotterdam"]


@pytest.mark.parametrize("path", [f"en/visit/?{urlencode(ACCEPTANCE)}", "fr/compare/?city=luton&city=rotterdam"])
def test_dossier_prints_without_navigation(page: Any, path: str) -> None:
    page.goto(path)
    page.wait_for_selector("#pb-visit[data-planned], #pb-compare[data-compared]")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".pb-visit__form", ".pb-compare__form",
                   ".pb-visit__tools"):
        for node in page.locator(chrome).all():
            assert not node.is_visible(), chrome
    if "visit" in path:
        assert page.locator(".pb-visit__dossier").first.is_visible()
        breaks = page.locator(".pb-visit__day").evaluate_all(
            "nodes => nodes.map(n => getComputedStyle(n).breakBefore)")
        assert breaks[0] != "page" and all(b == "page" for b in breaks[1:])
        assert page.locator(".pb-visit__criteria").is_visible()
    else:
        assert page.locator(".pb-compare__grid").is_visible()


def test_practices_compare_from_a_practice_page(page: Any, kb: pracbase.KnowledgeBase) -> None:
    practice = kb.practices["mechelen-prison-protocol"]
    best = kb.related_practices(practice.id, top=1)[0].practice
    page.goto(f"en/practices/{practice.id}/")
    page.locator(".pb-peers__tools a", has_text="Compare with…").click()
    page.wait_for_selector("#pb-compare[data-compared='2'][data-kind='practice']")
    assert page.locator("h1").inner_text().strip() == "Compare practices"
    assert page.locator(".pb-compare__grid thead th a").all_inner_texts() == [practice.title["en"], best.title["en"]]
    shared = {"★ " + facet("levels").label(v, "en") for v in set(practice.levels) & set(best.levels)}
    for column in page.locator('td[data-kind="levels"]').all():
        assert set(column.locator(".pb-compare__shared").all_inner_texts()) == shared
