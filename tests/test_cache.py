"""The record cache: reused for unchanged files only, never trusted when stale, corrupt or foreign."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import pracbase
from pracbase import _files, cache, loader, yamlio
from pracbase.cli import main
from tests.conftest import INVALID, overlay

PRACTICE = Path("practices") / "alpha-case-meetings.yml"


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if any record file is parsed from now on: everything must come from the cache."""
    def refuse(text: str) -> None:
        raise AssertionError("a record was parsed")

    monkeypatch.setattr(yamlio, "parse", refuse)


def age(tree: Path) -> None:
    """Date every file back a minute, as files are when a cache is saved long after their last change."""
    for file in tree.rglob("*.yml"):
        stat = file.stat()
        os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns - 60_000_000_000))


def test_library_default_writes_nothing(tree: Path) -> None:
    pracbase.load(tree)
    assert not (tree / ".cache").exists()


def test_second_load_parses_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = pracbase.load(tree, cache=True)
    assert cache.path_of(tree).is_file()
    assert (tree / ".cache" / "pracbase" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    refuse_parsing(monkeypatch)
    second = pracbase.load(tree, cache=True)
    assert list(second) == list(first)


def test_changed_file_is_read_again(tree: Path) -> None:
    age(tree)
    pracbase.load(tree, cache=True)
    pracbase.load(tree, cache=True)  # the stamps of old files are now trusted
    file = tree / PRACTICE
    status = file.stat()
    text = file.read_text(encoding="utf-8")
    new = text.replace("Réunions de cas avec la police", "Réunions de cas avec la POLICE")
    assert len(new) == len(text)
    file.write_text(new, encoding="utf-8")
    os.utime(file, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size, same time: only the bytes differ
    kb = pracbase.load(tree, cache=True)
    assert kb.practice("alpha-case-meetings").title["fr"] == "Réunions de cas avec la POLICE"


def test_removed_and_added_files(tree: Path) -> None:
    pracbase.load(tree, cache=True)
    (tree / "practices" / "beta-prison-exit.yml").rename(tree / "practices" / "gamma-prison-exit.yml")
    problems = pracbase.validate(tree, cache=True)
    assert [p.message for p in problems] == ["id 'beta-prison-exit' does not match the file name"]


def test_problems_come_from_the_cache_with_their_lines(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay(tree, INVALID / "unknown-theme")
    overlay(tree, INVALID / "unknown-partner-city")
    expected = [str(p) for p in pracbase.validate(tree)]
    assert [str(p) for p in pracbase.validate(tree, cache=True)] == expected
    refuse_parsing(monkeypatch)
    assert [str(p) for p in pracbase.validate(tree, cache=True)] == expected
    assert any(":21:24: themes.1: unknown theme 'yuoth'" in line for line in expected)
    assert any("partner_cities" in line and line.count(":") >= 3 for line in expected)  # a line, from the lazy text


def test_references_of_a_record_that_did_not_load_come_from_the_cache(tree: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken record's unknown city is still reported from a warm cache, and reported no more once the city exists."""
    overlay(tree, INVALID / "unknown-city-in-a-broken-record")
    expected = [str(p) for p in pracbase.validate(tree)]
    assert any(":18:10: cities: unknown city 'alpah'" in line for line in expected)
    assert [str(p) for p in pracbase.validate(tree, cache=True)] == expected
    with monkeypatch.context() as patched:
        refuse_parsing(patched)
        assert [str(p) for p in pracbase.validate(tree, cache=True)] == expected
    (tree / "cities" / "alpah.yml").write_text(
        (tree / "cities" / "alpha.yml").read_text(encoding="utf-8").replace("id: alpha", "id: alpah"),
        encoding="utf-8")
    now = [str(p) for p in pracbase.validate(tree, cache=True)]
    assert not any("unknown city" in line for line in now)
    assert [line for line in now if "alpha-case-meetings" in line] == [line for line in expected
                                                                       if "unknown city" not in line]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "foreign key", "other pracbase"])
def test_damaged_cache_is_ignored(tree: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = list(pracbase.load(tree))
    pracbase.load(tree, cache=True)
    path = cache.path_of(tree)
    blob = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x80\x04not a pickle at all")
    elif damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:])
    elif damage == "foreign key":  # a cache signed by someone else (a planted file) is never unpickled
        monkeypatch.setattr(pickle, "loads", lambda data: pytest.fail("unpickled an unsigned cache"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tree.parent / "someone-else"))
    else:
        monkeypatch.setattr(cache, "environment_key", lambda: b"\x00" * 16)
    assert list(pracbase.load(tree, cache=True)) == expected


def test_no_writable_home_means_no_cache(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tree.parent / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert sorted(pracbase.load(tree, cache=True).practices) == ["alpha-case-meetings", "beta-prison-exit"]
    assert not cache.path_of(tree).exists()


def test_read_only_tree_still_loads(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_files.tempfile, "mkstemp", lambda **kw: (_ for _ in ()).throw(PermissionError(13, "no")))
    assert len(pracbase.load(tree, cache=True)) == 7


def test_process_pool_gives_the_same_answer(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overlay(tree, INVALID / "unknown-theme")
    serial = [str(p) for p in pracbase.validate(tree)]
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 1)
    assert [str(p) for p in pracbase.validate(tree, workers=2)] == serial
    assert [str(p) for p in pracbase.validate(tree, workers=2, cache=True)] == serial
    assert [str(p) for p in pracbase.validate(tree, workers=2, cache=True)] == serial


def test_cli_caches_unless_told_not_to(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRACBASE_NO_CACHE")
    result = CliRunner().invoke(main, ["--no-cache", "validate", str(tree)])
    assert result.exit_code == 0 and not (tree / ".cache").exists()
    result = CliRunner().invoke(main, ["validate", str(tree)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 2 practices, 2 cities, 1 projects, 1 frameworks, 1 guides, 4 sources.\n"
    assert cache.path_of(tree).is_file()
