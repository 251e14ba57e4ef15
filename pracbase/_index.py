"""The search index on disk: analysis, schema, documents, fingerprints and the atomic cache.

One Whoosh document per record. Each site language has one positional ``text_<lang>``
field holding the title, summary, taxonomy labels and description, in that order, each
part weighted by a per-token boost (title 4, summary 2, labels and description 1): one
field instead of four cuts the postings to write by a quarter, and the fields to query.
A neutral ``names`` field holds the names of the record itself and of the places and
projects it links to (cities, countries, acronyms); facets are stored keywords. See
:mod:`pracbase.search` for the queries.

The cache is keyed by a fingerprint of each record (its content and the names it borrows
from the cities and projects it links to). Every write goes into a fresh ``build-*``
directory, renamed ``ix-*`` when complete, then made current by atomically replacing the
``CURRENT`` pointer file: a crash at any moment leaves the previous index current.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import whoosh
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.formats import Positions
from whoosh.index import Index
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import pack_uint

from pracbase import facets as registry
from pracbase import i18n
from pracbase._files import write_atomic
from pracbase.models import City, Framework, Guide, LocalizedText, Practice, Project, Record
from pracbase.taxonomy import TAXONOMY, Term

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

LANGUAGES: tuple[str, ...] = i18n.SITE_LANGUAGES
"""Languages with their own analysed field (text in other languages is not indexed)."""

PARTS: dict[str, float] = {"title": 4.0, "summary": 2.0, "tags": 1.0, "description": 1.0}
"""The parts of a ``text_<lang>`` field, in order, with the boost of their words."""

def facet_fields() -> tuple[str, ...]:
    """Stored keyword fields that searches filter on (besides ``type``): every facet, cities and projects."""
    return (*(f.key for f in registry.FACETS), "cities", "projects")

SCHEMA_VERSION = 8
"""Bump when documents, analysis or the files of an index change: every cached index is then rebuilt."""

_PART = "\x1e"  # separates the parts of a text field (never in validated text: a control character)
_GAP = 8        # positions skipped between parts, so a phrase never spans two parts
_WORD = re.compile(r"\w+")


# --- analysis ------------------------------------------------------------------------


class Analyzer(Tokenizer):
    """Tokenize, fold accents and case, drop stop words and stem, in one pass.

    ``lang=None`` is the neutral analyzer of the ``names`` field (folding only). Whoosh's
    chain of filters costs a generator per filter and per token; this does the same work
    with one regular expression and a cache from raw word to indexed term. Stop words
    take no position, so a quoted phrase matches across them. Folding comes before
    stemming so that ``securite`` and ``sécurité`` give the same term.
    """

    def __init__(self, lang: str | None = None) -> None:
        self.lang = lang
        self._setup()

    def _setup(self) -> None:
        self._stem = stemmer_for_language(self.lang) if self.lang else None
        stops = stopwords_for_language(self.lang) if self.lang else frozenset()
        self._stops = frozenset(i18n.fold(w) for w in stops)
        self._cache: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"lang": self.lang}  # the schema is pickled into the index: leave the cache out

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lang = state["lang"]
        self._setup()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Analyzer) and type(other) is type(self) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash((type(self), self.lang))

    def __repr__(self) -> str:
        return f"Analyzer({self.lang!r})"

    def term(self, word: str) -> str:
        """The indexed form of one word: folded and stemmed; ``""`` for a stop word."""
        term = self._cache.get(word)
        if term is None:
            folded = i18n.fold(word)
            if folded in self._stops:
                term = ""
            elif self._stem is not None and folded.isalpha():
                term = self._stem(folded)
            else:
                term = folded
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[word] = term
        return term

    def terms(self, text: str) -> list[str]:
        """The indexed forms of the words of ``text``, stop words left out."""
        return [t for t in map(self.term, _WORD.findall(text)) if t]

    def postings(self, value: str) -> dict[str, tuple[list[int], float]]:
        """Each term of ``value`` with its positions and summed boost: what the index stores.

        The same result as running :meth:`__call__` with positions, without a token
        object per word (this is the indexing hot path).
        """
        out: dict[str, tuple[list[int], float]] = {}
        cache, term_of, pos = self._cache, self.term, 0
        parts = value.split(_PART) if _PART in value else [value]
        boosts = list(PARTS.values()) if len(parts) > 1 else [1.0]
        for index, part in enumerate(parts):
            boost = boosts[min(index, len(boosts) - 1)]
            for word in _WORD.findall(part):
                term = cache.get(word)
                if term is None:
                    term = term_of(word)
                if term:
                    entry = out.get(term)
                    if entry is None:
                        out[term] = ([pos], boost)
                    else:
                        entry[0].append(pos)
                        out[term] = (entry[0], entry[1] + boost)
                    pos += 1
            pos += _GAP
        return out

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost, token.stopped = 1.0, False
        if not tokenize:
            token.original = token.text = self.term(value) or value
            token.pos, token.startchar, token.endchar = start_pos, start_char, start_char + len(value)
            yield token
            return
        term_of, cache, pos, offset = self.term, self._cache, start_pos, start_char
        parts = value.split(_PART) if _PART in value else [value]
        boosts = list(PARTS.values()) if len(parts) > 1 else [1.0]
        for index, part in enumerate(parts):
            token.boost = boosts[min(index, len(boosts) - 1)]
            for match in _WORD.finditer(part):
                word = match.group()
                term = cache.get(word)
                if term is None:
                    term = term_of(word)
                if not term:
                    continue
                token.text = term
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = offset + match.start()
                    token.endchar = offset + match.end()
                yield token
            offset += len(part) + 1
            pos += _GAP


ANALYZERS: dict[str | None, Analyzer] = {lang: Analyzer(lang) for lang in (*LANGUAGES, None)}
"""One analyzer per indexed language, and the neutral one (``None``)."""


class _Positions(Positions):
    """Whoosh's positions format, with positions packed as an array instead of pickled."""

    def word_values(self, value: str, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(analyzer, Analyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, (positions, weight) in analyzer.postings(value).items():
            yield term, len(positions), weight * boost, pack_uint(len(positions)) + array("I", positions).tobytes()

    def encode(self, poslist: list[int]) -> bytes:
        return bytes(pack_uint(len(poslist))) + array("I", poslist).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        positions = array("I")
        positions.frombytes(valuestring[_INT_SIZE:])
        return positions.tolist()


class _Codec(W3Codec):
    """Whoosh's codec, tuned for writing speed.

    No per-posting length statistics: they cost a column lookup per posting at commit
    (about a fifth of the build) and only tighten the scorer's block upper bounds. zlib
    level 1 instead of 3 for posting blocks: the same size here, 10% less build time.
    """

    length_stats = False

    def __init__(self) -> None:
        super().__init__(compression=1)


def schema() -> Schema:
    """The schema: ``key``, ``type``, ``names``, one ``text_<lang>`` per language, the facets.

    Only the key, type and facets are stored (snippets are cut from the records);
    nothing has term vectors.
    """
    fields: dict[str, Any] = {"key": ID(stored=True, unique=True), "type": ID(stored=True)}
    fields["names"] = TEXT(analyzer=ANALYZERS[None], phrase=True)
    for lang in LANGUAGES:
        fields[f"text_{lang}"] = TEXT(analyzer=ANALYZERS[lang], phrase=True)
    for name in ("names", *(f"text_{lang}" for lang in LANGUAGES)):
        fields[name].format = _Positions()
    for name in facet_fields():
        fields[name] = KEYWORD(stored=True, scorable=False)
    return Schema(**fields)


# --- documents -----------------------------------------------------------------------

_LINK_TARGET = re.compile(r"\]\([^)]*\)|<?https?://[^\s>]+>?")


def key_of(record: Record) -> str:
    """The unique key of a record in the index: ``practice:malmo-mammakraft``."""
    return f"{record.record_type}:{record.id}"


def document(kb: KnowledgeBase, record: Record) -> dict[str, Any]:
    """The Whoosh document of one record: what is searched, and the facets it is filtered by."""
    parts: dict[str, dict[str, list[str]]] = {lang: {part: [] for part in PARTS} for lang in LANGUAGES}
    facets: dict[str, tuple[str, ...]] = {f.key: f.values(record, kb) for f in registry.FACETS}
    cities = [kb.cities[c] for c in record.linked_cities if c in kb.cities]
    projects = _projects_of(record)
    facets["cities"] = tuple(c.id for c in cities)
    facets["projects"] = projects
    texts = list(_texts(record))
    texts += [("tags", TAXONOMY.vocabularies[f.vocabulary][value]) for f in registry.FACETS
              if f.vocabulary and f.applies_to(type(record)) for value in facets[f.key]]
    texts += list(_tags(record))
    for part, value in texts:
        for lang in LANGUAGES:
            text = _in(value, lang)
            if text:
                parts[lang][part].append(_LINK_TARGET.sub(" ", text) if "http" in text else text)
    names = [*own_names(record), *(name for c in cities for name in c.names.root.values()),
             *(name for code in facets.get("countries", ()) for name in _country_names(code)),
             *(kb.projects[p].acronym if p in kb.projects else p for p in _linked_projects(record))]
    doc: dict[str, Any] = {"key": key_of(record), "type": record.record_type}
    names = list(dict.fromkeys(names))
    if names:
        doc["names"] = "\n".join(names)
    for lang in LANGUAGES:
        if any(parts[lang].values()):
            doc[f"text_{lang}"] = _PART.join("\n".join(texts) for texts in parts[lang].values())
    for name in facet_fields():
        values = list(dict.fromkeys(facets.get(name, ())))
        doc[name] = " ".join(values)
        doc[f"_stored_{name}"] = tuple(values)
    return doc


Text = str | LocalizedText | Term | Callable[[str], str] | None
"""A text of a document: in every language (str), per language, or a label or name per language."""


def _in(value: Text, lang: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, LocalizedText):
        return value.root.get(lang)
    if isinstance(value, Term):
        return value.label_in(lang)
    return value(lang)


@functools.singledispatch
def _texts(record: Record) -> Iterator[tuple[str, Text]]:
    """The texts of a record, each with the part of the document it goes into."""
    raise TypeError(f"not a record type the index knows: {type(record).__name__}")


@_texts.register
def _(record: Practice) -> Iterator[tuple[str, Text]]:
    yield from (("title", record.title), ("summary", record.summary), ("description", record.description))
    yield from (("description", actor.name) for actor in record.actors)
    yield "description", record.evaluation.note
    yield "description", record.evaluation.evidence
    yield from (("description", text) for text in (record.results, record.lessons, record.next_steps))
    yield from (("description", origin.method) for origin in record.adapted_from)
    yield from (("description", origin.organisation) for origin in record.adapted_from)
    yield from (("description", link.label) for link in record.links)


@_texts.register
def _(record: City) -> Iterator[tuple[str, Text]]:
    yield from (("title", record.names), ("summary", record.summary))
    if record.partnership:
        yield from (("description", value) for value in record.partnership.__dict__.values())


@_texts.register
def _(record: Project) -> Iterator[tuple[str, Text]]:
    yield from (("title", record.name), ("title", record.acronym), ("summary", record.summary),
                ("description", record.description), ("description", record.funder))
    yield from (("description", organisation) for organisation in (record.coordinator, *record.partner_organisations))


@_texts.register
def _(record: Framework) -> Iterator[tuple[str, Text]]:
    yield from (("title", record.title), ("summary", record.summary), ("description", record.description))


@_texts.register
def _(record: Guide) -> Iterator[tuple[str, Text]]:
    yield from (("title", record.title), ("summary", record.summary), ("description", record.description))
    for step in record.steps:
        yield from (("description", step.title), ("description", step.text))
    yield from (("description", reference.title) for reference in record.references)


def _tags(record: Record) -> Iterator[tuple[str, Text]]:
    """Labels a record is found by besides its facets' (a city's kind, networks and region)."""
    if isinstance(record, City):
        yield "tags", TAXONOMY.authority_kinds[record.kind]
        yield from (("tags", TAXONOMY.networks[m.network]) for m in record.networks)
        yield "tags", functools.partial(i18n.region_name, record.region)


def _projects_of(record: Record) -> tuple[str, ...]:
    """The project facet of a record: a practice's projects, a project itself."""
    return (record.id,) if isinstance(record, Project) else tuple(getattr(record, "projects", ()))


def _linked_projects(record: Record) -> tuple[str, ...]:
    """Projects whose acronyms name a record: those of a practice (a project names itself)."""
    return tuple(record.projects) if isinstance(record, Practice) else ()


@functools.singledispatch
def own_names(record: Record) -> list[str]:
    """The names a record is itself known by: a city's names in every language, a project's
    acronym, a framework's country in the site languages (a practice has none)."""
    return []


@own_names.register
def _(record: City) -> list[str]:
    return list(dict.fromkeys(record.names.root.values()))


@own_names.register
def _(record: Project) -> list[str]:
    return [record.acronym]


@own_names.register
def _(record: Framework) -> list[str]:
    return _country_names(record.country)


def _country_names(code: str) -> list[str]:
    return list(dict.fromkeys(i18n.country_name(code, lang) for lang in LANGUAGES))


def fingerprints(kb: KnowledgeBase) -> dict[str, str]:
    """A hash of each record's indexed content, by key: the cache key of its document.

    A record's document also holds the names of the cities and acronyms of the projects
    it links to, so their names are part of its fingerprint.
    """
    city_names = {c.id: c.names.model_dump_json() + c.country for c in kb.cities.values()}
    acronyms = {p.id: p.acronym for p in kb.projects.values()}
    hashes: dict[str, str] = {}
    blake2b = hashlib.blake2b
    for record in kb:
        linked = [city_names.get(c, c) for c in record.linked_cities] + [acronyms.get(p, p)
                                                                          for p in _linked_projects(record)]
        # the bytes of record.model_dump_json(), without decoding them to text and back
        data = type(record).__pydantic_serializer__.to_json(record) + "\x1f".join(linked).encode()
        hashes[f"{record.record_type}:{record.id}"] = blake2b(data, digest_size=12).hexdigest()
    return hashes


def _format() -> str:
    """What a cached index must have been written with to be reused: this schema version,
    Whoosh, Babel (country names) and the taxonomy (labels)."""
    taxonomy = resources.files("pracbase").joinpath("data/taxonomy.yml").read_bytes()
    return (f"pracbase-search/{SCHEMA_VERSION} whoosh/{whoosh.versionstring()} babel/{metadata.version('babel')} "
            f"taxonomy/{hashlib.blake2b(taxonomy, digest_size=6).hexdigest()} facets/{','.join(facet_fields())}")


def current_format() -> str:
    """:func:`_format`, computed once per set of facets."""
    return _format_of(facet_fields())


@functools.cache
def _format_of(fields: tuple[str, ...]) -> str:
    return _format()


# --- writing -------------------------------------------------------------------------


def write_index(docs: Iterable[dict[str, Any]], directory: Path | None = None, *, procs: int = 1,
                limitmb: int | None = None, multisegment: bool = True) -> Index:
    """A new index of ``docs`` in ``directory`` (created), or in memory when None.

    With ``procs`` > 1, sub-processes each write a segment of their share of the
    documents; with ``multisegment`` the segments are kept as they are rather than merged.
    ``limitmb`` is the memory each process sorts postings in before spilling them to disk
    (default: :data:`MEMORY_MB` shared by the processes; a spill costs a sort and merge).
    """
    if directory is None:
        storage: Any = RamStorage()
    else:
        directory.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(directory))
    ix = storage.create_index(schema())
    if limitmb is None:
        limitmb = max(128, MEMORY_MB // procs)
    options: dict[str, Any] = {"limitmb": limitmb, "codec": _Codec(), "compound": COMPOUND}
    if procs > 1:
        options.update(procs=procs, multisegment=multisegment, batchsize=250)
    writer = ix.writer(**options)
    try:
        for doc in docs:
            writer.add_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return ix


COMPOUND = False
"""Whether a segment's files are packed into one file. Not: opening a reader on a packed
segment copies its terms and postings into memory (Whoosh reads a packed file through a
``BytesIO`` of its map), about 0.1 s per opening at 10,000 practices, and a re-index opens
the index three times; separate files are read in place."""

MEMORY_MB = 1024
"""Memory a full build sorts postings in, shared by its processes. 10,000 practices fit
(a one-process build peaks at about 600 MB); one that spills to disk takes twice the CPU."""


def default_procs(count: int) -> int:
    """Indexing processes for ``count`` documents: up to 4 CPUs from 2,000 documents on."""
    return max(1, min(os.cpu_count() or 1, 4)) if count >= 2_000 else 1


@dataclass(frozen=True)
class Sync:
    """What bringing the cached index up to date did.

    ``status`` is ``reused`` (nothing changed), ``updated`` (only ``reindexed`` and
    ``removed`` records were written) or ``built`` (from scratch).
    """

    status: str
    reindexed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    directory: Path | None = None


POINTER = "CURRENT"
MANIFEST = "manifest.json"


def sync(kb: KnowledgeBase, cache: Path, *, procs: int | None = None,
         limitmb: int | None = None) -> tuple[Index, Sync]:
    """Bring the index cached in ``cache`` up to date with ``kb``, and open it.

    Reuse it when every fingerprint matches; re-index only the records that changed, in
    a hard-linked copy of the current index; rebuild from scratch when no index can be
    trusted, or when a quarter or more of the documents would be rewritten.
    """
    cache.mkdir(parents=True, exist_ok=True)
    hashes = fingerprints(kb)
    current = _current(cache)
    if current is not None:
        directory, ix, old = current
        changed = tuple(sorted(k for k, h in hashes.items() if old.get(k) != h))
        removed = tuple(sorted(k for k in old if k not in hashes))
        if not changed and not removed:
            return ix, Sync("reused", directory=directory)
        stale = ix.doc_count_all() - ix.doc_count() + len(changed) + len(removed)
        ix.close()
        if stale < max(50, len(hashes) // 4):
            records = {key_of(r): r for r in kb}
            docs = [document(kb, records[key]) for key in changed]
            with contextlib.suppress(Exception):  # an update that fails for any reason gives way to a rebuild
                directory = _update(cache, directory, docs, removed, hashes, limitmb)
                return _open(directory), Sync("updated", changed, removed, directory)
    build = _scratch(cache)
    everything = (document(kb, record) for record in sorted(kb, key=key_of))
    procs = default_procs(len(hashes)) if procs is None else procs
    write_index(everything, build, procs=procs, limitmb=limitmb).close()
    directory = _publish(cache, build, hashes)
    return _open(directory), Sync("built", tuple(sorted(hashes)), (), directory)


def _update(cache: Path, source: Path, docs: list[dict[str, Any]], removed: tuple[str, ...],
            hashes: dict[str, str], limitmb: int | None) -> Path:
    """Re-index ``docs`` and drop ``removed`` in a copy of ``source``; publish the copy."""
    build = _scratch(cache)
    for file in source.iterdir():
        if file.is_file() and file.name != MANIFEST and "LOCK" not in file.name:
            try:
                os.link(file, build / file.name)  # Whoosh never rewrites a file: sharing is safe
            except OSError:
                shutil.copy2(file, build / file.name)
    ix = _open(build)
    writer = ix.writer(limitmb=limitmb or 128, codec=_Codec(), compound=COMPOUND)
    try:
        for key in removed:
            writer.delete_by_term("key", key)
        for doc in docs:
            writer.update_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    return _publish(cache, build, hashes)


def _scratch(cache: Path) -> Path:
    """A new, empty build directory: never trusted until :func:`_publish` renames it."""
    _clean(cache)
    build = cache / f"build-{secrets.token_hex(6)}"
    build.mkdir()
    return build


def _publish(cache: Path, build: Path, hashes: dict[str, str]) -> Path:
    """Write the manifest, rename the finished build and make it current (atomic swap)."""
    files = {f.name: f.stat().st_size for f in build.iterdir() if f.is_file() and "LOCK" not in f.name}
    write_atomic(build / MANIFEST, json.dumps({"format": current_format(), "hashes": hashes, "files": files},
                                              sort_keys=True))
    final = cache / f"ix-{time.time_ns():x}-{secrets.token_hex(3)}"
    build.rename(final)
    write_atomic(cache / POINTER, final.name + "\n")
    _clean(cache)
    return final


def _current(cache: Path) -> tuple[Path, Index, dict[str, str]] | None:
    """The current index, its directory and fingerprints, if it can be trusted; else None."""
    try:
        directory = cache / (cache / POINTER).read_text(encoding="utf-8").strip()
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != current_format() or not isinstance(manifest.get("hashes"), dict):
            return None
        # every file the index was published with, at its size: a segment's files are read
        # only when a query needs them, so a missing or cut one is caught here, not by a query
        for name, size in manifest["files"].items():
            if (directory / name).stat().st_size != size:
                return None
        ix = _open(directory)
        if ix.doc_count() != len(manifest["hashes"]):
            ix.close()
            return None
        return directory, ix, manifest["hashes"]
    except Exception:  # a missing, partial or foreign index is rebuilt, never trusted
        return None


def _open(directory: Path) -> Index:
    return FileStorage(str(directory)).open_index()


def _clean(cache: Path, keep_previous: int = 1, stale_after: float = 3600.0) -> None:
    """Remove index directories older than the current one and the ``keep_previous`` before
    it (a process may still be reading them), and what crashed runs left behind."""
    with contextlib.suppress(OSError):
        current = (cache / POINTER).read_text(encoding="utf-8").strip()
        old = sorted(p.name for p in cache.glob("ix-*") if p.name != current)
        for name in old[: max(0, len(old) - keep_previous)]:
            shutil.rmtree(cache / name, ignore_errors=True)
    now = time.time()
    for path in (*cache.glob("build-*"), *cache.glob(".*.tmp")):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > stale_after:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink()


def build_in_memory(kb: KnowledgeBase, limitmb: int | None = None) -> Index:
    """An index of ``kb`` in memory (for a knowledge base without a writable folder)."""
    return write_index((document(kb, r) for r in sorted(kb, key=key_of)), None, limitmb=limitmb)
