"""Every export against what docs/exports.md promises: its columns, keys, properties and values.

The documented names are read from the page itself, so a column dropped from the code, or
added without a word in the docs, fails here.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

import pracbase
from pracbase import export, i18n
from pracbase.models import RECORD_TYPES
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
PER_LANGUAGE = {"title", "summary", "description", "city_names", "actors"}
"""CSV columns the docs say come once per language without ``--lang``."""


def section(title: str) -> str:
    """The text of one ``##`` section of docs/exports.md."""
    start = DOC.index(f"## {title}")
    end = DOC.find("\n## ", start + 3)
    return DOC[start:end if end > 0 else None]


def table_names(text: str) -> list[str]:
    """The backticked names of the first column of every row of the Markdown tables in ``text``."""
    names: list[str] = []
    for line in text.splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([^`]+)`", line.split("|")[1])
    return names


def test_csv_has_exactly_the_documented_columns(kb: pracbase.KnowledgeBase) -> None:
    documented = table_names(section("CSV"))
    assert len(documented) >= 20  # the table was read
    for lang, expected in ((None, [f"{n}_{c}" if n in PER_LANGUAGE else n for n in documented
                                   for c in (i18n.SITE_LANGUAGES if n in PER_LANGUAGE else [""])]),
                           ("en", documented)):
        header = next(csv.reader(io.StringIO(export.to_csv(kb, lang))))
        assert sorted(header) == sorted(expected), lang


def test_csv_values_are_the_records(kb: pracbase.KnowledgeBase) -> None:
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(export.to_csv(kb, "fr")))}
    assert set(rows) == set(kb.practices)
    for practice in kb.practices.values():
        row = rows[practice.id]
        cities = [kb.cities[c] for c in practice.cities]
        for column, values in (("cities", practice.cities), ("projects", practice.projects),
                               ("levels", practice.levels), ("themes", practice.themes),
                               ("concerns", practice.concerns), ("target_groups", practice.target_groups),
                               ("actor_types", practice.actor_types),
                               ("countries", list(dict.fromkeys(c.country for c in cities))),
                               ("regions", list(dict.fromkeys(c.region for c in cities))),
                               ("links", [link.url for link in practice.links])):
            assert row[column].split(";") == (list(values) or [""]), (practice.id, column)
        assert row["title"] == practice.title.get("fr", practice.original_language).text
        assert row["status"] == practice.status and row["evaluation"] == practice.evaluation.level
        assert row["short_entry"] == ("true" if practice.short_entry else "false")
        assert row["period_start"] == str(practice.period.start or "")
        assert row["original_language"] == practice.original_language


def test_json_has_the_documented_keys_and_every_field(kb: pracbase.KnowledgeBase) -> None:
    data = json.loads(export.to_json(kb))
    assert sorted(data) == sorted(table_names(section("JSON (")))
    assert sorted(data["taxonomy"]) == sorted([*kb.taxonomy.vocabularies, "publications", "regions"])
    for model in RECORD_TYPES:
        records = data[model.folder]
        assert [r["id"] for r in records] == sorted(kb.table(model))
        assert all(sorted(r) == sorted(model.model_fields) for r in records), model.folder


def test_geojson_has_the_documented_properties(kb: pracbase.KnowledgeBase) -> None:
    text = section("GeoJSON")
    documented = re.findall(r"`([a-z_]+)`", text[text.index("its `properties` are") + len("its `properties` are"):])
    data = json.loads(export.to_geojson(kb))
    assert len(data["features"]) == len(kb.cities)
    for feature in data["features"]:
        assert sorted(feature["properties"]) == sorted(documented)
        city = kb.cities[feature["id"]]
        assert feature["geometry"]["coordinates"] == [city.coordinates.lon, city.coordinates.lat]
        assert feature["properties"]["practices"] == sorted(p.id for p in kb.practices_of_city(city.id))
        assert feature["properties"]["practice_count"] == len(feature["properties"]["practices"])


COMMON = {"@id", "@type", "identifier", "inLanguage", "citation", "dateModified", "pracbase:evaluation",
          "pracbase:shortEntry", "additionalType", "pracbase:network", "pracbase:reference"}
"""JSON-LD keys every record may have, besides the main properties the table names."""


@pytest.mark.parametrize(("row", "kind"), [("practice", "practices"), ("city", "cities"),
                                           ("project", "projects"), ("framework", "frameworks"),
                                           ("guide", "guides")])
def test_jsonld_nodes_use_the_documented_properties(kb: pracbase.KnowledgeBase, row: str, kind: str) -> None:
    line = next(line for line in section("JSON-LD").splitlines() if line.startswith(f"| {row} |"))
    cell = re.sub(r"\([^)]*\)", "", line.split("|")[3])  # the main properties, without what is inside them
    documented = {name.split(".")[0] for name in re.findall(r"`([a-z][A-Za-z.]*)`", cell)}
    nodes = [n for n in json.loads(export.to_jsonld(kb))["@graph"] if n["@id"].startswith(f"urn:pracbase:{kind}/")]
    assert len(nodes) == len(getattr(kb, kind))
    used = {key for node in nodes for key in node}
    assert used - COMMON == documented - COMMON
