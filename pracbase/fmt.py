"""``pracbase fmt``: one layout for every record file, without losing a comment or a value.

Fields go in file order (see :func:`pracbase.schema.field_order`), texts in each
language map in site-language order (fr, en, then others); strings are quoted only when
YAML needs it, with double quotes; indentation is two spaces, list items indented under
their key; lines are never wrapped (a paragraph stays on one line: diffs show the
sentence that changed, and nobody edits a folded line by mistake).

Formatting uses ruamel.yaml's round-trip mode, which keeps comments (PyYAML drops
them), with YAML 1.1 rules as the validator reads files (``no`` stays quoted). Top-level
fields move as text, each with the comment lines above it. Every result is checked
before it is written: it must load to exactly the same data and hold exactly the same
comments, or the file is left alone. Files that do not parse are never touched.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.resolver import VersionedResolver

from pracbase import i18n, yamlio
from pracbase._files import write_atomic
from pracbase.errors import N_, PracbaseError, relative
from pracbase.loader import record_files
from pracbase.models import FILE_TYPES, Entry, LocalizedText, inner_models
from pracbase.schema import field_order

WIDTH = 1_000_000
"""Line width given to the emitter: in effect, lines are never wrapped."""


class FormatError(PracbaseError):
    """A record file that cannot be formatted safely; it is left as it is.

    Raised with :meth:`~pracbase.errors.PracbaseError.of`: ``pracbase fmt`` shows the reason
    in the contributor's language.
    """


@dataclass
class FormatReport:
    """What :func:`format_paths` did: files changed (or that would change) and files skipped."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: dict[Path, FormatError] = field(default_factory=dict)


# --- ruamel.yaml set-up ----------------------------------------------------------------------


class _Emitter(Emitter):
    """Double quotes wherever ruamel would pick single quotes."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


_PYYAML_RULES = {first: list(rules) for first, rules in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}


class _Resolver(VersionedResolver):
    """PyYAML's YAML 1.1 rules, as the validator reads records: ``no`` is false, ``n`` a text."""

    @property
    def processing_version(self) -> Any:
        return (1, 1)

    @property
    def versioned_resolver(self) -> Any:
        # (ruamel's resolve() extends these lists in place with the rules of key None:
        # PyYAML's table has no such key, so they never change.)
        return _PYYAML_RULES


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.Emitter = _Emitter
    rt.Resolver = _Resolver
    rt.width = WIDTH
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))
    return rt


# --- formatting ------------------------------------------------------------------------------


def format_text(text: str, model: type[Entry]) -> str:
    """``text`` of a ``model`` record in pracbase's layout.

    Raises :class:`FormatError` when the text does not parse as a record, or when the
    result would not hold exactly the same data and comments.
    """
    try:
        data = yamlio.parse(text)
    except yamlio.YamlProblem as exc:
        problem = exc.wording._replace(hint=None)
        if exc.line:
            raise FormatError.of(N_("line {line}: {problem}; fix it first (`pracbase validate`)"), line=exc.line,
                              problem=problem) from None
        raise FormatError.of(N_("{problem}; fix it first (`pracbase validate`)"), problem=problem) from None
    if not isinstance(data, dict):
        raise FormatError.of(N_("a record must be a mapping of fields; fix it first (`pracbase validate`)"))
    rt = _yaml()
    try:
        document = rt.load(_reorder_text(_unix(text), model))
    except RuamelError as exc:
        raise FormatError.of(N_("cannot be read for formatting: {error}"), error=str(exc)) from None
    _normalise(document, model)  # flow mappings ({en: …, fr: …}) are reordered here
    out = io.StringIO()
    rt.dump(document, out)
    result = out.getvalue()
    if yamlio.parse(result) != data:
        raise FormatError.of(N_("formatting would change a value; the file is left as it is (please report it)"))
    if _comments(result) != _comments(text):
        raise FormatError.of(N_("formatting would lose or split a comment; the file is left as it is "
                             "(please report it)"))
    return result


def format_file(path: str | Path, check: bool = False, model: type[Entry] | None = None) -> bool:
    """Format one record file in place (atomically); whether it changed (or would, with ``check``).

    The model is found from the folder (``practices/`` → Practice) unless given.
    """
    path = Path(path)
    model = model or model_for(path)
    try:
        text = yamlio.read_text(path)
    except yamlio.YamlProblem as exc:
        raise FormatError.of(N_("{problem}; fix it first (`pracbase validate`)"),
                          problem=exc.wording._replace(hint=None)) from None
    result = format_text(text, model)
    if result == path.read_text(encoding="utf-8"):
        return False
    if not check:
        write_atomic(path, result)
    return True


def format_diff(path: str | Path, name: str | None = None) -> str:
    """The unified diff formatting would apply to one record file ("" when it is already laid out)."""
    import difflib

    path = Path(path)
    before = path.read_text(encoding="utf-8")
    after = format_text(yamlio.read_text(path), model_for(path))
    label = name or path.as_posix()
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"{label} (as written)", f"{label} (as pracbase fmt writes it)"))


def format_paths(paths: Iterable[str | Path], check: bool = False) -> FormatReport:
    """Format record files and every record file under folders; report what changed or was skipped."""
    report = FormatReport()
    for path, model in _targets(paths):
        try:
            changed = format_file(path, check, model)
        except FormatError as exc:
            report.skipped[path] = exc
            continue
        (report.changed if changed else report.unchanged).append(path)
    return report


def model_for(path: Path) -> type[Entry]:
    """The record type a file holds, from its folder."""
    for model in FILE_TYPES:
        if path.parent.name == model.folder:
            return model
    folders = ", ".join(f"{m.folder}/" for m in FILE_TYPES)
    raise FormatError.of(N_("{path} is not in a record folder ({folders})"), path=path.as_posix(), folders=folders)


def _targets(paths: Iterable[str | Path]) -> Iterator[tuple[Path, type[Entry]]]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            if path.name in {m.folder for m in FILE_TYPES}:
                yield from ((f, m) for m, f in record_files(path.parent) if f.parent == path and f.suffix == ".yml")
            else:
                yield from ((f, m) for m, f in record_files(path) if f.suffix == ".yml")
        elif path.is_file():
            yield path, model_for(path)
        else:
            raise PracbaseError.of(N_("{path}: no such file or folder"), path=path.as_posix())


def display(path: Path) -> str:
    """A path as the user should read it: relative to the current folder when inside it."""
    return relative(path, Path.cwd())


# --- block mappings: fields move as text, with the comment lines above them ------------------


def _reorder_text(text: str, model: type[BaseModel]) -> str:
    """``text`` with the fields of every block mapping in order, moved as lines of text.

    Moving text keeps each comment next to the field it was written above; ruamel.yaml
    would attach a comment to the end of the value before it. One mapping is reordered
    per pass, then the text is read again, until none is out of order.
    """
    for _ in range(10_000):
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
        found = next(_out_of_order(root, model), None)
        if found is None:
            return text
        text = _move_fields(text, *found)
    raise FormatError.of(N_("too many fields out of order"))  # pragma: no cover - a safety net


def _out_of_order(node: yaml.Node | None, model: type[BaseModel]) -> Iterator[tuple[yaml.MappingNode, list[str]]]:
    """Block mappings (depth first) whose keys are not in model order, with the wanted order."""
    if not isinstance(node, yaml.MappingNode):
        return
    keys = [key.value for key, _ in node.value]
    wanted = _wanted(keys, _order(model))
    if keys != wanted and not node.flow_style:
        yield node, wanted
        return
    for key, value in node.value:
        info = getattr(model, "model_fields", {}).get(key.value)
        inner = next(inner_models(info.annotation), None) if info is not None else None
        if inner is None:
            continue
        for item in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            yield from _out_of_order(item, inner)


def _order(model: type[BaseModel]) -> list[str]:
    return list(i18n.SITE_LANGUAGES) if issubclass(model, LocalizedText) else field_order(model)


def _wanted(keys: list[str], order: list[str]) -> list[str]:
    """``keys`` sorted by ``order``; keys not in it keep their place after the known ones."""
    rank = {name: index for index, name in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))


def _move_fields(text: str, mapping: yaml.MappingNode, wanted: list[str]) -> str:
    """Rewrite the lines of a block ``mapping`` with its fields in ``wanted`` order.

    Each field takes the comment lines above it. The text before the first key on its
    line (indentation, or ``- `` of a list item) stays where it is.
    """
    lines = [line if line.endswith("\n") else line + "\n" for line in text.splitlines(keepends=True)]
    first, column = mapping.value[0][0].start_mark.line, mapping.value[0][0].start_mark.column
    ends = [_last_line(value, lines) for _, value in mapping.value]
    chunks: dict[str, tuple[list[str], list[str]]] = {}
    for index, (key, _) in enumerate(mapping.value):
        start = key.start_mark.line
        lead = lines[ends[index - 1] + 1: start] if index else []
        body = lines[start: ends[index] + 1]
        chunks[key.value] = (lead, [body[0][column:], *body[1:]])
    region: list[str] = []
    for position, key in enumerate(wanted):
        lead, body = chunks[key]
        indent = lines[first][:column] if position == 0 else " " * column
        region += [*lead, indent + body[0], *body[1:]]
    return "".join(lines[:first] + region + lines[ends[-1] + 1:])


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """The last line (0-based) holding content of ``node``, comments after it excluded."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        return max(_last_line(child, lines) for child in children)
    end = node.end_mark
    if end.line >= len(lines) or not lines[end.line][: end.column].strip():
        return max(end.line - 1, node.start_mark.line)
    return end.line


# --- nested values: ruamel.yaml maps -----------------------------------------------------------


def _normalise(node: Any, model: type[BaseModel]) -> None:
    """Put nested fields in model order and languages in site order, recursively."""
    if not isinstance(node, CommentedMap):
        return
    _reorder(node, _order(model))
    if issubclass(model, LocalizedText):
        return
    for name, info in model.model_fields.items():
        inner = next(inner_models(info.annotation), None)
        if inner is None or name not in node:
            continue
        value = node[name]
        for item in value if isinstance(value, CommentedSeq) else [value]:
            _normalise(item, inner)


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    keys = list(mapping)
    wanted = _wanted(keys, order)
    if keys != wanted:
        for key in wanted:
            mapping.move_to_end(key)


def _unix(text: str) -> str:
    """Text without a BOM, with ``\\n`` line ends (YAML reads CR LF and CR as one line break)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- the comment check ---------------------------------------------------------------------


def _comments(text: str) -> Counter[str]:
    """Every comment of a YAML text (stripped), outside every scalar."""
    text = text.lstrip("\ufeff")
    spans: dict[int, list[tuple[int, int]]] = {}
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    for node in _scalars(root):
        start, end = node.start_mark, node.end_mark
        for row in range(start.line, end.line + 1):
            first = start.column if row == start.line else 0
            last = end.column if row == end.line else 10**9
            spans.setdefault(row, []).append((first, last))
    found: Counter[str] = Counter()
    for number, line in enumerate(text.splitlines()):
        for column, char in enumerate(line):
            if char == "#" and (column == 0 or line[column - 1] in " \t") and not any(
                    a <= column < b for a, b in spans.get(number, ())):
                found[line[column:].strip()] += 1
                break
    return found


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
