"""Lineage (what a practice was adapted from), results, lessons and evidence: the graph's
derived "adapted by", the peer reason of a shared lineage, the facet, the exports and search."""

from __future__ import annotations

import json
from pathlib import Path

import pracbase
from pracbase import export
from pracbase.facets import facet

EXIT = """adapted_from:
  - organisation: Fryshuset – Exit Sweden
    method: {fr: Méthodes d'Exit Suède, en: Exit Sweden's methods}
    sources:
      - source: prepare
        section: Rotterdam
"""
FROM_BETA = """adapted_from:
  - practice: beta-prison-exit
    sources:
      - source: scn-guide
        section: Chapitre 3
results:
  fr: Quarante mères formées.
  en: Forty mothers trained.
lessons:
  fr: Commencer petit.
  en: Start small.
"""


def insert(path: Path, text: str) -> None:
    """Put ``text`` just before the record's ``sources:`` (the field order of the format)."""
    body = path.read_text(encoding="utf-8")
    at = body.rindex("sources:\n")
    path.write_text(body[:at] + text + body[at:], encoding="utf-8")


def test_adapted_by_is_derived_from_adapted_from(tree: Path) -> None:
    insert(tree / "practices" / "alpha-case-meetings.yml", FROM_BETA)
    kb = pracbase.load(tree)
    alpha, beta = kb.practice("alpha-case-meetings"), kb.practice("beta-prison-exit")
    assert kb.graph.adapted_from(alpha) == (beta,)
    assert kb.graph.adopters(beta) == (alpha,)
    assert kb.graph.adopters(alpha) == ()
    assert kb.graph.adapted_from(beta) == ()
    assert kb.graph.transfers() == [(beta, alpha)]
    assert beta.adapted_from == []  # the other direction is never written


def test_reports_facet_and_filter(tree: Path) -> None:
    insert(tree / "practices" / "alpha-case-meetings.yml", FROM_BETA)
    kb = pracbase.load(tree)
    assert kb.practice("alpha-case-meetings").reports == ("results", "lessons", "transfer")
    assert kb.practice("beta-prison-exit").reports == ()
    assert facet("reports").values(kb.practice("alpha-case-meetings"), kb) == ("results", "lessons", "transfer")
    assert [p.id for p in kb.find_practices(reports="results")] == ["alpha-case-meetings"]
    assert [p.id for p in kb.graph.hub("reports", "transfer").practices] == ["alpha-case-meetings"]


def test_shared_lineage_is_a_peer_reason(tree: Path) -> None:
    for name in ("alpha-case-meetings", "beta-prison-exit"):
        insert(tree / "practices" / f"{name}.yml", EXIT)
    kb = pracbase.load(tree)
    [beta] = kb.peers("alpha", top=1, lang="en")
    lineage = [r for r in beta.reasons if r.kind == "lineage"]
    assert [(r.values, r.text) for r in lineage] == [(("model:fryshuset – exit sweden",),
                                                     "both adapted Exit Sweden's methods")]
    [alpha] = kb.peers("beta", top=1, lang="fr")
    assert [r.text for r in alpha.reasons if r.kind == "lineage"] == [
        "toutes deux ont adapté Méthodes d'Exit Suède"]


def test_transfer_between_origin_and_adopter_cities_is_a_peer_reason(tree: Path) -> None:
    # beta-prison-exit is in beta and alpha: make a practice of alpha only the origin
    insert(tree / "practices" / "beta-prison-exit.yml", FROM_BETA.replace("beta-prison-exit", "alpha-case-meetings"))
    kb = pracbase.load(tree)
    [beta] = kb.peers("alpha", top=1, lang="en")
    transfers = [r for r in beta.reasons if r.kind == "transfers"]
    assert [r.text for r in transfers] == [
        "a practice adapted from one to the other: “Case meetings with the police” to “Support on leaving prison”"]


def test_exports_carry_lineage(tree: Path) -> None:
    insert(tree / "practices" / "alpha-case-meetings.yml", FROM_BETA)
    insert(tree / "practices" / "beta-prison-exit.yml", EXIT)
    kb = pracbase.load(tree)
    graph = {node["@id"]: node for node in json.loads(export.to_jsonld(kb))["@graph"]}
    assert graph["urn:pracbase:practices/alpha-case-meetings"]["isBasedOn"] == [
        {"@id": "urn:pracbase:practices/beta-prison-exit"}]
    outside = graph["urn:pracbase:practices/beta-prison-exit"]["isBasedOn"]
    assert [(o["@type"], o["name"], o["creator"]) for o in outside] == [
        ("CreativeWork", {"fr": "Méthodes d'Exit Suède", "en": "Exit Sweden's methods"},
         {"@type": "Organization", "name": "Fryshuset – Exit Sweden"})]
    rows = export.to_csv(kb).splitlines()
    header = rows[0].split(",")
    assert "adapted_from" in header and "reports" in header
    data = json.loads(export.to_json(kb))
    alpha = next(p for p in data["practices"] if p["id"] == "alpha-case-meetings")
    assert alpha["results"] == {"fr": "Quarante mères formées.", "en": "Forty mothers trained."}
    assert alpha["adapted_from"][0]["practice"] == "beta-prison-exit"


def test_search_finds_results_and_lessons(tree: Path) -> None:
    insert(tree / "practices" / "alpha-case-meetings.yml", FROM_BETA)
    kb = pracbase.load(tree)
    assert [hit.record.id for hit in kb.search("quarante", lang="fr")] == ["alpha-case-meetings"]
    assert [hit.record.id for hit in kb.search("start small", lang="en")] == ["alpha-case-meetings"]


# --- the site: practice pages and the transfers page ----------------------------------------


def site_pages(tree: Path, lang: str) -> dict[str, str]:
    from pracbase import i18n
    from pracbase.site.generate import generate

    return generate(pracbase.load(tree), lang, i18n.translations(lang))


def test_practice_pages_show_lineage_both_ways_and_own_sections(tree: Path) -> None:
    from pracbase.site import paths

    insert(tree / "practices" / "alpha-case-meetings.yml", FROM_BETA)
    pages = site_pages(tree, "en")
    alpha, beta = pages[paths.practice("alpha-case-meetings")], pages[paths.practice("beta-prison-exit")]
    assert "## Adapted from" in alpha and "## Adapted by" not in alpha
    assert "- [Support on leaving prison](beta-prison-exit.md) (Beta\\-on\\-Sea, Alpha City) · <small>source:" in alpha
    assert "## Adapted by" in beta and "## Adapted from" not in beta
    assert "- [Case meetings with the police](alpha-case-meetings.md) (Alpha City)" in beta
    assert alpha.index("## Results reported") < alpha.index("## Lessons learned") < alpha.index("## Evaluation")
    assert "Forty mothers trained." in alpha and "Start small." in alpha
    assert "## Results reported" not in beta and "## Next steps" not in alpha


def test_every_practice_page_explains_its_evidence_level(tree: Path) -> None:
    from pracbase.site import paths

    pages = site_pages(tree, "fr")
    beta = pages[paths.practice("beta-prison-exit")]  # no evaluation written: none-stated
    assert "**Aucune évaluation mentionnée**" in beta
    assert "Cela ne veut pas dire que la pratique n'a pas marché" in beta
    alpha = pages[paths.practice("alpha-case-meetings")]  # monitored
    assert "Le suivi montre ce qui a été fait, pas à lui seul ce que cela a changé." in alpha


def test_transfers_page_has_the_map_lines_and_the_list(tree: Path) -> None:
    import html
    import re

    from pracbase.site import paths

    insert(tree / "practices" / "alpha-case-meetings.yml", FROM_BETA)
    insert(tree / "practices" / "beta-prison-exit.yml", EXIT)
    for lang, heading in (("en", "# Transfers"), ("fr", "# Transferts"), ("de", "# Übertragungen")):
        page = site_pages(tree, lang)[paths.TRANSFERS]
        assert heading in page
    page = site_pages(tree, "en")[paths.TRANSFERS]
    lines = json.loads(html.unescape(re.search(r'data-transfers="([^"]*)"', page).group(1)))  # type: ignore[union-attr]
    label = "Support on leaving prison to Case meetings with the police"
    assert lines == [{"from": "beta", "to": "alpha", "label": label}]  # not alpha to alpha: no line
    assert ("- [Support on leaving prison](practices/beta-prison-exit.md) (Beta\\-on\\-Sea, Alpha City), adapted by:\n"
            "    - [Case meetings with the police](practices/alpha-case-meetings.md) (Alpha City)") in page
    assert ("- **Exit Sweden's methods** (Fryshuset – Exit Sweden), adapted by:\n"
            "    - [Support on leaving prison](practices/beta-prison-exit.md) (Beta\\-on\\-Sea, Alpha City)") in page


# --- the records: the transfers the sources state ---------------------------------------------

STATED_TRANSFERS = {
    # Strong Cities guide, ch. 3 (Sports): Gostivar's model used in three Kenyan counties
    ("kenya-counties-youth-development-through-sport", "practice:gostivar-youth-development-through-sport"),
    # PREPARE local activities: the expert partner's methods carried to the city
    ("rotterdam-exit-sweden-probation-training", "model:fryshuset – exit sweden"),
    ("vilvoorde-formers-exit-sweden-case-management", "model:fryshuset – exit sweden"),
    ("malaga-exit-strategies-frontline-training", "model:denkzeit"),
    ("the-hague-restorative-justice-northern-ireland", "model:forum europeen pour la justice restaurative"),
    # Strong Cities guide, ch. 3 (Parenting support) and Annex II: MotherSchools by Women without Borders
    ("pristina-motherschools", "model:women without borders"),
    # Efus brochure: the Land's Wegweiser programme run in Düsseldorf
    ("dusseldorf-wegweiser", "model:land de rhenanie-du-nord-westphalie"),
}
"""Every lineage the records hold, written from the sources, not from the code."""


def test_records_hold_exactly_the_stated_transfers(kb: pracbase.KnowledgeBase) -> None:
    found = {(p.id, o.key) for p in kb.practices.values() for o in p.adapted_from}
    assert found == STATED_TRANSFERS
    for practice in kb.practices.values():
        for origin in practice.adapted_from:  # each cites a section of a seed publication
            assert origin.sources and all(s.section for s in origin.sources)


def test_real_peers_give_lineage_and_transfer_reasons(kb: pracbase.KnowledgeBase) -> None:
    rotterdam = {peer.city.id: peer for peer in kb.peers("rotterdam", top=3, lang="en")}
    assert "both adapted Exit Sweden's methods" in [r.text for r in rotterdam["vilvoorde"].reasons]
    isiolo = {peer.city.id: peer for peer in kb.peers("isiolo-county", top=5, lang="en")}
    assert [r.kind for r in isiolo["gostivar"].reasons if r.kind in ("transfers", "lineage")] == ["transfers"]
    gostivar = kb.practice("gostivar-youth-development-through-sport")
    assert kb.graph.adopters(gostivar) == (kb.practice("kenya-counties-youth-development-through-sport"),)


def test_practices_reporting_results_are_found_by_the_facet(kb: pracbase.KnowledgeBase) -> None:
    with_results = {p.id for p in kb.find_practices(reports="results")}
    assert with_results == {p.id for p in kb.practices.values() if p.results is not None}
    assert {"sarcelles-young-offenders-citizenship-training", "new-south-wales-compact",
            "london-shared-endeavour-fund", "catalonia-multi-agency-release-case-management"} <= with_results
    assert "sollentuna-probation-exit-sweden-workshop" not in with_results  # evidence (numbers), no result stated
