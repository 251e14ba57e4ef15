"""``pracbase fmt``: lossless, idempotent, keeps comments, never clobbers a file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import pracbase
from pracbase import fmt, yamlio
from pracbase.cli import main
from pracbase.loader import record_files
from pracbase.models import FILE_TYPES, City, Practice
from tests.conftest import ROOT

COMMENTED = """\
# yaml-language-server: $schema=../schemas/practice.schema.json
# A practice with comments everywhere, fields out of order.
title:
  en: Case meetings   # the English title
  fr: 'Réunions de cas'
# the id comes after the title here
id: alpha-case-meetings
summary: {en: "Every month, police and social services meet.", fr: "Chaque mois, police et services sociaux."}
description:
  fr: |
    Alphaville a créé une table de concertation.

    ### Ceci est un sous-titre Markdown, pas un commentaire.
  en: |
    Alpha City set up a case table.
# where it happens
cities: [alpha]
levels: [secondary]
themes: [multi-agency,
  youth]
sources:
  - section: "Contribution principale"   # the section
    source: icommit-mechelen
status: ongoing
original_language: fr
# reviewed by the editor
last_reviewed: 2026-11-23
# the end
"""


def comments(text: str) -> list[str]:
    return sorted(fmt._comments(text).elements())


def test_every_record_formats_losslessly_and_idempotently() -> None:
    checked = 0
    for model, path in record_files(ROOT):
        before = path.read_text(encoding="utf-8")
        once = fmt.format_text(before, model)
        assert yamlio.parse(once) == yamlio.parse(before), path.name
        assert fmt._comments(once) == fmt._comments(before), path.name
        if once != before:  # (a text formatting leaves as it is is a fixed point already)
            assert fmt.format_text(once, model) == once, f"{path.name}: a second run changes it"
        checked += 1
    kb = pracbase.load(ROOT)
    assert checked == len(kb) + len(kb.sources)


def test_scrambled_records_come_back_to_the_same_records(tmp_path: Path) -> None:
    for model in FILE_TYPES:
        shutil.copytree(ROOT / model.folder, tmp_path / model.folder)
    few = [tmp_path / "cities" / "mechelen.yml", tmp_path / "practices" / "alexandroupolis-local-actors-awareness.yml",
           tmp_path / "frameworks" / "norway-national-action-plan-local-plans.yml"]
    for path in few:  # keys sorted, every line folded at 40 columns, PyYAML's quoting
        data = yamlio.parse(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(data, sort_keys=True, width=40, allow_unicode=True), encoding="utf-8")
    report = fmt.format_paths(few)
    assert report.skipped == {} and len(report.changed) == 3
    assert list(pracbase.load(tmp_path)) == list(pracbase.load(ROOT))
    assert fmt.format_paths(few, check=True).changed == []


def test_comments_survive_and_stay_with_their_field() -> None:
    out = fmt.format_text(COMMENTED, Practice)
    assert comments(out) == comments(COMMENTED)
    assert yamlio.parse(out) == yamlio.parse(COMMENTED)
    lines = out.splitlines()
    assert lines[:2] == COMMENTED.splitlines()[:2]
    assert lines[2:4] == ["# the id comes after the title here", "id: alpha-case-meetings"]
    assert lines[4] == "original_language: fr"
    assert "  fr: Réunions de cas" in lines and "  en: Case meetings   # the English title" in lines
    assert lines.index("  fr: Réunions de cas") < lines.index("  en: Case meetings   # the English title")
    assert "    ### Ceci est un sous-titre Markdown, pas un commentaire." in lines
    assert lines[lines.index("cities: [alpha]") - 1] == "# where it happens"
    assert lines[lines.index("last_reviewed: 2026-11-23") - 1] == "# reviewed by the editor"
    assert lines[-1] == "# the end"
    assert "  - source: icommit-mechelen" in lines
    assert any(re.fullmatch(r"    section: Contribution principale +# the section", line) for line in lines)
    assert fmt.format_text(out, Practice) == out


def test_layout_rules() -> None:
    text = ("id: x\nregion: '155'\ncountry: BE\nnames: {en: 'A, B', fr: A}\n"
            "coordinates:\n    lat: 1.50\n    lon: 2\nsummary:\n  fr: un texte\n    sur deux lignes\n"
            "  en: 'it''s'\nsources:\n- source: scn-guide\n  section: 'Annexe II : Pratiques'\n")
    out = fmt.format_text(text, City)
    assert out == ('id: x\nnames: {fr: A, en: "A, B"}\ncountry: BE\nregion: "155"\n'
                   "coordinates:\n  lat: 1.50\n  lon: 2\nsummary:\n  fr: un texte sur deux lignes\n"
                   '  en: it\'s\nsources:\n  - source: scn-guide\n    section: "Annexe II : Pratiques"\n')


def test_yaml_1_1_values_keep_their_type() -> None:
    text = "id: x\ncountry: 'NO'\noriginal_language: 'no'\ntitle: {fr: 'yes', en: 'n'}\nlast_reviewed: 2026-01-02\n"
    out = fmt.format_text(text, Practice)
    assert yamlio.parse(out) == yamlio.parse(text)
    assert 'country: "NO"' in out and "last_reviewed: 2026-01-02" in out


def test_bom_and_crlf_are_normalised() -> None:
    text = "\ufeffid: x\r\ntitle: {fr: a, en: b}   # c\r\n"
    assert fmt.format_text(text, Practice) == "id: x\ntitle: {fr: a, en: b}   # c\n"


def test_check_changes_nothing_and_exits_1(tree: Path) -> None:
    path = tree / "practices" / "alpha-case-meetings.yml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", str(tree)])
    assert result.exit_code == 1
    assert f"would reformat {fmt.display(path)}" in result.stdout
    assert path.read_text(encoding="utf-8") == COMMENTED
    result = CliRunner().invoke(main, ["fmt", str(path)])
    assert result.exit_code == 0 and "reformatted" in result.stdout
    assert CliRunner().invoke(main, ["fmt", "--check", str(tree)]).exit_code == 0
    assert pracbase.load(tree).practice("alpha-case-meetings").title["fr"] == "Réunions de cas"


def test_never_touches_a_file_that_does_not_parse(tree: Path) -> None:
    path = tree / "practices" / "alpha-case-meetings.yml"
    broken = COMMENTED.replace("levels: [secondary]", "levels: [secondary")
    path.write_text(broken, encoding="utf-8")
    other = tree / "practices" / "beta-prison-exit.yml"
    result = CliRunner().invoke(main, ["fmt", str(tree / "practices")])
    assert result.exit_code == 1
    assert f"{fmt.display(path)}: not formatted: line " in result.stderr
    assert "fix it first (`pracbase validate`)" in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == broken
    assert fmt.format_paths([other], check=True).skipped == {}


def test_atomic_write_leaves_no_temporary_file(tree: Path) -> None:
    path = tree / "practices" / "alpha-case-meetings.yml"
    path.write_text(COMMENTED, encoding="utf-8")
    path.chmod(0o640)
    assert fmt.format_file(path) is True
    assert sorted(p.name for p in path.parent.iterdir()) == ["alpha-case-meetings.yml", "beta-prison-exit.yml"]
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_file_outside_the_record_folders(tmp_path: Path) -> None:
    stray = tmp_path / "notes.yml"
    stray.write_text("id: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", str(stray)])
    assert result.exit_code == 1 and "is not in a record folder (practices/, cities/" in result.stderr
    result = CliRunner().invoke(main, ["fmt", str(tmp_path / "missing.yml")])
    assert result.exit_code == 1 and "no such file or folder" in result.stderr


def test_check_prints_the_diff_it_wants(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    path = Path("practices") / "alpha-case-meetings.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: ongoing", "status:   'ongoing'"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", "practices"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:6] == [
        "would reformat practices/alpha-case-meetings.yml",
        "--- practices/alpha-case-meetings.yml (as written)",
        "+++ practices/alpha-case-meetings.yml (as pracbase fmt writes it)",
        "@@ -25,7 +25,7 @@",
        "   - name: {fr: Police locale, en: Local police}",
        "     type: police"]
    assert "-status:   'ongoing'" in result.stdout.splitlines() and "+status: ongoing" in result.stdout.splitlines()


def test_check_speaks_french(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pracbase fmt --check --lang fr`: what would change, what cannot be formatted and the counts, in French."""
    monkeypatch.chdir(tree)
    Path("practices/alpha-case-meetings.yml").write_text(COMMENTED, encoding="utf-8")
    broken = Path("practices/beta-prison-exit.yml")
    broken.write_text(broken.read_text(encoding="utf-8").replace("levels: [tertiary]", "levels: [tertiary"),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", "--lang", "fr", "practices"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "serait remis en forme : practices/alpha-case-meetings.yml"
    assert result.stderr.splitlines() == [
        "practices/beta-prison-exit.yml : non mis en forme : ligne 8 : erreur de syntaxe YAML : la liste [ … ] "
        "qui commence ligne 7 n'est pas fermée, ou il manque une virgule entre deux éléments ; corrigez d'abord "
        "ce problème (`pracbase validate`)",
        "1 fichier serait remis en forme, 0 inchangé, 1 ignoré.",
    ]
