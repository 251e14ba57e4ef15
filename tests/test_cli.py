"""The command line: exit codes, messages, JSON output, never a traceback."""

from __future__ import annotations

import json
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
    assert out == "OK: 2 practices, 2 cities, 1 projects, 1 frameworks, 1 guides.\n"


def test_validate_reports_problems(tree: Path) -> None:
    overlay(tree, INVALID / "unknown-theme")
    code, _out, err = run("validate", str(tree))
    assert code == 1
    assert err.splitlines() == [
        "practices/alpha-case-meetings.yml:21:24: themes.1: unknown theme 'yuoth' (did you mean 'youth'?)",
        "1 problem(s) found.",
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
    assert result.stderr.rstrip().endswith("problem(s) found.")


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
