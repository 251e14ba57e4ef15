"""The Frictionless data package of ``/api/``: ``datapackage.json``.

It describes the files other tools load, with their schemas: ``practices.csv`` as a
tabular resource (a Table Schema: each column's type, the id as primary key, the
controlled values as enums) and the record lists ``practices.json``, ``cities.json``,
``XX
Schemas (``schemas/…``). ``frictionless validate api/datapackage.json`` checks them all
(the tests run it on the built site).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pracbase import i18n
from pracbase.models import RECORD_TYPES
from pracbase.taxonomy import TAXONOMY

if TYPE_CHECKING:
    from pracbase.api import Build

TITLE = "pracbase: what cities do to prevent hate, violent extremism and polarisation"
DESCRIPTION = ("Practices of local authorities in the prevention of hate, violent extremism and polarisation, "
               "with their cities, projects and national frameworks, in French and English, each citing its source.")

_TEXT_COLUMNS = ("title", "summary", "city_names", "actors", "description")
_COLUMN_TYPES = {"period_start": "integer", "period_end": "integer", "short_entry": "boolean",
                 "last_reviewed": "date"}
_COLUMN_VOCABULARIES = {"status": "statuses", "evaluation": "evidence_levels"}


def csv_schema(columns: list[str]) -> dict[str, Any]:
    """The Table Schema of ``practices.csv``, whose header is ``columns``."""
    fields = []
    for column in columns:
        field: dict[str, Any] = {"name": column, "type": _COLUMN_TYPES.get(column, "string")}
        if column == "id":
            field["constraints"] = {"required": True, "unique": True}
        elif column in _COLUMN_VOCABULARIES:
            field["constraints"] = {"required": True,
                                    "enum": list(TAXONOMY.vocabularies[_COLUMN_VOCABULARIES[column]].ids)}
        elif column == "short_entry":
            field |= {"trueValues": ["true"], "falseValues": ["false"]}
        elif column.rsplit("_", 1)[0] in _TEXT_COLUMNS:
            field["description"] = f"{column.rsplit('_', 1)[0]} in {i18n.language_name(column[-2:], 'en')}"
        if column in {"cities", "countries", "regions", "projects", "levels", "themes", "concerns",
                      "target_groups", "actor_types", "sources", "links"}:
            field["description"] = "values joined by ;"
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def descriptor(build: Build, csv_header: list[str]) -> dict[str, Any]:
    """The ``datapackage.json`` of ``/api/`` (paths relative to it); ``csv_header`` is the first
    row of the ``practices.csv`` it describes."""
    from pracbase import __version__

    resources: list[dict[str, Any]] = [{
        "name": "practices-table",
        "path": "practices.csv",
        "title": "Practices, one row each",
        "type": "table",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": csv_schema(csv_header),
    }]
    for record_type in RECORD_TYPES:
        resources.append({
            "name": record_type.folder,
            "path": f"{record_type.folder}.json",
            "title": f"Every {record_type.record_type} record",
            "type": "json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": {"type": "array", "items": {"$ref": f"schemas/{record_type.record_type}.schema.json"}},
        })
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "pracbase",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "created": build.generated_at,
        "licenses": [{"name": "MIT", "path": "https://opensource.org/license/mit", "title": "MIT License"}],
        "keywords": ["prevention", "violent extremism", "radicalisation", "polarisation", "hate", "cities"],
        "resources": resources,
    }
    if build.base_url:
        package["homepage"] = build.base_url
    return package
