"""The Contribute page's form (issue 15), in the real built site, in headless Chromium.

The contract: what the form produces passes the real validator. A contributor fills it in on
a desktop or a phone; the YAML the page shows is written into a copy of the fixture tree and
``pracbase validate`` must say OK. A missing title is reported in the form with the schema's
words, and nothing is offered to copy. Without ``repo_url`` the page says it offers the text
only; with it, the link opens GitHub's "new file" page holding exactly that text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import pracbase
from pracbase.schema import json_schema

FORM = ".pb-contrib:not([hidden]) .pb-contrib__values input"

SUMMARY_EN = ("Parents meet once a month in a neighbourhood centre to talk about their teenagers' lives "
              "online, with a prevention worker.")
SUMMARY_FR = ("Des parents se retrouvent une fois par mois dans un centre social pour parler de la vie en "
              "ligne de leurs adolescents, avec un professionnel de la prévention.")


def validate(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pracbase.cli", "validate", str(tree)],
                          capture_output=True, text=True, check=False)


def open_form(page: Any, lang: str = "en") -> None:
    page.goto(f"{lang}/contribute/")
    page.wait_for_selector(FORM)


def fill_practice(page: Any, id: str) -> None:
    page.fill("#pb-c-id", id)
    page.fill("#pb-c-title-fr", "Café des parents")
    page.fill("#pb-c-title-en", "Parents' café")
    page.fill("#pb-c-summary-fr", SUMMARY_FR)
    page.fill("#pb-c-summary-en", SUMMARY_EN)
    page.fill("#pb-c-description-fr", "**Ce qui est fait.** " + SUMMARY_FR + "\n\nUne deuxième ligne : « citée ».")
    page.fill("#pb-c-description-en", "**What is done.** " + SUMMARY_EN + "\n\nA second line: \"quoted\".")
    page.check("#pb-c-levels-primary")
    page.check("#pb-c-themes-youth")
    page.check("#pb-c-target_groups-families")


def cite_and_submit(page: Any, section: str = "Annexe II") -> None:
    """Cite the Strong Cities guide at ``section`` and submit the form."""
    page.select_option("#pb-c-source", value="scn-guide")
    page.fill("#pb-c-section", section)
    page.click(".pb-contrib__form button[type=submit]")


@pytest.mark.parametrize("device", ["page", "phone"])
def test_the_form_writes_a_practice_and_a_new_web_source_that_pass_validate(
        request: pytest.FixtureRequest, device: str, tree: Path) -> None:
    page = request.getfixturevalue(device)
    open_form(page)
    fill_practice(page, "alpha-parents-cafe")
    page.select_option("#pb-c-city", label="A new city…")  # alpha exists in the fixture tree, not in the site's
    page.fill("#pb-c-city-id", "alpha")
    page.select_option("#pb-c-source", label="A new web page…")
    page.fill("#pb-c-source-id", "alpha-parents-cafe-page")
    page.fill("#pb-c-source-title", "The parents' café")
    page.fill("#pb-c-source-publisher", "City of Alpha")
    page.fill("#pb-c-source-url", "https://alpha.example.org/parents-cafe")
    page.fill("#pb-c-source-consulted", "2026-11-30")
    page.fill("#pb-c-section", "Parents' café")
    page.click(".pb-contrib__form button[type=submit]")
    page.wait_for_selector(".pb-contrib__valid")
    blocks = page.locator(".pb-contrib__yaml pre").all_text_contents()
    assert len(blocks) == 2
    assert "pracbase new city --id alpha" in page.text_content(".pb-contrib__city")
    (tree / "practices" / "alpha-parents-cafe.yml").write_text(blocks[0], encoding="utf-8")
    (tree / "sources" / "alpha-parents-cafe-page.yml").write_text(blocks[1], encoding="utf-8")
    result = validate(tree)
    assert result.returncode == 0, blocks[0] + blocks[1] + result.stdout + result.stderr
    assert "source: alpha-parents-cafe-page" in blocks[0]
    assert "cities: [alpha]" in blocks[0]
    assert "url: \"https://alpha.example.org/parents-cafe\"" in blocks[1]
    assert "consulted: 2026-11-30" in blocks[1]


def test_the_form_cites_an_existing_source_in_french(page: Any, tree: Path) -> None:
    open_form(page, "fr")
    fill_practice(page, "beta-parents-cafe")
    page.select_option("#pb-c-city", label="Nouvelle ville…")
    page.fill("#pb-c-city-id", "beta")
    cite_and_submit(page, section="Annexe II : Pratiques des villes")
    page.wait_for_selector(".pb-contrib__valid")
    blocks = page.locator(".pb-contrib__yaml pre").all_text_contents()
    assert len(blocks) == 1  # no new source file
    (tree / "practices" / "beta-parents-cafe.yml").write_text(blocks[0], encoding="utf-8")
    result = validate(tree)
    assert result.returncode == 0, blocks[0] + result.stdout + result.stderr


@pytest.mark.parametrize("device", ["page", "phone"])
def test_a_missing_title_shows_the_schemas_error_and_nothing_to_copy(request: pytest.FixtureRequest,
                                                                      device: str) -> None:
    page = request.getfixturevalue(device)
    open_form(page)
    fill_practice(page, "alpha-parents-cafe")
    page.fill("#pb-c-title-fr", "")
    page.fill("#pb-c-title-en", "")
    page.select_option("#pb-c-city", index=1)
    cite_and_submit(page)
    page.wait_for_selector(".pb-contrib__errors li")
    assert page.locator(".pb-contrib__errors li").all_text_contents() == ["title: missing (the schema requires it)"]
    assert page.locator(".pb-contrib__yaml").count() == 0


def test_the_form_reads_its_rules_from_the_published_schema(built_site: Path) -> None:
    """The form's data carries the practice's schema as ``pracbase schema`` writes it: one copy of the rules."""
    for lang in ("fr", "en"):
        data = json.loads((built_site / lang / "assets" / "pracbase" / "contribute.json").read_text("utf-8"))
        assert data["schemas"]["practice"] == json_schema("practice")
        assert data["schemas"]["source"] == json_schema("source")
        assert [term[0] for term in data["vocabularies"]["levels"]] == ["primary", "secondary", "tertiary"]
    published = json.loads((built_site / "api" / "schemas" / "practice.schema.json").read_text("utf-8"))
    assert published["properties"] == json_schema("practice")["properties"]


def test_without_a_repository_the_page_offers_the_text_only(page: Any) -> None:
    open_form(page)
    fill_practice(page, "alpha-parents-cafe")
    page.select_option("#pb-c-city", index=1)
    cite_and_submit(page)
    page.wait_for_selector(".pb-contrib__valid")
    assert page.locator(".pb-contrib__no-repo").count() == 1
    assert page.locator("a[href*='github.com']").count() == 0


def test_with_a_repository_the_link_opens_githubs_new_file_page_with_the_text(page: Any) -> None:
    def with_repo(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace('data-repo=""', 'data-repo="https://github.com/example/kb"')
        route.fulfill(response=response, body=body)

    page.route("**/en/contribute/", with_repo)
    open_form(page)
    fill_practice(page, "alpha-parents-cafe")
    page.select_option("#pb-c-city", index=1)
    cite_and_submit(page)
    page.wait_for_selector(".pb-contrib__valid")
    href = page.get_attribute(".pb-contrib__result a.md-button", "href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/example/kb/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == ["practices/alpha-parents-cafe.yml"]
    assert query["value"] == [page.text_content(".pb-contrib__yaml pre")]
    assert page.locator(".pb-contrib__no-repo").count() == 0


def test_without_javascript_the_page_gives_the_template_path(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto("fr/contribute/")
        assert not page.locator(".pb-contrib").is_visible()
        assert "pracbase new practice" in page.content().split("<noscript>")[1].split("</noscript>")[0]
        assert page.locator("h2", has_text="Ajouter ou corriger une fiche").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("device", ["page", "phone"])
def test_two_cities_and_two_sources_pass_validate(request: pytest.FixtureRequest, device: str, tree: Path) -> None:
    """Several cities and sources, as bundled practices have: each added with its button, each labelled,
    each source with its section and page; the YAML and the new source's file pass validate."""
    page = request.getfixturevalue(device)
    open_form(page)
    fill_practice(page, "alpha-parents-cafe")
    page.select_option("#pb-c-city", label="A new city…")  # alpha and beta exist in the fixture tree only
    page.fill("#pb-c-city-id", "alpha")
    page.click("[data-add=city]")
    assert page.evaluate("document.activeElement.id") == "pb-c-city-2"  # the new row has the focus
    assert page.locator("label[for=pb-c-city-2]").text_content() == "City of the practice 2"
    page.select_option("#pb-c-city-2", label="A new city…")
    page.fill("#pb-c-city-id-2", "beta")
    page.select_option("#pb-c-source", value="scn-guide")
    page.fill("#pb-c-section", "Annexe II : Pratiques des villes")
    page.fill("#pb-c-page", "12")
    page.click("[data-add=source]")
    page.select_option("#pb-c-source-2", label="A new web page…")
    assert page.locator("label[for=pb-c-section-2]").text_content() == "Section cited (Source 2)"
    page.fill("#pb-c-source-id-2", "alpha-parents-cafe-page")
    page.fill("#pb-c-source-title-2", "The parents' café")
    page.fill("#pb-c-source-publisher-2", "City of Alpha")
    page.fill("#pb-c-source-url-2", "https://alpha.example.org/parents-cafe")
    page.fill("#pb-c-source-consulted-2", "2026-11-30")
    page.fill("#pb-c-section-2", "Parents' café")
    page.click("[data-add=city]")  # a third row left empty is no city
    page.click(".pb-contrib__form button[type=submit]")
    page.wait_for_selector(".pb-contrib__valid")
    blocks = page.locator(".pb-contrib__yaml pre").all_text_contents()
    assert len(blocks) == 2
    assert "cities: [alpha, beta]" in blocks[0]
    assert ("sources:\n  - source: scn-guide\n    section: \"Annexe II : Pratiques des villes\"\n    page: 12\n"
            "  - source: alpha-parents-cafe-page\n    section: \"Parents' café\"\n") in blocks[0]
    assert page.locator(".pb-contrib__city").all_text_contents() == [
        "The city is new: create cities/alpha.yml with pracbase new city --id alpha in the same pull request.",
        "The city is new: create cities/beta.yml with pracbase new city --id beta in the same pull request."]
    assert page.locator(".pb-contrib__city code").all_text_contents() == [
        "pracbase new city --id alpha", "pracbase new city --id beta"]
    (tree / "practices" / "alpha-parents-cafe.yml").write_text(blocks[0], encoding="utf-8")
    (tree / "sources" / "alpha-parents-cafe-page.yml").write_text(blocks[1], encoding="utf-8")
    result = validate(tree)
    assert result.returncode == 0, blocks[0] + blocks[1] + result.stdout + result.stderr
    kb = pracbase.load(tree)
    practice = kb.practices["alpha-parents-cafe"]
    assert list(practice.cities) == ["alpha", "beta"]
    assert [(s.source, s.page) for s in practice.sources] == [("scn-guide", 12), ("alpha-parents-cafe-page", None)]


def test_a_removed_row_is_gone_and_the_focus_returns_to_its_button(page: Any) -> None:
    open_form(page)
    page.click("[data-add=source]")
    page.click("[data-add=source]")
    assert page.locator("[data-group=source] .pb-contrib__row").count() == 3
    page.click("[aria-label='Remove Source 2']")
    assert page.locator("[data-group=source] .pb-contrib__row").count() == 2
    assert page.evaluate("document.activeElement.dataset.add") == "source"
    assert page.locator("#pb-c-source-3").count() == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_text_in_one_language_gets_validates_words_and_the_policy(page: Any, tree: Path, lang: str) -> None:
    """A contributor who writes French only: the form names each missing English text with validate's
    words, says what CONTRIBUTING says (open the pull request, say so, a maintainer translates), and still
    gives the file; validate then reports exactly those texts."""
    open_form(page, lang)
    fill_practice(page, "alpha-parents-cafe")
    for name in ("title", "summary", "description"):
        page.fill(f"#pb-c-{name}-en", "")
    page.select_option("#pb-c-city", value="\u0000new")
    page.fill("#pb-c-city-id", "alpha")
    cite_and_submit(page)
    page.wait_for_selector(".pb-contrib__missing li")
    missing = page.locator(".pb-contrib__missing li").all_text_contents()
    expected = {"en": ["title: no English text (en)", "summary: no English text (en)",
                       "description: no English text (en)"],
                "fr": ["title : pas de texte en anglais (en)", "summary : pas de texte en anglais (en)",
                       "description : pas de texte en anglais (en)"]}
    assert missing == expected[lang]
    assert page.locator(".pb-contrib__valid, .pb-contrib__errors").count() == 0
    translate = page.text_content(".pb-contrib__translate")
    assert ("a maintainer will add the missing translations" if lang == "en"
            else "un mainteneur ajoutera les traductions manquantes") in translate
    block = page.text_content(".pb-contrib__yaml pre")
    (tree / "practices" / "alpha-parents-cafe.yml").write_text(block, encoding="utf-8")
    result = validate(tree)
    assert result.returncode == 1
    problems = result.stdout + result.stderr
    assert re.findall(r": (\w+): no English text \(en\)", problems) == ["title", "summary", "description"], \
        problems
