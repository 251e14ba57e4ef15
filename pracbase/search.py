"""Full-text search over practices, cities, projects, frameworks and guides, in French and English.

    >>> hits = kb.search("malmo meres", "fr")        # accents optional
    >>> hits[0].record.id, hits[0].match
    ('malmo-mammakraft', 'exact')
    >>> hits[0].snippet
    "À l'initiative de ses services sociaux, **Malmö** a créé des groupes où des **mères** s'entraident …"
    >>> kb.search("prison release", lang="en", level="tertiary", country="NL", limit=5)

A query runs in stages, each only when the ones before found little (fewer than
:data:`FEW` hits), and the hits keep the order of the stage that found them:

1. ``exact``: every word, in the requested language's text or in the names (cities,
   countries, project acronyms);
2. ``other-language``: every word, through the other language's text (only when stage 1
   found nothing);
3. ``fuzzy``: every word, with the words the index does not know replaced by the
   indexed words one or two typing errors away (``radicalisaton``);
4. ``any-word``: any of the words.

Within a stage, the top hits are re-ranked by multiplying their score by the record type's
weight (:data:`TYPE_WEIGHTS`: cities, whose summaries retell their practices, and guides,
whose steps touch many topics, a little less), :data:`NAME_BONUS` when the query is the
record's own name (``Malines``: the city first) and :data:`TITLE_PHRASE_BONUS` when the
query's words follow each other in its title.

Text in quotes (``"groupes de mères"``, ``« … »``) is a phrase; a word ending in ``*`` is a
prefix. Every other character of Whoosh's query syntax (``( ) : ~ ^``, ``AND``, ``OR``) is
ordinary text, so no query raises; an empty query has no hits. The index itself is built,
cached and updated by :mod:`pracbase._index`; each stage's top hits are Whoosh's hits and
BM25F scores, computed by :mod:`pracbase._topn` without walking every match.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.index import Index
from whoosh.query import And, Or, Phrase, Prefix, Query, Term
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from pracbase import _index, _topn, i18n
from pracbase import facets as registry
from pracbase._index import ANALYZERS, LANGUAGES, Analyzer, Sync
from pracbase.errors import NotFoundError
from pracbase.i18n import DEFAULT_LANGUAGE
from pracbase.models import RECORD_TYPE_BY_NAME, Record

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

RECORD_TYPES: tuple[str, ...] = tuple(RECORD_TYPE_BY_NAME)
"""Values of the ``type`` filter."""

NAMES_BOOST = 3.0
"""Weight of a match in the names (of the record, of the places and projects it links to)
against one in the text."""

FEW = 3
"""A stage that leaves fewer hits than this lets the next, looser stage run."""

TITLE_PHRASE_BONUS = 1.3
"""Score factor of a record whose title holds the query's words in a row (stop words aside):
among the records that have every word, ``sortie de prison`` favours the one titled
« … pour la sortie de prison … ». Cheaper than a phrase query over every match."""

NAME_BONUS = 1.5
"""Score factor of a record whose own name is the whole query (the city for ``Malines``)."""

TYPE_WEIGHTS: dict[str, float] = {"practice": 1.0, "framework": 1.0, "project": 1.0, "guide": 0.8, "city": 0.8}
"""Score factor per record type: a city's summary often retells its practices, a guide's
steps touch many topics in passing, and a practitioner looking for a topic wants the
practice first (a query that is a city's name still puts the city first, see
:data:`NAME_BONUS`; a query in a guide's title still finds the guide, see
:data:`TITLE_PHRASE_BONUS`)."""

RERANKED = 20
"""Extra hits fetched at each stage so that re-ranking can lift one of them into the top."""

WEIGHTING = BM25F(names_B=0.0)
"""BM25F, with no length normalisation of names (a project with many partner cities is no
less about each of them)."""

MAX_WORDS = 24
"""Words (and phrases, and prefixes) of a query beyond this many are ignored: a pasted
paragraph is still answered quickly."""

STAGES: tuple[str, ...] = ("exact", "other-language", "fuzzy", "any-word")
"""How a hit was found, from the strictest stage to the loosest."""


# --- parsing ---------------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
_PREFIX = re.compile(r"(\w+)\*")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """A query split into plain words, quoted phrases and ``prefix*`` words."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> ParsedQuery:
        """Split ``text``: quotes make phrases, ``*`` after 3 letters or more a prefix; the
        rest is words, every other character being a separator. Repeated words count once."""
        phrases: list[tuple[str, ...]] = []

        def phrase(match: re.Match[str]) -> str:
            words = tuple(_WORD.findall(next(g for g in match.groups() if g is not None)))
            if words:
                phrases.append(words)
            return " "

        rest = _QUOTED.sub(phrase, text)
        prefixes = tuple(p for p in _PREFIX.findall(rest) if len(p) >= 3)
        rest = _PREFIX.sub(lambda m: " " if len(m.group(1)) >= 3 else m.group(1), rest)
        words = tuple(dict.fromkeys(_WORD.findall(rest)))[:MAX_WORDS]
        return cls(words, tuple(dict.fromkeys(phrases))[:MAX_WORDS], tuple(dict.fromkeys(prefixes))[:MAX_WORDS])

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.prefixes)


# --- queries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    analyzer: Analyzer
    boost: float


def _fields(langs: Iterable[str]) -> list[_Field]:
    """The names field and the text fields of ``langs``, with their weights."""
    return [_Field("names", ANALYZERS[None], NAMES_BOOST),
            *(_Field(f"text_{lang}", ANALYZERS[lang], 1.0) for lang in langs)]


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance between ``a`` and ``b``, or ``limit + 1`` as soon as it is certainly above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(row) > limit:
            return limit + 1
        previous = row
    return previous[-1]


def corrections(reader: IndexReader, fieldname: str, word: str, term: str, n: int = 3) -> list[tuple[str, int]]:
    """Indexed terms of ``fieldname`` near a word the index does not know, with their distance.

    A term is near when it is one edit away from the word's own term (two for words of
    more than seven letters), or when it is the word's beginning (with one edit for words
    of more than seven letters), since stemming keeps only a word's beginning:
    ``radicalisaton`` finds ``radicalis``, the stem of ``radicalisation``. Both must share
    their first two letters. The closest and most frequent come first.
    """
    folded = i18n.fold(word)
    limit = 1 if len(folded) <= 7 else 2
    shortest = max(4, len(folded) - 4)
    found: list[tuple[int, int, str]] = []
    for btext in reader.expand_prefix(fieldname, folded[:2]):
        candidate = btext.decode("utf-8")
        if candidate == term:
            continue
        distance = levenshtein(candidate, term, limit)
        if len(candidate) >= shortest:
            distance = min(distance, 2 * levenshtein(candidate, folded[: len(candidate)], 1))
        if distance <= limit:
            found.append((distance, -reader.doc_frequency(fieldname, candidate), candidate))
    return [(text, distance) for distance, _, text in sorted(found)[:n]]


CORRECTIONS_CACHED = 4096
"""Typo corrections kept per open index (a query's typo is corrected once, then looked up)."""


class _Stage:
    """The Whoosh query of one stage, and the terms it looks for in each field (for snippets)."""

    def __init__(self, parsed: ParsedQuery, fields: list[_Field], reader: IndexReader, fuzzy: bool = False,
                 cache: dict[tuple[str, str, str], list[tuple[str, int]]] | None = None) -> None:
        self.reader = reader
        self.cache = {} if cache is None else cache
        self.terms: dict[str, set[str]] = {f.name: set() for f in fields}
        self.corrected = False
        self.clauses: list[Query] = []
        for word in parsed.words:
            self._add(self._word(word, fields, fuzzy))
        for words in parsed.phrases:
            self._add(self._phrase(words, fields))
        for prefix in parsed.prefixes:
            self._add(self._prefix(prefix, fields))

    def _add(self, alternatives: list[Query]) -> None:
        if alternatives:
            self.clauses.append(Or(alternatives) if len(alternatives) > 1 else alternatives[0])

    def _term(self, f: _Field, text: str, boost: float) -> Term:
        self.terms[f.name].add(text)
        return Term(f.name, text, boost=boost)

    def _word(self, word: str, fields: list[_Field], fuzzy: bool) -> list[Query]:
        terms = [(f, f.analyzer.term(word)) for f in fields]
        terms = [(f, t) for f, t in terms if t]
        known = [(f, t) for f, t in terms if self.reader.doc_frequency(f.name, t)]
        # terms the index does not have are left out (fewer matchers); a word with none keeps
        # one, which matches nothing, so that every word stays required
        alternatives: list[Query] = [self._term(f, t, f.boost) for f, t in known or terms[-1:]]
        if fuzzy and terms and not known:
            for f, t in terms:
                for near, distance in self._corrections(f.name, word, t):
                    alternatives.append(self._term(f, near, f.boost * (0.8 if distance <= 1 else 0.6)))
                    self.corrected = True
        return alternatives

    def _corrections(self, fieldname: str, word: str, term: str) -> list[tuple[str, int]]:
        """:func:`corrections` (two), computed once per open index and kept (:data:`CORRECTIONS_CACHED`)."""
        key = (fieldname, word, term)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) >= CORRECTIONS_CACHED:
                self.cache.clear()
            found = self.cache[key] = corrections(self.reader, fieldname, word, term, n=2)
        return found

    def _phrase(self, words: tuple[str, ...], fields: list[_Field]) -> list[Query]:
        alternatives: list[Query] = []
        for f in fields:
            terms = [t for t in map(f.analyzer.term, words) if t]
            if len(terms) == 1:
                alternatives.append(self._term(f, terms[0], f.boost))
            elif terms:
                self.terms[f.name].update(terms)
                alternatives.append(Phrase(f.name, terms, slop=1, boost=f.boost * 1.5))
        return alternatives

    def _prefix(self, prefix: str, fields: list[_Field]) -> list[Query]:
        alternatives: list[Query] = []
        for f in fields:
            folded = i18n.fold(prefix)
            stem = f.analyzer.term(prefix) or folded
            start = min(stem, folded, key=len)
            alternatives.append(Prefix(f.name, start, boost=f.boost))
            expansions = self.reader.expand_prefix(f.name, start)
            self.terms[f.name].update(b.decode("utf-8") for _, b in zip(range(50), expansions, strict=False))
        return alternatives


# --- hits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One search result: the record, its type, its score and a highlighted snippet.

    ``score`` is Whoosh's BM25F score in the stage that found the hit, times the
    re-ranking factors; ``snippet`` is plain text (never HTML) with ``**`` around the
    words that matched; ``match`` is the stage that found the hit (``exact``,
    ``other-language``, ``fuzzy`` or ``any-word``: see :mod:`pracbase.search`);
    ``lang`` the language searched, in which :attr:`title` is given.
    """

    record: Record
    type: str
    score: float
    snippet: str
    match: str = "exact"
    lang: str = DEFAULT_LANGUAGE

    @property
    def id(self) -> str:
        """The record's id."""
        return self.record.id

    @property
    def title(self) -> str:
        """The record's title or name in the language searched (or its fallback)."""
        return self.record.heading_in(self.lang)

    @property
    def cities(self) -> list[str]:
        """Ids of the cities the record concerns (a city's own id, a project's partners)."""
        return list(self.record.linked_cities)

    def __repr__(self) -> str:
        return f"Hit({self.type}:{self.id}, score={self.score:.2f}, match={self.match!r})"

    def as_dict(self) -> dict[str, Any]:
        """The hit as a JSON-ready mapping."""
        return {"id": self.id, "type": self.type, "title": self.title, "score": round(self.score, 3),
                "cities": self.cities, "match": self.match, "snippet": self.snippet}


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")
_LINE_START = re.compile(r"^\s*(?:#+|>|[-+*]|\d+\.)\s+", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """Markdown as one line of plain text: links reduced to their words, marks removed."""
    return _SPACE.sub(" ", _EMPHASIS.sub("", _LINE_START.sub(" ", _LINK.sub(r"\1", text)))).strip()


SNIPPET_CHARS = 220
"""About how long a snippet is."""


def mark(text: str, terms: set[str], analyzer: Analyzer, width: int = SNIPPET_CHARS) -> str:
    """The stretch of ``text`` (about ``width`` characters) holding the most words whose
    term is in ``terms``, those words in ``**``; ``""`` when none is there."""
    term_of = analyzer.term
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text) if term_of(m.group()) in terms]
    if not spans:
        return ""
    first, count, end = 0, 0, 0
    for i, (start, _) in enumerate(spans):  # the window starting at a match that holds the most matches
        end = max(end, i)
        while end < len(spans) and spans[end][1] - start <= width * 2 // 3:
            end += 1
        if end - i > count:
            first, count = i, end - i
    start = spans[first][0]
    lead = text.rfind(" ", 0, max(0, start - (width - (spans[first + count - 1][1] - start)) // 2))
    start = 0 if lead < 0 or start < 40 else lead + 1
    stop = text.find(" ", start + width)
    stop = len(text) if stop < 0 else stop
    pieces, at = [], start
    for s, e in spans:
        if s >= at and e <= stop:
            pieces += [text[at:s], "**", text[s:e], "**"]
            at = e
    pieces.append(text[at:stop])
    return ("… " if start > 0 else "") + "".join(pieces).strip() + (" …" if stop < len(text) else "")


def snippet(record: Record, terms: dict[str, set[str]], langs: Iterable[str]) -> str:
    """The record's summary or description, in the first of ``langs`` where a word matched,
    with the matched words marked; else the start of its summary (or name)."""
    for lang in langs:
        wanted = terms.get(f"text_{lang}", set()) | terms.get("names", set())
        for name in ("summary", "description"):
            value = getattr(record, name, None)
            if wanted and value is not None and lang in value:
                marked = mark(plain(value[lang]), wanted, ANALYZERS[lang])
                if marked:
                    return marked
    lang = next(iter(langs))
    value = getattr(record, "summary", None) or record.heading
    text = plain(value.get(lang, record.original_language).text)
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


# --- the index ------------------------------------------------------------------------


@dataclass(eq=False)
class SearchIndex:
    """A knowledge base's search index, open for searching: ``kb.search`` opens one on first use.

    ``sync`` says whether opening it reused, updated or built the cached copy.
    """

    kb: KnowledgeBase
    index: Index
    sync: Sync
    _searcher: Searcher | None = field(default=None, repr=False)
    _corrections: dict[tuple[str, str, str], list[tuple[str, int]]] = field(default_factory=dict, repr=False)
    _ranker: _topn.TopN | None = field(default=None, repr=False)

    @property
    def searcher(self) -> Searcher:
        """Whoosh's searcher, opened once and reused by every query."""
        if self._searcher is None:
            self._searcher = self.index.searcher(weighting=WEIGHTING)
        return self._searcher

    def close(self) -> None:
        """Release the index files."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ranker = None
        self.index.close()

    def search(self, query: str, lang: str = DEFAULT_LANGUAGE, *, type: str | None = None, level: str | None = None,
               theme: str | None = None, region: str | None = None, country: str | None = None,
               limit: int = 10, **facets: str) -> list[Hit]:
        """Records matching ``query`` in ``lang`` (``fr`` or ``en``), best first (see :mod:`pracbase.search`).

        Filters are a record type (``practice``, ``city``, ``project``, ``framework``, ``guide``), a
        level and a theme (taxonomy ids or labels), a UN M49 region and a country (a code
        or a name), and any other facet of :mod:`pracbase.facets` by its parameter
        (``concern=…``, ``target_group=…``); an unknown value raises
        :class:`NotFoundError` with suggestions. A query with no word (empty,
        punctuation, stop words only) has no hits.
        """
        lang = i18n.check_language(lang, LANGUAGES)  # the languages with their own text field
        other = next(code for code in LANGUAGES if code != lang)
        filters = _filter(type, {"level": level, "theme": theme, "region": region, "country": country, **facets})
        parsed = ParsedQuery.parse(query)
        # a stop word of the query's language ("the", "la") is not looked for in any field
        parsed = replace(parsed, words=tuple(w for w in parsed.words if ANALYZERS[lang].term(w)))
        if not parsed or limit <= 0:
            return []
        found: dict[str, tuple[float, str, _Stage]] = {}
        allowed = None if filters is None else set(self.searcher.docs_for_query(filters))
        for name, stage, query_ in self._stages(parsed, lang, other, found):
            text_lang = other if name == "other-language" else lang
            phrase = ANALYZERS[text_lang].terms(" ".join(parsed.words))
            results = self._top(query_, limit + len(found) + RERANKED, filters, allowed)
            scored = [(score * self._bonus(self._record(key), text_lang, phrase, parsed), key)
                      for score, key in results if key not in found]
            scored.sort(key=lambda pair: -pair[0])
            for score, key in scored[: limit - len(found)]:
                found[key] = (score, name, stage)
        hits = []
        for key, (score, how, built) in found.items():
            record = self._record(key)
            langs = (other,) if how == "other-language" else (lang, other)
            hits.append(Hit(record, record.record_type, score, snippet(record, built.terms, langs), how, lang))
        return hits

    def _top(self, query: Query, limit: int, filters: Query | None,
             allowed: set[int] | None) -> list[tuple[float, str]]:
        """The ``limit`` best (score, key) of ``query`` among the ``allowed`` documents (those
        of ``filters``): Whoosh's hits and scores, computed by :mod:`pracbase._topn` when it
        knows every part of the query, else by Whoosh's collector."""
        searcher = self.searcher
        if self._ranker is None:
            self._ranker = _topn.TopN(searcher, WEIGHTING)
        best = self._ranker.top(query, limit, allowed)
        if best is None:
            return [(hit.score, hit["key"]) for hit in searcher.search(query, limit=limit, filter=filters)]
        return [(score, searcher.stored_fields(doc)["key"]) for score, doc in best]

    def _record(self, key: str) -> Record:
        record_type, record_id = key.split(":", 1)
        return self.kb.record(record_type, record_id)

    @staticmethod
    def _bonus(record: Record, lang: str, phrase: list[str], parsed: ParsedQuery) -> float:
        """The factor a stage's score is multiplied by, for re-ranking its top hits.

        :data:`NAME_BONUS` when the query is the record's own name (``Malines``, ``LIAISE``);
        :data:`TITLE_PHRASE_BONUS` when the query's words (two or more) follow each other in
        its title; and the record type's weight (:data:`TYPE_WEIGHTS`).
        """
        factor = TYPE_WEIGHTS[record.record_type]
        names = ANALYZERS[None].terms(" ".join(_index.own_names(record)))
        query = ANALYZERS[None].terms(" ".join((*parsed.words, *(w for p in parsed.phrases for w in p))))
        if names and query and set(query) <= set(names):
            factor *= NAME_BONUS
        if len(phrase) >= 2:
            title = ANALYZERS[lang].terms(record.heading_in(lang))
            size = len(phrase)
            if any(title[i:i + size] == phrase for i in range(len(title) - size + 1)):
                factor *= TITLE_PHRASE_BONUS
        return factor

    def _stages(self, parsed: ParsedQuery, lang: str, other: str,
                found: dict[str, Any]) -> Iterator[tuple[str, _Stage, Query]]:
        """Each stage's name, terms and query, as long as the stages before found little."""
        reader = self.searcher.reader()
        stage = _Stage(parsed, _fields([lang]), reader)
        if stage.clauses:
            yield "exact", stage, And(stage.clauses)
        if not found:
            stage = _Stage(parsed, _fields([other]), reader)
            if stage.clauses:
                yield "other-language", stage, And(stage.clauses)
        if len(found) >= FEW:
            return
        stage = _Stage(parsed, _fields([lang, other]), reader, fuzzy=True, cache=self._corrections)
        if stage.corrected:
            yield "fuzzy", stage, And(stage.clauses)
        if len(found) < FEW and len(stage.clauses) > 1:
            yield "any-word", stage, Or(stage.clauses)




def _filter(type: str | None, facets: dict[str, str | None]) -> Query | None:
    """The filter of a record type and facet values, each checked (:class:`NotFoundError` with suggestions)."""
    terms: list[Query] = []
    if type is not None:
        if type not in RECORD_TYPES:
            raise NotFoundError("record type", type,
                                difflib.get_close_matches(type.lower().rstrip("s"), RECORD_TYPES, n=2, cutoff=0.5))
        terms.append(Term("type", type))
    for param, value in facets.items():
        if value is not None:
            chosen = registry.by_param(param)
            terms.append(Term(chosen.key, chosen.resolve(value)))
    return And(terms) if terms else None


def open_index(kb: KnowledgeBase, cache_dir: str | Path | None = None, *, procs: int | None = None,
               limitmb: int | None = None) -> SearchIndex:
    """Open ``kb``'s search index, reusing, updating or building its cached copy.

    The cache is ``cache_dir``, else ``<kb root>/.cache/search``; a knowledge base with no
    root folder, or whose cache cannot be written, is indexed in memory. ``procs`` and
    ``limitmb`` tune a full build (default: several processes from 2,000 records on).
    The index opened becomes the one :meth:`KnowledgeBase.search` uses.
    """
    directory = Path(cache_dir) if cache_dir is not None else (
        Path(kb.root) / ".cache" / "search" if kb.root is not None else None)
    index: Index | None = None
    report = Sync("built")
    if directory is not None:
        try:
            index, report = _index.sync(kb, directory, procs=procs, limitmb=limitmb)
        except OSError:
            index = None
    if index is None:
        index = _index.build_in_memory(kb, limitmb=limitmb)
        report = Sync("built", tuple(sorted(_index.key_of(r) for r in kb)))
    opened = SearchIndex(kb, index, report)
    kb.use_search_index(opened)
    return opened


def index_of(kb: KnowledgeBase) -> SearchIndex:
    """The index :func:`open_index` last opened for ``kb``, opening it first if needed (``kb.search_index``)."""
    return kb.search_index
