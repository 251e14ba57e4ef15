"""Time the search index: full build, re-index after one change, and query latency.

    .venv/bin/python scripts/bench_search.py [PATH] [--practices N] [--procs N]

With ``--practices N`` the bundled practices are cloned in memory (new ids, a distinct
word per clone) until there are N, to see how the index scales; the records themselves
are not written anywhere. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pracbase
from pracbase import _index, search
from pracbase.kb import KnowledgeBase
from pracbase.models import Practice

QUERIES: list[tuple[str, str]] = [
    ("malmo meres", "fr"), ("prison release", "en"), ("réinsertion probation", "fr"),
    ("radicalisaton", "fr"), ("mothers groups", "en"), ('"case meetings"', "en"), ("mechelen", "fr"),
    ("PREPARE", "en"), ("extrême droite jeunes", "fr"), ("online hate", "en"), ("polarisation", "fr"),
    ("schools teachers training", "en"), ("formation des enseignants", "fr"), ("far-right", "en"),
    ("communautés religieuses", "fr"), ("kenya county action plan", "en"), ("haine en ligne", "fr"),
    ("refugees integration", "en"), ("desengagement", "fr"), ("sport youth", "en"),
]
"""A mix of queries in both languages: exact, cross-language, typo, phrase and names."""


def scaled(kb: KnowledgeBase, practices: int) -> KnowledgeBase:
    """``kb`` with its practices cloned (new id, one distinct word each) up to ``practices``."""
    originals = list(kb.practices.values())
    records: list = [r for r in kb if not isinstance(r, Practice)]
    for n in range(practices):
        original = originals[n % len(originals)]
        if n < len(originals):
            records.append(original)
            continue
        marker = f"variant{n}"
        description = {lang: f"{text}\n\n{marker}" for lang, text in original.description.root.items()}
        records.append(original.model_copy(update={
            "id": f"{original.id}-{n}",
            "description": type(original.description)(description),
        }))
    return KnowledgeBase.from_records(records, root=kb.root)


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


class Timer:
    """Wall-clock and CPU time of a block: CPU time is what a busy machine does not distort."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, cpu() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s  (cpu {self.cpu:6.2f} s)"


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=".", type=Path)
    parser.add_argument("--practices", type=int, default=None, help="clone practices in memory up to N")
    parser.add_argument("--procs", type=int, default=None, help="indexing processes (default: automatic)")
    parser.add_argument("--rounds", type=int, default=5, help="times the query mix is run")
    args = parser.parse_args()

    with Timer() as timer:
        kb = pracbase.load(args.path)
        if args.practices:
            kb = scaled(kb, args.practices)
    print(f"load          {timer}  {len(kb.practices)} practices, {len(kb)} records")

    with tempfile.TemporaryDirectory() as cache:
        with Timer() as timer:
            _index.fingerprints(kb)
        print(f"fingerprints  {timer}")
        with Timer() as timer:
            index = search.open_index(kb, cache, procs=args.procs)
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        print(f"full build    {timer}  {index.sync.status}, procs {args.procs or _index.default_procs(len(kb))}, "
              f"peak memory of a process {peak / 1024:.0f} MB")
        index.close()

        with Timer() as timer:
            index = search.open_index(kb, cache)
        print(f"reuse         {timer}  {index.sync.status}")
        index.close()

        first = next(iter(kb.practices.values()))
        changed = first.model_copy(update={"summary": type(first.summary)(
            {lang: text + " Modifié." for lang, text in first.summary.root.items()})})
        kb = KnowledgeBase.from_records([changed if r is first else r for r in kb], root=kb.root)
        with Timer() as timer:
            index = search.open_index(kb, cache)
        print(f"one change    {timer}  {index.sync.status}, {len(index.sync.reindexed)} re-indexed")

        for query, lang in QUERIES:  # warm up
            index.search(query, lang)
        walls, cpus = [], []
        for _ in range(args.rounds):
            for query, lang in QUERIES:
                started, used = time.perf_counter(), time.process_time()
                index.search(query, lang)
                walls.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - used) * 1000)
        for name, values in (("query (warm)", walls), ("  cpu only", cpus)):
            print(f"{name:13} p50 {statistics.median(values):6.1f} ms   p95 {percentile(values, 95):6.1f} ms   "
                  f"max {max(values):6.1f} ms  ({len(values)} queries, {len(QUERIES)} distinct)")
        index.close()


if __name__ == "__main__":
    main()
