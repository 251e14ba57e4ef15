"""Page generation as a plain function of the knowledge base (no MkDocs), and safe markup."""

from __future__ import annotations

import json
import re

import pytest

import pracbase
from pracbase import i18n
from pracbase.site import context, markup, paths
from pracbase.site.generate import generate, navigation


@pytest.fixture(scope="module")
def pages_en(small_kb: pracbase.KnowledgeBase) -> dict[str, str]:
    return generate(small_kb, "en", i18n.translations("en"))


def test_every_record_and_hub_has_a_page(small_kb: pracbase.KnowledgeBase, pages_en: dict[str, str]) -> None:
    expected = {paths.practice(p) for p in small_kb.practices} | {paths.city(c) for c in small_kb.cities} \
        | {paths.project(p) for p in small_kb.projects} | {paths.framework(f) for f in small_kb.frameworks} \
        | {paths.level(t.id) for t in small_kb.taxonomy.levels} \
        | {paths.theme(t.id) for t in small_kb.taxonomy.themes} \
        | {paths.concern(t.id) for t in small_kb.taxonomy.concerns} \
        | {paths.region(c.region) for c in small_kb.cities.values()} \
        | {paths.country(c.country) for c in small_kb.cities.values()} \
        | {paths.HOME, paths.ABOUT, paths.CONTRIBUTE, paths.EXPLORER, paths.MAP, paths.PRACTICES, paths.CITIES,
           paths.PROJECTS, paths.FRAMEWORKS, paths.LEVELS, paths.THEMES, paths.CONCERNS, paths.REGIONS,
           paths.COUNTRIES}
    assert expected <= set(pages_en)
    assert all(page.lstrip().startswith(("---", "# ")) for page in pages_en.values())


def test_practice_page_content(pages_en: dict[str, str]) -> None:
    page = pages_en[paths.practice("alpha-case-meetings")]
    assert page.count("\n# ") + page.startswith("# ") == 1
    assert "# Case meetings with the police" in page
    assert "[Alpha City](../cities/alpha.md)" in page
    assert "(../levels/secondary.md)" in page and "(../themes/youth.md)" in page
    assert "Local police · Police" in page
    assert "since 2015" in page
    assert "icommit" in page and "section “Contribution principale”" in page
    assert "Shown in" not in page


def test_fallback_is_visible_in_a_third_language(small_kb: pracbase.KnowledgeBase) -> None:
    page = generate(small_kb, "de", i18n.translations("de"))[paths.practice("alpha-case-meetings")]
    # German falls back to English before French (i18n.FALLBACKS), whatever the original language.
    assert '!!! info pb-fallback ""\n    Angezeigt auf Englisch – noch keine deutsche Fassung\\.' in page
    assert "# Case meetings with the police" in page
    assert '<span lang="en">Local police</span> <small class="pb-lang">\\(auf Englisch\\)</small>' in page


def test_generation_is_deterministic(small_kb: pracbase.KnowledgeBase, pages_en: dict[str, str]) -> None:
    assert generate(small_kb, "en", i18n.translations("en")) == pages_en


def test_navigation_is_short_and_lists_no_record() -> None:
    nav = navigation(i18n.translations("fr"))
    targets = [target for entry in nav for target in entry.values()]
    assert len(nav) <= 12  # hubs (guides, levels, themes, regions, countries) and tools: fits a phone screen
    assert not any(re.match(r"(practices|cities|projects|frameworks|guides)/[^/]+\.md$", t)
                   and not t.endswith("index.md") for t in targets)
    assert list(nav[0]) == ["Accueil"]


def test_long_lists_continue_on_numbered_pages(small_kb: pracbase.KnowledgeBase,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "PAGE_SIZE", 1)
    pages = generate(small_kb, "en", i18n.translations("en"))
    assert "practices/all/2.md" in pages
    assert "Page 1 of 2" in pages[paths.PRACTICES] and "(all/2.md)" in pages[paths.PRACTICES]
    assert pages["practices/all/2.md"].startswith("# Practices, page 2")  # no search entry: not searched
    region = max(small_kb.graph.hubs["region"], key=lambda code: len(small_kb.graph.hubs["region"][code].practices))
    first = paths.region(region)
    continued = [page for path, page in pages.items() if path.startswith(first.removesuffix(".md") + "/")]
    assert pages[first].startswith("---\npagefind: ") and continued
    assert not any(page.startswith("---") for page in continued)
    assert "(../index.md)" in pages["practices/all/2.md"]
    second = pages["practices/all/2.md"]
    assert "(../beta-prison-exit.md)" in second


def test_inline_text_cannot_make_markup() -> None:
    assert markup.inline("a < b & <3") == "a &lt; b &amp; &lt;3"
    assert markup.inline("[x](https://e.org) *y* {: .c} C#") == r"\[x\]\(https://e\.org\) \*y\* \{: \.c\} C\#"
    assert markup.inline("two\nlines") == "two lines"


def test_block_text_is_sanitised() -> None:
    html = markup.block("# T\n\na <b>x</b> [ok](https://e.org) [no](javascript:alert(1)) ![i](https://t.example/p.png)")
    assert "<h3>T</h3>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert '<a href="https://e.org">ok</a>' in html
    assert "javascript" not in html and "<img" not in html and "t.example" not in html
    assert 'lang="fr"' in markup.block("x", "fr")
    assert "data-pagefind-ignore" in markup.block("x", searchable=False)


def test_other_names_are_those_of_the_other_languages(small_kb: pracbase.KnowledgeBase) -> None:
    alpha = small_kb.cities["alpha"]
    assert context.other_names("fr", [alpha]) == ["Alpha City"]
    assert context.other_names("en", [alpha]) == ["Alphaville"]


def test_front_matter_is_json_valued_yaml() -> None:
    assert context.front_matter(tags=["a: b"], search=None) == '---\ntags: ["a: b"]\n---\n\n'
    assert context.front_matter() == ""


def test_city_page_peers_in_the_page_language(small_kb: pracbase.KnowledgeBase, pages_en: dict[str, str]) -> None:
    english = pages_en[paths.city("alpha")]
    assert "## Peer cities" in english and "(beta.md)" in english and "100 km apart" in english
    german = generate(small_kb, "de", i18n.translations("de"))[paths.city("alpha")]
    start = german.index("## Vergleichbare Städte")
    peers = german[start:german.index("\n## ", start)]
    assert "100 km voneinander entfernt" in peers and "100 km apart" not in peers
    assert '<span class="pb-reasons">' in peers and "noch keine deutsche Fassung" not in peers


def test_related_practices_say_what_they_share(pages_en: dict[str, str]) -> None:
    page = pages_en[paths.practice("alpha-case-meetings")]
    related = page[page.index("## Related practices"):]
    assert "(beta-prison-exit.md)" in related and "in common:" in related


def test_record_and_hub_pages_enter_the_search_with_type_place_and_facets(small_kb: pracbase.KnowledgeBase,
                                                                         pages_en: dict[str, str]) -> None:
    page = pages_en[paths.practice("alpha-case-meetings")]
    entry = json.loads(re.search(r"^pagefind: (.*)$", page, re.M).group(1))
    practice = small_kb.practices["alpha-case-meetings"]
    cities = [small_kb.cities[c] for c in practice.cities]
    assert entry["meta"] == {"type": "Practice", "city": ", ".join(c.names["en"] for c in cities),
                             "country": ", ".join(dict.fromkeys(i18n.country_name(c.country, "en") for c in cities))}
    assert entry["filters"]["type"] == ["Practice"]
    assert entry["filters"]["level"] == [small_kb.taxonomy.levels[v].label["en"] for v in practice.levels]
    assert entry["filters"]["theme"] == [small_kb.taxonomy.themes[v].label["en"] for v in practice.themes]
    assert "Alphaville" in entry["names"]
    # The full text at every size: the description, facts and actors are searched; sources are not.
    assert "## Description\n" in page and '<div class="pb-facts" markdown>' in page
    assert "## Sources { data-pagefind-ignore }" in page
    level = pages_en[paths.level(practice.levels[0])]
    assert json.loads(re.search(r"^pagefind: (.*)$", level, re.M).group(1))["meta"] == {"type": "Prevention level"}
    for index in (paths.PRACTICES, paths.HOME, paths.ABOUT, paths.DEVELOPERS):
        assert "pagefind:" not in pages_en[index]
