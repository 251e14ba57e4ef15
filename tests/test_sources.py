"""Sources anyone can cite: records in sources/, cited by id, and no traceback for any shape of entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import pracbase
from pracbase.cli import main

PRACTICE = "practices/alpha-case-meetings.yml"
SOURCE = "sources/alpha-city-website.yml"


def with_sources(tree: Path, block: str) -> None:
    """Replace the practice's ``sources:`` block (its last lines but ``last_reviewed``) with ``block``."""
    path = tree / PRACTICE
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("sources:")]
    path.write_text(head + block + "last_reviewed: 2026-11-23\n", encoding="utf-8")


SHAPES = {
    "text": ("sources: scn-guide\n",
             ["practices/alpha-case-meetings.yml:32:10: sources: expected a list, got text 'scn-guide' "
              "(write `sources: [value, …]`)"]),
    "list-of-ids": ("sources: [scn-guide]\n",
                    ["practices/alpha-case-meetings.yml:32:11: sources.0: expected a mapping of fields, got text "
                     "'scn-guide'"]),
    "mapping": ("sources: {source: scn-guide, section: A}\n",
                ["practices/alpha-case-meetings.yml:32:10: sources: expected a list, got a mapping "
                 "(write `sources: [value, …]`)"]),
    "empty-entry": ("sources:\n  - {}\n",
                    ["practices/alpha-case-meetings.yml:33:5: missing required field 'sources.0.section' "
                     "(add `section:`)",
                     "practices/alpha-case-meetings.yml:33:5: missing required field 'sources.0.source' "
                     "(add `source:`)"]),
    "null-entry": ("sources:\n  -\n",
                   ["practices/alpha-case-meetings.yml:33:4: sources.0: expected a mapping of fields, "
                    "got an empty value"]),
    "nested-list": ("sources:\n  - []\n",
                    ["practices/alpha-case-meetings.yml:33:5: sources.0: expected a mapping of fields, "
                     "got a list"]),
    "number-id": ("sources:\n  - source: 12\n    section: A\n",
                  ["practices/alpha-case-meetings.yml:33:13: sources.0.source: expected text, got a number 12 "
                   "(quote it: \"12\")"]),
    "list-id": ("sources:\n  - source: [scn-guide]\n    section: A\n",
                ["practices/alpha-case-meetings.yml:33:13: sources.0.source: expected text, got a list"]),
    "mapping-id": ("sources:\n  - source: {id: scn-guide}\n    section: A\n",
                   ["practices/alpha-case-meetings.yml:33:13: sources.0.source: expected text, got a mapping"]),
    "bad-id": ("sources:\n  - source: Scn Guide\n    section: A\n",
               ["practices/alpha-case-meetings.yml:33:13: sources.0.source: 'Scn Guide' is not lowercase "
                "kebab-case ASCII (use letters a-z, digits and single hyphens, e.g. 'scn-guide')"]),
    "page-as-text": ("sources:\n  - source: scn-guide\n    section: A\n    page: twelve\n",
                     ["practices/alpha-case-meetings.yml:35:11: sources.0.page: expected a whole number, got text "
                      "'twelve' (write it in digits)"]),
    "old-key": ("sources:\n  - publication: scn-guide\n    section: A\n",
                ["practices/alpha-case-meetings.yml:33:5: missing required field 'sources.0.source' (add `source:`)",
                 "practices/alpha-case-meetings.yml:33:5: unknown field 'sources.0.publication' "
                 "(write `source:` instead: a source is a file in sources/, cited by its id)"]),
    "no-sources": ("sources: []\n",
                   ["practices/alpha-case-meetings.yml:32:10: sources: needs at least 1 value"]),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_any_shape_of_source_entry_gets_a_message(shape: str, tree: Path) -> None:
    block, expected = SHAPES[shape]
    with_sources(tree, block)
    assert [str(p) for p in pracbase.validate(tree)] == expected
    result = CliRunner().invoke(main, ["validate", str(tree)])
    assert result.exit_code == 1 and "Traceback" not in result.output


SOURCE_FILES = {
    "title-as-text": ("title: Alpha City\n", "title: expected a mapping of fields, got text 'Alpha City'"),
    "type-as-list": ("type: [web-page]\n", "type: expected text, got a list"),
    "language-as-number": ("language: 12\n", "language: expected text, got a number 12"),
    "year-as-text": ('year: "2024"\n', "year: expected a whole number, got text '2024'"),
    "url-not-web": ("url: alpha.example.org\n", "url: link 'alpha.example.org' is not an http(s) address"),
    "file-as-mapping": ("file: {name: x}\n", "file: expected text, got a mapping"),
    "consulted-not-a-date": ("consulted: yesterday\n", "consulted: expected a date, got 'yesterday'"),
}


@pytest.mark.parametrize("shape", sorted(SOURCE_FILES))
def test_any_shape_of_source_file_gets_a_message(shape: str, tree: Path) -> None:
    line, message = SOURCE_FILES[shape]
    path = tree / SOURCE
    key = line.split(":")[0]
    lines = [text for text in path.read_text(encoding="utf-8").splitlines(keepends=True)
             if not text.startswith(f"{key}:") and not (key == "title" and text.startswith("  "))]
    lines.insert(2, line)
    path.write_text("".join(lines), encoding="utf-8")
    problems = pracbase.validate(tree)
    assert [(p.path, p.line) for p in problems] == [(SOURCE, 3)]
    assert problems[0].message == message


def test_a_new_web_source_is_cited_and_shown(tree: Path) -> None:
    with_sources(tree, "sources:\n  - source: alpha-city-website\n    section: Case meetings\n")
    kb = pracbase.load(tree)
    source = kb.source("alpha-city-website")
    assert (source.type, source.url, source.consulted.isoformat() if source.consulted else None) == (
        "web-page", "https://alpha.example.org/prevention", "2026-11-20")
    assert source.title_in("fr") == "Alpha City – Prevention"  # no French title: as printed
    # records citing each source: beta, gamma and beta-prison-exit cite prepare, the city alpha icommit-mechelen,
    # the framework and the guide delta-diagnosis scn-guide
    assert kb.stats().by_source == {"prepare": 3, "scn-guide": 2, "alpha-city-website": 1, "icommit-mechelen": 1}


def test_a_source_cited_nowhere_is_kept(small_kb: pracbase.KnowledgeBase) -> None:
    assert sorted(small_kb.sources) == ["alpha-city-website", "icommit-mechelen", "prepare", "scn-guide"]
    assert "alpha-city-website" not in small_kb.stats().by_source


def test_pages_cite_each_source_in_full(tree: Path) -> None:
    """A record's page names the cited document as its file describes it; the about page lists every source."""
    from pracbase import i18n
    from pracbase.site import paths
    from pracbase.site.generate import generate

    with_sources(tree, "sources:\n  - source: alpha-city-website\n    section: Case meetings\n    page: 3\n"
                       "  - source: icommit-mechelen\n    section: Contribution principale\n")
    kb = pracbase.load(tree)
    fr = generate(kb, "fr", i18n.translations("fr"))
    page = fr[paths.practice("alpha-case-meetings")]
    cited = [line for line in page[page.index("## Sources"):].splitlines() if line[:1].isdigit()]
    assert cited[0] == ('1. <span lang="en">*Alpha City – Prevention*</span> <small class="pb-lang">\\(en anglais\\)'
                        '</small>, Page web, City of Alpha, 2024, '
                        '[https://alpha\\.example\\.org/prevention](https://alpha.example.org/prevention), '
                        'consulté le 20 novembre 2026, section « Case meetings », page 3')
    assert cited[1] == ("2. *Malines – Fiche de synthèse : profil des membres du partenariat multipartite*, "
                        "Rapport de projet, Violence Prevention Network \\(projet icommit\\), "
                        "section « Contribution principale »")
    en = generate(kb, "en", i18n.translations("en"))
    about = en[paths.ABOUT]
    # cited by the city alpha and by the practice
    assert ("- *Mechelen – Summary sheet: profile of the multi\\-agency partnership's members*, Project report, "
            "Violence Prevention Network \\(projet icommit\\) · cited by 2 records") in about.splitlines()
