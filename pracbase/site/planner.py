"""The study-visit planner on the site: its data (written per language at :data:`DATA_PATH`) and page.

The ranking is :func:`pracbase.visit.plan_visit`; the page runs the same steps in the browser
(``assets/visit.js``) on :func:`pracbase.visit.algorithm_data`, plus the words of the reasons
in the page's language (:func:`planner_words`, from the same catalogs as the command line)
and what the page shows of each city and practice (:func:`planner_data`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.numbers import format_decimal

from pracbase import i18n
from pracbase.geo import languages_of
from pracbase.site import paths
from pracbase.visit import algorithm_data
from pracbase.wording import _SHARED_WORD, REASON_ITEMS, words

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase
    from pracbase.models import Practice

Gettext = Callable[[str], str]

PLANNER = "visit.md"
"""The planner's page."""

DATA_PATH = "assets/pracbase/planner.json"
"""Where the site writes :func:`planner_data`, relative to each language's site root."""

_PHRASES: dict[str, tuple[str, str] | str] = {
    "practices-on": ("{n} practice on {items}", "{n} practices on {items}"),
    "matching": ("{n} matching practice", "{n} matching practices"),
    "more": ("{n} more", "{n} more"),
    "level": "level: {items}",
    "addresses": "addresses {items}",
    "faces": "faces {items}, like {city}",
    "works-on": "works on {items}, like {city}",
    "project": "in the {items} project with {city}",
    "evaluation": "{items}: {title}",
    "distance": "{km} km from {city}",
    "semicolon": "; ",
}
"""The phrases of :func:`pracbase.visit._stop_reasons` (English msgids). A plural phrase is
written for n = 0, 1 and 2: in the site's languages every larger n takes the form of 2."""


def planner_words(kb: KnowledgeBase, lang: str) -> dict[str, Any]:
    """The words of the reasons in ``lang``, as :mod:`pracbase.wording` writes them."""
    said = words(lang)
    phrases: dict[str, list[str]] = {}
    for key, msgid in _PHRASES.items():
        if isinstance(msgid, tuple):
            phrases[key] = [said.ngettext(msgid[0], msgid[1], n) for n in (0, 1, 2)]
        else:
            phrases[key] = [said._(msgid)]
    kinds = ("themes", "levels", "concerns")
    labels: dict[str, dict[str, str]] = {kind: {term.id: said.label(kb, kind, term.id)
                                                for term in kb.taxonomy.vocabularies[kind]}
                                         for kind in kinds}
    labels["projects"] = {p.id: said.label(kb, "projects", p.id) for p in kb.projects.values()}
    locale = Locale.parse(lang)
    group = locale.number_symbols["latn"]["group"]
    codes = sorted({code for city in kb.cities.values() for code in languages_of(city)})
    return {
        "lang": lang,
        "phrases": phrases,
        "labels": labels,
        "list_patterns": {key: locale.list_patterns["standard"][key] for key in ("2", "start", "middle", "end")},
        "reason_items": REASON_ITEMS,
        "shared_word": _SHARED_WORD.get(lang),
        "group": group,
        "group_from": 4 if group in format_decimal(1000, locale=lang) else 5,
        "cities": {city.id: city.heading_in(lang) for city in kb.cities.values()},
        "practices": {p.id: p.heading_in(lang) for p in kb.practices.values()},
        "evidence": {term.id: term.label_in(lang) for term in kb.taxonomy.evidence_levels},
        "languages": {code: i18n.language_name(code, lang) for code in codes},
    }


def planner_data(kb: KnowledgeBase, lang: str) -> dict[str, Any]:
    """The planner's data in ``lang``: the algorithm's (language-neutral), its words, and what the
    page and the dossier show of each city (``show.cities``) and practice (``show.practices``)."""
    data = algorithm_data(kb)
    data["words"] = planner_words(kb, lang)
    data["show"] = {
        "cities": {city.id: _city(kb, city.id, lang) for city in kb.cities.values()},
        "practices": {p.id: _practice(kb, p, lang) for p in kb.practices.values()},
    }
    return data


def _city(kb: KnowledgeBase, city_id: str, lang: str) -> dict[str, Any]:
    city = kb.cities[city_id]
    learned = []
    if city.partnership is not None:
        for field in ("advice", "project_effect", "future_priorities"):
            text = getattr(city.partnership, field).get(lang, city.original_language).text
            learned.append(text)
    return {
        "url": paths.url(paths.city(city.id)),
        "country": i18n.country_name(city.country, lang),
        "summary": city.summary.get(lang, city.original_language).text if city.summary else None,
        "concerns": list(city.concerns),
        "networks": [m.network for m in city.networks],
        "projects": [p.id for p in kb.graph.projects_by_city.get(city.id, [])],
        "learned": learned,
        "sources": [_source(kb, s) for s in city.sources],
    }


def _practice(kb: KnowledgeBase, practice: Practice, lang: str) -> dict[str, Any]:
    note = practice.evaluation.note
    return {
        "url": paths.url(paths.practice(practice.id)),
        "summary": practice.summary.get(lang, practice.original_language).text,
        "levels": list(practice.levels),
        "partners": [a.name.get(lang, practice.original_language).text for a in practice.actors],
        "learned": [note.get(lang, practice.original_language).text] if note else [],
        "sources": [_source(kb, s) for s in practice.sources],
    }


def _source(kb: KnowledgeBase, source: Any) -> dict[str, Any]:
    return {"title": source.title, "publisher": source.publisher, "year": source.year, "section": source.section,
            "page": source.page}


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _esc(value: str) -> str:
    return html.escape(value, quote=False)
