"""The loader: every invalid fixture gives its exact file:line message; valid trees load."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import pracbase
from pracbase import yamlio
from tests.conftest import INVALID, ROOT, VALID, overlay

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_valid_tree_loads(small_kb: pracbase.KnowledgeBase) -> None:
    assert sorted(small_kb.practices) == ["alpha-case-meetings", "beta-prison-exit"]
    assert sorted(small_kb.cities) == ["alpha", "beta"]
    assert list(small_kb.projects) == ["gamma"]
    assert list(small_kb.frameworks) == ["belgium-mandate"]


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_reports_exact_problems(case: str, tree: Path) -> None:
    overlay(tree, INVALID / case)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    problems = pracbase.validate(tree)
    assert [str(p) for p in problems] == expected
    with pytest.raises(pracbase.LoadError) as caught:
        pracbase.load(tree)
    assert [str(p) for p in caught.value.problems] == expected


FRENCH = [case for case in CASES if (INVALID / case / "expected.fr.txt").is_file()]


@pytest.mark.parametrize("case", FRENCH)
def test_invalid_case_in_french(case: str, tree: Path) -> None:
    """Messages with catalog wording read in French too, from the same catalogs as the site."""
    overlay(tree, INVALID / case)
    expected = (INVALID / case / "expected.fr.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p.in_language("fr")) for p in pracbase.validate(tree)] == expected


def test_every_case_has_a_french_expectation() -> None:
    """One fixture per message, in both languages: each case's expected.txt has its expected.fr.txt."""
    assert FRENCH == CASES


VALUES_ONLY = re.compile(r"^[^:]*:(\d+:)*\s*$")


@pytest.mark.parametrize("case", CASES)
def test_every_problem_is_worded(case: str, tree: Path) -> None:
    """Each problem carries catalog msgids (a Wording), and its French differs from its English.

    A problem created with a plain English string would show English to a French contributor.
    """
    overlay(tree, INVALID / case)
    problems = pracbase.validate(tree)
    assert problems
    for problem in problems:
        assert problem.wording is not None, problem
        assert problem.wording.text("en") == (problem.message, problem.hint)
        assert str(problem.in_language("fr")) != str(problem), problem
        assert str(problem.in_language("de")) != str(problem), problem


ELSEWHERE = {
    "text is too long (": "tests/hostile.py, huge-text (a generated 200,000-character text)",
    "nesting is too deep (more than": "tests/hostile.py, deep-blocks (generated)",
    "file is too large (": "test_oversized_file (a generated file over the limit)",
    "cannot read the file:": "test_unreadable_file (permissions)",
    "structure is nested too deeply": "none: a guard behind the nesting limit of the YAML reader",
    "YAML error:": "none: a parser failure other than a syntax error, not reachable from a text file",
    "a record file cannot be a symbolic link (to": "test_symbolic_links_are_never_followed (no links in fixtures)",
    "the record folder is a symbolic link (to": "test_symbolic_links_are_never_followed",
    "not a regular file": "test_special_file_named_like_a_record (a named pipe)",
    "replace it with the record file itself": "test_special_file_named_like_a_record",
    "put the record itself here": "test_symbolic_links_are_never_followed",
    "folder not found": "test_missing_folder",
    "give the folder that holds": "test_missing_folder",
    "no record folders found": "test_missing_folder",
    "expected practices/, cities/": "test_missing_folder",
    "check that the file exists": "test_unreadable_file",
    "summarise it": "tests/hostile.py, huge-text",
    "a record should be a few kilobytes": "test_oversized_file",
    "records are flat": "tests/hostile.py, deep-blocks",
    "it must be more than": "none: no field has a strict bound (gt) today",
    "it must be less than": "none: no field has a strict bound (lt) today",
    "YAML syntax error: a [ … ] list that starts here": "none: libyaml says ']' is lacking (yaml-list-unclosed)",
    "YAML syntax error: a {{ … }} mapping that starts here": "none: libyaml reports it as lacking '}'",
    "YAML syntax error: a value that starts here": "none: a fallback for other unclosed values of the parser",
}
"""Messages proven by another test than a fixture case, and where (or why none can be)."""


def test_every_error_kind_has_a_case() -> None:
    """Every message and hint the models, the loader and the YAML reader can give is in a case's expected.txt.

    The wordings are the msgids marked with ``N_``/``Nn_``: the words before the first value must show.
    """
    expected = "\n".join((INVALID / case / "expected.txt").read_text(encoding="utf-8") for case in CASES)
    messages: list[str] = []
    for module in ("models", "loader", "yamlio", "syntax"):
        source = (ROOT / "pracbase" / f"{module}.py").read_text(encoding="utf-8")
        found = re.findall(r'\bNn?_\(\s*(?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\')', source)
        messages += [(double or single).replace('\\"', '"').split("{")[0].strip() for double, single in found]
    assert len(messages) >= 100  # the messages were found
    missing = [m for m in messages if len(m) >= 6 and m not in expected and not any(m.startswith(e) for e in ELSEWHERE)]
    assert missing == []


def test_all_problems_reported_in_one_run(tree: Path) -> None:
    for case in ("unknown-theme", "unknown-partner-city", "region-unquoted"):
        overlay(tree, INVALID / case)
    problems = pracbase.validate(tree)
    assert {p.path for p in problems} == {"practices/alpha-case-meetings.yml", "projects/gamma.yml",
                                          "cities/alpha.yml"}


def test_bom_and_crlf_are_valid(tree: Path) -> None:
    file = tree / "practices" / "alpha-case-meetings.yml"
    text = file.read_text(encoding="utf-8")
    file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    kb = pracbase.load(tree)
    assert kb.practice("alpha-case-meetings").title["fr"] == "Réunions de cas avec la police"


def test_errors_in_crlf_file_keep_their_line(tree: Path) -> None:
    file = tree / "practices" / "alpha-case-meetings.yml"
    text = file.read_text(encoding="utf-8").replace("themes: [multi-agency, youth]", "themes: [yuoth]")
    file.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert [str(p) for p in pracbase.validate(tree)] == [
        "practices/alpha-case-meetings.yml:21:10: themes.0: unknown theme 'yuoth' (did you mean 'youth'?)"]


def test_oversized_file(tree: Path) -> None:
    file = tree / "practices" / "alpha-case-meetings.yml"
    file.write_bytes(b"id: x\n" + b"#" * (yamlio.MAX_FILE_BYTES + 1))
    [problem] = pracbase.validate(tree)
    assert problem.path == "practices/alpha-case-meetings.yml"
    assert problem.message.startswith("file is too large (256,007 bytes; the limit is 256,000)")


def test_validation_never_modifies_files(tree: Path) -> None:
    overlay(tree, INVALID / "unknown-theme")
    before = {p: p.read_bytes() for p in tree.rglob("*.yml")}
    pracbase.validate(tree)
    assert {p: p.read_bytes() for p in tree.rglob("*.yml")} == before


def test_missing_folder(tmp_path: Path) -> None:
    [problem] = pracbase.validate(tmp_path / "nowhere")
    assert problem.message == "folder not found"
    [problem] = pracbase.validate(tmp_path)
    assert problem.message == "no record folders found"


def test_load_from_another_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    kb = pracbase.load(VALID)
    assert isinstance(kb.practice("alpha-case-meetings"), pracbase.Practice)


def test_problem_json_round_trip(tree: Path) -> None:
    overlay(tree, INVALID / "unknown-theme")
    with pytest.raises(pracbase.LoadError) as caught:
        pracbase.load(tree)
    import json

    [item] = json.loads(caught.value.to_json())
    assert item == {"path": "practices/alpha-case-meetings.yml", "line": 21, "column": 24,
                    "message": "themes.1: unknown theme 'yuoth'", "hint": "did you mean 'youth'?"}


@pytest.mark.parametrize(("written", "word"), [("yes", "true/false"), ("No", "true/false"), ("1_000", "a number 1000"),
                                               ("0x1F", "a number 31"), ("2020-01-01", "a date")])
def test_hint_quotes_what_the_contributor_wrote(tree: Path, written: str, word: str) -> None:
    file = tree / "practices" / "alpha-case-meetings.yml"
    file.write_text(file.read_text(encoding="utf-8").replace("section: Contribution principale",
                                                             f"section: {written}"), encoding="utf-8")
    [problem] = pracbase.validate(tree)
    assert (problem.message, problem.hint) == (f"sources.0.section: expected text, got {word}",
                                               f'quote it: "{written}"')


def test_symbolic_links_are_never_followed(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "gamma.yml").write_text((tree / "projects" / "gamma.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tree / "projects" / "gamma.yml").unlink()
    (tree / "projects" / "gamma.yml").symlink_to(outside / "gamma.yml")
    (tree / "cities" / "ghost.yml").symlink_to(tmp_path / "nothing-here.yml")
    (outside / "frameworks").mkdir()
    (tree / "frameworks").rename(outside / "frameworks-moved")
    (tree / "frameworks").symlink_to(outside / "frameworks-moved")
    problems = [str(p) for p in pracbase.validate(tree)]
    assert problems == [
        f"cities/ghost.yml: a record file cannot be a symbolic link (to {tmp_path}/nothing-here.yml) "
        "(put the record itself here: records are never read through a link)",
        f"frameworks/: the record folder is a symbolic link (to {outside}/frameworks-moved) "
        "(make frameworks/ a real folder: records are never read through a link)",
        # the practices refer to the project: not reported again, its own problem says why it is missing
        f"projects/gamma.yml: a record file cannot be a symbolic link (to {outside}/gamma.yml) "
        "(put the record itself here: records are never read through a link)",
    ]


def test_special_file_named_like_a_record(tree: Path) -> None:
    os.mkfifo(tree / "cities" / "pipe.yml")  # reading it would block: never opened
    assert [str(p) for p in pracbase.validate(tree)] == [
        "cities/pipe.yml: not a regular file (replace it with the record file itself)"]


def test_unreadable_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tree / "cities" / "beta.yml"
    file.chmod(0)
    if os.access(file, os.R_OK):  # root reads anything: refuse the read as the kernel would for others
        read_bytes = Path.read_bytes

        def refusing(path: Path) -> bytes:
            if path == file:
                raise PermissionError(13, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", refusing)
    try:
        problems = [str(p) for p in pracbase.validate(tree)]
    finally:
        file.chmod(0o644)
    assert problems == ["cities/beta.yml: cannot read the file: Permission denied "
                        "(check that the file exists and can be read)"]
