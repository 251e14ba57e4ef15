"""Search on a generated knowledge base: the top-N evaluator gives Whoosh's hits, and
re-indexing one changed or removed record keeps a several-segment index right.

The generated tree (scripts/generate.py, 300 practices) reuses a small vocabulary, as the
benchmark's 10,000 do: common words match most documents and many scores tie, which is
where a top-N shortcut could go wrong. The index is written by two processes (two
segments), then updated, so that it also has deleted documents.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

import pracbase
from pracbase import _topn, search
from pracbase.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent


def _generate(practices: int, out: Path) -> None:
    spec = importlib.util.spec_from_file_location("scripts_generate", ROOT / "scripts" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.get("scripts_generate") or importlib.util.module_from_spec(spec)
    if "scripts_generate" not in sys.modules:
        sys.modules["scripts_generate"] = module  # before running it: its dataclasses look their module up
        spec.loader.exec_module(module)
    module.generate(practices, out)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "kb"
    _generate(300, folder)
    return folder


@pytest.fixture(scope="module")
def updated(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The generated tree indexed by two processes, then one practice changed and one removed."""
    cache = tmp_path_factory.mktemp("generated-cache")
    first = search.open_index(pracbase.load(generated), cache, procs=2)
    assert first.sync.status == "built"
    first.close()
    kb = pracbase.load(generated)
    practice = kb.practices[sorted(kb.practices)[0]]
    gone = kb.practices[sorted(kb.practices)[1]]
    changed = practice.model_copy(update={"summary": type(practice.summary)(
        {lang: text + " Zanzibarique." for lang, text in practice.summary.root.items()})})
    records = [changed if r is practice else r for r in kb if r is not gone]
    opened = search.open_index(pracbase.KnowledgeBase.from_records(records, root=kb.root), cache)
    assert opened.sync.status == "updated"
    assert opened.sync.reindexed == (f"practice:{practice.id}",)
    assert opened.sync.removed == (f"practice:{gone.id}",)
    return opened


QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("prison", "en", {}), ("online hate", "en", {}), ("haine en ligne", "fr", {}), ("mères", "fr", {}),
    ("extrême droite", "fr", {}), ("schools debates", "en", {}), ("réfugiés", "fr", {}),
    ('"case meetings"', "en", {}), ('"conseil local de prévention"', "fr", {}), ('"sortie de prison"', "fr", {}),
    ('"local safety audit"', "en", {}), ("radicalsation", "en", {}), ("médiaton", "fr", {}),
    ("prison", "en", {"level": "tertiary"}), ("police", "en", {"type": "city"}),
    ("dialogue", "fr", {"theme": "interfaith"}), ("training", "en", {"type": "practice", "level": "primary"}),
]


def _stage_queries(index: SearchIndex) -> list[tuple[str, Any, Any]]:
    """Every stage's Whoosh query of :data:`QUERIES`, with its filter."""
    out = []
    for text, lang, filters in QUERIES:
        other = "en" if lang == "fr" else "fr"
        facets = {k: v for k, v in filters.items() if k != "type"}
        filter_ = search._filter(filters.get("type"), facets)
        for name, _, query in index._stages(search.ParsedQuery.parse(text), lang, other, {}):
            out.append((f"{text}/{lang}/{name}", query, filter_))
    return out


def test_top_n_gives_whooshs_hits_and_scores(updated: SearchIndex) -> None:
    searcher = updated.searcher
    ranker = _topn.TopN(searcher, search.WEIGHTING)
    cases = _stage_queries(updated)
    assert len(cases) >= 25
    phrases = 0
    for label, query, filter_ in cases:
        allowed = None if filter_ is None else set(searcher.docs_for_query(filter_))
        # every match, as Whoosh scores and orders them (best first, then in document order);
        # not Whoosh's own top N: its block-quality shortcut can miss hits of an Or (its top 10
        # of `extrême droite`'s any-word stage once dropped the 5th best document here; which
        # blocks it skips depends on how the two writing processes split the documents)
        every = [(hit.score, hit.docnum) for hit in searcher.search(query, limit=None, filter=filter_)]
        for limit in (1, 10, 30, 500):
            mine = ranker.top(query, limit, allowed)
            assert mine is not None, label
            theirs = every[:limit]
            assert [doc for _, doc in mine] == [doc for _, doc in theirs], (label, limit)
            assert [score for score, _ in mine] == pytest.approx([score for score, _ in theirs], rel=1e-12), label
        phrases += "Phrase" in repr(query)
    assert phrases >= 4


def test_a_phrase_checks_positions_not_only_words(updated: SearchIndex) -> None:
    """Words that are all there but not in a row: a phrase of them finds fewer documents."""
    searcher = updated.searcher
    ranker = _topn.TopN(searcher, search.WEIGHTING)
    from whoosh.query import And, Phrase, Term
    terms = ["prison", "local"]
    together = ranker.top(And([Term("text_en", t) for t in terms]), 10_000)
    in_a_row = ranker.top(Phrase("text_en", terms), 10_000)
    assert together is not None and in_a_row is not None
    expected = [(h.score, h.docnum) for h in searcher.search(Phrase("text_en", terms), limit=None)]
    assert len(in_a_row) == len(expected) < len(together)


def test_a_query_it_does_not_know_is_left_to_whoosh(updated: SearchIndex) -> None:
    from whoosh.query import Prefix
    assert _topn.TopN(updated.searcher, search.WEIGHTING).top(Prefix("text_en", "pris"), 10) is None
    assert updated.search("pris*", "en")  # the search still answers, through Whoosh's collector


def test_changed_record_is_found_by_its_new_text_only(updated: SearchIndex, generated: Path) -> None:
    kb = pracbase.load(generated)
    practice = kb.practices[sorted(kb.practices)[0]]
    key = f"practice:{practice.id}"
    assert [f"{h.type}:{h.id}" for h in updated.search("zanzibarique", "en")] == [key]
    # one copy of it in the index: the update deleted the old document
    assert updated.searcher.doc_count() == len(kb) - 1
    assert len(list(updated.searcher.documents(key=key))) == 1


def test_removed_record_is_gone(updated: SearchIndex, generated: Path) -> None:
    kb = pracbase.load(generated)
    gone = kb.practices[sorted(kb.practices)[1]]
    title = gone.title.get("en").text
    keys = [f"{h.type}:{h.id}" for h in updated.search(title, "en", limit=50)]
    assert f"practice:{gone.id}" not in keys
    assert list(updated.searcher.documents(key=f"practice:{gone.id}")) == []


def test_the_index_has_two_segments_and_deletions(updated: SearchIndex) -> None:
    """What the tests above rely on: several segments, and deleted documents in one."""
    reader = updated.searcher.reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    assert len(leaves) >= 2
    assert reader.doc_count_all() > reader.doc_count()
