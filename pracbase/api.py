"""The static API under ``/api/``: every file other tools fetch, written in one place.

``/api/v1/`` is the versioned API: an index, one file per collection and one per record,
each wrapped the same way (:func:`envelope`)::

    {"schema_version": "0.2.0", "generated_at": "2026-12-04T17:00:00Z",
     "last_modified": "2026-11-23", "schema": "api/schemas/practice.schema.json", "data": {…}}

``schema_version`` is pracbase's version (the record format is what it promises);
``last_modified`` is the day git last changed the record's file (for a collection, the
latest of its records), ``null`` when the build had no history (:mod:`pracbase.history`);
``data`` is the record as in the JSON export (:func:`pracbase.export.record_data`), which
the JSON Schema named by ``schema`` checks. Collections add ``total``. Addresses are
relative to the site's root; ``base_url`` in the index is the site's address when known.

The whole-collection files of earlier versions stay where they are (``/api/practices.json``
…, the export formats, ``/api/schemas/``) and are listed in the index. ``/api/v1/openapi.json``
describes the whole static API (OpenAPI 3.1), and ``/api/datapackage.json`` the data as a
Frictionless data package (:mod:`pracbase.datapackage`).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pracbase import datapackage, export, i18n, schema
from pracbase.feed import FEED_PATH
from pracbase.history import STALE_AFTER_MONTHS, History, is_stale
from pracbase.kb import KnowledgeBase
from pracbase.models import RECORD_TYPES, Record
from pracbase.site.context import N_

VERSION = "v1"
"""The API's version, the folder of its files (``/api/v1/``)."""

FILES: tuple[tuple[str, str], ...] = (
    ("pracbase.json", N_("Everything in one file: every record with every field and language, and the taxonomy.")),
    ("practices.json", N_("Every practice, with every field and every language.")),
    ("cities.json", N_("Every city, with its coordinates and partnership profile.")),
    ("projects.json", N_("Every project, with its partner cities and organisations.")),
    ("frameworks.json", N_("Every national framework.")),
    ("guides.json", N_("Every guide, with its steps and the practices that illustrate each one.")),
    ("practices.csv", N_("One row per practice, for spreadsheets.")),
    ("pracbase.jsonld", N_("Linked data (schema.org), as JSON-LD.")),
    ("cities.geojson", N_("The cities as points, for maps (GeoJSON).")),
    ("datapackage.json", N_("The data package (Frictionless): the CSV and JSON files with their schemas.")),
    ("schemas/practice.schema.json", N_("The JSON Schema of a practice record.")),
    ("schemas/city.schema.json", N_("The JSON Schema of a city record.")),
    ("schemas/project.schema.json", N_("The JSON Schema of a project record.")),
    ("schemas/framework.schema.json", N_("The JSON Schema of a framework record.")),
    ("schemas/guide.schema.json", N_("The JSON Schema of a guide record.")),
    (f"{VERSION}/index.json", N_("The versioned API's index: its collections, their counts and addresses.")),
    (f"{VERSION}/openapi.json", N_("The OpenAPI 3.1 description of the static API.")),
)
"""The files under ``/api/`` outside the per-record ones, and what each holds (English msgids:
the about page translates them)."""


@dataclass(frozen=True)
class Build:
    """What every response of one build shares."""

    base: str = export.DEFAULT_BASE
    """The site's address ending in ``/`` (``https://…/``), or ``urn:pracbase:`` when unknown:
    the base of the JSON-LD ids and of the schemas' ``$id``."""
    generated_at: str = field(default_factory=lambda: generated_at())
    history: History = field(default_factory=lambda: History(unavailable="no history was read"))
    stale_after_months: int = STALE_AFTER_MONTHS
    """A record not reviewed for longer is flagged as stale (:func:`pracbase.history.is_stale`)."""
    languages: tuple[str, ...] = i18n.BUILD_LANGUAGES
    """The site's languages (each has a feed)."""

    @property
    def today(self) -> date:
        """The build's day (freshness is judged on it)."""
        return date.fromisoformat(self.generated_at[:10])

    def is_stale(self, record: Record) -> bool:
        """Whether ``record`` was not reviewed for more than :attr:`stale_after_months`."""
        return is_stale(record, self.history, self.today, self.stale_after_months)

    @property
    def base_url(self) -> str | None:
        """The site's address (ending in ``/``), ``None`` when the build does not know it."""
        return self.base if self.base.startswith(("http://", "https://")) else None


def generated_at(now: datetime | None = None) -> str:
    """The build's time in UTC to the second (``SOURCE_DATE_EPOCH`` when set: reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if now is None:
        now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def base_of(site_url: str | None) -> str:
    """The identifiers' base for a site address (``https://x.org/`` for ``https://x.org``)."""
    return f"{site_url.rstrip('/')}/" if site_url else export.DEFAULT_BASE


def envelope(build: Build, data: Any, last_modified: date | None, **extra: Any) -> dict[str, Any]:
    """One API response: ``schema_version``, ``generated_at``, ``last_modified`` and ``data``
    (and ``extra`` keys such as ``total`` and ``schema``)."""
    from pracbase import __version__

    return {"schema_version": __version__, "generated_at": build.generated_at,
            "last_modified": last_modified.isoformat() if last_modified else None, **extra, "data": data}


def _latest(days: Iterable[date | None]) -> date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def write(kb: KnowledgeBase, out: Path, build: Build) -> list[str]:
    """Write every file of ``/api/`` into ``out``; the paths written, relative to ``out``."""
    records = _records(kb)
    return write_data(kb, out, build, records) + _write_v1(out, build, records)


def write_data(kb: KnowledgeBase, out: Path, build: Build,
               records: dict[str, list[tuple[Record, dict[str, Any]]]] | None = None) -> list[str]:
    """The data files (what a release archives): the exports, the record lists, the schemas and
    ``datapackage.json``; the paths written, relative to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = [p.relative_to(out).as_posix() for p in export.write_exports(kb, out, base=build.base)]
    for folder, pairs in (records or _records(kb)).items():
        written.append(_dump(out, f"{folder}.json", [data for _r, data in pairs], indent=1))
    for name, document in schema.json_schemas(build.base).items():
        written.append(_dump(out, f"schemas/{name}", document, indent=2))
    with open(out / export.FILE_NAMES["csv"], encoding="utf-8", newline="") as table:
        header = next(csv.reader(table))
    written.append(_dump(out, "datapackage.json", datapackage.descriptor(build, header), indent=2))
    return written


def _records(kb: KnowledgeBase) -> dict[str, list[tuple[Record, dict[str, Any]]]]:
    return {t.folder: [(r, export.record_data(r)) for _id, r in sorted(getattr(kb, t.folder).items())]
            for t in RECORD_TYPES}


def _write_v1(out: Path, build: Build, records: dict[str, list[tuple[Record, dict[str, Any]]]]) -> list[str]:
    written = []
    collections: dict[str, Any] = {}
    latest: list[date | None] = []
    for record_type in RECORD_TYPES:
        folder, pairs = record_type.folder, records[record_type.folder]
        schema_address = schema.published_path(record_type.record_type)
        for record, data in pairs:
            response = envelope(build, data, build.history.modified(record), schema=schema_address)
            written.append(_dump(out, f"{VERSION}/{folder}/{record.id}.json", response))
        modified = _latest(build.history.modified(record) for record, _data in pairs)
        latest.append(modified)
        response = envelope(build, [data for _r, data in pairs], modified, total=len(pairs), schema=schema_address)
        written.append(_dump(out, f"{VERSION}/{folder}.json", response))
        collections[folder] = {
            "record_type": record_type.record_type,
            "total": len(pairs),
            "last_modified": modified.isoformat() if modified else None,
            "collection": f"api/{VERSION}/{folder}.json",
            "record": f"api/{VERSION}/{folder}/{{id}}.json",
            "schema": schema_address,
            "ids": [record.id for record, _data in pairs],
        }
    index = {
        "base_url": build.base_url,
        "collections": collections,
        "openapi": f"api/{VERSION}/openapi.json",
        "datapackage": "api/datapackage.json",
        "feeds": {lang: f"{lang}/{FEED_PATH}" for lang in build.languages},
        "files": [{"path": f"api/{name}", "description": text} for name, text in FILES],
        "history": {"available": build.history.available, "note": build.history.unavailable},
    }
    written.append(_dump(out, f"{VERSION}/index.json", envelope(build, index, _latest(latest))))
    written.append(_dump(out, f"{VERSION}/openapi.json", openapi(build), indent=2))
    return written


def _dump(out: Path, name: str, document: Any, indent: int | None = None) -> str:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    separators = None if indent else (",", ":")
    path.write_text(json.dumps(document, ensure_ascii=False, indent=indent, separators=separators) + "\n",
                    encoding="utf-8")
    return name


# --- OpenAPI -------------------------------------------------------------------------------


def openapi(build: Build) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the static API: every path, the record schemas by reference.

    Schema references are relative to ``/api/v1/openapi.json`` (``../schemas/practice.schema.json``).
    """
    from pracbase import __version__

    meta = {
        "schema_version": {"type": "string", "description": "pracbase's version: the record format followed."},
        "generated_at": {"type": "string", "format": "date-time", "description": "When the site was built (UTC)."},
        "last_modified": {"type": ["string", "null"], "format": "date",
                          "description": "The day git last changed the record (the latest record of a "
                                         "collection); null when the build had no git history."},
        "schema": {"type": "string", "description": "The JSON Schema of the records, from the site's root."},
    }
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for record_type in RECORD_TYPES:
        name, folder = record_type.__name__, record_type.folder
        schemas[name] = {"$ref": f"../schemas/{record_type.record_type}.schema.json"}
        schemas[f"{name}Response"] = _wrapped(meta, {"$ref": f"#/components/schemas/{name}"})
        schemas[f"{name}Collection"] = _wrapped(
            {**meta, "total": {"type": "integer", "minimum": 0}},
            {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}})
        paths[f"/api/{VERSION}/{folder}.json"] = _get(f"Every {record_type.record_type}, wrapped.",
                                                      f"{name}Collection")
        paths[f"/api/{VERSION}/{folder}/{{id}}.json"] = {
            **_get(f"One {record_type.record_type} by its id, wrapped.", f"{name}Response"),
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "description": f"The {record_type.record_type}'s id (its file name).",
                            "schema": {"type": "string", "pattern": schema.ID_PATTERN}}],
        }
        paths[f"/api/{folder}.json"] = _get(f"Every {record_type.record_type}, as a plain list (unversioned).",
                                            None, {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}})
        paths[f"/api/schemas/{record_type.record_type}.schema.json"] = _get(
            f"The JSON Schema of a {record_type.record_type}.", None, {"type": "object"})
    schemas["Index"] = _wrapped(meta, {"type": "object", "required": ["collections", "files"]})
    paths[f"/api/{VERSION}/index.json"] = _get("What the API holds: collections, counts, addresses.", "Index")
    paths[f"/api/{VERSION}/openapi.json"] = _get("This description.", None, {"type": "object"})
    for name, text in FILES:
        if not name.startswith(f"{VERSION}/") and f"/api/{name}" not in paths:
            media = "text/csv" if name.endswith(".csv") else "application/json"
            paths[f"/api/{name}"] = _get(text, None, {"type": "string"} if media == "text/csv" else {"type": "object"},
                                         media)
    return {
        "openapi": "3.1.0",
        "info": {"title": "pracbase static API", "version": __version__,
                 "description": "Static JSON files: every response of /api/v1/ carries schema_version, "
                                "generated_at, last_modified and data.",
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": build.base_url or "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas},
    }


def _wrapped(meta: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    properties = {**meta, "data": data}
    return {"type": "object", "required": ["schema_version", "generated_at", "last_modified", "data"],
            "properties": properties}


def _get(summary: str, component: str | None, inline: dict[str, Any] | None = None,
         media: str = "application/json") -> dict[str, Any]:
    body = {"$ref": f"#/components/schemas/{component}"} if component else inline
    return {"get": {"summary": summary, "responses": {
        "200": {"description": "The file.", "content": {media: {"schema": body}}},
        "404": {"description": "No such file."}}}}
