"""Hostile record files that are built at run time (too big to keep in the repository)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

PRACTICE = "practices/alpha-case-meetings.yml"


def fifty_megabytes(path: Path) -> None:
    """A 50 MB file (sparse, so it costs no disk)."""
    with path.open("wb") as out:
        out.write(b"id: alpha-case-meetings\n")
        out.truncate(50 * 1024 * 1024)


def billion_laughs(path: Path) -> None:
    """Nine levels of aliases, each ten times the last: 10^9 strings if expanded."""
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def deep_brackets(path: Path) -> None:
    """100,000 nested lists: enough to crash libyaml's recursive composer if it got there."""
    path.write_text("id: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")


def deep_blocks(path: Path) -> None:
    """Block mappings nested 200 levels deep."""
    path.write_text("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n", encoding="utf-8")


def huge_list(path: Path, template: str) -> None:
    """A valid practice whose themes list has 5,000 items."""
    path.write_text(template.replace("themes: [multi-agency, youth]",
                                     "themes: [" + ", ".join(["youth"] * 5000) + "]"), encoding="utf-8")


def huge_text(path: Path, template: str) -> None:
    """A valid practice whose English description is 200,000 characters long."""
    path.write_text(template.replace("    It meets every month.", "    " + "word " * 40_000), encoding="utf-8")


def many_keys(path: Path) -> None:
    """A mapping with 15,000 distinct keys (just under the size limit)."""
    path.write_text("".join(f"k{i}: {i}\n" for i in range(15_000)), encoding="utf-8")


# Each case's expected first problem. Where libyaml or pracbase's own check may answer first (deep
# brackets), a pattern lets only the column differ: the file, the line and the message are pracbase's.
CASES: dict[str, tuple[Callable[..., None], str | re.Pattern[str]]] = {
    "fifty-megabytes": (fifty_megabytes, f"{PRACTICE}: file is too large (52,428,800 bytes; the limit is "
                                         "256,000) (a record should be a few kilobytes: split it or shorten it)"),
    "billion-laughs": (billion_laughs, f"{PRACTICE}:1:5: anchors and aliases (&name, *name) are not allowed "
                                       "in records (write the value out in full)"),
    "deep-brackets": (deep_brackets, re.compile(re.escape(PRACTICE) + r":1:[0-9]+: " + re.escape(
        "nesting is too deep (more than 32 levels) (records are flat: a few levels are enough)"))),
    "deep-blocks": (deep_blocks, f"{PRACTICE}:33:65: nesting is too deep (more than 32 levels) "
                                 "(records are flat: a few levels are enough)"),
    "huge-list": (huge_list, f"{PRACTICE}:21:9: themes: too many values (the limit is 200)"),
    "huge-text": (huge_text, f"{PRACTICE}:14:7: description.en: text is too long (200,034 characters; the limit "
                             "is 20,000) (summarise it: link to the full document instead)"),
    "many-keys": (many_keys, f"{PRACTICE}:1:1: missing required field 'cities' (add `cities:`)"),
}
