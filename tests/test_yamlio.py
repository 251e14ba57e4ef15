"""yamlio's small value builder gives exactly what PyYAML's safe constructor gives, or hands over."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pracbase import yamlio

SCALARS = ["text", "Ville de Malines", "yes", "No", "on", "OFF", "true", "~", "null", "", "0", "01", "0o17",
           "0x1F", "1_000", "1:30", "-2", "+3", "1.5", "1e3", ".inf", "-.NaN", "2026-11-23", "2026-02-30",
           "2001-12-14t21:59:43.10-05:00", "=", "<<", "'1'", '"yes"', "!!str 12", "!!int '7'", "!!binary aGk=",
           "'a: b'", "|\n  block text\n", "\"a\\tb\"", "!!set {a, b}", "!!python/name:os.system", "&a x", "*a"]
"""Values written as in a file: every implicit type of YAML 1.1, explicit tags, anchors and aliases."""

KEYS = ["id", "title", "fr", "en", "1", "'1'", "yes", "<<", "=", "2026-11-23", "~", "[a]", "{a: 1}"]


def node(depth: int) -> st.SearchStrategy[Any]:
    scalar = st.sampled_from(SCALARS)
    if depth == 0:
        return scalar
    child = node(depth - 1)
    return st.one_of(scalar,
                     st.lists(child, min_size=1, max_size=4),
                     st.lists(st.tuples(st.sampled_from(KEYS), child), min_size=1, max_size=4))


def render(value: Any, indent: int = 0) -> str:
    """Block-style YAML for a generated tree (scalars as written, so YAML resolves their types)."""
    pad = " " * indent
    if isinstance(value, str):
        return value.replace("\n", "\n" + pad + "  ").rstrip() if value.startswith("|") else value
    lines = []
    for item in value:
        if isinstance(item, tuple):
            key, child = item
            head = f"{pad}{key}:"
        else:
            child, head = item, f"{pad}-"
        if isinstance(child, list):
            lines.append(head + "\n" + render(child, indent + 2))
        else:
            lines.append(f"{head} {render(child, indent)}")
    return "\n".join(lines)


def full(text: str) -> Any:
    """What the full constructor (with pracbase's checks) makes of ``text``."""
    loader = yamlio._RecordLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def typed(value: Any) -> Any:
    """``value`` with every type spelled out (``1 == True`` and ``{1: x} == {True: x}`` in Python)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(function: Any, text: str) -> Any:
    try:
        return typed(function(text))
    except yamlio.YamlProblem as exc:
        return ("problem", exc.message, exc.line, exc.column)
    except yaml.YAMLError:
        return ("yaml error",)


@settings(max_examples=400, deadline=None)
@given(node(3).filter(lambda v: isinstance(v, list)))
def test_builder_matches_the_safe_constructor(tree: Any) -> None:
    text = render(tree) + "\n"
    expected = outcome(full, text)
    got = outcome(yamlio.parse, text)
    if expected == ("yaml error",):  # parse words libyaml's errors for people
        assert got[0] == "problem"
    else:
        assert got == expected, text


@pytest.mark.parametrize(("text", "value"), [
    ("a: 1\nb: [x, 2026-11-23]\n", {"a": 1, "b": ["x", __import__("datetime").date(2026, 11, 23)]}),
    ("'1': a\n1: b\n", None),                # duplicate once resolved: the full constructor reports it
    ("yes: 1\n", {True: 1}),
    ("x: &a [1]\ny: 2\n", {"x": [1], "y": 2}),  # an anchor without alias takes the full path, same value
])
def test_plain_and_irregular_records(text: str, value: Any) -> None:
    if value is None:
        with pytest.raises(yamlio.YamlProblem, match="duplicate key '1'"):
            yamlio.parse(text)
    else:
        assert typed(yamlio.parse(text)) == typed(value)


def test_impossible_date_is_a_problem_with_its_line() -> None:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.parse("id: x\nlast_reviewed: 2026-02-30\n")
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert caught.value.message == "'2026-02-30' is not a valid date (day is out of range for month)"
    with pytest.raises(yamlio.YamlProblem, match="not a valid date"):  # the full path says the same
        yamlio.parse("id: &a x\nlast_reviewed: 2026-02-30\n")


@pytest.mark.parametrize(("text", "offset", "expected"), [
    ("a: plain words\n", 6, (1, 10)),
    ("a: 'single quoted'\n", 7, (1, 12)),
    ('a: "double quoted"\n', 7, (1, 12)),
    ("a: |\n  one\n\n    two\n", 7, (4, 5)),
    ('a: "esc\\taped"\n', 4, None),  # an escape moves the columns: unknown, the caller keeps the value's start
    ("a: >\n  folded\n  text\n", 8, None),
    ("a: [x]\n", 0, None),
])
def test_locator_finds_a_character_inside_a_text(text: str, offset: int, expected: tuple[int, int] | None) -> None:
    assert yamlio.Locator(text).inside(["a"], offset) == expected
