"""Files → a validated knowledge base, every problem in the tree collected in one run.

Each record file is read with the C YAML parser, checked by its pydantic model and
then against the other records (references to cities and projects). Errors carry the
file and line: positions are computed only for files that have an error, so the fast
path pays nothing for them.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from pracbase import i18n, yamlio
from pracbase.cache import RecordCache, digest, gc_paused
from pracbase.errors import N_, LoadError, Nn_, PracbaseError, Problem, Wording, relative, sort_key
from pracbase.kb import KnowledgeBase
from pracbase.models import (
    FILE_TYPE_BY_NAME,
    FILE_TYPES,
    RECORD_TYPES,
    Entry,
    Invalid,
    Practice,
    inner_models,
)

MAX_PROBLEMS_PER_FILE = 20
"""Problems listed for one file; the rest are counted."""

_BOUNDS = {"greater_than_equal": N_("it must be at least {bound}"), "less_than_equal": N_("it must be at most {bound}"),
           "greater_than": N_("it must be more than {bound}"), "less_than": N_("it must be less than {bound}")}
_TYPE_WORDS = {str: N_("text"), int: N_("a number"), float: N_("a number"), bool: N_("true/false"), list: N_("a list"),
               dict: N_("a mapping"), type(None): N_("an empty value"), date: N_("a date")}
_VALUED_TYPE_WORDS = {str: N_("text {value}"), int: N_("a number {value}"), float: N_("a number {value}")}
"""A type word followed by the value itself, when it is short: ``text 'abc'``, ``a number 3``."""

PARALLEL_MIN_FILES = 2_000
"""Below this many files to parse, extra processes cost more than they save."""


def load(path: str | Path = ".", *, cache: bool = False, workers: int | None = 1) -> KnowledgeBase:
    """Load and validate every record under ``path``; raise :class:`LoadError` listing all problems.

    ``cache=True`` keeps the validated records in ``path/.cache/pracbase/`` and reuses those
    whose files are unchanged (see :mod:`pracbase.cache`): off by default, so that a library
    call never writes into the folder it reads. ``workers`` processes parse the files (None:
    one per CPU); more than one pays only for a few thousand files or more.
    """
    with gc_paused():
        records, problems = read_tree(Path(path), cache=cache, workers=workers)
        if problems:
            raise LoadError(problems)
        return KnowledgeBase.from_records(records, root=Path(path))


def bundled_path() -> Path:
    """The folder of the records shipped with pracbase.

    An installed pracbase carries a snapshot of the knowledge base (``pracbase/bundled/``, with
    ``SNAPSHOT.json``: the version and commit it was built from); a working tree of the
    repository is its own snapshot.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "bundled", package.parent):
        if (candidate / "practices").is_dir():
            return candidate
    raise PracbaseError(f"no bundled records next to {package}: this pracbase was installed without them")


def load_bundled() -> KnowledgeBase:
    """Load the records shipped with pracbase (see :func:`bundled_path`), without cloning anything.

    ``pracbase.load(path)`` reads a working tree; this reads the versioned snapshot in the package.
    """
    return load(bundled_path())


def validate(path: str | Path = ".", *, cache: bool = False, workers: int | None = 1) -> list[Problem]:
    """Every problem in the records under ``path`` (an empty list when all is well)."""
    return read_tree(Path(path), cache=cache, workers=workers)[1]


class RecordFile(NamedTuple):
    """A record (or source) file found under a root: its model, name in messages and directory entry."""

    model: type[Entry]
    name: str
    entry: os.DirEntry[str]

    @property
    def path(self) -> Path:
        """The file's path (under the root as given)."""
        return Path(self.entry.path)


def record_files(root: Path) -> Iterator[tuple[type[Entry], Path]]:
    """Each record and source file under ``root`` with the model it should hold, in a stable order."""
    for file in list_files(root):
        yield file.model, file.path


def list_files(root: Path) -> Iterator[RecordFile]:
    """Each record file under ``root``, in a stable order, named as messages show it.

    The name is the path relative to ``root``. Only regular files count: a symbolic link, a
    folder or a device named like a record is never read (:func:`unusable_files` says why).
    """
    for file in _scan(root):
        if isinstance(file, RecordFile):
            yield file


def unusable_files(root: Path) -> Iterator[Problem]:
    """A problem for each entry named like a record that pracbase will not read, and for a linked folder.

    Records are read from the tree itself: a symbolic link (to a file, a folder or nothing)
    is never followed, so no record comes from outside the tree and none is skipped silently.
    """
    for file in _scan(root):
        if isinstance(file, Problem):
            yield file


def _scan(root: Path) -> Iterator[RecordFile | Problem]:
    for model in FILE_TYPES:
        folder = root / model.folder
        if folder.is_symlink():
            yield Problem.of(f"{model.folder}/", None, None, N_("the record folder is a symbolic link (to {target})"),
                             N_("make {folder}/ a real folder: records are never read through a link"),
                             target=os.readlink(folder), folder=model.folder)
            continue
        if not folder.is_dir():
            continue
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith((".yml", ".yaml")):
                continue
            name = f"{model.folder}/{entry.name}"
            kind = _entry_kind(entry)
            if kind == "file":
                yield RecordFile(model, name, entry)
            elif kind == "link":
                yield Problem.of(name, None, None, N_("a record file cannot be a symbolic link (to {target})"),
                                 N_("put the record itself here: records are never read through a link"),
                                 target=os.readlink(entry.path))
            elif kind == "folder":
                yield Problem.of(name, None, None, N_("a folder is named like a record file"),
                                 N_("a record is a file {folder}/ID.yml: rename the folder or move what it holds"),
                                 folder=model.folder)
            else:
                yield Problem.of(name, None, None, N_("not a regular file"),
                             N_("replace it with the record file itself"))


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """``file``, ``link``, ``folder`` or ``other``, never following a link."""
    try:
        if entry.is_symlink():
            return "link"
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        return "file" if entry.is_file(follow_symlinks=False) else "other"
    except OSError:
        return "other"


class Pending(NamedTuple):
    """The references of a record file that did not load, checked with the others all the same
    (fixing one mistake should not reveal another): each as kind, id, field, line and column."""

    name: str
    references: tuple[tuple[str, str, str, int | None, int | None], ...]


Outcome = tuple[Entry | Pending | None, list[Problem], bytes | None]
"""What reading one file gave: the record (or, when it did not load, its references), its
problems, the digest of its bytes."""


def read_tree(root: Path, *, cache: bool = False, workers: int | None = 1) -> tuple[list[Entry], list[Problem]]:
    """Read every record and source file under ``root``: the valid ones and every problem."""
    if not root.is_dir():
        return [], [Problem.of(root.as_posix(), None, None, N_("folder not found"),
                               N_("give the folder that holds practices/, cities/ and projects/"))]
    if not any((root / m.folder).is_dir() for m in RECORD_TYPES):
        return [], [Problem.of(root.as_posix(), None, None, N_("no record folders found"),
                               N_("expected practices/, cities/, projects/, frameworks/ or guides/ in this folder"))]
    scanned = list(_scan(root))  # one pass over the folders: the record files, and what is named like one
    files = [entry for entry in scanned if isinstance(entry, RecordFile)]
    store = RecordCache.open(root) if cache else None
    outcomes: list[tuple[Entry | Pending | None, list[Problem]] | None] = [None] * len(files)
    misses: list[tuple[int, bytes | None, os.stat_result | None]] = []
    with gc_paused():
        for index, file in enumerate(files):
            status = data = None
            if store is not None and file.entry.name.endswith(".yml"):
                try:
                    status = file.entry.stat()
                except OSError:
                    status = None
                else:
                    entry, data = store.get(file.name, file.entry.path, status)
                    if entry is not None:
                        outcomes[index] = entry[2], list(entry[3])
                        continue
            misses.append((index, data, status))
        jobs = [(files[i].model, files[i].path, files[i].name, data, status is not None) for i, data, status in misses]
        for (index, _, status), (record, found, key) in zip(misses, _read_all(jobs, workers), strict=True):
            outcomes[index] = record, found
            if store is not None and status is not None and key is not None:
                store.put(files[index].name, key, status, record, found)
        records: list[Entry] = []
        problems: list[Problem] = []
        texts = _Texts()
        broken: set[tuple[str, str]] = set()
        pending: list[Pending] = []
        for file, outcome in zip(files, outcomes, strict=True):
            assert outcome is not None  # every file was read, or found in the cache
            record, found = outcome
            problems += found
            if isinstance(record, Entry):
                records.append(record)
                texts.add(record, file.name, file.entry.path)
            else:
                broken.add((file.model.record_type, file.path.stem))
                if record is not None:
                    pending.append(record)
        for problem in scanned:
            if not isinstance(problem, Problem):
                continue
            problems.append(problem)
            folder, _, name = problem.path.partition("/")
            broken.update((m.record_type, os.path.splitext(name)[0]) for m in RECORD_TYPES if m.folder == folder)
        problems += list(check_references(records, texts, broken, pending))
        problems += list(check_folded_ids(root, files))
        if store is not None:
            store.save()
    return records, sorted(problems, key=sort_key)


def _pending(model: type[Entry], name: str, text: str, problems: list[Problem]) -> Pending | None:
    """The references in the text of a record file that did not load, but those on a line with a problem."""
    if model.record_type not in REFERENCES:
        return None
    try:
        data = yamlio.parse(text)
    except yamlio.YamlProblem:
        return None
    if not isinstance(data, dict):
        return None
    locator, lines = yamlio.Locator(text), {problem.line for problem in problems}
    found = []
    for loc, kind, ref in references(model.record_type, data):
        line, column = locator(loc)
        if line not in lines:
            found.append((kind, ref, field_of(loc), line, column))
    return Pending(name, tuple(found)) if found else None


Job = tuple[type[Entry], Path, str, bytes | None, bool]
"""What reading one file needs: its model, path, name in messages, bytes (if read already) and a flag."""


def _read_all(jobs: list[Job], workers: int | None) -> list[Outcome]:
    """Read files, in ``workers`` processes when there are enough of them (the results in order)."""
    count = (os.cpu_count() or 1) if workers is None else max(1, workers)
    if count == 1 or len(jobs) < PARALLEL_MIN_FILES:
        return _read_chunk(jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():  # forking keeps the models: no re-import
        return _read_chunk(jobs)
    size = -(-len(jobs) // count)
    chunks: list[list[Job]] = [[(m, p, n, None, d) for m, p, n, _, d in jobs[i: i + size]]
                               for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(len(chunks) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_read_chunk, chunk) for chunk in chunks[1:]]
        outcomes = _read_chunk(chunks[0])
        for future in futures:
            outcomes += future.result()
    return outcomes


def _read_chunk(jobs: list[Job]) -> list[Outcome]:
    with gc_paused():
        return [_read_one(*job) for job in jobs]


def _read_one(model: type[Entry], file: Path, name: str, data: bytes | None, keyed: bool) -> Outcome:
    """Read one file; with ``keyed``, also the digest of the bytes read (None when not cacheable)."""
    if not keyed or file.suffix != ".yml":
        record, text, found = read_record(model, file, name)
        return record or _pending(model, name, text, found), found, None
    if data is None:
        try:
            data = file.read_bytes() if file.stat().st_size <= yamlio.MAX_FILE_BYTES else None
        except OSError:
            data = None
        if data is None:  # too large or unreadable: read_record says why
            record, _, found = read_record(model, file, name)
            return record, found, None
    try:
        text = yamlio.decode(data)
    except yamlio.YamlProblem as exc:
        return None, [exc.problem(name)], digest(data)
    record, found = _record_from_text(model, file, name, text)
    return record or _pending(model, name, text, found), found, digest(data)


class _Texts(Mapping[int, tuple[str, str]]):
    """The name and text of each record's file by ``id(record)``, read only when a message needs a line."""

    def __init__(self) -> None:
        self._files: dict[int, tuple[str, str]] = {}

    def add(self, record: Entry, name: str, path: str) -> None:
        self._files[id(record)] = (name, path)

    def __getitem__(self, key: int) -> tuple[str, str]:
        name, path = self._files[key]
        try:
            return name, yamlio.read_text(Path(path))
        except (yamlio.YamlProblem, OSError):
            return name, ""

    def __iter__(self) -> Iterator[int]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def read_record(model: type[Entry], file: Path, name: str) -> tuple[Entry | None, str, list[Problem]]:
    """Read one file as a ``model`` record: the record (or None), its text and its problems."""
    if file.suffix != ".yml":
        return None, "", [Problem.of(name, None, None, N_("record files must end in .yml"),
                                     N_("rename it to {stem}.yml"), stem=file.stem)]
    try:
        text = yamlio.read_text(file)
    except yamlio.YamlProblem as exc:
        return None, "", [exc.problem(name)]
    except OSError as exc:
        return None, "", [Problem.of(name, None, None, N_("cannot read the file: {error}"),
                                     N_("check that the file exists and can be read"), error=exc.strerror or exc)]
    record, problems = _record_from_text(model, file, name, text)
    return record, text, problems


def _record_from_text(model: type[Entry], file: Path, name: str, text: str) -> tuple[Entry | None, list[Problem]]:
    """Parse and validate the text of one record file: the record (or None) and its problems."""
    try:
        data = yamlio.parse(text)
    except yamlio.YamlProblem as exc:
        return None, [exc.problem(name)]
    if not isinstance(data, dict):
        return None, [Problem.of(name, 1, 1, N_("a record must be a mapping of fields, not {type}"),
                                 N_("start with `id: {stem}`"), type=_type_word(data), stem=file.stem)]
    problems: list[Problem] = []
    if "id" in data and data["id"] != file.stem:
        line, column = yamlio.locate(text, ["id"])
        problems.append(Problem.of(name, line, column, N_("id {id} does not match the file name"),
                                   N_("the id is the file name: write `id: {stem}` or rename the file"),
                                   id=repr(data["id"]), stem=file.stem))
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        locator = yamlio.Locator(text)
        errors = exc.errors()
        found = [_problem(name, locator, error, model) for error in errors[:MAX_PROBLEMS_PER_FILE]]
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            found.append(Problem.of(name, text.count("\n") + 1, None,
                                    Nn_("… and {count} more problem in this file",
                                        "… and {count} more problems in this file"),
                                    N_("fix the ones above first"), count=len(errors) - MAX_PROBLEMS_PER_FILE))
        return None, problems + found
    except RecursionError:
        return None, [*problems, Problem.of(name, None, None, N_("structure is nested too deeply"))]
    problems += list(check_languages(record, name, text))
    return (None if problems else record), problems


REQUIRED_LANGUAGES: tuple[str, ...] = i18n.SITE_LANGUAGES
"""Languages every text of a record is written in: the bundled records' policy (CONTRIBUTING.md)."""

ONE_LANGUAGE_FIELDS: frozenset[tuple[str, str]] = frozenset({("source", "title")})
"""The texts exempt from :data:`REQUIRED_LANGUAGES`, as (record type, field): a source's title is
written as printed, in the source's language. The JSON Schemas (:mod:`pracbase.schema`) say the same."""

_LANGUAGE_KEY = re.compile(r"^[ \t]*([a-z]{2,3}):(?:[ \t]|$)", re.MULTILINE)


def check_languages(record: Entry, name: str, text: str) -> Iterator[Problem]:
    """Texts of ``record`` missing a required language, and language keys swallowed by a ``|`` block.

    A source's title is exempt: it is written as printed, in the source's language.
    """
    locator: yamlio.Locator | None = None
    for loc, value in _texts(record):
        if len(loc) == 1 and (record.record_type, loc[0]) in ONE_LANGUAGE_FIELDS:
            continue
        field = ".".join(str(part) for part in loc)
        swallowed = [(lang, code, match) for lang, body in value.root.items()
                     for match in _LANGUAGE_KEY.finditer(body) if i18n.is_language(code := match.group(1))]
        locator = locator or yamlio.Locator(text)
        if swallowed:
            lang, code, match = swallowed[0]
            line, column = _line_in_block(locator, text, [*loc, lang], _line_of(value.root[lang], match.start()))
            yield Problem.worded(name, line, column, Wording(
                N_("{field}.{lang}: the line `{code}:` is inside the `{lang}: |` text"),
                N_("move `{code}:` back to the indentation of `{lang}:`, so that it starts its own text "
                   "instead of continuing this one"),
                (("field", field), ("lang", lang), ("code", code))))
            continue
        for code in REQUIRED_LANGUAGES:
            if code not in value.root:
                message = N_("{field}: no French text (fr)") if code == "fr" else N_("{field}: no English text (en)")
                hint = (N_("add `fr:` with the text in French: every text is written in French and English")
                        if code == "fr" else
                        N_("add `en:` with the text in English: every text is written in French and English"))
                yield Problem.worded(name, *locator(loc), Wording(message, hint, (("field", field),)))


def _line_of(body: str, index: int) -> int:
    """The line (0-based) of character ``index`` in a text."""
    return body.count("\n", 0, index)


def _line_in_block(locator: yamlio.Locator, text: str, loc: list[Any], offset: int) -> tuple[int | None, int | None]:
    """The line and column of line ``offset`` of the text at ``loc`` (a ``|`` block starts on the next line)."""
    line, _ = locator(loc)
    if line is None:
        return None, None
    lines = text.splitlines()
    first = lines[line - 1] if line - 1 < len(lines) else ""
    start = line + 1 if first.rstrip().endswith(("|", "|-", "|+", ">", ">-", ">+")) else line
    target = start + offset
    content = lines[target - 1] if target - 1 < len(lines) else ""
    return target, len(content) - len(content.lstrip()) + 1


def _texts(value: Any, loc: list[Any] | None = None) -> Iterator[tuple[list[Any], Any]]:
    """Every text in several languages inside a model, with its location (``summary``, ``actors.0.name``)."""
    from pracbase.models import LocalizedText

    loc = loc or []
    if isinstance(value, LocalizedText):
        yield loc, value
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, [*loc, index])
    elif value is not None:
        for field in _text_fields(type(value)):
            yield from _texts(getattr(value, field), [*loc, field])


_TEXT_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _text_fields(model: type[Any]) -> tuple[str, ...]:
    """The fields of a model that may hold a text in several languages, directly or inside another model."""
    from pydantic import BaseModel

    found = _TEXT_FIELDS.get(model)
    if found is None:
        found = () if not issubclass(model, BaseModel) else tuple(
            name for name, info in model.model_fields.items() if any(True for _ in inner_models(info.annotation)))
        _TEXT_FIELDS[model] = found
    return found


def _problem(name: str, locator: yamlio.Locator, error: Any, model: type[Entry]) -> Problem:
    """Turn one pydantic error into a Problem at the right line, in plain words."""
    loc = list(error["loc"])
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc.pop()
    kind = error["type"]
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, Invalid):
        loc += cause.at
    line, column = locator(loc, key=is_key or kind == "extra_forbidden")
    if isinstance(cause, Invalid) and cause.offset is not None:
        line, column = locator.inside(loc, cause.offset) or (line, column)
    field = ".".join(str(part) for part in loc) or "record"
    return Problem.worded(name, line, column, _wording(error, field, loc, model, locator))


def _wording(error: Any, field: str, loc: list[Any], model: type[Entry], locator: yamlio.Locator) -> Wording:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "value_error":
        cause = ctx.get("error")
        if isinstance(cause, Invalid):  # the validator's message after the field: its values fill the hint too
            said = cause.wording
            return Wording(N_("{field}: {message}"), said.hint,
                           (*said.values, ("field", field), ("message", said._replace(hint=None))))
        return Wording.of(N_("{field}: {message}"), field=field, message=str(cause))
    if kind == "missing":
        return Wording.of(N_("missing required field '{field}'"), N_("add `{key}:`"), field=field, key=loc[-1])
    if kind == "extra_forbidden":
        if loc[0] == "sources" and loc[-1] == "publication":
            return Wording.of(N_("unknown field '{field}'"),
                              N_("write `source:` instead: a source is a file in sources/, cited by its id"),
                              field=field)
        known = _known_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = N_("did you mean '{close}'?") if close else (N_("allowed here: {known}") if known else None)
        return Wording.of(N_("unknown field '{field}'"), hint, field=field, close=close[0] if close else "",
                          known=", ".join(known))
    facts: dict[str, object] = {"field": field, "type": _type_word(value)}
    if kind in ("string_type", "str_type"):
        scalar = isinstance(value, int | float | date)  # yes, 1_000, 0x1F, 2020-01-01: quoted as written
        written = locator.source(loc) if scalar else None
        return Wording.of(N_("{field}: expected text, got {type}"), N_('quote it: "{written}"') if scalar else None,
                          **facts, written=str(value) if written is None else written)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint, values = _number_hint(value, loc)
        return Wording.of(N_("{field}: expected a whole number, got {type}"), hint, **facts, **values)
    if kind in ("float_type", "float_parsing"):
        hint, values = _number_hint(value, loc)
        return Wording.of(N_("{field}: expected a number, got {type}"), hint, **facts, **values)
    if kind == "bool_type":
        return Wording.of(N_("{field}: expected true or false, got {type}"), **facts)
    if kind == "list_type":
        return Wording.of(N_("{field}: expected a list, got {type}"), N_("write `{key}: [value, …]`"), **facts,
                          key=loc[-1])
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Wording.of(N_("{field}: expected a mapping of fields, got {type}"), **facts)
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return Wording.of(N_("{field}: expected a date, got {value}"), N_("write it as YYYY-MM-DD"), field=field,
                          value=repr(value))
    if kind == "too_short":
        return Wording.of(Nn_("{field}: needs at least {count} value", "{field}: needs at least {count} values"),
                          field=field, count=ctx.get("min_length", 1))
    if kind == "too_long":
        return Wording.of(N_("{field}: too many values (the limit is {limit})"), field=field,
                          limit=ctx.get("max_length"))
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()), "")
        return Wording.of(N_("{field}: {value} is out of range"), _BOUNDS[kind], field=field, value=repr(value),
                          bound=f"{bound:g}")
    if kind in ("string_too_short",):
        return Wording.of(N_("{field}: text is empty"), field=field)
    if kind in ("string_too_long",):
        return Wording.of(N_("{field}: text is too long (the limit is {limit} characters)"), field=field,
                          limit=ctx.get("max_length"))
    return Wording.of(N_("{field}: {message}"), field=field, message=error["msg"])  # pydantic's words, in English


_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*$")


def _number_hint(value: Any, loc: list[Any]) -> tuple[str, dict[str, object]]:
    """How to write a number (a msgid and its values): a range of years is two fields, digits lose their quotes."""
    years = _YEAR_RANGE.match(value) if isinstance(value, str) else None
    if years and loc and loc[-1] in ("start", "end"):
        return (N_("a period is two years: write `start: {start}` and `end: {end}`"),
                {"start": years.group(1), "end": years.group(2)})
    if isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit():
        return N_("write the number without quotes"), {}
    return N_("write it in digits"), {}


def _type_word(value: Any) -> Wording | str:
    """What ``value`` is, in words to translate ("a list"), with the value when it is short (``text 'abc'``)."""
    word = _TYPE_WORDS.get(type(value))
    if word is None:
        return type(value).__name__
    if isinstance(value, str | int | float) and not isinstance(value, bool) and len(repr(value)) < 40:
        return Wording.of(_VALUED_TYPE_WORDS[type(value)], value=repr(value))
    return Wording.of(word)


def _known_fields(model: type[Any], loc: list[Any]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (best effort)."""
    from pydantic import BaseModel

    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or step not in current.model_fields:
            return []
        current = next(inner_models(current.model_fields[step].annotation), None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


REFERENCES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "practice": ((("cities", "*"), "city"), (("projects", "*"), "project"), (("sources", "*", "source"), "source"),
                 (("adapted_from", "*", "sources", "*", "source"), "source")),
    "project": ((("partner_cities", "*"), "city"), (("sources", "*", "source"), "source")),
    "guide": ((("practices", "*"), "practice"), (("steps", "*", "practices", "*"), "practice"),
              (("sources", "*", "source"), "source")),
    "city": ((("sources", "*", "source"), "source"),),
    "framework": ((("sources", "*", "source"), "source"),),
}
"""Where each record type names another record: a path of fields (``*``: every item of a list)
and the kind of record named. A practice's ``adapted_from.N.practice`` is :func:`check_lineage`'s."""


def field_of(loc: list[str | int]) -> str:
    """How messages name the field at ``loc``: ``sources.0.source``, ``cities`` (not ``cities.2``)."""
    return ".".join(str(part) for part in (loc[:-1] if isinstance(loc[-1], int) else loc))


def references(record_type: str, value: Any) -> Iterator[tuple[list[str | int], str, str]]:
    """Each record named by ``value`` (a record, or a record file's parsed data): where, kind and id.

    Only names written as text are given: anything else is a problem of the record's own.
    """
    def walk(item: Any, path: tuple[str, ...], at: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
        if not path:
            if isinstance(item, str):
                yield at, item
        elif path[0] == "*":
            if isinstance(item, list | tuple):
                for index, each in enumerate(item):
                    yield from walk(each, path[1:], [*at, index])
        else:
            inner = item.get(path[0]) if isinstance(item, dict) else getattr(item, path[0], None)
            if inner is not None:
                yield from walk(inner, path[1:], [*at, path[0]])

    for path, kind in REFERENCES.get(record_type, ()):
        for at, ref in walk(value, path, []):
            yield at, kind, ref


def check_references(records: Iterable[Entry], texts: Mapping[int, tuple[str, str]],
                     broken: AbstractSet[tuple[str, str]] = frozenset(),
                     pending: Iterable[Pending] = ()) -> Iterator[Problem]:
    """Problems with links between records: missing cities, projects, practices (of a guide) or sources.

    A reference to a record whose own file has errors (``broken``) is not reported again. The
    ``pending`` references of the files that did not load are checked too.
    Two records of one type never share an id: the id is the file name (checked when each
    file is read), and names differing only in case are refused (:func:`check_folded_ids`).
    """
    records = list(records)
    pools: dict[str, dict[str, Entry]] = {}
    for record in records:
        pools.setdefault(record.record_type, {})[record.id] = record

    def problem(name: str, where: tuple[int | None, int | None], field: str, kind: str, ref: str) -> Problem:
        close = difflib.get_close_matches(ref, list(pools.get(kind, {})), n=1)
        message = {"city": N_("{field}: unknown city '{ref}'"), "project": N_("{field}: unknown project '{ref}'"),
                   "practice": N_("{field}: unknown practice '{ref}'"),
                   "source": N_("{field}: unknown source '{ref}'")}[kind]
        hint = (N_("did you mean '{close}'? If not, create {folder}/{ref}.yml with `pracbase new {kind} --id {ref}`")
                if close else N_("create {folder}/{ref}.yml with `pracbase new {kind} --id {ref}`"))
        values = (("field", field), ("ref", ref), ("folder", kind_folder(kind)), ("kind", kind),
                  ("close", close[0] if close else ""))
        return Problem.worded(name, *where, Wording(message, hint, values))

    def known(kind: str, ref: str) -> bool:
        return ref in pools.get(kind, {}) or (kind, ref) in broken

    for record in records:
        for loc, kind, ref in references(record.record_type, record):
            if not known(kind, ref):
                name, text = texts[id(record)]
                yield problem(name, yamlio.locate(text, loc), field_of(loc), kind, ref)
    for file in pending:
        for kind, ref, field, line, column in file.references:
            if not known(kind, ref):
                yield problem(file.name, (line, column), field, kind, ref)
    yield from check_lineage([r for r in records if isinstance(r, Practice)], texts, broken)


def check_lineage(practices: list[Practice], texts: Mapping[int, tuple[str, str]],
                  broken: AbstractSet[tuple[str, str]] = frozenset()) -> Iterator[Problem]:
    """Problems in ``adapted_from``: unknown practices, a practice adapted from itself, cycles.

    A cycle (a adapted from b, b from a) is reported once, on the link out of the practice
    whose id sorts first in it.
    """
    pool = {practice.id: practice for practice in practices}
    edges: dict[str, list[str]] = {}
    for practice in practices:
        for index, origin in enumerate(practice.adapted_from):
            ref = origin.practice
            if ref is None:
                continue
            where: list[str | int] = ["adapted_from", index, "practice"]
            if ref == practice.id:
                name, text = texts[id(practice)]
                yield Problem.of(name, *yamlio.locate(text, where),
                                 N_("adapted_from.{index}.practice: practice '{ref}' cannot be adapted from itself"),
                                 N_("name the practice it was adapted from, or remove the entry"), index=index, ref=ref)
            elif ref not in pool:
                if ("practice", ref) not in broken:
                    name, text = texts[id(practice)]
                    close = difflib.get_close_matches(ref, [p for p in pool if p != practice.id], n=1)
                    hint = (N_("did you mean '{close}'?") if close
                            else N_("add practices/{ref}.yml first, or name an outside model with "
                                    "`organisation:` and `method:`"))
                    yield Problem.of(name, *yamlio.locate(text, where),
                                     N_("adapted_from.{index}.practice: unknown practice '{ref}'"), hint,
                                     index=index, ref=ref, close=close[0] if close else "")
            else:
                edges.setdefault(practice.id, []).append(ref)
    for cycle in lineage_cycles(edges):
        first = pool[cycle[0]]
        index = next(i for i, o in enumerate(first.adapted_from) if o.practice == cycle[1])
        name, text = texts[id(first)]
        yield Problem.of(name, *yamlio.locate(text, ["adapted_from", index, "practice"]),
                         N_("adapted_from.{index}.practice: lineage goes round in a circle: {cycle}"),
                         N_("a practice cannot be adapted, even indirectly, from one adapted from it: "
                            "remove the link that is wrong"), index=index, cycle=" → ".join(cycle))


def lineage_cycles(edges: Mapping[str, list[str]]) -> list[tuple[str, ...]]:
    """Each cycle of ``adapted_from`` links once, starting and ending at its smallest id."""
    cycles: set[tuple[str, ...]] = set()
    for start in sorted(edges):
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            node, path = stack.pop()
            for nxt in edges.get(node, []):
                if nxt == start:
                    cycles.add((*path, start))
                elif nxt > start and nxt not in path:
                    stack.append((nxt, (*path, nxt)))
    return sorted(cycles)


def check_folded_ids(root: Path, files: Iterable[RecordFile] | None = None) -> Iterator[Problem]:
    """Files whose names differ only by case or accents: they would be one URL on many systems.

    ``files`` are the record files under ``root`` when they are already listed.
    """
    from pracbase.i18n import fold

    first: dict[tuple[str, str], RecordFile] = {}
    for record_file in list_files(root) if files is None else files:
        stem = os.path.splitext(record_file.entry.name)[0]
        key = (record_file.model.folder, stem.lower() if stem.isascii() else fold(stem))  # the same, sooner
        if key in first:
            a, b = sorted((first[key].path, record_file.path), key=lambda f: (f.stem != f.stem.lower(), f.name))
            yield Problem.of(relative(b, root), None, None,
                             N_("id '{id}' differs from '{other}' ({path}) only by case or accents"),
                             N_("ids must be unique: rename one of the two files"),
                             id=b.stem, other=a.stem, path=relative(a, root))
        else:
            first[key] = record_file


def kind_folder(kind: str) -> str:
    """The folder that holds records of ``kind`` (``city`` → ``cities``, ``source`` → ``sources``)."""
    return FILE_TYPE_BY_NAME[kind].folder
