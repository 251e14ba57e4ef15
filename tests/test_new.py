"""``pracbase new``: templates that list every field, validate once filled, never overwrite."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import pracbase
from pracbase import schema as schemas
from pracbase import templates, yamlio
from pracbase.cli import main
from pracbase.fmt import format_text

TYPES = list(schemas.record_types())
TODAY = date(2026, 11, 23)

# What a contributor would write in place of each placeholder (the fixture tree has
# cities alpha and beta, project gamma).
FILL = [
    # a lineage names an outside model here (organisation and method), not a practice
    (r'^(\s*- )practice: ""\n\s*organisation: ""', r"\1organisation: Exit Sweden"),
    (r'^(\s*)(fr|en): ""$', r"\1\2: Un texte court."),
    (r"^(\s*)(fr|en): \|$", r"\1\2: |\n\1  Un paragraphe.\n\n\1  Un autre."),
    (r'\{fr: "", en: ""\}', "{fr: Police locale, en: Local police}"),
    (r"^cities: \[\]$", "cities: [alpha]"),
    (r"^partner_cities: \[\]$", "partner_cities: [alpha, beta]"),
    (r"^levels: \[\]$", "levels: [secondary]"),
    (r"^themes: \[\]$", "themes: [youth, multi-agency]"),
    (r'^(\s*- )source: ""$', r"\1source: icommit-mechelen"),
    (r'^(\s*)section: ""$', r"\1section: Contribution principale"),
    (r'^country: ""$', "country: BE"),
    (r'^region: ""$', 'region: "155"'),
    (r"^(\s*)lat: null$", r"\1lat: 50.85"),
    (r"^(\s*)lon: null$", r"\1lon: 4.35"),
    (r'^acronym: ""$', "acronym: TEST"),
    (r'^coordinator: ""$', "coordinator: Efus"),
    (r'^type: ""$', "type: web-page"),
    (r'^language: ""$', "language: fr"),
    (r'^publisher: ""$', "publisher: Ville de Bruxelles"),
    (r'^url: ""$', "url: https://example.org/prevention"),
    (r'^file: ""$', "file: prevention.pdf"),
    (r'^(\s*)type: ""$', r"\1type: police"),
    (r'^(\s*- )network: ""$', r"\1network: efus"),
    (r'^(\s*- )url: ""$', r"\1url: https://example.org/page"),
    (r'^(\s*)url: ""$', r"\1url: https://example.org/manual"),
    (r'^(\s*- )id: ""$', r"\1id: first-step"),
    (r'^(\s*- )title: ""$', r"\1title: Un manuel"),
    (r'^(\s*)publisher: ""$', r"\1publisher: Efus"),
]


def fill(text: str) -> str:
    for pattern, replacement in FILL:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    return text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("record_type", TYPES)
def test_template_lists_every_field(record_type: str) -> None:
    text = templates.template(record_type, "new-record", TODAY)
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../schemas/{record_type}.schema.json"
    keys = [m.group(1) for m in re.finditer(r"^(?:# )?([a-z_]+):", text, flags=re.MULTILINE)]
    model = schemas.record_types()[record_type]
    assert [k for k in keys if k in model.model_fields] == schemas.field_order(model)
    for name in model.model_fields:
        assert schemas.field_doc(model, name)["en"] in text


@pytest.mark.parametrize("record_type", TYPES)
@pytest.mark.parametrize("optional", [False, True], ids=["as-written", "optional-parts-uncommented"])
def test_filled_template_validates(record_type: str, optional: bool, tree: Path) -> None:
    path = templates.new_record(record_type, "new-record", tree, TODAY)
    if optional:
        path.write_text(templates.template(record_type, "new-record", TODAY, optional=True), encoding="utf-8")
    empty = pracbase.validate(tree)
    assert empty and all(p.path == path.relative_to(tree).as_posix() and p.line for p in empty)
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert [str(p) for p in pracbase.validate(tree)] == []
    kb = pracbase.load(tree)
    record = kb.source("new-record") if record_type == "source" else kb.record(record_type, "new-record")
    assert record.last_reviewed == TODAY
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schemas.json_schema(record_type), cls=jsonschema.Draft7Validator)


def test_unfilled_template_points_at_each_placeholder(tree: Path) -> None:
    path = templates.new_record("practice", "new-record", tree, TODAY)
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = pracbase.validate(tree)
    assert {lines[p.line - 1].split(":")[0].strip("- ") for p in problems if p.line} == {
        "fr", "en", "cities", "levels", "themes", "source", "section"}


@pytest.mark.parametrize("record_type", TYPES)
def test_template_is_already_formatted(record_type: str) -> None:
    text = templates.template(record_type, "new-record", TODAY)
    model = schemas.record_types()[record_type]
    assert format_text(text, model) == text
    assert format_text(fill(text), model) == fill(text)


def test_template_without_id_parses() -> None:
    data = yamlio.parse(templates.template("city"))
    assert data["id"] == "" and data["last_reviewed"] == date.today()


def test_never_overwrites(tree: Path) -> None:
    existing = tree / "practices" / "alpha-case-meetings.yml"
    before = existing.read_bytes()
    with pytest.raises(templates.RecordExistsError, match=r"practices/alpha-case-meetings\.yml already exists"):
        templates.new_record("practice", "alpha-case-meetings", tree)
    assert existing.read_bytes() == before
    code, _, err = run("new", "practice", "--id", "alpha-case-meetings", "--path", str(tree))
    assert code == 1
    assert err == "error: practices/alpha-case-meetings.yml already exists: edit it, or choose another id\n"
    assert existing.read_bytes() == before
    assert not [p for p in (tree / "practices").iterdir() if p.name.startswith(".")]


def test_cli_writes_to_the_right_folder(tree: Path) -> None:
    code, out, _ = run("new", "city", "--id", "gamma-city", "--path", str(tree))
    assert code == 0
    written = tree / "cities" / "gamma-city.yml"
    assert "gamma-city.yml: fill it in, then run `pracbase validate`" in out
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schemas/city")
    assert "id: gamma-city\n" in written.read_text(encoding="utf-8")


def test_cli_creates_the_folder(tmp_path: Path) -> None:
    code, _, _ = run("new", "framework", "--id", "x-mandate", "--path", str(tmp_path))
    assert code == 0 and (tmp_path / "frameworks" / "x-mandate.yml").is_file()


def test_cli_without_id_prints_the_template() -> None:
    code, out, _ = run("new", "project")
    assert code == 0
    assert out.startswith("# yaml-language-server: $schema=../schemas/project.schema.json\n")
    assert 'id: ""\n' in out


def test_cli_refuses_a_bad_id(tree: Path) -> None:
    code, _, err = run("new", "practice", "--id", "Mechelen Case", "--path", str(tree))
    assert code == 1
    assert err.startswith("error: invalid id: 'Mechelen Case' is not lowercase kebab-case ASCII")
    assert "'mechelen-case'" in err and "Traceback" not in err


def test_cli_refuses_an_unknown_type() -> None:
    code, _, err = run("new", "practise", "--id", "x")
    assert code == 2 and "'practise' is not one of" in err
