"""Guides: the method of the sources, step by step, linked both ways to the practices that show it."""

from __future__ import annotations

import json

import jsonschema
import pytest

import pracbase
from pracbase import export, yamlio
from pracbase import schema as schemas
from tests.conftest import ROOT


def test_guides_are_loaded_by_id(small_kb: pracbase.KnowledgeBase) -> None:
    assert list(small_kb.guides) == ["delta-diagnosis"]
    guide = small_kb.guide("delta-diagnosis")
    assert [s.id for s in guide.steps] == ["listen", "use-existing-data"]
    assert guide.step("use-existing-data").title["en"] == "Use existing data"
    assert guide.number(guide.step("use-existing-data")) == 2
    assert guide.references[0].url == "https://example.org/manual" and guide.references[0].year == 2020
    assert small_kb.record("guide", "delta-diagnosis") is guide
    assert len(small_kb) == 7 and guide in list(small_kb)


def test_unknown_guide_suggests_the_closest(small_kb: pracbase.KnowledgeBase) -> None:
    with pytest.raises(pracbase.NotFoundError) as caught:
        small_kb.guide("delta-diagnosys")
    assert caught.value.suggestions == ["delta-diagnosis"]


def test_steps_of_a_practice(small_kb: pracbase.KnowledgeBase) -> None:
    refs = small_kb.steps_of("alpha-case-meetings")
    assert [(r.guide.id, r.step.id if r.step else None, r.number) for r in refs] == [
        ("delta-diagnosis", None, None), ("delta-diagnosis", "listen", 1), ("delta-diagnosis", "use-existing-data", 2)]
    assert small_kb.steps_of("beta-prison-exit") == []


def test_links_go_both_ways(small_kb: pracbase.KnowledgeBase) -> None:
    practice = small_kb.neighbours(small_kb.practice("alpha-case-meetings"))
    assert [g.id for g in practice.guides] == ["delta-diagnosis"]
    assert small_kb.neighbours(small_kb.practice("beta-prison-exit")).guides == ()
    guide = small_kb.neighbours(small_kb.guide("delta-diagnosis"))
    assert [p.id for p in guide.practices] == ["alpha-case-meetings"]
    assert [c.id for c in guide.cities] == ["alpha"]


def test_stats_count_guides(small_kb: pracbase.KnowledgeBase) -> None:
    assert small_kb.stats().guides == 1


def test_diagnosis_guide_has_ten_steps_linked_to_the_boxed_examples(kb: pracbase.KnowledgeBase) -> None:
    guide = kb.guide("scn-local-diagnosis")
    assert len(guide.steps) == 10
    assert guide.step("use-existing-data").title["en"] == "Use existing data"
    assert guide.number(guide.step("use-existing-data")) == 6
    assert {s.id: s.practices for s in guide.steps if s.practices} == {
        "participatory-models": ["london-comprehensive-listening-exercise", "edmonton-anti-racism-strategy"],
        "contextualise": ["kumanovo-community-resilience-study"],
        "online-influences": ["malmo-safe-digital-cities", "aalborg-online-democratic-conversations"],
    }
    assert [(r.guide.id, r.number) for r in kb.steps_of("malmo-safe-digital-cities")] == [("scn-local-diagnosis", 3)]


def test_every_guide_is_bilingual_and_cited(kb: pracbase.KnowledgeBase) -> None:
    for guide in kb.guides.values():
        assert guide.sources, guide.id
        for text in (guide.title, guide.summary, *(t for s in guide.steps for t in (s.title, s.text))):
            assert {"fr", "en"} <= set(text.languages), guide.id


def test_guide_files_follow_their_schema() -> None:
    validator = jsonschema.Draft7Validator(schemas.json_schema("guide"))
    files = sorted((ROOT / "guides").glob("*.yml"))
    assert files
    for file in files:
        data = json.loads(json.dumps(yamlio.parse(yamlio.read_text(file)), default=str))
        assert list(validator.iter_errors(data)) == [], file.name


def test_search_finds_guides(kb: pracbase.KnowledgeBase) -> None:
    hits = kb.search("diagnostic local dix étapes", "fr", limit=3)
    assert hits[0].record.id == "scn-local-diagnosis" and hits[0].type == "guide"
    hits = kb.search("use existing data", "en", type="guide")
    assert [h.record.id for h in hits][:1] == ["scn-local-diagnosis"]


def test_exports_carry_guides(small_kb: pracbase.KnowledgeBase) -> None:
    data = json.loads(export.to_json(small_kb, "en"))
    assert [g["id"] for g in data["guides"]] == ["delta-diagnosis"]
    assert [s["practices"] for s in data["guides"][0]["steps"]] == [["alpha-case-meetings"], ["alpha-case-meetings"]]
    graph = json.loads(export.to_jsonld(small_kb))["@graph"]
    node = next(n for n in graph if n["@id"] == "urn:pracbase:guides/delta-diagnosis")
    assert node["@type"] == "HowTo"
    assert [(s["position"], s["@id"]) for s in node["step"]] == [
        (1, "urn:pracbase:guides/delta-diagnosis#listen"), (2, "urn:pracbase:guides/delta-diagnosis#use-existing-data")]
    assert node["step"][0]["workExample"] == [{"@id": "urn:pracbase:practices/alpha-case-meetings"}]
    assert node["workExample"] == [{"@id": "urn:pracbase:practices/alpha-case-meetings"}]
    assert node["pracbase:reference"] == [{"@type": "CreativeWork", "name": "Un manuel fictif",
                                           "url": "https://example.org/manual", "datePublished": "2020",
                                           "publisher": {"@type": "Organization", "name": "Alpha Institute"}}]


def test_guide_and_practice_pages(small_kb: pracbase.KnowledgeBase) -> None:
    from pracbase import i18n
    from pracbase.site.generate import generate

    pages = generate(small_kb, "en", i18n.translations("en"))
    guide = pages["guides/delta-diagnosis.md"]
    assert "## 2\\. Use existing data { #use-existing-data }" in guide
    assert "[Case meetings with the police](../practices/alpha-case-meetings.md)" in guide
    assert "[*Un manuel fictif*](https://example.org/manual), Alpha Institute, 2020" in guide
    practice = pages["practices/alpha-case-meetings.md"]
    assert ("- This practice illustrates step 1 of [Establishing a fictitious diagnosis]"
            "(../guides/delta-diagnosis.md): [Listen to residents](../guides/delta-diagnosis.md#listen)") in practice
    assert ("- This practice illustrates the guide [Establishing a fictitious diagnosis](../guides/delta-diagnosis.md) "
            "as a whole\\.") in practice
    assert "illustrates" not in pages["practices/beta-prison-exit.md"]
    french = generate(small_kb, "fr", i18n.translations("fr"))["practices/alpha-case-meetings.md"]
    assert ("- Cette pratique illustre l'étape 1 du guide [Établir un diagnostic fictif]"
            "(../guides/delta-diagnosis.md) : [Écouter les habitants](../guides/delta-diagnosis.md#listen)") in french
    assert "[Establishing a fictitious diagnosis](delta-diagnosis.md)** · 2 steps" in pages["guides/index.md"]
