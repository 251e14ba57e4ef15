"""Benchmarks of pracbase at scale, each figure next to the plain tool it is measured against.

    python scripts/bench.py [--practices N] [--runs K] [--json] [--only GROUPS] [--site-sizes 100,1000]

Builds (once, then reuses) a generated knowledge base of N practices under
``.cache/bench/`` (see scripts/generate.py) and prints medians over K runs:

- load: cold load + validate (no cache) in records/s and peak memory, in a fresh process
  each run; the same with a process per core; warm load (records cache); the floor is
  plain ``yaml.load(CSafeLoader)`` + ``Model.model_validate`` of the same files;
- validate: ``pracbase validate`` on the bundled records, process start included;
- search: the library's search (Whoosh) at the bundled 91 practices, 1,000 and 10,000
  (``--whoosh-sizes``): full index build (median of ``--search-builds``), re-indexing after
  one changed record (median of 3), query p50/p95/max over a fixed mix of 50 queries, per
  language and together, against issue 13's targets and the figures before it, and SQLite
  FTS5 (standard library) on the same texts at ``--practices``;
- peers: peer cities of one city, and a visit plan;
- site: page generation (pracbase's code) and the full MkDocs build per language at 100
  and 1,000 practices, against a plain Material build of as many pages of the same sizes;
- sitesearch: the site's search (Pagefind) per language at the bundled 91 practices, 1,000
  and 10,000: bytes fetched for a first and a second query in Chromium (gzip as a server
  sends them, scripts/search_bytes.py) against the budgets and plain Pagefind's figures on
  comparable pages, and Pagefind's index build time against the language's MkDocs build;
- engines: the French site built by each site engine (MkDocs + Material, Zensical) at the
  bundled 91 practices and 1,000: wall and CPU time, pages and size (docs/site-engines.md).

Every figure is printed with the load average when it was taken, marked ``LOADED`` above
:data:`IDLE_LOAD` (other people's work on a shared machine inflates wall times).

Figures are printed, never asserted; ``--json`` prints them as one JSON object of named
figures (and the targets of issue 7, each with whether it holds). A group whose module is
not there yet says so and is skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TREES = ROOT / ".cache" / "bench"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402  (scripts/generate.py)

Figures = dict[str, Any]

# --- helpers ---------------------------------------------------------------------------


def say(text: str = "") -> None:
    """Progress and results for people (on stderr with --json, so stdout stays JSON)."""
    print(text, file=sys.stderr if OPTIONS.json else sys.stdout, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


BUNDLED = 91
"""The size that stands for the bundled records rather than a generated tree."""

IDLE_LOAD = 1.5
"""A figure taken at a higher one-minute load average is marked as such."""


def load_note() -> str:
    """The load average now, marked when the machine is busy: ``(load 0.4)``, ``(load 4.2, LOADED)``."""
    load = os.getloadavg()[0]
    return f"(load {load:.1f}{', LOADED' if load > IDLE_LOAD else ''})"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(a / b, 3)


def tree(practices: int) -> Path:
    """The generated tree of ``practices`` practices, built once into ``.cache/bench/``."""
    path = TREES / f"gen-{practices}-seed0-v{generate.FORMAT_VERSION}"
    if not (path / ".complete").is_file():
        say(f"generating {practices} practices into {path.relative_to(ROOT)} …")
        staging = TREES / f".{path.name}.{os.getpid()}"
        generate.generate(practices, staging)
        (staging / ".complete").write_text("ok\n", encoding="utf-8")
        shutil.rmtree(path, ignore_errors=True)
        staging.rename(path)
    return path


def children_cpu() -> float:
    """CPU seconds (user + system) used by the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cpu_now() -> float:
    """CPU seconds used by this process and its finished children: what a busy machine does not inflate."""
    return time.process_time() + children_cpu()


@contextlib.contextmanager
def timed() -> Iterator[list[float]]:
    """``with timed() as t:`` … then ``t[0]`` is the wall time and ``t[1]`` the CPU time, in seconds."""
    holder: list[float] = []
    start, cpu = time.perf_counter(), cpu_now()
    yield holder
    holder += [time.perf_counter() - start, cpu_now() - cpu]


def child(kind: str, path: Path) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter (``--child``), return what it printed."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    if out.returncode:
        raise SystemExit(f"child {kind} failed:\n{out.stderr}")
    return json.loads(out.stdout.splitlines()[-1])


def run_child(kind: str, path: Path) -> None:
    """The measurement itself, in the child: time (wall, CPU) and peak memory of one load."""
    import pracbase
    from pracbase.models import FILE_TYPES

    def floor() -> int:
        import yaml

        records = []  # kept, as any loader keeps them
        for model in FILE_TYPES:
            for file in sorted((path / model.folder).glob("*.yml")):
                records.append(model.model_validate(yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)))
        return len(records)

    actions: dict[str, Callable[[], int]] = {
        "floor": floor,
        "cold": lambda: len(pracbase.load(path)),
        "cold-parallel": lambda: len(pracbase.load(path, workers=None)),
        "warm": lambda: len(pracbase.load(path, cache=True)),
    }
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    records = actions[kind]()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": records, "wall": wall, "cpu": cpu, "peak_mb": peak / 1024,
                      "grown_mb": (peak - before) / 1024}))


# --- figure groups ---------------------------------------------------------------------


def bench_load(path: Path, runs: int) -> Figures:
    """Cold, parallel and warm loads against the CSafeLoader + pydantic floor, fresh process each run."""
    from pracbase import cache

    results: dict[str, list[dict[str, Any]]] = {k: [] for k in ("floor", "cold", "cold-parallel", "warm")}
    for run in range(runs):  # interleaved, so a busy moment hits every kind alike
        for kind in ("floor", "cold", "cold-parallel"):
            results[kind].append(child(kind, path))
        if run == 0:
            cache.clear(path)
            first = child("warm", path)  # cold, and writes the cache
        results["warm"].append(child("warm", path))
    figures: Figures = {"load_records": results["cold"][0]["records"]}
    for kind, rows in results.items():
        key = kind.replace("-", "_")
        figures[f"{key}_records_per_s"] = round(median([r["records"] / r["wall"] for r in rows]))
        figures[f"{key}_cpu_records_per_s"] = round(median([r["records"] / r["cpu"] for r in rows]))
        figures[f"{key}_s"] = round(median([r["wall"] for r in rows]), 3)
        figures[f"{key}_peak_mb"] = round(median([r["peak_mb"] for r in rows]), 1)
    figures["cache_write_s"] = round(first["wall"], 3)
    figures["cache_mb"] = round(cache.path_of(path).stat().st_size / 1e6, 1)
    figures["cold_vs_floor"] = ratio(figures["cold_records_per_s"], figures["floor_records_per_s"])
    figures["cold_cpu_vs_floor"] = ratio(figures["cold_cpu_records_per_s"], figures["floor_cpu_records_per_s"])
    figures["cold_parallel_vs_floor"] = ratio(figures["cold_parallel_records_per_s"], figures["floor_records_per_s"])
    figures["warm_vs_cold"] = ratio(figures["warm_records_per_s"], figures["cold_records_per_s"])
    say(f"load ({figures['load_records']} records, median of {runs} fresh processes; wall, and CPU in brackets)")
    for kind, label in (("floor", "floor: CSafeLoader + pydantic"), ("cold", "cold load + validate"),
                        ("cold_parallel", "cold, one process per core"), ("warm", "warm (records cache)")):
        say(f"  {label:32s} {figures[f'{kind}_records_per_s']:7,d} rec/s ({figures[f'{kind}_cpu_records_per_s']:,} cpu)"
            f"  {figures[f'{kind}_s']:7.2f} s  peak {figures[f'{kind}_peak_mb']:6.0f} MB")
    say(f"  cold / floor {figures['cold_vs_floor']} (CPU {figures['cold_cpu_vs_floor']}), parallel / floor "
        f"{figures['cold_parallel_vs_floor']}, warm / cold {figures['warm_vs_cold']}; "
        f"cache {figures['cache_mb']} MB written in {figures['cache_write_s']} s")
    return figures


def bench_validate(runs: int = 5) -> Figures:
    """``pracbase validate`` on the bundled records, as a contributor runs it (process start included)."""
    command = [str(Path(sys.executable).parent / "pracbase"), "validate", str(ROOT)]
    times: dict[str, list[float]] = {"no_cache": [], "cached": []}
    cpu: dict[str, list[float]] = {"no_cache": [], "cached": []}
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)  # the cache, as after a first run
    for _ in range(runs):
        for key, env in (("no_cache", {"PRACBASE_NO_CACHE": "1"}), ("cached", {"PRACBASE_NO_CACHE": "0"})):
            before = children_cpu()
            with timed() as t:
                subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env={**os.environ, **env})
            times[key].append(t[0])
            cpu[key].append(children_cpu() - before)
    start = [sys.executable, "-c", "pass"]
    python = []
    for _ in range(runs):
        with timed() as t:
            subprocess.run(start, check=True)
        python.append(t[0])
    figures = {"validate_bundled_s": round(median(times["cached"]), 3),
               "validate_bundled_cpu_s": round(median(cpu["cached"]), 3),
               "validate_bundled_no_cache_s": round(median(times["no_cache"]), 3),
               "validate_bundled_no_cache_cpu_s": round(median(cpu["no_cache"]), 3),
               "python_start_s": round(median(python), 3)}
    say(f"pracbase validate on the bundled records (median of {runs}, process start included; CPU in brackets)")
    say(f"  {figures['validate_bundled_s']:.2f} s ({figures['validate_bundled_cpu_s']:.2f}) with its cache, "
        f"{figures['validate_bundled_no_cache_s']:.2f} s ({figures['validate_bundled_no_cache_cpu_s']:.2f}) "
        f"without (a bare Python start: {figures['python_start_s']:.2f} s)")
    return figures


def queries(kb: Any) -> list[tuple[str, str, dict[str, str]]]:
    """The fixed mix of 50 queries: words, phrases, typos, names and facet filters, in both languages."""
    cities = sorted(kb.cities)
    rng = random.Random(7)
    names = [kb.cities[c].names for c in rng.sample(cities, min(5, len(cities)))]
    mix: list[tuple[str, str, dict[str, str]]] = [
        ("football", "en", {}), ("mothers", "en", {}), ("prison", "en", {}), ("radicalisation", "en", {}),
        ("mediation", "en", {}), ("interfaith platform", "en", {}), ("online hate", "en", {}),
        ("employment internships", "en", {}), ("refugees", "en", {}), ("schools debates", "en", {}),
        ("mères", "fr", {}), ("détenus", "fr", {}), ("radicalisation", "fr", {}), ("haine en ligne", "fr", {}),
        ("médiateurs de rue", "fr", {}), ("réfugiés", "fr", {}), ("bibliothèques complot", "fr", {}),
        ("psychologue", "fr", {}), ("urbanistes", "fr", {}), ("extrême droite", "fr", {}),
        ('"case meetings"', "en", {}), ('"restorative justice"', "en", {}), ('"street mediators"', "en", {}),
        ('"local safety audit"', "en", {}), ('"exchange visits"', "en", {}),
        ('"groupes de parole"', "fr", {}), ('"justice restaurative"', "fr", {}), ('"cafés citoyens"', "fr", {}),
        ('"conseil local de prévention"', "fr", {}), ('"sortie de prison"', "fr", {}),
        ("radicalsation", "en", {}), ("footbal", "en", {}), ("medaition", "en", {}), ("mothrs", "en", {}),
        ("refugess", "en", {}), ("réinsersion", "fr", {}), ("médiaton", "fr", {}),
        ("prison", "en", {"level": "tertiary"}), ("youth", "en", {"theme": "youth"}),
        ("mothers", "en", {"country": "FR"}), ("training", "en", {"type": "practice", "level": "primary"}),
        ("prévention", "fr", {"region": "155"}), ("dialogue", "fr", {"theme": "interfaith"}),
        ("police", "en", {"type": "city"}), ("école", "fr", {"country": "BE", "level": "primary"}),
    ]
    for localized in names:
        mix.append((localized.get("en").text, "en", {}))
    return mix[:50]


def fts_anchor(kb: Any, mix: list[tuple[str, str, dict[str, str]]], rounds: int) -> Figures:
    """SQLite FTS5 on the same texts and facets: build time, size, and the same query mix."""
    from pracbase.models import City, Practice

    folder = Path(tempfile.mkdtemp(prefix="fts-"))
    try:
        db_path = folder / "fts.sqlite"
        with timed() as build:
            db = sqlite3.connect(db_path)
            db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, lang UNINDEXED, type UNINDEXED, "
                       "levels UNINDEXED, themes UNINDEXED, countries UNINDEXED, regions UNINDEXED, "
                       "title, body, tokenize='unicode61 remove_diacritics 2')")
            rows = []
            for record in kb:
                if isinstance(record, Practice):
                    cities = [kb.cities[c] for c in record.cities]
                    levels, themes = " ".join(record.levels), " ".join(record.themes)
                elif isinstance(record, City):
                    cities, levels, themes = [record], "", ""
                else:
                    cities, levels, themes = [], " ".join(getattr(record, "levels", [])), \
                        " ".join(getattr(record, "themes", []))
                countries = " ".join(sorted({c.country for c in cities} | {getattr(record, "country", "")}))
                regions = " ".join(sorted({c.region for c in cities}))
                for lang in ("fr", "en"):
                    body = " ".join(getattr(record, f).get(lang).text for f in ("summary", "description")
                                    if getattr(record, f, None) is not None)
                    rows.append((record.id, lang, record.record_type, levels, themes, countries, regions,
                                 record.heading_in(lang), body))
            db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.commit()
        size = db_path.stat().st_size

        def run(query: str, lang: str, filters: dict[str, str]) -> list[Any]:
            words = re.findall(r'"[^"]+"|\S+', query)
            match = " ".join(w if w.startswith('"') else '"' + w.replace('"', "") + '"' for w in words)
            sql = "SELECT key FROM docs WHERE docs MATCH ? AND lang = ?"
            args: list[str] = [match, lang]
            columns = {"type": "type", "level": "levels", "theme": "themes", "country": "countries",
                       "region": "regions"}
            for name, value in filters.items():
                sql += f" AND instr(' ' || {columns[name]} || ' ', ?) > 0"
                args.append(f" {value} " if name != "type" else value)
            return db.execute(sql + " ORDER BY rank LIMIT 10", args).fetchall()

        for query in mix:
            run(*query)
        times, cpu = [], []
        for _ in range(rounds):
            for query in mix:
                with timed() as t:
                    run(*query)
                times.append(t[0] * 1000)
                cpu.append(t[1] * 1000)
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"fts5_build_s": round(build[0], 2), "fts5_build_cpu_s": round(build[1], 2),
            "fts5_size_mb": round(size / 1e6, 1),
            "fts5_query_p50_ms": round(median(times), 2), "fts5_query_p95_ms": round(percentile(times, 95), 2),
            "fts5_query_cpu_p50_ms": round(median(cpu), 2), "fts5_query_cpu_p95_ms": round(percentile(cpu, 95), 2)}


WHOOSH_ANCHORS = {10_000: {"build_s": 10.0, "p50_ms": 17.0, "p95_ms": 42.0, "max_ms": 62.0}}
"""Whoosh at 10,000 practices on an idle machine before issue 13's work, as the issue gives them."""

WHOOSH_TARGETS = {"build_s": 30.0, "reindex_s": 0.5, "p95_ms": 50.0, "max_ms": 100.0}
"""Issue 13's targets for the library's search at 10,000 practices (2 cores, idle)."""


def _changed(kb: Any, n: int) -> Any:
    """``kb`` with the summary of its ``n``-th practice changed (a new word in both languages)."""
    from pracbase.kb import KnowledgeBase

    practice = sorted(kb.practices.values(), key=lambda p: p.id)[n]
    changed = practice.model_copy(update={"summary": type(practice.summary)(
        {lang: f"{text} Modifié{n}." for lang, text in practice.summary.root.items()})})
    return KnowledgeBase.from_records([changed if r is practice else r for r in kb], root=kb.root)


def bench_search(path: Path, rounds: int, builds: int = 3, prefix: str = "search", anchor: bool = True) -> Figures:
    """Whoosh: full build (median of ``builds``), re-index after one changed record (median of
    three changes), and query latency over the fixed mix, per language and together, against
    issue 13's targets and anchors, and SQLite FTS5 on the same texts (``anchor``)."""
    try:
        from pracbase import search
    except ImportError:
        say("search: pracbase.search is not available yet (branch search): skipped")
        return {}
    import pracbase

    kb = pracbase.load(path, cache=True)
    mix = queries(kb)
    size = len(kb.practices)
    folder = Path(tempfile.mkdtemp(prefix="search-"))
    notes: dict[str, str] = {}
    try:
        build_walls, build_cpus = [], []
        for run in range(builds):
            cache = folder / f"build-{run}"
            with timed() as build:
                index = search.open_index(kb, cache)
            index.close()
            build_walls.append(build[0])
            build_cpus.append(build[1])
        notes["build"] = load_note()
        size_bytes = folder_bytes(folder / "build-0")
        for run in range(1, builds):
            shutil.rmtree(folder / f"build-{run}", ignore_errors=True)
        cache = folder / "build-0"
        update_walls, update_cpus = [], []
        for n in range(3):
            changed = _changed(kb, n)
            with timed() as update:
                index = search.open_index(changed, cache)
            assert index.sync.status == "updated", index.sync
            index.close()
            update_walls.append(update[0])
            update_cpus.append(update[1])
        notes["reindex"] = load_note()
        index = search.open_index(kb, cache)
        hits_per_query = []
        for query, lang, filters in mix:  # warm up (open the searcher), and count hits
            hits_per_query.append(len(index.search(query, lang, **filters)))
        times: dict[str, list[float]] = {"fr": [], "en": []}
        cpu: dict[str, list[float]] = {"fr": [], "en": []}
        # the builds above left garbage whose full collection (0.5-1.5 s at 10,000, scanning
        # every record) would land in whichever query comes next: collect it first, as a
        # long-running process has by the time it answers, and count the full collections
        # that still happen during the queries
        gc.collect()
        full_collections = gc.get_stats()[2]["collections"]
        for _ in range(rounds):
            for query, lang, filters in mix:
                with timed() as t:
                    index.search(query, lang, **filters)
                times[lang].append(t[0] * 1000)
                cpu[lang].append(t[1] * 1000)
        notes["query"] = load_note()
        full_collections = gc.get_stats()[2]["collections"] - full_collections
        index.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    every = times["fr"] + times["en"]
    every_cpu = cpu["fr"] + cpu["en"]
    ordered = [q for q in mix if q[1] == "fr"] + [q for q in mix if q[1] == "en"]
    figures: Figures = {f"{prefix}_practices": size, f"{prefix}_records": len(kb),
                        f"{prefix}_build_s": round(median(build_walls), 2),
                        f"{prefix}_build_cpu_s": round(median(build_cpus), 2), f"{prefix}_builds": builds,
                        f"{prefix}_index_mb": round(size_bytes / 1e6, 1),
                        f"{prefix}_reindex_one_s": round(median(update_walls), 3),
                        f"{prefix}_reindex_one_cpu_s": round(median(update_cpus), 3),
                        f"{prefix}_queries": len(mix),
                        f"{prefix}_queries_with_hits": sum(1 for n in hits_per_query if n),
                        f"{prefix}_query_p50_ms": round(median(every), 2),
                        f"{prefix}_query_p95_ms": round(percentile(every, 95), 2),
                        f"{prefix}_query_max_ms": round(max(every), 2),
                        f"{prefix}_query_cpu_p50_ms": round(median(every_cpu), 2),
                        f"{prefix}_query_cpu_p95_ms": round(percentile(every_cpu, 95), 2),
                        f"{prefix}_query_cpu_max_ms": round(max(every_cpu), 2),
                        f"{prefix}_slowest_query": slowest_of(ordered, rounds, times),
                        f"{prefix}_full_gc_during_queries": full_collections,
                        f"{prefix}_load": {k: v for k, v in notes.items()}}
    for lang in ("fr", "en"):
        figures.update({f"{prefix}_{lang}_query_p50_ms": round(median(times[lang]), 2),
                        f"{prefix}_{lang}_query_p95_ms": round(percentile(times[lang], 95), 2),
                        f"{prefix}_{lang}_query_max_ms": round(max(times[lang]), 2),
                        f"{prefix}_{lang}_query_cpu_p95_ms": round(percentile(cpu[lang], 95), 2)})
    was = WHOOSH_ANCHORS.get(size, {})
    target = WHOOSH_TARGETS if size >= 10_000 else {}

    def beside(key: str, unit: str) -> str:
        parts = ([f"target ≤ {target[key]:g} {unit}"] if key in target else []) + \
            ([f"idle before issue 13: {was[key]:g} {unit}"] if key in was else [])
        return f" [{'; '.join(parts)}]" if parts else ""

    f = figures
    say(f"search, Whoosh ({size} practices, {len(kb)} records; {len(mix)} queries × {rounds} rounds, warm)")
    say(f"  full build {f[f'{prefix}_build_s']:.1f} s (CPU {f[f'{prefix}_build_cpu_s']:.1f} s in this process, "
        f"median of {builds}), {f[f'{prefix}_index_mb']} MB{beside('build_s', 's')} {notes['build']}")
    say(f"  re-index after one changed record {f[f'{prefix}_reindex_one_s']:.2f} s "
        f"(CPU {f[f'{prefix}_reindex_one_cpu_s']:.2f} s, median of 3){beside('reindex_s', 's')} {notes['reindex']}")
    say(f"  queries p50 {f[f'{prefix}_query_p50_ms']} ms{beside('p50_ms', 'ms')}, "
        f"p95 {f[f'{prefix}_query_p95_ms']} ms{beside('p95_ms', 'ms')}, "
        f"max {f[f'{prefix}_query_max_ms']} ms{beside('max_ms', 'ms')} ({f[f'{prefix}_slowest_query']!r}); "
        f"CPU p50 {f[f'{prefix}_query_cpu_p50_ms']}, p95 {f[f'{prefix}_query_cpu_p95_ms']}, "
        f"max {f[f'{prefix}_query_cpu_max_ms']} ms; "
        f"{f[f'{prefix}_queries_with_hits']}/{len(mix)} queries find something, "
        f"{full_collections} full garbage collection(s) during them {notes['query']}")
    for lang in ("fr", "en"):
        say(f"    {lang}: p50 {f[f'{prefix}_{lang}_query_p50_ms']} ms, p95 {f[f'{prefix}_{lang}_query_p95_ms']} ms, "
            f"max {f[f'{prefix}_{lang}_query_max_ms']} ms ({len(times[lang]) // rounds} queries)")
    if anchor:
        figures.update(fts_anchor(kb, mix, rounds))
        figures[f"{prefix}_p95_vs_fts5"] = ratio(f[f"{prefix}_query_p95_ms"], f["fts5_query_p95_ms"])
        figures[f"{prefix}_cpu_p95_vs_fts5"] = ratio(f[f"{prefix}_query_cpu_p95_ms"], f["fts5_query_cpu_p95_ms"])
        figures[f"{prefix}_build_vs_fts5"] = ratio(f[f"{prefix}_build_s"], f["fts5_build_s"])
        say(f"  SQLite FTS5 (anchor) build {f['fts5_build_s']:.1f} s, {f['fts5_size_mb']} MB; "
            f"p50 {f['fts5_query_p50_ms']} ms, p95 {f['fts5_query_p95_ms']} ms (CPU p50 "
            f"{f['fts5_query_cpu_p50_ms']}, p95 {f['fts5_query_cpu_p95_ms']}; no typo tolerance, no stemming) "
            f"{load_note()}")
        say(f"  p95 / FTS5 {f[f'{prefix}_p95_vs_fts5']} (CPU {f[f'{prefix}_cpu_p95_vs_fts5']}), "
            f"build / FTS5 {f[f'{prefix}_build_vs_fts5']}")
    return figures


def slowest_of(ordered: list[tuple[str, str, dict[str, str]]], rounds: int, times: dict[str, list[float]]) -> str:
    """The query that took the longest once (``times`` per language, each the mix's queries of
    that language in order, ``rounds`` times)."""
    worst, name = -1.0, ""
    for lang in ("fr", "en"):
        mine = [q for q in ordered if q[1] == lang]
        for i, value in enumerate(times[lang]):
            if value > worst:
                worst, name = value, mine[i % len(mine)][0]
    return name


def bench_peers(path: Path, rounds: int) -> Figures:
    """Peer cities of one city and a three-day visit plan, first call and warm."""
    try:
        from pracbase import peers
    except ImportError:
        say("peers: pracbase.peers is not available yet (branch peers): skipped")
        return {}
    import pracbase

    kb = pracbase.load(path, cache=True)
    cities = sorted(kb.cities)[:: max(1, len(kb.cities) // 20)][:20]
    with timed() as first:
        peers.peers(kb, cities[0])
    times, plans, cpu, plans_cpu = [], [], [], []
    for _ in range(rounds):
        for city in cities:
            with timed() as t:
                peers.peers(kb, city)
            times.append(t[0] * 1000)
            cpu.append(t[1] * 1000)
        for city in cities[:5]:
            with timed() as t:
                kb.plan_visit(from_city=city, themes=["youth"], days=3)
            plans.append(t[0] * 1000)
            plans_cpu.append(t[1] * 1000)
    figures = {"peers_cities": len(kb.cities), "peers_first_ms": round(first[0] * 1000, 1),
               "peers_p50_ms": round(median(times), 2), "peers_p95_ms": round(percentile(times, 95), 2),
               "peers_cpu_p50_ms": round(median(cpu), 2), "peers_cpu_p95_ms": round(percentile(cpu, 95), 2),
               "visit_p50_ms": round(median(plans), 2), "visit_p95_ms": round(percentile(plans, 95), 2),
               "visit_cpu_p50_ms": round(median(plans_cpu), 2)}
    say(f"peers ({len(kb.cities)} cities, {len(kb.practices)} practices)")
    say(f"  peers of one city: first call {figures['peers_first_ms']} ms (builds the city profiles), then "
        f"p50 {figures['peers_p50_ms']} ms, p95 {figures['peers_p95_ms']} ms (CPU p50 {figures['peers_cpu_p50_ms']}, "
        f"p95 {figures['peers_cpu_p95_ms']}); visit plan p50 {figures['visit_p50_ms']} ms, "
        f"p95 {figures['visit_p95_ms']} ms (CPU p50 {figures['visit_cpu_p50_ms']})")
    return figures


def bench_planner(rounds: int) -> Figures:
    """The site's planner on this repository's records: its data (built once per language at
    build time, and downloaded by the planner page) and one plan in Node, as the browser runs it."""
    import gzip
    import json
    import shutil
    import subprocess
    import tempfile

    import pracbase
    from pracbase.site.planner import DATA_PATH, PEERS_PATH, planner_data, planner_files

    kb = pracbase.load(ROOT, cache=True)
    kb.peer_index  # noqa: B018  (built once, as in a site build)
    times = []
    for _ in range(rounds):
        with timed() as t:
            data = planner_data(kb, "en")
        times.append(t[0] * 1000)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    figures: Figures = {"planner_data_p50_ms": round(median(times), 1), "planner_data_kb": round(len(text) / 1024, 1),
                        "planner_data_gzip_kb": round(len(gzip.compress(text)) / 1024, 1),
                        "planner_peers_share": ratio(len(json.dumps(data["peers"], separators=(",", ":"))), len(text))}
    files = planner_files(kb, "en")  # what a plan from Luton downloads: the data, then Luton's peer scores
    fetched = [files[DATA_PATH].encode("utf-8"), files[f"{PEERS_PATH}luton.json"].encode("utf-8")]
    figures["planner_page_kb"] = round(sum(len(f) for f in fetched) / 1024, 1)
    figures["planner_page_gzip_kb"] = round(sum(len(gzip.compress(f)) for f in fetched) / 1024, 1)
    say(f"planner ({len(kb.cities)} cities, {len(kb.practices)} practices)")
    say(f"  data: {figures['planner_data_p50_ms']} ms to build (p50), {figures['planner_data_kb']} KiB, "
        f"{figures['planner_data_gzip_kb']} KiB gzipped, peer scores {figures['planner_peers_share']} of it "
        f"{load_note()}")
    say(f"  a plan's download (planner.json without the peer table, and one city's row): "
        f"{figures['planner_page_kb']} KiB, {figures['planner_page_gzip_kb']} KiB gzipped")
    if shutil.which("node") is None:
        say("  plan in Node: node is missing: skipped")
        return figures
    script = """
const fs = require("fs"); const visit = require(process.argv[2]);
const data = JSON.parse(fs.readFileSync(process.argv[3], "utf8")); const times = [];
const request = {from_city: "luton", themes: ["prison-exit-reintegration"], level: "tertiary", concerns: [],
                 near: "rotterdam", radius_km: 200, days: 3};
const open = {from_city: "luton", themes: [], concerns: [], days: 3};
for (let i = 0; i < 60; i++) { const r = i % 2 ? open : request; const t = process.hrtime.bigint();
  visit.planVisit(data, data.words, r); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
times.sort((a, b) => a - b); process.stdout.write(JSON.stringify(times[times.length >> 1]));
"""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "data.json").write_bytes(text)
        (Path(folder) / "bench.js").write_text(script, encoding="utf-8")
        done = subprocess.run(["node", str(Path(folder) / "bench.js"), str(ROOT / "pracbase/site/assets/visit.js"),
                               str(Path(folder) / "data.json")], capture_output=True, text=True, check=True)
    figures["planner_js_plan_p50_ms"] = round(float(done.stdout), 2)
    say(f"  one plan in Node (visit.js): p50 {figures['planner_js_plan_p50_ms']} ms {load_note()}")
    return figures


def plain_material_project(pages: dict[str, str], folder: Path, config: dict[str, Any], copy: bool = False) -> Path:
    """A plain MkDocs + Material project with as many pages, each of the same size, as ``pages``.

    With ``copy``, the pages themselves (pracbase's Markdown, built without its plugin).
    """
    words = ["prevention", "city", "youth", "police", "mothers", "school", "dialogue", "training", "partners",
             "results", "lessons", "trust", "community", "project", "council", "mediation", "families"]
    rng = random.Random(1)
    docs = folder / "docs"
    for index, (name, text) in enumerate(sorted(pages.items())):
        body = [f"# Page {index}\n"]
        size = len(body[0])
        while size < len(text) and not copy:
            paragraph = " ".join(rng.choice(words) for _ in range(60)).capitalize() + ".\n\n"
            body.append(paragraph)
            size += len(paragraph)
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text if copy else "".join(body)[: max(len(text), 20)], encoding="utf-8")
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    plain = {"site_name": "plain", "docs_dir": "docs", "site_dir": "site", "use_directory_urls": True,
             "theme": config["theme"], "plugins": ["search"], "nav": [{"Home": "index.md"}],
             "markdown_extensions": config.get("markdown_extensions", []),
             "validation": {"nav": {"omitted_files": "info"}}}
    (folder / "mkdocs.yml").write_text(json.dumps(plain), encoding="utf-8")  # JSON is YAML
    return folder / "mkdocs.yml"


def bench_site(sizes: list[int], runs: int) -> Figures:
    """Page generation and full build per language, against a plain Material build of the same pages."""
    try:
        from pracbase.site.build import api_build, build_language
        from pracbase.site.generate import generate as generate_pages
    except ImportError:
        say("site: pracbase.site is not available yet (branches site, site-ui): skipped")
        return {}
    if not (ROOT / "mkdocs.yml").is_file():
        say("site: no mkdocs.yml yet: skipped")
        return {}
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.utils import yaml_load

    import pracbase
    from pracbase import i18n

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    base = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    figures: Figures = {}
    for size in sizes:
        path = tree(size)
        kb = pracbase.load(path, cache=True)
        with timed() as t:  # the knowledge base's own indexes (graph, hubs), computed once for every language
            generate_pages(kb, i18n.SITE_LANGUAGES[0], i18n.translations(i18n.SITE_LANGUAGES[0]))
        figures[f"site_{size}_first_generate_s"] = round(t[0], 2)
        for lang in i18n.SITE_LANGUAGES:
            translator = i18n.translations(lang)
            gen, full, gen_cpu, full_cpu = [], [], [], []
            for _ in range(runs):
                with timed() as t:
                    pages = generate_pages(kb, lang, translator)
                gen.append(t[0])
                gen_cpu.append(t[1])
                with tempfile.TemporaryDirectory() as out, timed() as t:
                    count = build_language(kb, lang, Path(out) / lang, ROOT / "mkdocs.yml", i18n.BUILD_LANGUAGES,
                                           api_build(ROOT / "mkdocs.yml", path))
                full.append(t[0])
                full_cpu.append(t[1])
            key = f"site_{size}_{lang}"
            figures[f"{key}_pages"] = count
            figures[f"{key}_generate_s"] = round(median(gen), 2)
            figures[f"{key}_build_s"] = round(median(full), 2)
            figures[f"{key}_build_cpu_s"] = round(median(full_cpu), 2)
            figures[f"{key}_pages_per_s"] = round(count / median(full), 1)
            figures[f"{key}_generate_share"] = ratio(median(gen), median(full))
            figures[f"{key}_generate_cpu_share"] = ratio(median(gen_cpu), median(full_cpu))
        plain_times, same_times, plain_cpu, same_cpu = [], [], [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                config_file = plain_material_project(pages, Path(folder), base)
                with timed() as t:
                    build(load_config(str(config_file)))
                plain_times.append(t[0])
                plain_cpu.append(t[1])
                plain_pages = sum(1 for _ in (Path(folder) / "site").rglob("index.html"))
            with tempfile.TemporaryDirectory() as folder:  # pracbase's own Markdown, without pracbase
                config_file = plain_material_project(pages, Path(folder), base, copy=True)
                with timed() as t:
                    build(load_config(str(config_file)))
                same_times.append(t[0])
                same_cpu.append(t[1])
        figures[f"site_{size}_plain_build_cpu_s"] = round(median(plain_cpu), 2)
        figures[f"site_{size}_same_pages_plain_build_cpu_s"] = round(median(same_cpu), 2)
        figures[f"site_{size}_plain_pages"] = plain_pages
        figures[f"site_{size}_plain_build_s"] = round(median(plain_times), 2)
        figures[f"site_{size}_plain_pages_per_s"] = round(plain_pages / median(plain_times), 1)
        figures[f"site_{size}_same_pages_plain_build_s"] = round(median(same_times), 2)
        say(f"site at {size} practices ({runs} run(s) each)")
        for lang in i18n.SITE_LANGUAGES:
            key = f"site_{size}_{lang}"
            per_page = figures[f"{key}_build_s"] / figures[f"{key}_pages"]
            plain_per_page = figures[f"site_{size}_plain_build_s"] / plain_pages
            figures[f"{key}_per_page_vs_plain"] = round(per_page / plain_per_page, 3)
            figures[f"{key}_cpu_per_page_vs_plain"] = round(
                (figures[f"{key}_build_cpu_s"] / figures[f"{key}_pages"])
                / (figures[f"site_{size}_plain_build_cpu_s"] / plain_pages), 3)
            figures[f"{key}_cpu_vs_same_pages_plain"] = ratio(figures[f"{key}_build_cpu_s"],
                                                              figures[f"site_{size}_same_pages_plain_build_cpu_s"])
            figures[f"{key}_vs_same_pages_plain"] = ratio(figures[f"{key}_build_s"],
                                                          figures[f"site_{size}_same_pages_plain_build_s"])
            say(f"  {lang}: {figures[f'{key}_pages']} pages, generation {figures[f'{key}_generate_s']:.2f} s "
                f"({100 * figures[f'{key}_generate_share']:.1f} % of the build), full build "
                f"{figures[f'{key}_build_s']:.1f} s = {figures[f'{key}_pages_per_s']} pages/s; per page "
                f"{figures[f'{key}_per_page_vs_plain']} × plain Material, "
                f"{figures[f'{key}_vs_same_pages_plain']} × its own pages built by plain Material; in CPU time: "
                f"generation {100 * figures[f'{key}_generate_cpu_share']:.1f} %, per page "
                f"{figures[f'{key}_cpu_per_page_vs_plain']} × plain, {figures[f'{key}_cpu_vs_same_pages_plain']} × "
                f"its own pages")
        say(f"  plain Material, {plain_pages} pages of the same sizes: {figures[f'site_{size}_plain_build_s']:.1f} s "
            f"= {figures[f'site_{size}_plain_pages_per_s']} pages/s; pracbase's own Markdown pages through plain "
            f"Material (no plugin, no overrides): {figures[f'site_{size}_same_pages_plain_build_s']:.1f} s; "
            f"the knowledge base's indexes, once: {figures[f'site_{size}_first_generate_s']:.1f} s")
    return figures


def bench_engines(sizes: list[int], runs: int) -> Figures:
    """The French site built by each site engine (``pracbase build --engine``): time, CPU, pages, bytes.

    91 is the bundled records. Each build is the whole of ``pracbase build --lang fr``: staging,
    the engine, Pagefind and ``/api/``.
    """
    try:
        from pracbase.site.build import build_site
        from pracbase.site.engines import ENGINES
    except ImportError:
        say("engines: pracbase.site.engines is not available: skipped")
        return {}
    import logging

    import pracbase

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    figures: Figures = {}
    for size in sizes:
        path = ROOT if size == BUNDLED else tree(size)
        kb = pracbase.load(path, cache=True)
        say(f"engines at {size} practices, French site ({runs} run(s) each)")
        for engine in ENGINES:
            wall, cpu = [], []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as out:
                    note = load_note()
                    with timed() as t:
                        result = build_site(Path(out) / "site", path, ("fr",), ROOT / "mkdocs.yml", kb, engine=engine)
                    wall.append(t[0])
                    cpu.append(t[1])
                    size_bytes = folder_bytes(Path(out) / "site" / "fr")
            key = f"engines_{size}_{engine}"
            figures[f"{key}_build_s"] = round(median(wall), 2)
            figures[f"{key}_build_cpu_s"] = round(median(cpu), 2)
            figures[f"{key}_pages"] = result.pages["fr"]
            figures[f"{key}_mb"] = round(size_bytes / 1e6, 1)
            say(f"  {engine:8s} {figures[f'{key}_pages']} pages in {figures[f'{key}_build_s']:.1f} s "
                f"(CPU {figures[f'{key}_build_cpu_s']:.1f} s), {figures[f'{key}_mb']} MB {note}")
        figures[f"engines_{size}_zensical_vs_mkdocs"] = ratio(figures[f"engines_{size}_zensical_build_s"],
                                                              figures[f"engines_{size}_mkdocs_build_s"])
    return figures


SEARCH_QUERIES = {"fr": ("prison", "mères"), "en": ("prison", "mothers")}
"""The first and second query typed in the header (words of the generated and the real records)."""

SEARCH_ANCHORS = {91: None, 1000: 137, 10_000: 212}
"""Plain Pagefind's first query on comparable pages, in KB (issue 13), per size."""

SEARCH_BUDGETS = {91: 200, 1000: 200, 10_000: 250}
"""The first query's budget in KB: under 200 KB up to 1,000 practices (the test), 250 KB at 10,000."""


def bench_site_search(sizes: list[int]) -> Figures:
    """Bytes of a first and a second site query, and Pagefind's index time, per language and size."""
    try:
        from pracbase.site import sitesearch
        from pracbase.site.build import build_site
    except ImportError:
        say("sitesearch: pracbase.site.sitesearch is not available: skipped")
        return {}
    import logging

    import search_bytes  # scripts/search_bytes.py

    import pracbase

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    figures: Figures = {}
    for size in sizes:
        path = ROOT if size == BUNDLED else tree(size)
        kb = pracbase.load(path, cache=True)
        languages = tuple(SEARCH_QUERIES)
        say(f"site search at {len(kb.practices)} practices {load_note()}")
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "site"
            with timed() as built:
                result = build_site(out, path, languages, ROOT / "mkdocs.yml", kb)
            figures[f"sitesearch_{size}_build_s"] = round(built[0], 1)
            say(f"  site build, {', '.join(languages)}: {built[0]:.1f} s {load_note()}")
            for lang in languages:
                key = f"sitesearch_{size}_{lang}"
                with timed() as indexed:
                    stats = sitesearch.build_index(out / lang, lang)
                index_note = load_note()
                first, second = search_bytes.query_bytes(out, lang, SEARCH_QUERIES[lang])
                bytes_note = load_note()
                figures.update({f"{key}_pages": result.pages[lang], f"{key}_indexed_pages": stats.pages,
                                f"{key}_index_s": round(indexed[0], 2), f"{key}_index_cpu_s": round(indexed[1], 2),
                                f"{key}_first_query_kb": round(first / 1024, 1),
                                f"{key}_second_query_kb": round(second / 1024, 1),
                                f"{key}_load": round(os.getloadavg()[0], 2)})
                anchor = SEARCH_ANCHORS.get(size)
                say(f"  {lang}: first query {first / 1024:.0f} KB (budget {SEARCH_BUDGETS[size]} KB"
                    + (f"; plain Pagefind on comparable pages {anchor} KB" if anchor else "")
                    + f"), second query {second / 1024:.0f} KB {bytes_note}")
                say(f"      Pagefind index: {stats.pages} pages of {result.pages[lang]} in {indexed[0]:.1f} s "
                    f"(CPU {indexed[1]:.1f} s) = {stats.pages / indexed[0]:.0f} pages/s {index_note}")
    return figures


# --- targets ---------------------------------------------------------------------------

TARGETS: list[tuple[str, str, str, float]] = [
    ("cold load + validate ≥ 1,800 records/s", "cold_records_per_s", ">=", 1800),
    ("cold load + validate ≥ 1,800 records/s, one process per core", "cold_parallel_records_per_s", ">=", 1800),
    ("cold load ≥ 0.85 × the CSafeLoader + pydantic floor", "cold_vs_floor", ">=", 0.85),
    ("warm load ≥ 20,000 records/s", "warm_records_per_s", ">=", 20000),
    ("warm load ≥ 20,000 records/s, CPU time", "warm_cpu_records_per_s", ">=", 20000),
    ("pracbase validate on the bundled data ≤ 1 s", "validate_bundled_s", "<=", 1.0),
    ("pracbase validate on the bundled data ≤ 1 s, CPU time", "validate_bundled_cpu_s", "<=", 1.0),
    ("search p95 ≤ 50 ms warm (10,000)", "search_10000_query_p95_ms", "<=", 50),
    ("search p95 ≤ 50 ms warm (10,000, fr)", "search_10000_fr_query_p95_ms", "<=", 50),
    ("search p95 ≤ 50 ms warm (10,000, en)", "search_10000_en_query_p95_ms", "<=", 50),
    ("search p95 ≤ 50 ms warm (10,000), CPU time", "search_10000_query_cpu_p95_ms", "<=", 50),
    ("no search query over 100 ms warm (10,000)", "search_10000_query_max_ms", "<=", 100),
    ("no search query over 100 ms warm (10,000), CPU time", "search_10000_query_cpu_max_ms", "<=", 100),
    ("full index build ≤ 30 s (10,000)", "search_10000_build_s", "<=", 30),
    ("re-indexing after one change ≤ 0.5 s (10,000)", "search_10000_reindex_one_s", "<=", 0.5),
    ("re-indexing after one change ≤ 0.5 s (10,000), CPU time", "search_10000_reindex_one_cpu_s", "<=", 0.5),
    ("peers ≤ 50 ms for one city (p95)", "peers_p95_ms", "<=", 50),
    ("peers ≤ 50 ms for one city (p95), CPU time", "peers_cpu_p95_ms", "<=", 50),
    ("page generation ≤ 10 % of the build (1,000, fr)", "site_1000_fr_generate_share", "<=", 0.10),
    ("page generation ≤ 10 % of the build (1,000, en)", "site_1000_en_generate_share", "<=", 0.10),
    ("page generation ≤ 10 % of the build (1,000, en), CPU time", "site_1000_en_generate_cpu_share", "<=", 0.10),
    ("build per page ≤ 1.2 × plain Material (1,000, fr)", "site_1000_fr_per_page_vs_plain", "<=", 1.2),
    ("build per page ≤ 1.2 × plain Material (1,000, en)", "site_1000_en_per_page_vs_plain", "<=", 1.2),
    ("build per page ≤ 1.2 × plain Material (1,000, en), CPU time", "site_1000_en_cpu_per_page_vs_plain", "<=", 1.2),
    ("first site query < 200 KB at 1,000 (fr)", "sitesearch_1000_fr_first_query_kb", "<=", 200),
    ("first site query < 200 KB at 1,000 (en)", "sitesearch_1000_en_first_query_kb", "<=", 200),
    ("first site query ≤ 250 KB at 10,000 (fr)", "sitesearch_10000_fr_first_query_kb", "<=", 250),
    ("first site query ≤ 250 KB at 10,000 (en)", "sitesearch_10000_en_first_query_kb", "<=", 250),
]


def check_targets(figures: Figures) -> dict[str, Any]:
    results = {}
    for label, key, op, bound in TARGETS:
        value = figures.get(key)
        holds = None if value is None else (value >= bound if op == ">=" else value <= bound)
        results[label] = {"figure": key, "value": value, "holds": holds}
        mark = "n/a " if holds is None else ("holds" if holds else "MISSES")
        say(f"  {mark:6s} {label}: {value}")
    return results


# --- main ------------------------------------------------------------------------------

GROUPS = ("load", "validate", "search", "peers", "planner", "site", "sitesearch", "engines")


def main(argv: list[str] | None = None) -> int:
    global OPTIONS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=10_000, help="size of the generated tree (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per load figure, the median is shown (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups to run (default: {','.join(GROUPS)})")
    parser.add_argument("--site-sizes", default="100,1000", help="practices for the site figures (default 100,1000)")
    parser.add_argument("--site-runs", type=int, default=1, help="runs per site figure (default 1)")
    parser.add_argument("--search-sizes", default="91,1000,10000",
                        help="practices for the site search figures, 91 being the bundled records "
                             "(default 91,1000,10000)")
    parser.add_argument("--whoosh-sizes", default="91,1000,10000",
                        help="practices for the library's search figures, 91 being the bundled records "
                             "(default 91,1000,10000); FTS5 is measured at --practices")
    parser.add_argument("--search-builds", type=int, default=3,
                        help="full index builds per size, the median is shown (default 3)")
    parser.add_argument("--engine-sizes", default="91,1000",
                        help="practices for the site engine figures, 91 being the bundled records (default 91,1000)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    OPTIONS = args = parser.parse_args(argv)
    if args.child:
        run_child(args.child[0], Path(args.child[1]))
        return 0
    groups = [g for g in args.only.split(",") if g]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    figures: Figures = {"practices": args.practices, "runs": args.runs, "cpus": os.cpu_count(),
                        "load_average": round(os.getloadavg()[0], 2)}
    path = tree(args.practices) if {"load", "peers"} & set(groups) else None
    say(f"pracbase benchmarks: {args.practices} practices, {os.cpu_count()} CPUs, "
        f"load average {figures['load_average']} at the start")
    if "load" in groups and path:
        figures.update(bench_load(path, args.runs))
    if "validate" in groups:
        figures.update(bench_validate(max(args.runs, 5)))
    if "search" in groups:
        for size in [int(n) for n in args.whoosh_sizes.split(",") if n]:
            figures.update(bench_search(ROOT if size == 91 else tree(size), rounds=3, builds=args.search_builds,
                                        prefix=f"search_{size}", anchor=size == args.practices))
    if "peers" in groups and path:
        figures.update(bench_peers(path, rounds=3))
    if "planner" in groups:
        figures.update(bench_planner(rounds=5))
    if "site" in groups:
        figures.update(bench_site([int(s) for s in args.site_sizes.split(",") if s], args.site_runs))
    if "sitesearch" in groups:
        figures.update(bench_site_search([int(s) for s in args.search_sizes.split(",") if s]))
    if "engines" in groups:
        figures.update(bench_engines([int(s) for s in args.engine_sizes.split(",") if s], args.site_runs))
    figures["load_average_end"] = round(os.getloadavg()[0], 2)
    say(f"targets (issues 7 and 13) {load_note()}")
    figures["targets"] = check_targets(figures)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


OPTIONS = argparse.Namespace(json=False)

if __name__ == "__main__":
    sys.exit(main())
