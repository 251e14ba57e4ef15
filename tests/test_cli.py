"""The command line: exit codes, messages, JSON output, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pracbase.cli import main
from tests.conftest import INVALID, VALID, overlay


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok() -> None:
    code, out, _ = run("validate", str(VALID))
    assert code == 0
    assert out == "OK: 2 practices, 2 cities, 1 project, 1 framework, 1 guide, 4 sources.\n"


def test_validate_reports_problems(tree: Path) -> None:
    overlay(tree, INVALID / "unknown-theme")
    code, _out, err = run("validate", str(tree))
    assert code == 1
    assert err.splitlines() == [
        "practices/alpha-case-meetings.yml:21:24: themes.1: unknown theme 'yuoth' (did you mean 'youth'?)",
        "1 problem found.",
    ]


def test_validate_json(tree: Path) -> None:
    overlay(tree, INVALID / "unknown-city")
    code, out, _ = run("validate", "--json", str(tree))
    assert code == 1
    assert json.loads(out)[0]["line"] == 18


def test_stats_counts() -> None:
    code, out, _ = run("stats", "--json", str(VALID))
    assert code == 0
    figures = json.loads(out)
    assert figures["practices"] == 2
    assert figures["by_level"] == {"secondary": 1, "tertiary": 1}
    assert figures["by_country"] == {"BE": 2, "NL": 1}


def test_stats_on_broken_tree_exits_1(tree: Path) -> None:
    overlay(tree, INVALID / "yaml-syntax")
    code, _, err = run("stats", str(tree))
    assert code == 1
    assert "never closed" in err and "Traceback" not in err


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.iterdir() if p.is_dir()))
def test_every_invalid_case_is_reported_not_raised(case: str, tree: Path) -> None:
    """Every invalid case: its exact problems on stderr, exit 1, never a traceback."""
    overlay(tree, INVALID / case)
    result = CliRunner().invoke(main, ["validate", str(tree)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines()[:-1] == expected
    assert "Traceback" not in result.stderr


def test_installed_command_never_prints_a_traceback(tree: Path) -> None:
    """The real entry point in a fresh process, on a tree holding every invalid case at once."""
    for case in sorted(p for p in INVALID.iterdir() if p.is_dir()):
        overlay(tree, case)
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "validate", str(tree)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("problems found.")


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"`pracbase {name}` has no help text"
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage:" in out


def test_validate_github_annotations(tree: Path) -> None:
    overlay(tree, INVALID / "unknown-theme")
    code, out, _ = run("validate", "--format", "github", str(tree))
    assert code == 1
    path = Path(tree, "practices/alpha-case-meetings.yml").as_posix()
    assert out == (f"::error file={path},line=21,col=24,title=pracbase validate::"
                   "themes.1: unknown theme 'yuoth' (did you mean 'youth'?)\n")


def test_github_annotation_escapes() -> None:
    from pracbase.errors import Problem

    problem = Problem("practices/a,b.yml", 3, None, "100% wrong\nreally", "fix: it")
    assert problem.as_github() == ("::error file=practices/a%2Cb.yml,line=3,title=pracbase validate::"
                                   "100%25 wrong%0Areally (fix: it)")


def test_validate_given_files_in_the_context_of_their_tree(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file is checked against the whole tree (its city and source exist elsewhere); only its problems show."""
    monkeypatch.chdir(tree)
    code, out, _ = run("validate", "practices/alpha-case-meetings.yml")
    assert (code, out) == (0, "OK: practices/alpha-case-meetings.yml (checked with 2 practices, 2 cities, "
                              "1 project, 1 framework, 1 guide, 4 sources).\n")
    other = Path("practices/beta-prison-exit.yml")
    other.write_text(other.read_text(encoding="utf-8").replace("cities: [beta, alpha]", "cities: [beta, grenoble]"),
                     encoding="utf-8")
    assert run("validate", "practices/alpha-case-meetings.yml")[0] == 0  # the other file's problem is not its own
    code, _, err = run("validate", "practices/alpha-case-meetings.yml", str(other))
    assert code == 1
    assert err.splitlines()[0].startswith("practices/beta-prison-exit.yml:")
    assert err.splitlines()[0].endswith("cities: unknown city 'grenoble' "
                                        "(create cities/grenoble.yml with `pracbase new city --id grenoble`)")
    assert run("validate", "README.md") == (1, "", "error: README.md: no such file\n")
    Path("notes.yml").write_text("id: x\n", encoding="utf-8")
    code, _, err = run("validate", "notes.yml")
    assert code == 1 and err.startswith("error: notes.yml is not in a record folder (cities/, frameworks/, ")


def test_validate_speaks_the_contributors_language(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tree / "practices" / "alpha-case-meetings.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cities: [alpha]", "cities: [grenoble]"),
                    encoding="utf-8")
    french = ("practices/alpha-case-meetings.yml:18:10: cities : ville inconnue 'grenoble' "
              "(créez cities/grenoble.yml avec `pracbase new city --id grenoble`)")
    assert run("validate", str(tree), "--lang", "fr")[2].splitlines()[0] == french
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert run("validate", str(tree))[2].splitlines()[0] == french
    code, out, _ = run("validate", str(tree), "--format", "github")
    assert code == 1 and out.splitlines()[0].endswith("::cities : ville inconnue 'grenoble' "
                                                      "(créez cities/grenoble.yml avec `pracbase new city --id "
                                                      "grenoble`)%0Acities: unknown city 'grenoble' (create "
                                                      "cities/grenoble.yml with `pracbase new city --id grenoble`)")
    monkeypatch.setenv("LANGUAGE", "de")
    assert "unbekannte Stadt 'grenoble'" in run("validate", str(tree))[2]
    assert "unknown city 'grenoble'" in run("validate", str(tree), "--lang", "en")[2]


def broken_tree(tree: Path) -> Path:
    """The valid tree with five kinds of mistakes, one per file: syntax, unknown field, wrong type,
    missing translation, unknown city."""
    def edit(name: str, old: str, new: str) -> None:
        file = tree / name
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("practices/beta-prison-exit.yml", "title: {fr: Accompagnement à la sortie de prison, en: Support on leaving "
         "prison}", 'title: "Accompagnement à la sortie de prison')
    edit("cities/alpha.yml", "kind: city", "kind: city\npopulaton: 80000")
    edit("cities/beta.yml", 'region: "155"', "region: 155")
    edit("projects/gamma.yml", "partner_cities: [alpha, beta]", "partner_cities: [alpha, btea]")
    edit("practices/alpha-case-meetings.yml", "  en: Case meetings with the police\n", "")
    return tree


BROKEN_FR = [
    "cities/alpha.yml:8:1: champ inconnu 'populaton' (autorisés ici : id, last_reviewed, original_language, sources, "
    "names, country, region, coordinates, kind, networks, concerns, summary, partnership)",
    'cities/beta.yml:4:9: region : on attend du texte, pas le nombre 155 (mettez-le entre guillemets : "155")',
    "practices/alpha-case-meetings.yml:4:3: title : pas de texte en anglais (en) (ajoutez `en:` avec le texte en "
    "anglais : chaque texte est écrit en français et en anglais)",
    "practices/beta-prison-exit.yml:2:8: erreur de syntaxe YAML : le texte entre guillemets qui commence ici n'est "
    "jamais fermé (ajoutez le guillemet ou le crochet fermant)",
    "projects/gamma.yml:13:25: partner_cities : ville inconnue 'btea' (créez cities/btea.yml avec "
    "`pracbase new city --id btea`)",
    "5 problèmes trouvés.",
]


def test_validate_in_french_end_to_end(tree: Path) -> None:
    """`pracbase validate --lang fr`: every problem and the summary in French, whatever the kind of mistake."""
    code, out, err = run("validate", "--lang", "fr", str(broken_tree(tree)))
    assert (code, out) == (1, "")
    assert err.splitlines() == BROKEN_FR


def test_validate_speaks_the_locale_in_a_real_process(tree: Path) -> None:
    """The installed command, in a fresh process, takes French from LANG when --lang is not given."""
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "validate", str(broken_tree(tree))],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "LANG": "fr_FR.UTF-8", "PRACBASE_NO_CACHE": "1"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == BROKEN_FR


def test_validate_ok_in_french_and_german() -> None:
    assert run("validate", "--lang", "fr", str(VALID))[:2] == (
        0, "OK : 2 pratiques, 2 villes, 1 projet, 1 cadre, 1 guide, 4 sources.\n")
    assert run("validate", "--lang", "de", str(VALID))[:2] == (
        0, "OK: 2 Praxisbeispiele, 2 Städte, 1 Projekt, 1 Rahmen, 1 Leitfaden, 4 Quellen.\n")


def test_validate_github_annotation_in_french_then_english(tree: Path) -> None:
    """What CI shows on a pull request (--format github --lang fr): French, then the English on the next line."""
    overlay(tree, INVALID / "unknown-theme")
    code, out, _ = run("validate", "--format", "github", "--lang", "fr", str(tree))
    assert code == 1
    path = Path(tree, "practices/alpha-case-meetings.yml").as_posix()
    assert out == (f"::error file={path},line=21,col=24,title=pracbase validate::"
                   "themes.1 : thème inconnu 'yuoth' (vouliez-vous dire 'youth' ?)%0A"
                   "themes.1: unknown theme 'yuoth' (did you mean 'youth'?)\n")


def test_validate_usage_errors_in_french(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mistakes in what is given to validate are in the contributor's language too (--lang, else the locale)."""
    monkeypatch.chdir(tree)
    assert run("validate", "--lang", "fr", "README.md") == (1, "", "erreur : README.md : fichier introuvable\n")
    Path("notes.yml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert run("validate", "notes.yml") == (
        1, "", "erreur : notes.yml n'est pas dans un dossier de fiches (cities/, frameworks/, guides/, practices/, "
               "projects/, sources/)\n")
    assert run("validate", "--lang", "de", "README.md") == (1, "", "Fehler: README.md: Datei nicht gefunden\n")
