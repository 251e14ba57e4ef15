"""Hostile input: huge, deep, self-expanding and random files never crash the loader."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pracbase
from tests.conftest import VALID
from tests.hostile import CASES, PRACTICE

TEMPLATE = (VALID / PRACTICE).read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file(case: str, tree: Path) -> None:
    make, expected = CASES[case]
    target = tree / PRACTICE
    make(target, TEMPLATE) if make.__code__.co_argcount == 2 else make(target)
    problems = [str(p) for p in pracbase.validate(tree)]
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(problems[0]), problems[0]
    else:
        assert problems[0] == expected


def test_hostile_files_through_the_cli(tree: Path) -> None:
    """The installed command answers a hostile file with exit 1 and no traceback."""
    CASES["deep-brackets"][0](tree / PRACTICE)
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "validate", str(tree)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert re.match(re.escape(PRACTICE) + r":1:[0-9]+: nesting is too deep .*\(records are flat", result.stderr)
    assert "Traceback" not in result.stderr


# --- fuzzing: mutate valid records, the loader answers with a Problem or a record ----

VALID_DATA = yaml.safe_load(TEMPLATE)
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                   st.text(max_size=60), st.sampled_from(["youth", "<script>", "[x](javascript:1)", "fr", "155",
                                                          "", " ", "alpha", "2026-11-23", "# h"]))
VALUES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)


def paths(data: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``data``."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


ALL_PATHS = paths(VALID_DATA)[1:]


def replace(data: object, path: tuple, value: object) -> object:
    import copy

    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(ALL_PATHS), value=VALUES, as_text=st.booleans(), cut=st.integers(0, 2000))
def test_fuzz_mutated_records(tree: Path, path: tuple, value: object, as_text: bool, cut: int) -> None:
    """Replace one value (or cut the file anywhere): loading succeeds or gives Problems with a file."""
    mutated = replace(VALID_DATA, path, value)
    try:
        text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    if as_text:
        text = TEMPLATE[:cut] + TEMPLATE[cut:][::-1][:cut % 50]
    (tree / PRACTICE).write_text(text, encoding="utf-8")
    try:
        kb = pracbase.load(tree)
    except pracbase.LoadError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path.endswith(".yml") and problem.message
            if problem.path == PRACTICE and "file is" not in problem.message:
                assert problem.line is not None, str(problem)
    else:  # accepted: the record is there under its file's name, and validate agrees
        assert Path(PRACTICE).stem in kb.practices and pracbase.validate(tree) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_fuzz_random_bytes(tree: Path, data: bytes) -> None:
    (tree / PRACTICE).write_bytes(data)
    try:
        kb = pracbase.load(tree)
    except pracbase.LoadError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert PRACTICE in {p.path for p in exc.problems}  # the problem is in the file written
    else:  # bytes that happen to be a valid record: it is there, and validate agrees
        assert Path(PRACTICE).stem in kb.practices and pracbase.validate(tree) == []
