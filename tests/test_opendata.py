"""Open data v1: the versioned API, OpenAPI, identifiers, the data package, git history,
the Atom feeds, freshness and the release archive (issue 22)."""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from referencing import Registry, Resource

import pracbase
from pracbase import api, export, history, schema
from pracbase.cli import main
from pracbase.site import explorer, records
from pracbase.site.context import Context
from tests.conftest import ROOT, VALID

ROOT_HISTORY = history.read_history(ROOT)
"""This repository's history (unavailable in a shallow clone: the tests then expect no dates)."""

RECORD_KINDS = {"practices": "practice", "cities": "city", "projects": "project", "frameworks": "framework"}


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def _git(cwd: Path, *args: str, when: str = "2020-01-15T10:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tree: Path) -> Path:
    """The valid fixture tree as a git repository: every file added in 2020, one practice changed in 2026."""
    _git(tree, "init", "-q", "-b", "main")
    _git(tree, "add", "-A")
    _git(tree, "commit", "-q", "-m", "First records")
    practice = next(iter(sorted((tree / "practices").glob("*.yml"))))
    practice.write_text(practice.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(tree, "commit", "-q", "-am", "Correct the summary", when="2026-11-02T08:30:00+00:00")
    return tree


# --- /api/v1 --------------------------------------------------------------------------------


def test_one_practice_by_its_address_with_its_schema_version(built_site: Path, kb: pracbase.KnowledgeBase) -> None:
    """A tool fetches one practice at /api/v1/practices/<id>.json and learns the schema it follows."""
    api_dir = built_site / "api"
    practice = next(iter(kb.practices.values()))
    response = _json(api_dir / "v1" / "practices" / f"{practice.id}.json")
    assert response["schema_version"] == pracbase.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", response["generated_at"])
    assert response["data"]["id"] == practice.id and response["data"]["title"] == dict(practice.title.root)
    # last_modified is the file's last commit, as git says (unknown in a shallow clone)
    git_day = subprocess.run(["git", "log", "-1", "--format=%cs", "--", f"practices/{practice.id}.yml"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
    assert response["last_modified"] == (git_day if ROOT_HISTORY.available else None)
    published_schema = _json(built_site / response["schema"])
    jsonschema.validate(response["data"], published_schema)


def test_every_record_and_collection_is_wrapped_the_same_way(built_site: Path, kb: pracbase.KnowledgeBase) -> None:
    v1 = built_site / "api" / "v1"
    keys = {"schema_version", "generated_at", "last_modified", "data"}
    index = _json(v1 / "index.json")
    assert keys <= set(index)
    for folder in RECORD_KINDS:
        table = getattr(kb, folder)
        collection = _json(v1 / f"{folder}.json")
        assert keys | {"total"} <= set(collection)
        assert collection["total"] == len(table) == len(collection["data"])
        assert index["data"]["collections"][folder]["total"] == len(table)
        assert sorted(path.stem for path in (v1 / folder).glob("*.json")) == sorted(table)
        assert index["data"]["collections"][folder]["ids"] == sorted(table)
        days = [d for p in (v1 / folder).glob("*.json") if (d := _json(p)["last_modified"])]
        assert collection["last_modified"] == (max(days) if days else None)
        assert bool(days) == ROOT_HISTORY.available
        assert {r["generated_at"] for r in (_json(p) for p in (v1 / folder).glob("*.json"))} == {index["generated_at"]}
    listed = {entry["path"] for entry in index["data"]["files"]}
    for name in ("practices.json", "cities.json", "projects.json", "frameworks.json", "pracbase.json",
                 "practices.csv", "pracbase.jsonld", "cities.geojson", "datapackage.json"):
        assert f"api/{name}" in listed and (built_site / "api" / name).is_file()
    assert all((built_site / path).is_file() for path in listed)
    assert all((built_site / path).is_file() for path in index["data"]["feeds"].values())


def test_openapi_description_is_valid_and_matches_the_files(built_site: Path, kb: pracbase.KnowledgeBase) -> None:
    from openapi_spec_validator import validate

    path = built_site / "api" / "v1" / "openapi.json"
    spec = _json(path)
    validate(spec, base_uri=path.as_uri())
    assert spec["openapi"].startswith("3.1")
    for route in spec["paths"]:  # every fixed path is a file of the site; {id} paths have one per record
        template = route.lstrip("/")
        ids = getattr(kb, template.split("/")[2]) if "{id}" in template else [""]
        assert all((built_site / template.replace("{id}", id)).is_file() for id in ids), route
    # the record schemas are referenced, and the responses validate against the description
    practice = spec["components"]["schemas"]["Practice"]["$ref"]
    assert (path.parent / practice).resolve() == (built_site / "api" / "schemas" / "practice.schema.json").resolve()
    site = "https://pracbase.example/"
    registry = Registry().with_resources(
        (f"{site}api/schemas/{p.name}", Resource.from_contents(_json(p)))
        for p in (built_site / "api" / "schemas").iterdir())
    registry = registry.with_resource(f"{site}api/v1/openapi.json", Resource.opaque(spec)).crawl()
    response_schema = {"$ref": f"{site}api/v1/openapi.json#/components/schemas/PracticeResponse"}
    sample = _json(built_site / "api" / "v1" / "practices" / f"{next(iter(kb.practices))}.json")
    jsonschema.Draft202012Validator(response_schema, registry=registry).validate(sample)
    broken = {**sample, "data": {**sample["data"], "levels": ["nonsense"]}}
    with pytest.raises(jsonschema.ValidationError) as error:
        jsonschema.Draft202012Validator(response_schema, registry=registry).validate(broken)
    assert list(error.value.absolute_path) == ["data", "levels", 0]  # the bad value, where it is


# --- identifiers ----------------------------------------------------------------------------


def test_site_url_is_the_base_of_jsonld_ids_and_schema_ids(small_kb: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    from pracbase.site.build import api_build

    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\nsite_url: https://example.org/kb\n",
                      encoding="utf-8")
    build = api_build(config, VALID)
    assert build.base == "https://example.org/kb/"
    out = tmp_path / "api"
    api.write(small_kb, out, build)
    graph = _json(out / "pracbase.jsonld")["@graph"]
    practice = next(iter(small_kb.practices))
    assert {"@id": f"https://example.org/kb/practices/{practice}"}.items() <= next(
        n for n in graph if n.get("identifier") == practice).items()
    assert all(n["@id"].startswith("https://example.org/kb/") for n in graph)
    assert _json(out / "schemas" / "practice.schema.json")["$id"] == \
        "https://example.org/kb/api/schemas/practice.schema.json"
    assert _json(out / "v1" / "index.json")["data"]["base_url"] == "https://example.org/kb/"
    # without site_url (the repository's mkdocs.yml), the documented urn: base
    assert api_build(ROOT / "mkdocs.yml", VALID).base == "urn:pracbase:"


def test_taxonomy_ids_follow_the_documented_pattern(small_kb: pracbase.KnowledgeBase) -> None:
    """docs/exports.md: <base>taxonomy/<vocabulary>/<value>; filtering by level is a prefix match."""
    docs = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    assert "<base>taxonomy/<vocabulary>/<value>" in docs
    graph = json.loads(export.to_jsonld(small_kb))["@graph"]
    for practice in small_kb.practices.values():
        node = next(n for n in graph if n.get("identifier") == practice.id and "Project" in n["@type"])
        levels = [a["@id"].removeprefix("urn:pracbase:taxonomy/levels/") for a in node["about"]
                  if a["@id"].startswith("urn:pracbase:taxonomy/levels/")]
        assert levels == practice.levels
    terms = {n["@id"] for n in graph if n.get("@type") == "DefinedTerm"}
    assert "urn:pracbase:taxonomy/levels/tertiary" in terms


def test_committed_schemas_have_an_id() -> None:
    for name in RECORD_KINDS.values():
        document = _json(ROOT / "schemas" / f"{name}.schema.json")
        assert document["$id"] == f"urn:pracbase:api/schemas/{name}.schema.json"
        jsonschema.Draft7Validator.check_schema(document)


def test_the_docs_say_what_the_schema_checks(kb: pracbase.KnowledgeBase) -> None:
    """The schemas check the export without --lang (and the files); with --lang texts are strings."""
    docs = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    assert "without `--lang`" in docs
    whole = json.loads(export.to_json(kb))
    one_language = json.loads(export.to_json(kb, lang="en"))
    for folder, name in RECORD_KINDS.items():
        validator = jsonschema.Draft7Validator(schema.json_schema(name))
        assert all(validator.is_valid(record) for record in whole[folder]), folder
        assert not any(validator.is_valid(record) for record in one_language[folder]), folder


def test_json_export_carries_the_released_version(small_kb: pracbase.KnowledgeBase) -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert json.loads(export.to_json(small_kb))["pracbase_version"] == pracbase.__version__ == str(citation["version"])
    assert f"## [{pracbase.__version__}] - " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


# --- data package ---------------------------------------------------------------------------


def test_frictionless_validates_the_data_package(built_site: Path) -> None:
    package = built_site / "api" / "datapackage.json"
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json", str(package)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["valid"] and {t["name"] for t in report["tasks"]} >= {"practices-table", "practices"}
    descriptor = _json(package)
    assert descriptor["version"] == pracbase.__version__
    # the JSON resources follow the JSON Schemas they name (Frictionless does not read jsonSchema)
    for resource in descriptor["resources"]:
        if resource["format"] == "json":
            item = resource["jsonSchema"]["items"]["$ref"]
            jsonschema.validate(_json(package.parent / resource["path"]),
                                {"type": "array", "items": _json(package.parent / item)})


def test_frictionless_catches_a_bad_csv_row(small_kb: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "api"
    api.write(small_kb, out, api.Build())
    csv_text = (out / "practices.csv").read_text(encoding="utf-8")
    status = next(iter(small_kb.practices.values())).status
    (out / "practices.csv").write_text(csv_text.replace(f",{status},", ",nonsense,", 1), encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                             str(out / "datapackage.json")], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert not json.loads(result.stdout)["valid"]


# --- history --------------------------------------------------------------------------------


def test_history_from_one_git_log(repo: Path) -> None:
    kb = pracbase.load(repo)
    found = history.read_history(repo)
    assert found.available
    changed = next(iter(sorted((repo / "practices").glob("*.yml")))).stem
    record = kb.practices[changed]
    assert found.of(record).created == date(2020, 1, 15)
    assert found.of(record).modified == date(2026, 11, 2)
    assert [c.summary for c in found.of(record).changes] == ["Correct the summary", "First records"]
    other = next(p for p in kb.practices.values() if p.id != changed)
    assert found.modified(other) == date(2020, 1, 15)
    assert all(found.of(r) is not None for r in kb)


def test_shallow_clone_and_no_git_fall_back_without_dates(repo: Path, tmp_path: Path, monkeypatch) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    found = history.read_history(clone)
    assert not found.available and "shallow" in found.unavailable
    kb = pracbase.load(clone)
    assert all(found.of(r) is None for r in kb)
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert history.read_history(plain).unavailable == "not a git repository"
    # the API then says it does not know, and never invents a date
    out = tmp_path / "api"
    api.write(kb, out, api.Build(history=found))
    response = _json(out / "v1" / "practices" / f"{next(iter(kb.practices))}.json")
    assert response["last_modified"] is None
    assert _json(out / "v1" / "index.json")["data"]["history"] == {"available": False, "note": found.unavailable}


def test_history_section_on_the_record_page(repo: Path) -> None:
    kb = pracbase.load(repo)
    changed = next(iter(sorted((repo / "practices").glob("*.yml")))).stem
    build = api.Build(history=history.read_history(repo), generated_at="2026-12-01T00:00:00Z")
    page = records.practice_page(Context(kb, "en", pracbase.i18n.translations("en"), build), kb.practices[changed])
    assert "## History" in page
    assert "First published on January 15, 2020, last changed on November 2, 2026" in page
    assert page.index("Correct the summary") < page.index("First records")
    without = api.Build(history=history.History(unavailable="shallow clone"))
    page = records.practice_page(Context(kb, "en", pracbase.i18n.translations("en"), without), kb.practices[changed])
    assert "built without the repository's history" in page and "First published" not in page


# --- feeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en", "de"])
def test_atom_feed_per_language(built_site: Path, kb: pracbase.KnowledgeBase, lang: str) -> None:
    from xml.etree import ElementTree as ET

    path = built_site / lang / "feed.xml"
    root = ET.parse(path).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    for required in ("id", "title", "updated"):  # RFC 4287 4.1.1
        assert root.find(f"{atom}{required}") is not None
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert 0 < len(feed.entries) <= min(len(kb.practices), 50)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    first = feed.entries[0]
    practice_id = first.id.rsplit("/", 1)[1]
    assert practice_id in kb.practices and first.link.endswith(f"practices/{practice_id}/")
    if ROOT_HISTORY.available:
        latest = subprocess.run(["git", "log", "-1", "--format=%ct", "--", f"practices/{practice_id}.yml"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        assert calendar.timegm(first.updated_parsed) == int(latest)  # its file's last commit
    else:  # a shallow clone: the reviewer's date
        reviewed = kb.practices[practice_id].last_reviewed
        assert reviewed is not None and first.updated.startswith(reviewed.isoformat())
    assert (built_site / lang / f"practices/{practice_id}/index.html").is_file()


def test_feed_lists_the_latest_change_first(repo: Path) -> None:
    from pracbase.feed import atom

    kb = pracbase.load(repo)
    changed = next(iter(sorted((repo / "practices").glob("*.yml")))).stem
    build = api.Build(history=history.read_history(repo), generated_at="2026-12-01T00:00:00Z")
    feed = feedparser.parse(atom(kb, "en", pracbase.i18n.translations("en"), build))
    assert not feed.bozo
    assert feed.entries[0].id == f"urn:pracbase:practices/{changed}"
    assert feed.entries[0].updated == "2026-11-02T08:30:00Z"
    assert feed.entries[0].published == "2020-01-15T10:00:00Z"
    assert "Correct the summary" in feed.entries[0].summary
    assert len(feed.entries) == len(kb.practices)


def test_feed_without_history_uses_review_dates_only(tree: Path) -> None:
    """No git history: the entries are the practices a reviewer dated, on that day; nothing invented."""
    from pracbase.feed import atom

    dated = _review(tree, "practices", "2024-05-06")
    for path in (tree / "practices").glob("*.yml"):
        if path.stem != dated:
            path.write_text(re.sub(r"^last_reviewed:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M),
                            encoding="utf-8")
    kb = pracbase.load(tree)
    build = api.Build(history=history.History(unavailable="shallow clone"), generated_at="2026-12-01T00:00:00Z")
    feed = feedparser.parse(atom(kb, "fr", pracbase.i18n.translations("fr"), build))
    assert not feed.bozo
    assert [(e.id, e.updated) for e in feed.entries] == [(f"urn:pracbase:practices/{dated}", "2024-05-06T00:00:00Z")]
    assert "published" not in feed.entries[0]


def test_every_page_links_its_feed(built_site: Path) -> None:
    for lang in ("fr", "en"):
        for page in (built_site / lang / "index.html", built_site / lang / "about" / "index.html"):
            head = page.read_text(encoding="utf-8").split("</head>")[0]
            link = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head)
            assert link, page
            assert (page.parent / link.group(1)).resolve() == (built_site / lang / "feed.xml").resolve()


# --- freshness ------------------------------------------------------------------------------


def _review(tree: Path, folder: str, day: str) -> str:
    path = next(iter(sorted((tree / folder).glob("*.yml"))))
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^last_reviewed:.*$", f"last_reviewed: {day}", text, flags=re.M) if "last_reviewed:" in text \
        else text.rstrip("\n") + f"\nlast_reviewed: {day}\n"
    path.write_text(text, encoding="utf-8")
    return path.stem


def test_stale_after_the_period(tree: Path) -> None:
    old = _review(tree, "practices", "2023-06-30")
    kb = pracbase.load(tree)
    none = history.History(unavailable="not a git repository")
    assert history.is_stale(kb.practices[old], none, date(2025, 7, 1))
    assert not history.is_stale(kb.practices[old], none, date(2025, 6, 30))  # exactly 24 months: not more
    assert not history.is_stale(kb.practices[old], none, date(2025, 7, 1), months=36)
    found = history.stale_records(kb, none, date(2026, 1, 1))
    assert [s.record.id for s in found if s.record.folder == "practices"] == [old]
    assert found[0].stated


def test_stale_cli(tree: Path) -> None:
    old = _review(tree, "practices", "2019-03-01")
    result = CliRunner().invoke(main, ["stale", str(tree), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["months"] == 24
    assert {"type": "practice", "id": old, "path": f"practices/{old}.yml", "reviewed": "2019-03-01",
            "from": "last_reviewed"} in data["stale"]
    text = CliRunner().invoke(main, ["stale", str(tree), "--months", "1200"])
    assert text.exit_code == 0 and old not in text.stdout


def test_stale_on_the_page_and_in_the_explorer(tree: Path) -> None:
    old = _review(tree, "practices", "2020-02-10")
    kb = pracbase.load(tree)
    build = api.Build(history=history.History(unavailable="not a git repository"), generated_at="2026-12-01T00:00:00Z")
    ctx = Context(kb, "en", pracbase.i18n.translations("en"), build)
    assert "Not reviewed since February 10, 2020" in records.practice_page(ctx, kb.practices[old])
    fresh = next(p for p in kb.practices.values() if p.id != old)
    assert "pb-stale" not in records.practice_page(ctx, fresh)
    data = explorer.explorer_data(kb, "fr", build)
    entry = next(p for p in data["practices"] if p["id"] == old)
    assert entry["review"] == ["stale"] and entry["stale_since"] == "10 février 2020"
    facet = next(f for f in data["facets"] if f["key"] == "review")
    assert {v["id"]: v["count"] for v in facet["values"]}["stale"] == 1
    assert "24" in {v["id"]: v["label"] for v in facet["values"]}["stale"]


# --- release and about page -----------------------------------------------------------------


def test_release_archive_from_a_fresh_clone(tmp_path: Path) -> None:
    """The committed code and records (a clone of this repository's HEAD) make the archive."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    out = tmp_path / "dist"
    env = {**os.environ, "PYTHONPATH": str(clone)}
    run = [sys.executable, "-m", "pracbase.cli", "--no-cache", "release", ".", "--out", str(out)]
    result = subprocess.run(run, cwd=clone, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    archive = out / f"pracbase-data-{pracbase.__version__}.zip"
    digest, name = (out / f"{archive.name}.sha256").read_text(encoding="utf-8").split()
    assert name == archive.name and hashlib.sha256(archive.read_bytes()).hexdigest() == digest
    folder = f"pracbase-data-{pracbase.__version__}/"
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        for member in ("pracbase.json", "practices.csv", "pracbase.jsonld", "cities.geojson", "datapackage.json",
                       "schemas/practice.schema.json", "CITATION.cff", "SHA256SUMS"):
            assert folder + member in names
        sums = zipped.read(folder + "SHA256SUMS").decode()
        listed = dict(reversed(line.split("  ")) for line in sums.splitlines())
        assert set(listed) == {n.removeprefix(folder) for n in names} - {"SHA256SUMS"}
        for member, expected in listed.items():
            assert hashlib.sha256(zipped.read(folder + member)).hexdigest() == expected
        zipped.extractall(tmp_path / "unpacked")
    # the data package of the archive is valid on its own
    frictionless = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                                   str(tmp_path / "unpacked" / folder / "datapackage.json")],
                                  capture_output=True, text=True, check=False)
    assert frictionless.returncode == 0, frictionless.stdout[-2000:]
    # reproducible: a second release of the same commit is byte-identical
    again = subprocess.run([*run[:-1], str(tmp_path / "again")], cwd=clone, env=env, capture_output=True,
                           text=True, check=False)
    assert again.returncode == 0
    assert (tmp_path / "again" / archive.name).read_bytes() == archive.read_bytes()


def test_release_refuses_a_citation_of_another_version(tree: Path, tmp_path: Path) -> None:
    (tree / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: x\nversion: 9.9.9\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["release", str(tree), "--out", str(tmp_path / "dist")])
    assert result.exit_code != 0
    assert "CITATION.cff:3:1: version is '9.9.9'" in result.output
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_about_page_has_dataset_markup(built_site: Path) -> None:
    page = (built_site / "en" / "about" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', page, re.S)
    assert found
    dataset = json.loads(found.group(1))
    assert dataset["@type"] == "Dataset" and dataset["version"] == pracbase.__version__
    assert dataset["license"].startswith("https://")
    downloads = {d["name"]: d for d in dataset["distribution"]}
    assert downloads["practices.csv"]["encodingFormat"] == "text/csv"
    for download in downloads.values():
        assert (built_site / "en" / "about" / download["contentUrl"]).resolve().is_file()
