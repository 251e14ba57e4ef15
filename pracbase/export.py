"""Exports of the knowledge base for other tools: JSON, CSV, JSON-LD and GeoJSON.

Each function takes a loaded :class:`~pracbase.kb.KnowledgeBase` and returns text; the
output is deterministic (records sorted by id, keys sorted or in a fixed order) so a
re-export of unchanged data is byte-identical. ``lang`` (``"fr"``, ``"en"``…) reduces
every multilingual text to that language, falling back to the record's original language
and then the site languages; without it, texts stay maps from language to text (CSV gets
one column per site language).

- JSON: every record, all its fields, plus the taxonomy's labels: the lossless export.
- CSV: one row per practice, multi-valued fields joined by ``;`` (a ``;`` inside a text
  item becomes ``,``), UTF-8, RFC 4180 line ends.
- JSON-LD: schema.org: practices are ``CreativeWork`` and ``Project``, cities ``City`` or
  ``AdministrativeArea`` with ``geo``, projects ``Project`` with ``funder``, frameworks
  ``CreativeWork``; controlled values are ``DefinedTerm``s.
- GeoJSON (RFC 7946): a point feature per city with its practice count and ids.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pracbase import i18n, schema
from pracbase._files import write_atomic
from pracbase.errors import NotFoundError
from pracbase.facets import FACETS, facet
from pracbase.kb import KnowledgeBase
from pracbase.models import (
    RECORD_TYPES,
    City,
    Entry,
    Framework,
    Guide,
    LocalizedText,
    Practice,
    Project,
    Record,
    SourceDocument,
)
from pracbase.schema import field_order
from pracbase.taxonomy import TAXONOMY

DEFAULT_BASE = schema.DEFAULT_BASE
"""Prefix of the JSON-LD ``@id`` of every node (``urn:pracbase:practices/<id>``); the site
passes its own address instead."""

SEPARATOR = ";"
"""Joins the values of a multi-valued CSV field."""

FILE_NAMES = {"json": "pracbase.json", "csv": "practices.csv", "jsonld": "pracbase.jsonld",
              "geojson": "cities.geojson"}
"""The file each format is written to by :func:`write_exports`."""


# --- JSON ----------------------------------------------------------------------------------


def to_json(kb: KnowledgeBase, lang: str | None = None) -> str:
    """Every record (all fields) and the taxonomy, as one JSON document with sorted keys."""
    from pracbase import __version__

    _check_lang(lang)
    document = {
        "pracbase_version": __version__,
        "language": lang,
        **{model.folder: [record_data(r, lang) for r in _sorted(kb.table(model).values())] for model in RECORD_TYPES},
        "sources": [source_data(s, lang) for s in _sorted(kb.sources.values())],
        "taxonomy": taxonomy_data(lang),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def record_data(record: Record, lang: str | None = None) -> dict[str, Any]:
    """A record as JSON-ready data: every field, texts as language maps (or in ``lang``)."""
    data: dict[str, Any] = _plain(record, lang, record.original_language)
    return data


def source_data(source: SourceDocument, lang: str | None = None) -> dict[str, Any]:
    """A source document as JSON-ready data: every field, its title as a language map (or in ``lang``)."""
    data: dict[str, Any] = _plain(source, lang, source.language)
    return data


def taxonomy_data(lang: str | None = None) -> dict[str, Any]:
    """Every controlled value with its label and definition, and the regions."""
    def text(values: dict[str, str]) -> Any:
        return values if lang is None else next(values[c] for c in i18n.fallback_order(lang) if c in values)

    data: dict[str, Any] = {
        name: {term.id: {"label": text(term.label), "definition": text(term.definition)} for term in vocab}
        for name, vocab in TAXONOMY.vocabularies.items()
    }
    data["regions"] = {code: text({c: i18n.region_name(code, c) for c in i18n.SITE_LANGUAGES})
                       for code in TAXONOMY.regions}
    return data


def _plain(value: Any, lang: str | None, original: str) -> Any:
    if isinstance(value, LocalizedText):
        return dict(value.root) if lang is None else value.get(lang, original).text
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name), lang, original) for name in field_order(type(value))}
    if isinstance(value, list | tuple):
        return [_plain(item, lang, original) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- CSV -----------------------------------------------------------------------------------


def to_csv(kb: KnowledgeBase, lang: str | None = None) -> str:
    """One row per practice; text columns once per site language unless ``lang`` is given."""
    _check_lang(lang)
    languages = [lang] if lang else list(i18n.SITE_LANGUAGES)
    rows = [_csv_row(kb, practice, languages, lang) for practice in _sorted(kb.practices.values())]
    out = io.StringIO()
    columns = list(rows[0]) if rows else ["id"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _csv_row(kb: KnowledgeBase, practice: Practice, languages: list[str], lang: str | None) -> dict[str, Any]:
    """One practice's CSV row, its columns in order."""

    def texts(name: str, get: Callable[[str], str]) -> dict[str, str]:
        return {name if lang else f"{name}_{code}": get(code) for code in languages}

    cities = [kb.cities[c] for c in practice.cities if c in kb.cities]
    original = practice.original_language
    row: dict[str, Any] = {"id": practice.id}
    row |= texts("title", lambda c: practice.title.get(c, original).text)
    row |= texts("summary", lambda c: practice.summary.get(c, original).text)
    row["cities"] = _join(practice.cities)
    row |= {key: _join(facet(key).values(practice, kb)) for key in ("countries", "regions")}
    row["projects"] = _join(practice.projects)
    row |= {f.key: _join(f.values(practice, kb)) for f in FACETS if f.vocabulary}
    row["actor_types"] = _join(practice.actor_types)
    row |= texts("city_names", lambda c: _join(city.heading_in(c) for city in cities))
    row |= texts("actors", lambda c: _join(a.name.get(c, original).text for a in practice.actors))
    row |= {
        "period_start": practice.period.start,
        "period_end": practice.period.end,
        "status": practice.status,
        "evaluation": practice.evaluation.level,
        "short_entry": "true" if practice.short_entry else "false",
        "sources": _join(f"{s.source}: {s.section}" for s in practice.sources),
        "links": _join(link.url for link in practice.links),
        "adapted_from": _join(o.practice or o.organisation for o in practice.adapted_from),
        "original_language": original,
        "last_reviewed": practice.last_reviewed.isoformat() if practice.last_reviewed else None,
    }
    row |= texts("description", lambda c: practice.description.get(c, original).text)
    return row


def _join(values: Iterable[Any]) -> str:
    return SEPARATOR.join(str(v).replace(SEPARATOR, ",") for v in values)


# --- JSON-LD -------------------------------------------------------------------------------

_LANGUAGE_MAPS = ("name", "alternateName", "abstract", "description", "disambiguatingDescription", "text")
_CITY_KINDS = {"city", "municipality"}
_SOURCE_TYPES = {"web-page": "WebPage", "publication": "CreativeWork", "city-document": "DigitalDocument",
                 "project-report": "Report", "evaluation": "Report"}
"""The schema.org type of each kind of source (``source_types`` of the taxonomy)."""
_AUDIENCE = "target_groups"
"""The facet given as a practice's ``audience`` rather than what it is ``about``."""


def to_jsonld(kb: KnowledgeBase, lang: str | None = None, base: str = DEFAULT_BASE) -> str:
    """The knowledge base as a schema.org JSON-LD graph; each ``@id`` starts with ``base`` (``urn:pracbase:``).

    Texts are language maps (``"name": {"fr": …, "en": …}``), or with ``lang`` value objects
    tagged with the language they are really in (a fallback keeps its own tag).
    """
    _check_lang(lang)
    ld = _LinkedData(kb, lang, base)
    context: dict[str, Any] = {"@vocab": "https://schema.org/", "pracbase": f"{base}vocab#"}
    if lang is None:
        context |= {term: {"@container": "@language"} for term in _LANGUAGE_MAPS}
    nodes: dict[type[Record], Callable[[Any], dict[str, Any]]] = {
        Practice: ld.practice, City: ld.city, Project: ld.project, Framework: ld.framework,
        Guide: ld.guide}
    graph = [*(nodes[model](r) for model in RECORD_TYPES for r in _sorted(kb.table(model).values())),
             *ld.sources(), *ld.terms()]
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=2) + "\n"


class _LinkedData:
    """Builds the schema.org nodes of one JSON-LD export."""

    def __init__(self, kb: KnowledgeBase, lang: str | None, base: str) -> None:
        self.kb, self.lang, self.base = kb, lang, base

    def iri(self, *parts: str) -> str:
        return self.base + "/".join(parts)

    def ref(self, *parts: str) -> dict[str, str]:
        return {"@id": self.iri(*parts)}

    def text(self, value: LocalizedText | None, original: str) -> Any:
        if value is None:
            return None
        if self.lang is None:
            return dict(value.root)
        found = value.get(self.lang, original)
        return {"@value": found.text, "@language": found.lang}

    def labels(self, values: dict[str, str]) -> Any:
        return self.text(LocalizedText(values), "en")

    def term(self, vocabulary: str, value: str) -> dict[str, str]:
        return self.ref("taxonomy", vocabulary, value)

    def about(self, record: Record) -> list[dict[str, str]]:
        """The controlled values a record is about: those of every facet but its audience."""
        return [self.term(f.vocabulary, value) for f in FACETS
                if f.vocabulary and f.key != _AUDIENCE and f.applies_to(type(record))
                for value in f.values(record, self.kb)]

    def common(self, record: Record) -> dict[str, Any]:
        """``@id``, identifier, citations and review date of any record."""
        return {
            "@id": self.iri(record.folder, record.id),
            "identifier": record.id,
            "inLanguage": record.original_language,
            "citation": [self.citation(source) for source in record.sources],
            "dateModified": record.last_reviewed.isoformat() if record.last_reviewed else None,
        }

    def citation(self, source: Any) -> dict[str, Any]:
        return _compact({"@type": "CreativeWork", "name": source.section, "pagination": source.page,
                         "isPartOf": self.ref("sources", source.source)})

    def practice(self, p: Practice) -> dict[str, Any]:
        original = p.original_language
        node = {
            "@type": ["CreativeWork", "Project"],
            **self.common(p),
            "name": self.text(p.title, original),
            "abstract": self.text(p.summary, original),
            "description": self.text(p.description, original),
            "spatialCoverage": [self.ref("cities", c) for c in p.cities],
            "isPartOf": [self.ref("projects", x) for x in p.projects],
            "about": self.about(p),
            "audience": [{"@type": "Audience", "audienceType": v,
                          "additionalType": self.term("target_groups", v)} for v in p.target_groups],
            "contributor": [{"@type": "Organization", "name": self.text(a.name, original),
                             "additionalType": self.term("actor_types", a.type)} for a in p.actors],
            "temporalCoverage": _interval(p.period.start, p.period.end),
            "creativeWorkStatus": self.term("statuses", p.status),
            "pracbase:evaluation": _compact({"@type": "PropertyValue", "propertyID": "evaluation",
                                             "value": self.term("evidence_levels", p.evaluation.level),
                                             "description": self.text(p.evaluation.note, original)}),
            "pracbase:shortEntry": p.short_entry,
            "isBasedOn": [self.origin(o, original) for o in p.adapted_from],
            "subjectOf": [self.link(link, original) for link in p.links],
        }
        return _compact(node)

    def origin(self, origin: Any, original: str) -> dict[str, Any]:
        """What a practice was adapted from: a practice's node, or an outside model as a
        ``CreativeWork`` by its ``Organization``."""
        if origin.practice is not None:
            return self.ref("practices", origin.practice)
        return {"@type": "CreativeWork", "name": self.text(origin.method, original),
                "creator": {"@type": "Organization", "name": origin.organisation},
                "citation": [self.citation(source) for source in origin.sources]}

    def city(self, c: City) -> dict[str, Any]:
        node = {
            "@type": "City" if c.kind in _CITY_KINDS else "AdministrativeArea",
            **self.common(c),
            "name": self.text(c.names, c.original_language),
            "description": self.text(c.summary, c.original_language),
            "geo": {"@type": "GeoCoordinates", "latitude": c.coordinates.lat, "longitude": c.coordinates.lon},
            "address": {"@type": "PostalAddress", "addressCountry": c.country},
            "containedInPlace": {"@type": "Country", "identifier": c.country,
                                 "name": self.labels({code: i18n.country_name(c.country, code)
                                                      for code in i18n.SITE_LANGUAGES})},
            "additionalType": self.term("authority_kinds", c.kind),
            "pracbase:network": [self.term("networks", m.network) for m in c.networks],
        }
        node.pop("inLanguage")
        return _compact(node)

    def project(self, p: Project) -> dict[str, Any]:
        original = p.original_language
        members: list[dict[str, Any]] = []
        if p.coordinator:
            members.append({"@type": "OrganizationRole", "roleName": "coordinator",
                            "member": {"@type": "Organization", "name": p.coordinator}})
        members += [{"@type": "Organization", "name": name} for name in p.partner_organisations]
        node = {
            "@type": "Project",
            **self.common(p),
            "name": self.text(p.name, original),
            "alternateName": p.acronym,
            "disambiguatingDescription": self.text(p.summary, original),
            "description": self.text(p.description, original),
            "funder": {"@type": "Organization", "name": self.text(p.funder, original)} if p.funder else None,
            "member": members,
            "areaServed": [self.ref("cities", c) for c in p.partner_cities],
            "foundingDate": str(p.period.start) if p.period.start else None,
            "dissolutionDate": str(p.period.end) if p.period.end else None,
            "subjectOf": [self.link(link, original) for link in p.links],
        }
        node.pop("inLanguage")
        return _compact(node)

    def framework(self, f: Framework) -> dict[str, Any]:
        original = f.original_language
        return _compact({
            "@type": "CreativeWork",
            **self.common(f),
            "name": self.text(f.title, original),
            "abstract": self.text(f.summary, original),
            "description": self.text(f.description, original),
            "spatialCoverage": {"@type": "Country", "identifier": f.country},
            "about": self.about(f),
        })

    def guide(self, g: Guide) -> dict[str, Any]:
        original = g.original_language
        return _compact({
            "@type": "HowTo",
            **self.common(g),
            "name": self.text(g.title, original),
            "abstract": self.text(g.summary, original),
            "description": self.text(g.description, original),
            "about": self.about(g),
            "step": [_compact({"@type": "HowToStep", "@id": self.iri(g.folder, g.id) + "#" + step.id,
                               "identifier": step.id, "position": number,
                               "name": self.text(step.title, original), "text": self.text(step.text, original),
                               "workExample": [self.ref("practices", p) for p in step.practices]})
                     for number, step in enumerate(g.steps, 1)],
            "workExample": [self.ref("practices", p) for p in g.practices],
            "pracbase:reference": [_compact({"@type": "CreativeWork", "name": r.title, "url": r.url,
                                             "publisher": {"@type": "Organization", "name": r.publisher}
                                             if r.publisher else None,
                                             "datePublished": str(r.year) if r.year else None})
                                   for r in g.references],
        })

    def link(self, link: Any, original: str) -> dict[str, Any]:
        return _compact({"@type": "WebPage", "url": link.url, "name": self.text(link.label, original)})

    def sources(self) -> list[dict[str, Any]]:
        return [_compact({"@id": self.iri("sources", s.id), "@type": _SOURCE_TYPES.get(s.type, "CreativeWork"),
                          "identifier": s.id, "additionalType": self.iri("taxonomy", "source_types", s.type),
                          "name": self.text(s.title, s.language), "inLanguage": s.language,
                          "publisher": {"@type": "Organization", "name": s.publisher},
                          "datePublished": str(s.year) if s.year else None, "url": s.url,
                          "pracbase:consulted": s.consulted.isoformat() if s.consulted else None})
                for s in _sorted(self.kb.sources.values())]

    def terms(self) -> list[dict[str, Any]]:
        nodes: list[dict[str, Any]] = []
        for name, vocab in TAXONOMY.vocabularies.items():
            nodes.append({"@id": self.iri("taxonomy", name), "@type": "DefinedTermSet", "identifier": name})
            nodes += [{"@id": self.iri("taxonomy", name, term.id), "@type": "DefinedTerm", "termCode": term.id,
                       "name": self.labels(term.label), "description": self.labels(term.definition),
                       "inDefinedTermSet": self.ref("taxonomy", name)} for term in vocab]
        return nodes


def _interval(start: int | None, end: int | None) -> str | None:
    """An ISO 8601 interval of years (``2015/..`` when only the start is known)."""
    if start is None and end is None:
        return None
    return f"{start or '..'}/{end or '..'}"


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` without empty values (None, [], {})."""
    return {k: v for k, v in node.items() if v is not None and v != [] and v != {}}


# --- GeoJSON -------------------------------------------------------------------------------


def to_geojson(kb: KnowledgeBase, lang: str | None = None) -> str:
    """A GeoJSON FeatureCollection: one point per city with its practice count and ids.

    ``name`` is in ``lang`` (English without it); ``names`` keeps every language.
    """
    _check_lang(lang)
    features = []
    for city in _sorted(kb.cities.values()):
        practices = sorted(p.id for p in kb.practices_of_city(city.id))
        features.append({
            "type": "Feature",
            "id": city.id,
            "geometry": {"type": "Point", "coordinates": [city.coordinates.lon, city.coordinates.lat]},
            "properties": {
                "id": city.id,
                "name": city.heading_in(lang or "en"),
                "names": dict(city.names.root),
                "country": city.country,
                "region": city.region,
                "kind": city.kind,
                "practice_count": len(practices),
                "practices": practices,
                "projects": [p.id for p in kb.projects_of_city(city.id)],
            },
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=2) + "\n"


# --- all formats ---------------------------------------------------------------------------

EXPORTERS: dict[str, Callable[..., str]] = {"json": to_json, "csv": to_csv, "jsonld": to_jsonld,
                                            "geojson": to_geojson}
"""Each export format's function."""


def export(kb: KnowledgeBase, format: str, lang: str | None = None, base: str = DEFAULT_BASE) -> str:
    """The knowledge base in one ``format`` (``json``, ``csv``, ``jsonld``, ``geojson``);
    ``base`` starts the JSON-LD ids (the site's address ending in ``/`` on the site)."""
    if format not in EXPORTERS:
        raise NotFoundError("export format", format, difflib.get_close_matches(format, list(EXPORTERS)))
    if format == "jsonld":
        return to_jsonld(kb, lang=lang, base=base)
    return EXPORTERS[format](kb, lang=lang)


def write_export(kb: KnowledgeBase, format: str, out: str | Path, lang: str | None = None,
                 base: str = DEFAULT_BASE) -> Path:
    """Write one export to ``out`` atomically; the path written."""
    text = export(kb, format, lang, base)
    write_atomic(Path(out), text)
    return Path(out)


def write_exports(kb: KnowledgeBase, directory: str | Path, lang: str | None = None,
                  base: str = DEFAULT_BASE) -> list[Path]:
    """Write every format into ``directory`` (``pracbase.json``, ``practices.csv``…), e.g. for the site;
    ``base`` starts the JSON-LD ids."""
    return [write_export(kb, fmt, Path(directory) / name, lang, base) for fmt, name in FILE_NAMES.items()]


def _check_lang(lang: str | None) -> None:
    if lang is not None and not i18n.is_language(lang):
        raise NotFoundError("language", lang, [code for code in i18n.SITE_LANGUAGES if code.startswith(lang[:1])])


def _sorted(records: Iterable[Entry]) -> list[Any]:
    return sorted(records, key=lambda r: r.id)
