"""Exports: each parses with a standard tool and round-trips the ids of the real records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

import pracbase
from pracbase import export
from pracbase.cli import main
from tests.conftest import ROOT, VALID

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SDO = Namespace("https://schema.org/")
BASE = export.DEFAULT_BASE


@pytest.fixture(scope="module")
def graph(kb: pracbase.KnowledgeBase) -> Graph:
    return Graph().parse(data=export.to_jsonld(kb), format="json-ld")


# --- JSON ----------------------------------------------------------------------------------


def test_json_round_trips_every_record(kb: pracbase.KnowledgeBase) -> None:
    text = export.to_json(kb)
    data = json.loads(text)
    for name in ("practices", "cities", "projects", "frameworks"):
        ids = [record["id"] for record in data[name]]
        assert ids == sorted(getattr(kb, name)), name
    assert data["pracbase_version"] == pracbase.__version__ and data["language"] is None
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert export.to_json(kb) == text


def test_json_is_lossless(kb: pracbase.KnowledgeBase) -> None:
    data = json.loads(export.to_json(kb))
    for item in data["practices"]:
        assert pracbase.Practice.model_validate_json(json.dumps(item)) == kb.practice(item["id"])
    for item in data["cities"]:
        assert pracbase.City.model_validate_json(json.dumps(item)) == kb.cities[item["id"]]
    assert data["taxonomy"]["themes"]["youth"]["label"] == {"fr": "Jeunesse", "en": "Youth", "de": "Jugend"}
    assert data["taxonomy"]["regions"]["155"]["en"] == "Western Europe"


def test_json_in_one_language(kb: pracbase.KnowledgeBase) -> None:
    data = json.loads(export.to_json(kb, lang="fr"))
    practice = next(p for p in data["practices"] if p["id"] == "aalborg-online-democratic-conversations")
    assert practice["title"] == "Étude des conversations démocratiques en ligne à Aalborg"
    assert practice["actors"][0] == {"name": "Municipalité d'Aalborg", "type": "local-government"}
    assert data["taxonomy"]["themes"]["youth"]["label"] == "Jeunesse"


# --- CSV -----------------------------------------------------------------------------------


def test_csv_has_a_row_per_practice(kb: pracbase.KnowledgeBase) -> None:
    text = export.to_csv(kb)
    text.encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in rows] == sorted(kb.practices)
    for row in rows:
        practice = kb.practice(row["id"])
        assert row["themes"].split(";") == practice.themes
        assert row["cities"].split(";") == practice.cities
        assert row["title_fr"] == practice.title["fr"] and row["title_en"] == practice.title["en"]
        assert row["description_en"] == practice.description["en"]
        assert {c for c in row["countries"].split(";")} == {kb.cities[c].country for c in practice.cities}
        assert len(row["actors_en"].split(";")) == len(practice.actors) or not practice.actors


def test_csv_in_one_language(kb: pracbase.KnowledgeBase) -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(kb, lang="en"), newline="")))
    assert "title" in rows[0] and "title_fr" not in rows[0]
    row = next(r for r in rows if r["id"] == "aalborg-online-democratic-conversations")
    assert row["title"] == "Mapping online democratic conversations in Aalborg"
    assert row["city_names"] == "Aalborg"


def test_csv_separator_inside_a_value(small_kb: pracbase.KnowledgeBase) -> None:
    assert export._join(["a;b", "c"]) == "a,b;c"
    rows = list(csv.DictReader(io.StringIO(export.to_csv(small_kb), newline="")))
    assert rows[0]["sources"] == "icommit-mechelen: Contribution principale"


# --- JSON-LD -------------------------------------------------------------------------------


def ids_of(graph: Graph, kind: URIRef, folder: str) -> set[str]:
    prefix = f"{BASE}{folder}/"
    return {str(s)[len(prefix):] for s in graph.subjects(RDF.type, kind) if str(s).startswith(prefix)}


def test_jsonld_types_round_trip_the_ids(kb: pracbase.KnowledgeBase, graph: Graph) -> None:
    assert ids_of(graph, SDO.CreativeWork, "practices") == set(kb.practices)
    assert ids_of(graph, SDO.Project, "practices") == set(kb.practices)
    assert ids_of(graph, SDO.Project, "projects") == set(kb.projects)
    cities = ids_of(graph, SDO.City, "cities") | ids_of(graph, SDO.AdministrativeArea, "cities")
    assert cities == set(kb.cities)
    assert ids_of(graph, SDO.CreativeWork, "frameworks") == set(kb.frameworks)


def test_jsonld_cities_have_geo(kb: pracbase.KnowledgeBase, graph: Graph) -> None:
    mechelen = URIRef(f"{BASE}cities/mechelen")
    assert (mechelen, RDF.type, SDO.City) in graph
    geo = graph.value(mechelen, SDO.geo)
    assert graph.value(geo, RDF.type) == SDO.GeoCoordinates
    assert float(graph.value(geo, SDO.latitude)) == kb.city("mechelen").coordinates.lat
    assert float(graph.value(geo, SDO.longitude)) == kb.city("mechelen").coordinates.lon
    assert set(graph.objects(mechelen, SDO.name)) >= {Literal("Malines", lang="fr"), Literal("Mechelen", lang="en")}


def test_jsonld_projects_have_funders(kb: pracbase.KnowledgeBase, graph: Graph) -> None:
    funded = [p for p in kb.projects.values() if p.funder]
    assert funded
    for project in funded:
        funder = graph.value(URIRef(f"{BASE}projects/{project.id}"), SDO.funder)
        assert graph.value(funder, RDF.type) == SDO.Organization
        assert Literal(project.funder["en"], lang="en") in set(graph.objects(funder, SDO.name))


def test_jsonld_links_practices_to_cities_and_terms(kb: pracbase.KnowledgeBase, graph: Graph) -> None:
    practice = next(iter(kb.practices.values()))
    node = URIRef(f"{BASE}practices/{practice.id}")
    assert {str(o) for o in graph.objects(node, SDO.spatialCoverage)} == {
        f"{BASE}cities/{c}" for c in practice.cities}
    theme = URIRef(f"{BASE}taxonomy/themes/{practice.themes[0]}")
    assert (node, SDO.about, theme) in graph
    assert (theme, RDF.type, SDO.DefinedTerm) in graph


def test_jsonld_in_one_language_tags_each_text(kb: pracbase.KnowledgeBase) -> None:
    graph = Graph().parse(data=export.to_jsonld(kb, lang="en"), format="json-ld")
    node = URIRef(f"{BASE}practices/aalborg-online-democratic-conversations")
    assert list(graph.objects(node, SDO.name)) == [
        Literal("Mapping online democratic conversations in Aalborg", lang="en")]
    assert graph.value(node, SDO.identifier) == Literal("aalborg-online-democratic-conversations")


# --- GeoJSON -------------------------------------------------------------------------------


def check_geojson(data: Any) -> None:
    """The structure RFC 7946 requires of a FeatureCollection of points."""
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], str | int)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert isinstance(lon, int | float) and isinstance(lat, int | float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_valid_and_counts_practices(kb: pracbase.KnowledgeBase) -> None:
    data = json.loads(export.to_geojson(kb))
    check_geojson(data)
    features = {f["id"]: f for f in data["features"]}
    assert sorted(features) == sorted(kb.cities)
    for city_id, feature in features.items():
        city, properties = kb.cities[city_id], feature["properties"]
        assert feature["geometry"]["coordinates"] == [city.coordinates.lon, city.coordinates.lat]
        assert properties["practices"] == sorted(p.id for p in kb.practices_of_city(city_id))
        assert properties["practice_count"] == len(properties["practices"])
    assert sum(f["properties"]["practice_count"] for f in data["features"]) == \
        sum(len(p.cities) for p in kb.practices.values())
    assert features["mechelen"]["properties"]["name"] == "Mechelen"
    assert json.loads(export.to_geojson(kb, lang="fr"))["features"][0]["properties"]["name"] == \
        kb.cities[data["features"][0]["id"]].names.get("fr").text


# --- command line and files ----------------------------------------------------------------


def test_cli_export_to_stdout() -> None:
    result = CliRunner().invoke(main, ["export", "--format", "geojson", "--path", str(VALID)])
    assert result.exit_code == 0
    check_geojson(json.loads(result.stdout))


def test_cli_export_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "practices.csv"
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--lang", "fr", "--out", str(out),
                                       "--path", str(VALID)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [r["id"] for r in rows] == ["alpha-case-meetings", "beta-prison-exit"]
    assert [p.name for p in out.parent.iterdir()] == ["practices.csv"]


def test_cli_export_refuses_an_unknown_language() -> None:
    result = CliRunner().invoke(main, ["export", "--lang", "xx", "--path", str(VALID)])
    assert result.exit_code == 1 and result.stderr == "error: unknown language 'xx'\n"


def test_cli_export_of_a_broken_tree(tree: Path) -> None:
    (tree / "practices" / "alpha-case-meetings.yml").write_text("id: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--path", str(tree)])
    assert result.exit_code == 1 and "Traceback" not in result.stderr


def test_write_exports(tmp_path: Path, small_kb: pracbase.KnowledgeBase) -> None:
    written = export.write_exports(small_kb, tmp_path)
    assert sorted(p.name for p in written) == sorted(export.FILE_NAMES.values())
    assert json.loads((tmp_path / "pracbase.json").read_text(encoding="utf-8"))["cities"][0]["id"] == "alpha"


def test_unknown_format(small_kb: pracbase.KnowledgeBase) -> None:
    with pytest.raises(pracbase.NotFoundError, match="did you mean 'geojson'"):
        export.export(small_kb, "geojsn")


def test_public_names() -> None:
    assert pracbase.export_json is export.to_json and pracbase.export_csv is export.to_csv
    assert pracbase.export_jsonld is export.to_jsonld and pracbase.export_geojson is export.to_geojson
    assert ROOT.joinpath("schemas").is_dir()
