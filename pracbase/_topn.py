"""The top hits of a search query, scored as Whoosh scores them, without walking every match.

Whoosh's collector moves a tree of matcher objects one document at a time and scores each
match through method calls and a column lookup (about 10 µs per document per term). Its
block-quality shortcut (skip a block of 128 postings whose best possible score cannot enter
the top N) skips nothing on pracbase's documents: every block holds a title match, whose
boost makes the block's bound high. At 10,000 practices a common word matches half the
documents, so a two-word query walks 6,000 documents and a phrase of common words 18,000.

This evaluates the queries :mod:`pracbase.search` builds (``Term``, ``And``, ``Or`` and
``Phrase`` of terms of one field) over the same postings and with the same BM25F formula,
idf and field lengths, so the hits and scores are Whoosh's:

- each term's postings are read a block at a time (ids and weights as arrays; the position
  bytes only for a phrase's terms) and scored in one comprehension;
- ``And`` and ``Or`` add the scores of their parts in dictionaries, as Whoosh's
  intersection and union matchers add them;
- a phrase is first bounded by the score of its words together (Whoosh scores a phrase
  match by its words' scores); documents are then taken in the order of their bound and
  their positions checked only until no bound left can enter the top N.

:func:`top` answers ``None`` for a query it does not know (a prefix, say): the caller then
asks Whoosh. ``tests/test_search.py`` compares both on the generated and bundled records.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Or, Phrase, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]


@dataclass(frozen=True)
class _Postings:
    """One term's postings over the whole index (global document numbers): its BM25F score
    per document, and the encoded positions per document when a phrase needs them."""

    scores: Scores
    values: dict[int, bytes] = field(default_factory=dict)


class _Node:
    """A compiled query: bounds of its score per document, and the exact score of one document."""

    has_phrase = False

    def bounds(self) -> Scores:
        raise NotImplementedError

    def exact(self, doc: int) -> float | None:
        raise NotImplementedError


class _Term(_Node):
    def __init__(self, postings: _Postings) -> None:
        self.scores = postings.scores

    def bounds(self) -> Scores:
        return self.scores

    def exact(self, doc: int) -> float | None:
        return self.scores.get(doc)


class _And(_Node):
    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts
        self.has_phrase = any(p.has_phrase for p in parts)

    def bounds(self) -> Scores:
        maps = [p.bounds() for p in self.parts]
        smallest = min(maps, key=len)
        common = set(smallest).intersection(*(m for m in maps if m is not smallest))
        out: Scores = dict.fromkeys(common, 0.0)
        for m in maps:  # in the order of the parts, as Whoosh adds them
            for doc in common:
                out[doc] += m[doc]
        return out

    def exact(self, doc: int) -> float | None:
        total = 0.0
        for part in self.parts:
            score = part.exact(doc)
            if score is None:
                return None
            total += score
        return total


class _Or(_Node):
    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts
        self.has_phrase = any(p.has_phrase for p in parts)

    def bounds(self) -> Scores:
        out: Scores = {}
        for part in self.parts:
            for doc, score in part.bounds().items():
                out[doc] = out.get(doc, 0.0) + score
        return out

    def exact(self, doc: int) -> float | None:
        scores = [s for s in (p.exact(doc) for p in self.parts) if s is not None]
        return sum(scores[1:], scores[0]) if scores else None


class _Phrase(_Node):
    """Words next to each other, in order (Whoosh's ``Phrase`` with ``slop=1``)."""

    has_phrase = True

    def __init__(self, words: list[_Postings], boost: float, decode: Any) -> None:
        self.words = words
        self.boost = boost
        self.decode = decode
        self._bounds: Scores | None = None

    def bounds(self) -> Scores:
        if self._bounds is None:
            together = _And([_Term(w) for w in self.words]).bounds()
            self._bounds = {doc: score * self.boost for doc, score in together.items()} \
                if self.boost != 1.0 else together
        return self._bounds

    def exact(self, doc: int) -> float | None:
        bound = self.bounds().get(doc)
        if bound is None:
            return None
        starts = set(self.decode(self.words[0].values[doc]))
        for offset, word in enumerate(self.words[1:], 1):
            starts.intersection_update(p - offset for p in self.decode(word.values[doc]))
            if not starts:
                return None
        return bound


class TopN:
    """Top hits over one open Whoosh searcher (:meth:`top`); field lengths read once per field."""

    def __init__(self, searcher: Searcher, weighting: BM25F) -> None:
        self.searcher = searcher
        self.weighting = weighting
        self._norm_cache: dict[tuple[int, str], list[float]] = {}

    def top(self, query: Query, limit: int, allowed: set[int] | None = None) -> list[tuple[float, int]] | None:
        """The ``limit`` best (score, document number) of ``query``, best first and, at equal
        scores, in document order (as Whoosh gives them); only documents in ``allowed`` when
        given. ``None`` when the query holds a kind of query this does not evaluate."""
        node = self._compile(query)
        if node is None:
            return None
        bounds = node.bounds()
        if allowed is not None:
            bounds = {doc: score for doc, score in bounds.items() if doc in allowed}
        # document numbers in order, then best first: a stable sort keeps equal scores in
        # document order (no tuple per document: fewer objects for the garbage collector)
        docs = sorted(bounds)
        if not node.has_phrase:
            return [(bounds[doc], doc) for doc in heapq.nlargest(limit, docs, key=bounds.__getitem__)]
        docs.sort(key=bounds.__getitem__, reverse=True)
        heap: list[tuple[float, int]] = []
        for doc in docs:
            bound = bounds[doc]
            if len(heap) >= limit and bound <= heap[0][0]:
                break  # no document left can enter the top: its best score is not above the last
            score = node.exact(doc)
            if score is None:
                continue
            if len(heap) < limit:
                heapq.heappush(heap, (score, -doc))
            elif (score, -doc) > heap[0]:
                heapq.heapreplace(heap, (score, -doc))
        return [(score, -negative) for score, negative in sorted(heap, reverse=True)]

    # --- compiling ---------------------------------------------------------------------

    def _compile(self, query: Query) -> _Node | None:
        if isinstance(query, Term):
            return _Boosted.of(_Term(self._postings(query.fieldname, query.text)), query.boost)
        if isinstance(query, (And, Or)) and type(query) in (And, Or):
            parts = [self._compile(q) for q in query.subqueries]
            if any(p is None for p in parts) or not parts or query.boost != 1.0:
                return None
            known = [p for p in parts if p is not None]
            return known[0] if len(known) == 1 else (_And(known) if isinstance(query, And) else _Or(known))
        if type(query) is Phrase and query.slop == 1 and len(query.words) > 1:
            fmt = self.searcher.schema[query.fieldname].format
            words = [self._postings(query.fieldname, w, positions=True) for w in query.words]
            return _Phrase(words, query.boost, fmt.decode_positions)
        return None

    # --- reading -----------------------------------------------------------------------

    def _postings(self, fieldname: str, text: str, positions: bool = False) -> _Postings:
        """Every posting of a term, scored by BM25F exactly as Whoosh's scorer does."""
        top = self.searcher
        scores: Scores = {}
        values: dict[int, bytes] = {}
        if fieldname not in top.schema:
            return _Postings(scores, values)
        c1 = self.weighting.K1 + 1
        idf = top.idf(fieldname, text)
        for number, (leaf, offset) in enumerate(top.leaf_searchers()):
            reader = leaf.reader()
            if (fieldname, text) not in reader:
                continue
            norms = self._norms(number, leaf, fieldname)
            for ids, weights, vals in _blocks(reader.postings(fieldname, text), positions):
                # Whoosh's bm25(idf, tf, fl, avgfl, B, K1), the same operations in the same order
                block = [idf * ((tf * c1) / (tf + norms[doc])) for doc, tf in zip(ids, weights, strict=True)]
                if offset:
                    ids = [doc + offset for doc in ids]
                scores.update(zip(ids, block, strict=True))
                if vals is not None:
                    values.update(zip(ids, vals, strict=True))
        return _Postings(scores, values)

    def _norms(self, number: int, leaf: Searcher, fieldname: str) -> list[float]:
        """``K1 * ((1 - B) + B * fl / avgfl)`` of each document of a segment: the part of
        BM25F's denominator that depends on the document's length ``fl`` in ``fieldname``."""
        key = (number, fieldname)
        norms = self._norm_cache.get(key)
        if norms is None:
            B = self.weighting._field_B.get(fieldname, self.weighting.B)
            K1 = self.weighting.K1
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            norms = [K1 * ((1 - B) + B * fl / avgfl) for fl in self._field_lengths(leaf, fieldname)]
            self._norm_cache[key] = norms
        return norms

    @staticmethod
    def _field_lengths(leaf: Searcher, fieldname: str) -> list[int]:
        """Each document's length in ``fieldname`` as Whoosh's scorer sees it (1 when unknown)."""
        reader = leaf.reader()
        perdoc = getattr(reader, "_perdoc", None)
        if perdoc is not None and perdoc.has_column(_lenfield(fieldname)):
            column = perdoc.column_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            return [byte_to_length(b) if b else 1 for b in column]
        return [reader.doc_field_length(doc, fieldname, 1) for doc in range(reader.doc_count_all())]


class _Boosted(_Node):
    """A part whose score Whoosh multiplies by a query boost."""

    def __init__(self, part: _Node, boost: float) -> None:
        self.part = part
        self.boost = boost
        self.has_phrase = part.has_phrase

    @classmethod
    def of(cls, part: _Node, boost: float) -> _Node:
        return part if boost == 1.0 else cls(part, boost)

    def bounds(self) -> Scores:
        return {doc: score * self.boost for doc, score in self.part.bounds().items()}

    def exact(self, doc: int) -> float | None:
        score = self.part.exact(doc)
        return None if score is None else score * self.boost


def _blocks(matcher: Any, positions: bool) -> Iterator[tuple[Any, Any, Any]]:
    """The postings of a leaf matcher a block at a time: ids, weights and (with ``positions``)
    the encoded values, deleted documents left out."""
    deleted: frozenset[int] = frozenset()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        deleted, matcher = frozenset(matcher._ids), matcher.child
    if not isinstance(matcher, W3LeafMatcher):  # another codec: one posting at a time
        while matcher.is_active():
            if matcher.id() not in deleted:
                yield ([matcher.id()], [matcher.weight()], [matcher.value()] if positions else None)
            matcher.next()
        return
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        ids = matcher._data[0] if matcher._byteids else list(accumulate(matcher._data[0]))
        matcher._read_weights()
        weights = matcher._weights
        vals = None
        if positions:
            matcher._read_values()
            vals = matcher._values
        if deleted:
            keep = [i for i, doc in enumerate(ids) if doc not in deleted]
            ids, weights = [ids[i] for i in keep], [weights[i] for i in keep]
            vals = None if vals is None else [vals[i] for i in keep]
        yield ids, weights, vals
        matcher._next_block()
