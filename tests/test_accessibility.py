"""WCAG 2.1 AA, as public-sector sites must meet it (EU Web Accessibility Directive, EN 301 549).

axe-core (npm, ``package-lock.json``; ``make test`` runs ``npm ci``) is injected by Playwright
into the real built site in headless Chromium: every kind of page, in French and in English,
and the states a reader brings them to (a filtered explorer, search results), must show no
violation of the WCAG 2.0/2.1 A and AA rules. Keyboard-only tests tab through the explorer's
filters, the map's list, the header's search and the study-visit planner's form (on to a
comparison), never touching the mouse.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlencode

import pytest

import pracbase
from tests.conftest import ROOT
from tests.test_planner_browser import ACCEPTANCE, command_line, route_of, route_on_page
from tests.test_site_search import search

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module", autouse=True)
def _axe() -> None:
    if AXE.is_file():
        return
    message = f"{AXE} is missing: install axe-core with `npm ci` (make test does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now: rule, help and where."""
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}: ` +
            v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', '));
    }""", WCAG_21_AA))


def paths(kb: pracbase.KnowledgeBase) -> dict[str, str]:
    """A page of each kind: the home, a practice, a city and a project that link to others, the explorer, the map,
    the study-visit planner showing a plan (its route drawn on a map), a comparison of two cities, the guide whose
    steps link the most practices (with its references), the guides' index, the transfers and the contribution form."""
    practice = next(p for p in kb.practices.values() if p.projects and len(p.cities) == 1 and not p.short_entry)
    guide = max(sorted(kb.guides.values(), key=lambda g: g.id),
                key=lambda g: (sum(len(step.practices) for step in g.steps), len(g.references)))
    return {"home": "", "practice": f"practices/{practice.id}/", "city": f"cities/{practice.cities[0]}/",
            "project": f"projects/{practice.projects[0]}/", "explorer": "explorer/", "map": "map/",
            "planner": f"visit/?{urlencode(ACCEPTANCE)}", "compare": "compare/?city=mechelen&city=vilvoorde",
            "guide": f"guides/{guide.id}/", "guides": "guides/", "transfers": "transfers/", "contribute": "contribute/"}


READY = {"explorer": ".pb-explorer--ready", "map": ".pb-map__marker, .pb-map__cluster",
         "planner": "#pb-visit[data-planned] .pb-visit__map.leaflet-container .pb-visit__marker",
         "compare": "#pb-compare[data-compared='2']",
         "contribute": ".pb-contrib:not([hidden]) .pb-contrib__values input"}
"""What a page's script has drawn once it is ready to be checked."""


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", ["home", "practice", "city", "project", "explorer", "map", "planner", "compare",
                                  "guide", "guides", "transfers", "contribute"])
def test_no_wcag_21_aa_violation(page: Any, kb: pracbase.KnowledgeBase, lang: str, kind: str) -> None:
    page.goto(f"{lang}/{paths(kb)[kind]}")
    if kind in READY:
        page.wait_for_selector(READY[kind])
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_wcag_21_aa_violation_in_search_results_and_a_filtered_explorer(page: Any, lang: str) -> None:
    page.goto(f"{lang}/")
    assert search(page, "Mechelen")  # the header's results, open
    assert violations(page) == []
    page.goto(f"{lang}/explorer/")
    page.wait_for_selector(".pb-explorer--ready")
    page.locator("#pb-level-tertiary").check()
    assert violations(page) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_wcag_21_aa_violation_in_the_contribute_form_with_its_errors(page: Any, lang: str) -> None:
    page.goto(f"{lang}/contribute/")
    page.wait_for_selector(READY["contribute"])
    page.locator("#pb-c-source").select_option(index=page.locator("#pb-c-source option").count() - 1)  # new
    page.locator("[data-add=city]").click()  # a second city and a second, new, source: numbered labels
    page.locator("[data-add=source]").click()
    page.locator("#pb-c-source-2").select_option(index=page.locator("#pb-c-source-2 option").count() - 1)
    page.locator(".pb-contrib__form button[type=submit]").click()
    page.wait_for_selector(".pb-contrib__errors li")
    assert violations(page) == []


def test_no_wcag_21_aa_violation_on_the_404_page(page: Any) -> None:
    page.goto("404.html")
    assert violations(page) == []


# --- the keyboard alone ------------------------------------------------------------------------


def tab_to(page: Any, selector: str, presses: int = 400) -> None:
    """Press Tab until the focus is on an element matching ``selector`` (from the page's start)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focus_is_visible(page: Any) -> bool:
    """The focused element shows it (WCAG 2.4.7): the pixels around it differ once it loses the focus."""
    clip = page.evaluate("""() => {
        const shown = document.activeElement.closest('label, .pb-sitesearch__bar') || document.activeElement;
        const r = shown.getBoundingClientRect();
        return {x: Math.max(0, r.x - 6), y: Math.max(0, r.y - 6), width: r.width + 12, height: r.height + 12};
    }""")
    focused = page.screenshot(clip=clip)
    page.evaluate("() => { window.pbFocused = document.activeElement; document.activeElement.blur(); }")
    blurred = page.screenshot(clip=clip)
    page.evaluate("() => window.pbFocused.focus()")
    return bool(focused != blurred)


def test_keyboard_only_explorer_filters(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("en/explorer/")
    page.wait_for_selector(".pb-explorer--ready")
    tab_to(page, "#pb-q")
    page.keyboard.type("prison")
    tab_to(page, "#pb-level-tertiary")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    assert page.locator("#pb-level-tertiary").is_checked()
    expected = {p.id for p in kb.find_practices(level="tertiary")}
    page.wait_for_function("() => /^\\d+/.test(document.querySelector('.pb-explorer__count').textContent.trim())")
    shown = page.locator(".pb-explorer__item a").evaluate_all("links => links.map(a => a.pathname)")
    found = {path.rstrip("/").rsplit("/", 1)[-1] for path in shown}
    assert found and found <= expected
    assert re.search(r"[?&]level=tertiary", page.url)


def test_keyboard_only_map_list(page: Any) -> None:
    page.goto("fr/map/")
    page.wait_for_selector(READY["map"])
    tab_to(page, 'a[href$="/cities/mechelen/"]')
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fr/cities/mechelen/$"))


def test_keyboard_only_search(page: Any, kb: pracbase.KnowledgeBase) -> None:
    page.goto("fr/")
    tab_to(page, "#pb-sitesearch-q")
    assert focus_is_visible(page)
    page.keyboard.type("Malines")
    page.wait_for_selector(".pb-sitesearch__result a")
    tab_to(page, '.pb-sitesearch__result a[href$="/fr/cities/mechelen/"]', presses=60)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fr/cities/mechelen/$"))
    assert page.locator("h1").first.inner_text().strip() == kb.cities["mechelen"].names["fr"]


def test_the_contribute_form_by_keyboard_alone(page: Any) -> None:
    page.goto("en/contribute/")
    page.wait_for_selector(READY["contribute"])
    tab_to(page, "#pb-c-id")
    page.keyboard.type("alpha-parents-cafe")
    tab_to(page, "#pb-c-levels-primary")
    page.keyboard.press("Space")
    assert page.locator("#pb-c-levels-primary").is_checked()
    tab_to(page, ".pb-contrib__form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".pb-contrib__errors li")
    errors = page.locator(".pb-contrib__errors li").all_text_contents()
    assert "title: missing (the schema requires it)" in errors
    assert not any(error.startswith(("id:", "levels:")) for error in errors)


def test_keyboard_only_planner_form_and_on_to_a_comparison(page: Any) -> None:
    """The planner's form filled and submitted with the keyboard alone (ACCEPTANCE's request), then a stop's
    comparison with the visiting city reached and opened."""
    page.goto("en/visit/")
    page.wait_for_selector("#pb-visit[data-planned]")
    tab_to(page, "#pb-visit-from")
    assert focus_is_visible(page)
    page.keyboard.type("Luton")
    assert page.locator("#pb-visit-from").input_value() == "luton"
    tab_to(page, ".pb-visit__themes-box > summary", presses=5)
    assert focus_is_visible(page)
    tab_to(page, 'input[name="theme"][value="prison-exit-reintegration"]', presses=60)
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    tab_to(page, "#pb-visit-level", presses=60)
    page.keyboard.type("Tertiary")
    tab_to(page, "#pb-visit-near", presses=60)
    page.keyboard.type("Rotterdam")
    tab_to(page, "#pb-visit-radius")
    assert focus_is_visible(page)
    page.keyboard.type("200")
    tab_to(page, "#pb-visit-days")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("3")
    tab_to(page, ".pb-visit__form [type=submit]", presses=60)
    assert focus_is_visible(page)
    assert violations(page) == []  # the focused button's white text on the accent, too
    page.keyboard.press("Enter")
    page.wait_for_function("() => /[?&]days=3(&|$)/.test(location.search)")
    assert sorted(re.findall(r"[?&]([^=&]+)=([^&]*)", page.url)) == sorted(ACCEPTANCE)
    assert route_on_page(page) == route_of(command_line(ACCEPTANCE, "en"))
    tab_to(page, '.pb-visit__stop[data-city="mechelen"] a[href*="compare/?city=luton&city=mechelen"]')
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/compare/\?city=luton&city=mechelen$"))
    page.wait_for_selector("#pb-compare[data-compared='2']")
    assert page.locator(".pb-compare__grid thead th a").all_inner_texts() == ["Luton", "Mechelen"]
