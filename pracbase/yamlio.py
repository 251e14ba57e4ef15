"""Safe YAML reading: the C parser on the fast path, positions only when needed.

Records are parsed with libyaml's ``CSafeLoader`` (about 15 times faster than the
pure-Python loader). The loader refuses what PyYAML would silently accept:
duplicate keys (PyYAML keeps the last), anchors and aliases (a "billion laughs"
file expands into a huge structure), merge keys and non-scalar keys. When a record
has an error, :func:`locate` composes the file again to find the line of a field.

libyaml composes the nodes; turning them into Python values is PyYAML's pure-Python
constructor, about a fifth of the parse time. :func:`parse` uses a smaller builder for
the records everyone writes (plain mappings, lists and scalars, no anchors) and hands
anything else, and every file with a problem, to the full constructor, so the values
and the messages are the same on both paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import yaml

from pracbase import syntax
from pracbase.errors import N_, Nn_, Problem, Wording

MAX_FILE_BYTES = 256_000
"""Largest record file accepted (256 KB: the longest real practice is about 20 KB)."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted in a record."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class YamlProblem(Exception):
    """A file that cannot be read as a record, with its position (1-based)."""

    def __init__(self, wording: Wording, line: int | None = None, column: int | None = None) -> None:
        message, hint = wording.text("en")
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint
        self.wording = wording

    def problem(self, name: str) -> Problem:
        """This problem in file ``name``."""
        return Problem(name, self.line, self.column, self.message, self.hint, self.wording)


class _RecordLoader(yaml.CSafeLoader):
    """``CSafeLoader`` that refuses duplicate keys, aliases, merge keys and deep nesting."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlProblem(Wording.of(N_("anchors and aliases (&name, *name) are not allowed in records"),
                                        N_("write the value out in full")), *_position(node))
        try:
            return super().construct_object(node, deep=deep)
        except ValueError as exc:
            raise _bad_scalar(node, exc) from None

    if not yaml.CSafeLoader.yaml_path_resolvers and None not in yaml.CSafeLoader.yaml_implicit_resolvers:
        def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
            """The tag of a node, as ``Resolver.resolve`` finds it, in fewer steps (libyaml calls it per node)."""
            if kind is yaml.ScalarNode:
                if implicit[0] and value is not None:
                    resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = self.yaml_implicit_resolvers
                    for tag, regexp in resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(Wording.of(N_("merge keys (<<) are not allowed in records"),
                                            N_("write the keys out in full")), *_position(key_node))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(Wording.of(N_("a key must be a plain name, not a list or mapping")),
                                  *_position(key_node))
            first = seen.get(key_node.value)
            if first is not None:
                raise YamlProblem(Wording.of(N_("duplicate key {key}"),
                                            N_("it is already set on line {line}; keep one of the two"),
                                            key=repr(key_node.value), line=first.start_mark.line + 1),
                                  *_position(key_node))
            seen[key_node.value] = key_node
        return super().construct_mapping(node, deep=deep)


def _position(node: yaml.Node) -> tuple[int, int]:
    return _mark(node.start_mark)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a record file as text: size-checked, UTF-8 (a BOM is allowed), not empty."""
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlProblem(Wording.of(N_("file is too large ({size:,} bytes; the limit is {limit:,})"),
                                    N_("a record should be a few kilobytes: split it or shorten it"),
                                    size=size, limit=max_bytes))
    return decode(path.read_bytes())


def decode(data: bytes) -> str:
    """The text of a record file's bytes: UTF-8 (a BOM is allowed), not binary, not empty."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(Wording.of(N_("file is not valid UTF-8 (byte 0x{byte:02x})"),
                                    N_("save the file with UTF-8 encoding"), byte=data[exc.start]), line) from None
    if "\x00" in text:
        raise YamlProblem(Wording.of(N_("file contains a NUL byte: it looks binary"),
                                    N_("save the record as plain UTF-8 text")),
                          text[: text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise YamlProblem(Wording.of(N_("file is empty"), N_("copy a template with `pracbase new`")))
    return text


def parse(text: str) -> Any:
    """Parse one YAML document of a record, raising :class:`YamlProblem` on bad input."""
    _check_depth(text)
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(Wording.of(N_("file holds no YAML document"), N_("copy a template with `pracbase new`")))
        if "&" not in text:  # no anchor, so no alias: the small builder gives the same values
            try:
                return _build(node, loader)
            except _Irregular:
                pass
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Wording.of(N_("YAML error: {error}"), error=str(exc))) from None
    finally:
        loader.dispose()


class _Irregular(Exception):
    """Raised by :func:`_build` for anything but plain values: the full constructor takes over."""


_SCALARS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    f"tag:yaml.org,2002:{name}": getattr(yaml.SafeLoader, f"construct_yaml_{name}")
    for name in ("null", "bool", "int", "float", "timestamp")
}
"""The scalar constructors of the safe loader, by tag (text is the node's value itself)."""


def _build(node: yaml.Node, loader: _RecordLoader) -> Any:
    """The value of a node without anchors, as ``SafeLoader`` builds it; :class:`_Irregular` otherwise.

    Mappings with duplicate, merge or non-scalar keys, explicit tags other than the
    core ones and sets or pairs are irregular: the full constructor reports or builds them.
    """
    kind = node.__class__
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag == _STR:
            return node.value
        construct = _SCALARS.get(tag)
        if construct is None:
            raise _Irregular
        try:
            return construct(loader, cast(yaml.ScalarNode, node))
        except ValueError:  # 2026-02-30: the full constructor reports it, after any problem it meets first
            raise _Irregular from None
    if kind is yaml.MappingNode and node.tag == _MAP:
        pairs = node.value
        result = {}
        for key_node, value_node in pairs:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _Irregular
            key = key_node.value if key_node.tag == _STR else _build(key_node, loader)
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:  # most values: inline
                result[key] = value_node.value
            else:
                result[key] = _build(value_node, loader)
        if len(result) != len(pairs) or len({key_node.value for key_node, _ in pairs}) != len(pairs):
            raise _Irregular
        return result
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [child.value if child.__class__ is yaml.ScalarNode and child.tag == _STR else _build(child, loader)
                for child in node.value]
    raise _Irregular


def _bad_scalar(node: yaml.Node, exc: ValueError) -> YamlProblem:
    """A value that YAML reads as a date (or number) but is not a real one: ``2026-02-30``."""
    if node.tag == "tag:yaml.org,2002:timestamp":
        return YamlProblem(Wording.of(N_("{value} is not a valid date ({error})"),
                                      N_("write a real date as YYYY-MM-DD"), value=repr(node.value), error=str(exc)),
                           *_position(node))
    return YamlProblem(Wording.of(N_("{value} is not a valid value ({error})"), N_("quote it"),
                                  value=repr(node.value), error=str(exc)), *_position(node))


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before libyaml's recursive composer sees it.

    Deep enough nesting crashes the C composer, so it must be caught first. A cheap
    upper bound (deepest indentation plus every bracket) clears ordinary records; only
    files above it get the exact count from libyaml's event stream, which does not recurse.
    """
    bound = text.count("[") + text.count("{")
    bound += max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    if bound <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(*_mark(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _from_marked(exc, text) from None


def _too_deep(line: int | None, column: int | None) -> YamlProblem:
    return YamlProblem(Wording.of(Nn_("nesting is too deep (more than {count} level)",
                                      "nesting is too deep (more than {count} levels)"),
                                  N_("records are flat: a few levels are enough"), count=MAX_DEPTH), line, column)


def _mark(mark: Any) -> tuple[int, int]:
    """Line and column (from 1) of a mark of PyYAML's Python or C parser (1, 1 when none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _from_marked(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = exc.problem or "YAML syntax error"
    if "maximum nesting depth" in problem:  # libyaml's own limit (PyYAML >= 6.0.4) may answer before ours
        return _too_deep(line, column)
    if mark is not None and text[mark.index: mark.index + 1] == "\t":
        wording = Wording.of(N_("YAML syntax error: a tab character is used for indentation"),
                             N_("indent with spaces, not tabs"))
    elif "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '!").replace("tag:yaml.org,2002:", "!")
        wording = Wording.of(N_("YAML syntax error: YAML tag '!{tag}' is not allowed"),
                             N_("remove the tag: records hold plain values"),
                             tag=tag)
    elif "end of stream" in problem and exc.context_mark is not None and exc.context:
        opened = {"quoted scalar": N_("YAML syntax error: a quoted text that starts here is never closed"),
                  "flow mapping": N_("YAML syntax error: a {{ … }} mapping that starts here is never closed"),
                  "flow sequence": N_("YAML syntax error: a [ … ] list that starts here is never closed")}
        message = next((v for k, v in opened.items() if k in exc.context),
                       N_("YAML syntax error: a value that starts here is never closed"))
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        wording = Wording.of(message, N_("add the closing quote or bracket"))
    elif problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'"):
        closing = problem[-2]
        message = (N_("YAML syntax error: the [ … ] list that starts on line {start} is not closed, "
                      "or an item lacks its comma") if closing == "]" else
                   N_("YAML syntax error: the {{ … }} mapping that starts on line {start} is not closed, "
                      "or an item lacks its comma"))
        wording = Wording.of(message, N_("add the closing {closing}, or a comma between two items"), closing=closing,
                             start=exc.context_mark.line + 1 if exc.context_mark else line)
    elif "found another document" in problem:
        wording = Wording.of(N_("YAML syntax error: a record file holds one YAML document, this one has several"),
                             N_("remove the second '---'"))
    elif (answer := syntax.explain(problem, exc.context, text, exc.problem_mark, exc.context_mark)) is not None:
        line, column, wording = answer
    else:  # libyaml's own words, in English: the catalogs translate the sentence around them
        wording = Wording.of(N_("YAML syntax error: {error}"),
                             error=f"{problem} ({exc.context})" if exc.context else problem)
    return YamlProblem(wording, line, column)


class Locator:
    """Finds the line and column of values in one file's text, composing it once, lazily."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def root(self) -> yaml.Node | None:
        """The file's node tree (None when it does not parse)."""
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def __call__(self, loc: Sequence[str | int], key: bool = False) -> tuple[int | None, int | None]:
        """The 1-based line and column of the value at ``loc`` (of its key when ``key``).

        Walks as far as the path exists: a missing field is reported at its parent.
        """
        node = self.root()
        if node is None:
            return None, None
        position = _position(node)
        for step in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(step):
                        child = value_node
                        position = _position(key_node if key else value_node)
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                child = node.value[step]
                position = _position(child)
            if child is None:
                break
            node = child
        return position


    def _scalar(self, loc: Sequence[str | int]) -> yaml.ScalarNode | None:
        node = self.root()
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(step)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                return None
        return node if isinstance(node, yaml.ScalarNode) else None

    def source(self, loc: Sequence[str | int]) -> str | None:
        """The text of the scalar at ``loc`` exactly as the file writes it (None when it is not a scalar)."""
        node = self._scalar(loc)
        return None if node is None else self.text[node.start_mark.index: node.end_mark.index]

    def inside(self, loc: Sequence[str | int], offset: int) -> tuple[int, int] | None:
        """The 1-based line and column of character ``offset`` of the text at ``loc``.

        Found for the ways texts are written (a plain or quoted line without escapes, a ``|``
        block); None for the others (folded, escaped), whose caller falls back to the value's start.
        """
        node = self._scalar(loc)
        if node is None or not 0 <= offset < len(node.value):
            return None
        value, line, column = node.value, node.start_mark.line, node.start_mark.column
        written = self.text[node.start_mark.index: node.end_mark.index]
        quoted = node.style in ("'", '"')
        if "\n" not in written and (written[1:-1] == value if quoted else not node.style and written == value):
            return line + 1, column + offset + 1 + quoted
        if node.style == "|":
            before = value[:offset].split("\n")
            row = len(before) - 1
            lines = self.text.split("\n")
            if line + 1 + row >= len(lines):
                return None
            in_file, in_value = lines[line + 1 + row].rstrip("\r"), value.split("\n")[row]
            indent = len(in_file) - len(in_value)
            if indent >= 0 and in_file.endswith(in_value) and not in_file[:indent].strip():
                return line + 2 + row, indent + len(before[-1]) + 1
        return None


def locate(text: str, loc: Sequence[str | int], key: bool = False) -> tuple[int | None, int | None]:
    """The position of the value at ``loc`` in ``text`` (see :class:`Locator`)."""
    return Locator(text)(loc, key)
