"""The bundled knowledge: complete, bilingual, cited, and covering every seed."""

from __future__ import annotations

import re

import pytest

import pracbase
from pracbase import TAXONOMY

LANGS = ("fr", "en")


def texts(record: pracbase.Record) -> dict[str, pracbase.LocalizedText]:
    fields = {"practice": ("title", "summary", "description"), "project": ("name", "summary", "description"),
              "framework": ("title", "summary", "description"), "city": ("names",)}[record.record_type]
    return {name: getattr(record, name) for name in fields}


def test_every_record_is_bilingual_and_cited(kb: pracbase.KnowledgeBase) -> None:
    missing = [f"{r.record_type} {r.id}: {name}.{lang}"
               for r in kb for name, text in texts(r).items() for lang in LANGS if lang not in text]
    assert missing == []
    assert all(r.sources for r in kb)


def test_every_seed_is_cited(kb: pracbase.KnowledgeBase) -> None:
    cited = {source.seed for record in kb for source in record.sources}
    assert cited == {p.seed for p in TAXONOMY.publications.values()}


def test_icommit_profiles_are_complete(kb: pracbase.KnowledgeBase) -> None:
    for city in ("luton", "mechelen"):
        profile = kb.cities[city].partnership
        assert profile is not None
        for name, text in profile:
            assert all(len(text[lang]) > 150 for lang in LANGS), (city, name)


def test_prepare_has_its_nine_local_activities(kb: pracbase.KnowledgeBase) -> None:
    activities = [p for p in kb.practices_of_project("prepare")
                  if any(s.publication == "prepare" for s in p.sources)]
    assert len(activities) >= 9
    places = {c for p in activities for c in p.cities}
    assert {"avignon", "catalonia", "clichy-sous-bois", "malaga", "rotterdam", "sarcelles", "the-hague",
            "vilvoorde"} <= places


@pytest.mark.parametrize("city", ["alexandroupolis", "augsburg", "dusseldorf", "the-hague",
                                  "l-hospitalet-de-llobregat", "liege", "malaga", "malmo", "montreuil",
                                  "reggio-emilia", "riga", "rotterdam", "solna", "toulouse", "vilvoorde"])
def test_each_efus_member_city_has_its_practice(kb: pracbase.KnowledgeBase, city: str) -> None:
    assert kb.cities[city].member_of("efus")
    assert any(s.publication == "efus-brochure" for p in kb.practices_of_city(city) for s in p.sources)


def test_annex_ii_rows_are_all_recorded(kb: pracbase.KnowledgeBase) -> None:
    """The Strong Cities guide's Annex II table lists 49 practices; each has a record citing it."""
    annex = {p.id for p in kb.practices.values()
             if any(s.publication == "scn-guide" and s.section.startswith("Annexe II") for s in p.sources)}
    assert len(annex) >= 45
    for city in ("cape-town", "aalborg", "prishtina" if "prishtina" in kb.cities else "pristina", "monrovia",
                 "christchurch", "rio-de-janeiro", "mardan", "kumanovo", "zilina", "sousse"):
        assert any(city in kb.practices[p].cities for p in annex), city


def test_descriptions_are_substantial_unless_short_entries(kb: pracbase.KnowledgeBase) -> None:
    thin = [p.id for p in kb.practices.values()
            if not p.short_entry and min(len(p.description[lang]) for lang in LANGS) < 400]
    assert thin == []


def test_no_copied_markup_from_seeds(kb: pracbase.KnowledgeBase) -> None:
    for record in kb:
        for text in texts(record).values():
            for value in text.root.values():
                assert "[Source](#)" not in value and "<u>" not in value


YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")

YEARS_NOT_THE_PRACTICES = {
    "berlin-rehabilitation-reintegration-strategy": "2023 dates a paper about the strategy",
    "greater-manchester-strategy": "2023 dates the guide that lists it",
    "zilina-integration-of-minority-groups": "2023 dates the guide that lists it",
    "helsinki-home-town-helsinki": "2030 is part of a website's name (Housing 2030)",
    "kumanovo-community-action-team": "2022 dates an evaluation of it, not its start",
    "kumanovo-community-resilience-study": "2020 dates the study's publication, not when it was carried out",
    "luton-asylum-accommodation-community-tensions": "2021 dates the arrivals it responds to, not its start",
    "luton-counter-terrorism-local-profile": "2021 dates the arrivals it takes into account",
    "malaga-exit-strategies-frontline-training": "2015 dates the national plan Málaga piloted, not this training",
    "new-south-wales-compact": "December 2014 dates the siege it followed; its launch year is not stated",
    "malmo-mammakraft": "the years date the city's European projects and Efus membership, not the practice",
    "riga-refugee-migrant-support-prevention": "the years date the city's European project and Efus membership",
    "toulouse-local-partnership-mobilisation": "the years date the city's European projects and Efus membership",
    "vilvoorde-second-wave": "the years date the city's European projects and Efus membership",
}
"""Practices whose texts state years that are not when the practice ran, and why (read from each text)."""


def test_years_a_text_gives_for_the_practice_are_in_its_period(kb: pracbase.KnowledgeBase) -> None:
    """A reader looks for "when" in the facts: years stated in the text must be there too."""
    flagged = []
    for practice in kb.practices.values():
        years = {year for field in texts(practice).values() for text in field.root.values()
                 for year in YEAR.findall(text)}
        dated = practice.period.start or practice.period.end
        if not years or practice.id in YEARS_NOT_THE_PRACTICES:
            continue
        if not dated:
            flagged.append(f"{practice.id}: the text states {sorted(years)}, the period is empty")
    assert flagged == []
    for id in YEARS_NOT_THE_PRACTICES:  # the exceptions stay true: each still states years, without a period
        practice = kb.practices[id]
        assert any(YEAR.search(text) for field in texts(practice).values() for text in field.root.values()), id
        assert not (practice.period.start or practice.period.end), f"{id} now has a period: drop the exception"
