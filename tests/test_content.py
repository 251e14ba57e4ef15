"""The bundled knowledge: complete, bilingual, cited, and covering every seed."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path

import pytest
from pydantic import BaseModel

import pracbase
from pracbase import TAXONOMY

from .conftest import ROOT

LANGS = ("fr", "en")


def texts(record: pracbase.Record) -> dict[str, pracbase.LocalizedText]:
    if isinstance(record, pracbase.Guide):
        found = {"title": record.title, "summary": record.summary}
        if record.description:
            found["description"] = record.description
        for step in record.steps:
            found |= {f"steps.{step.id}.title": step.title, f"steps.{step.id}.text": step.text}
        return found
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


# --- Traceability: project links and editorial lessons (issue 16) ---------------------------------

def _seeds_dir() -> Path | None:
    """The source documents: ``shared/seeds`` beside the repository (CI, main checkout) or beside
    the folder of worktrees (``/work/wt/<branch>`` → ``/work/shared/seeds``)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "seeds").is_dir():
            return base / "shared" / "seeds"
    return None


SEEDS = _seeds_dir()
needs_seeds = pytest.mark.skipif(SEEDS is None and not os.environ.get("CI"),
                                 reason="the source documents (shared/seeds) are not beside the repository")


def fold(text: str) -> str:
    """Lowercase, accents, typographic apostrophes and Markdown emphasis removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("*", ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


def section_label(section: str) -> str:
    """The most specific heading a cited section names: the box title (« … »), else the part after
    the last dash, without the practice title that follows a brochure city heading."""
    boxes = re.findall(r"«\s*([^»]+?)\s*»", section)
    if "encadré" in section and boxes:
        return boxes[-1]
    label = re.split(r" – ", section)[-1]
    city = re.match(r"(.+? \([^)]+\))\s*:", label)  # "Malmö (Suède) : « Mammakraft »" → "Malmö (Suède)"
    return city.group(1) if city else label


# A brochure city profile ends with the city's list of EU projects and its Efus membership: that list
# belongs to the city, never to the practice described above it. The icommit profiles end with the
# project's contact block, which names the project whatever the section: not evidence either.
CITY_PROJECT_LIST = re.compile(r"participation a des projets europeens|accompagnements de l'efus|get in touch")


def passage(seed: str, section: str, labels: list[str]) -> str:
    """The text of ``section`` in the seed: from its heading to the next heading any record cites."""
    text = fold(seed_text(seed))
    label = fold(section_label(section))
    start = text.find(label)
    assert start >= 0, f"section {section!r} not found in seed {seed} (cite it as printed)"
    body = start + len(label)
    ends = [i for other in labels if (i := text.find(fold(other), body)) > body and fold(other) != label]
    chunk = text[start:min(ends, default=len(text))]
    cut = CITY_PROJECT_LIST.search(chunk)
    return chunk[:cut.start()] if cut else chunk


@functools.cache
def seed_text(seed: str) -> str:
    assert SEEDS is not None, "shared/seeds is missing beside the repository"
    return (SEEDS / seed).read_text(encoding="utf-8")


def names_of(project: pracbase.Project) -> set[str]:
    return {fold(project.acronym), *(fold(name) for name in project.name.root.values())}


@needs_seeds
def test_every_project_link_is_backed_by_the_source(kb: pracbase.KnowledgeBase) -> None:
    """A practice links a project only where its cited source ties the practice to it: the project
    is named in the publication's title or in the cited section's own text — not in the city's list
    of EU projects that closes each brochure profile."""
    labels: dict[str, list[str]] = {}
    for record in kb:
        for source in record.sources:
            labels.setdefault(source.seed, []).append(section_label(source.section))
    unbacked = []
    for practice in kb.practices.values():
        for project_id in practice.projects:
            names = names_of(kb.projects[project_id])
            backed = any(
                any(name in fold(TAXONOMY.publications[s.publication].title) for name in names)
                or any(name in passage(s.seed, s.section, labels[s.seed]) for name in names)
                for s in practice.sources)
            if not backed:
                unbacked.append(f"{practice.id} → {project_id}")
    assert unbacked == []


def test_the_city_project_list_is_not_evidence() -> None:
    """The rule above at work on the brochure's Malmö profile: its body names no project, its closing
    list names three; the passage keeps the body and drops the list."""
    if SEEDS is None:
        pytest.skip("shared/seeds is not beside the repository")
    section = ("Les collectivités européennes se mobilisent pour prévenir et lutter contre la "
               "radicalisation – Malmö (Suède) : « Mammakraft » (« Le Pouvoir des mamans »)")
    text = passage("001_657a96bbc64b0a95.txt", section, ["Montreuil (France)"])
    assert "mammakraft" in text and "groupes de meres" in text
    assert "bounce" not in text and "liaise" not in text


# Phrasings by which a text draws a lesson in its own voice ("the example shows…"). A lesson the
# source itself states is written as the source's ("according to the guide…"), never like this.
EDITORIAL_LESSONS = [
    r"\b(l'|cet |ce t)exemple (illustre|montre)", r"\bce qui illustre\b", r"\b(illustre|montre) l'interet\b",
    r"\ble cas (illustre|rejoint)\b", r"\bil illustre\b", r"\belle montre comment\b",
    r"\b(the|this) example (illustrates|shows)\b", r"\bwhich illustrates\b", r"\b(illustrates|shows) the value\b",
    r"\bthe case (illustrates|matches)\b", r"\bconcrete illustration\b", r"\bit (illustrates|shows how)\b",
    r"^(enseignements?|lessons?)\. ",
]


def record_texts(record: pracbase.Record) -> list[tuple[str, str]]:
    """Every human-readable text of a record, as (field, text), all languages."""
    found: list[tuple[str, str]] = []

    def walk(name: str, value: object) -> None:
        if isinstance(value, pracbase.LocalizedText):
            found.extend((f"{name}.{lang}", text) for lang, text in value.root.items())
        elif isinstance(value, BaseModel):
            for field in type(value).model_fields:
                walk(f"{name}.{field}" if name else field, getattr(value, field))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(f"{name}.{i}", item)

    walk("", record)
    return found


def test_no_record_draws_editorial_lessons(kb: pracbase.KnowledgeBase) -> None:
    patterns = [re.compile(p, re.M) for p in EDITORIAL_LESSONS]
    hits = [f"{r.record_type} {r.id}: {field}: {m.group(0)!r}"
            for r in kb for field, text in record_texts(r)
            for paragraph in fold_paragraphs(text) for p in patterns if (m := p.search(paragraph))]
    assert hits == []


def fold_paragraphs(text: str) -> list[str]:
    return [fold(p) for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize("text", ["L’exemple montre comment une ville peut agir.", "**Lessons.** Cities should…",
                                  "The example illustrates the value of peers.", "Cet exemple illustre bien."])
def test_the_lesson_check_catches_the_phrasings(text: str) -> None:
    patterns = [re.compile(p, re.M) for p in EDITORIAL_LESSONS]
    assert any(p.search(paragraph) for paragraph in fold_paragraphs(text) for p in patterns)
