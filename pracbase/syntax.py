"""YAML syntax errors in plain words: what is wrong on which line, and what to do.

libyaml answers a mistake in its own terms ("mapping values are not allowed in this
context", "did not find expected key") and often at a neighbouring line. Each rule of
:data:`RULES` recognises one such answer from the parser's problem, its context and the
text around the mark, and says in a contributor's words what is wrong, on the line that is
wrong, and how to fix it. The first rule that matches answers; a parser answer no rule
knows keeps libyaml's words (``YAML syntax error: …``). Every message has a case in
``tests/fixtures/invalid/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pracbase.errors import N_, Wording

_KEY = re.compile(r"^(\s*)(?:- )?([^\s:#'\"][^:#]*?):(?:\s|$)")


@dataclass(frozen=True)
class Mistake:
    """A syntax error as the parser reported it, with the text around it."""

    problem: str
    context: str
    lines: list[str]
    line: int
    """Line of the parser's mark (1-based)."""
    column: int
    context_line: int | None

    @property
    def text(self) -> str:
        """The text of the marked line."""
        return self.lines[self.line - 1] if 0 < self.line <= len(self.lines) else ""

    @property
    def char(self) -> str:
        """The character at the mark."""
        return self.text[self.column - 1: self.column]

    @property
    def indent(self) -> int:
        """Indentation of the marked line."""
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def key(self) -> str | None:
        """The field name at the start of the marked line, if there is one."""
        found = _KEY.match(self.text)
        return found.group(2).strip() if found else None

    def previous(self, line: int | None = None) -> int | None:
        """The last line above ``line`` (default: the marked one) with content: not blank, not a comment."""
        for number in range((line or self.line) - 1, 0, -1):
            stripped = self.lines[number - 1].strip()
            if stripped and not stripped.startswith("#"):
                return number
        return None

    def key_of(self, line: int | None) -> str | None:
        """The field name at the start of ``line``."""
        found = _KEY.match(self.lines[line - 1]) if line else None
        return found.group(2).strip() if found else None


Answer = tuple[int, int, Wording]
"""Line, column, and the message and hint as catalog msgids with their values."""


@dataclass(frozen=True)
class Rule:
    """One parser answer recognised (``matches``) and said in plain words (``say``)."""

    name: str
    matches: Callable[[Mistake], bool]
    say: Callable[[Mistake], Answer]


def _value_with_colon(m: Mistake) -> Answer:
    colon = m.text.index(":")
    value = m.text[colon + 1:].strip()
    start = m.text.index(value, colon) + 1 if value else m.column
    return m.line, start, Wording(N_("the value of `{key}` holds ': ', which YAML reads as the start of another field"),
                                  N_('put the whole value in double quotes: {key}: "{value}"'),
                                  (("key", m.key or ""), ("value", value)))


def _indented_under_value(m: Mistake) -> Answer:
    above = m.key_of(m.previous())
    message = N_("`{key}:` is indented more than the line above it, which already has a value")
    hint = N_("indent `{key}:` like `{above}:`") if above else N_("indent `{key}:` like the fields around it")
    return m.line, m.indent + 1, Wording(message, hint, (("key", m.key or ""), ("above", above or "")))


def _star_outside_block(m: Mistake) -> Answer:
    return m.line, m.indent + 1, Wording(N_("this line starts with `*` but is outside the text block above it"),
                                         N_("indent it like the other lines of the text, under `fr: |` or `en: |`"))


def _star_value(m: Mistake) -> Answer:
    return m.line, m.column, Wording(N_("the value of `{key}` starts with '{char}', which YAML reserves"),
                                     N_('put the whole value in double quotes: {key}: "…"'),
                                     (("key", m.key or ""), ("char", m.char)))


def _not_an_item(m: Mistake) -> Answer:
    line = m.line if m.text.strip() else (m.previous() or m.line)
    text = m.lines[line - 1]
    column = (m.lines[m.context_line - 1].index("-") + 1) if m.context_line else 1
    return line, len(text) - len(text.lstrip(" ")) + 1, Wording(
        N_("this line is not an item of the list that starts on line {start}"),
        N_("start it with `- ` at column {column} like the other items, or indent it under the item it belongs to"),
        (("start", str(m.context_line)), ("column", str(column))))


def _item_misaligned(m: Mistake) -> Answer:
    return m.line, m.indent + 1, Wording(N_("this list item is not aligned with the items above it"),
                                         N_("put its `-` at the same column as the other items"))


def _value_goes_on(m: Mistake) -> Answer:
    return m.line, m.column, Wording(N_("the value of `{key}` goes on after its closing quote or bracket"),
                                     N_('put the whole value in double quotes, and write a double quote inside it '
                                        'as \\"'), (("key", m.key or ""),))


def _field_misaligned(m: Mistake) -> Answer:
    return m.line, m.indent + 1, Wording(N_("`{key}:` is not aligned with the fields around it"),
                                         N_("indent it like the other fields of the same level, two spaces per level"),
                                         (("key", m.key or m.text.strip().rstrip(":")),))


def _neither_field_nor_text(m: Mistake) -> Answer:
    line = m.context_line or m.line
    text = m.lines[line - 1]
    return line, len(text) - len(text.lstrip(" ")) + 1, Wording(
        N_("this line is neither a field (`name: value`) nor part of a text block"),
        N_("if it belongs to the text above, indent it like the text's other lines; "
           "if it is a field, write `:` after its name"))


def _starts_with_reserved(m: Mistake) -> bool:
    return "cannot start any token" in m.problem or "while scanning an anchor" in m.context or (
        "while scanning an alias" in m.context and m.key is not None)


RULES: tuple[Rule, ...] = (
    Rule("value-with-colon",
         lambda m: "mapping values are not allowed" in m.problem and m.key is not None
         and m.column - 1 > m.text.index(":"),
         _value_with_colon),
    Rule("indented-under-value",
         lambda m: "mapping values are not allowed" in m.problem and m.key is not None,
         _indented_under_value),
    Rule("star-outside-block",
         lambda m: "while scanning an alias" in m.context and m.key is None,
         _star_outside_block),
    Rule("reserved-first-character", _starts_with_reserved, _star_value),
    Rule("not-an-item", lambda m: "expected '-' indicator" in m.problem, _not_an_item),
    Rule("item-misaligned",
         lambda m: "expected key" in m.problem and m.text.lstrip().startswith("-"),
         _item_misaligned),
    Rule("value-goes-on",
         lambda m: "expected key" in m.problem and m.key is not None and m.column > m.indent + 1,
         _value_goes_on),
    Rule("field-misaligned", lambda m: "expected key" in m.problem, _field_misaligned),
    Rule("neither-field-nor-text", lambda m: "could not find expected ':'" in m.problem, _neither_field_nor_text),
)
"""Every parser answer pracbase rewrites, most specific first."""


def explain(problem: str, context: str | None, text: str, mark: Any, context_mark: Any) -> Answer | None:
    """The plain-words answer to a libyaml syntax error, or None when no rule knows it."""
    if mark is None:
        return None
    mistake = Mistake(problem, context or "", text.splitlines(), mark.line + 1, mark.column + 1,
                      context_mark.line + 1 if context_mark is not None else None)
    for rule in RULES:
        try:
            if rule.matches(mistake):
                return rule.say(mistake)
        except (ValueError, IndexError):  # text unlike what the rule expects: let the next one try
            continue
    return None
