"""The site's planner (assets/visit.js) gives the route of ``pracbase.visit`` for every request.

The parity test draws random requests (visiting city, themes, level, concerns, centre, radius,
days) and runs each through :func:`pracbase.visit.plan_visit` and through the JavaScript on
the data the site writes, in Node: the stops, their order, days, ranks, scores, distances,
languages and reasons must be equal, and so must the refusals.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import pracbase
from pracbase.errors import InvalidArgument
from pracbase.site.planner import DATA_PATH, PEERS_PATH, planner_data, planner_files

RUNNER = Path(__file__).parent / "planner_parity.js"
REQUESTS_PER_LANGUAGE = 120



@pytest.fixture(autouse=True)
def _require_node() -> None:
    """The parity test runs the planner in Node: skipped without it, failed without it on CI."""
    if shutil.which("node"):
        return
    message = "node is missing: install Debian's nodejs to run the planner's parity test"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _random_requests(kb: pracbase.KnowledgeBase, seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cities = sorted(c.id for c in kb.cities.values() if c.kind != "group")
    themes = sorted({t for p in kb.practices.values() for t in p.themes})
    concerns = sorted({c for p in kb.practices.values() for c in p.concerns})
    levels = kb.taxonomy.levels.ids
    regions = sorted({c.region for c in kb.cities.values()})
    requests = []
    for _ in range(count):
        request: dict[str, Any] = {"days": rng.choice([1, 2, 3, 3, 4, 5, 7])}
        if rng.random() < 0.6:
            request["from_city"] = rng.choice(cities)
        request["themes"] = rng.sample(themes, rng.choice([0, 0, 1, 1, 2]))
        request["concerns"] = rng.sample(concerns, rng.choice([0, 0, 0, 0, 0, 1, 2]))
        if rng.random() < 0.25:
            request["level"] = rng.choice(levels)
        if rng.random() < 0.4:
            request["near"] = rng.choice(cities)
        if rng.random() < 0.2:
            request["region"] = rng.choice(regions)
        if rng.random() < 0.5:
            request["radius_km"] = rng.choice([120.5, 200, 300, 450, 800, 1500, 3000])
        requests.append(request)
    return requests


def _python(kb: pracbase.KnowledgeBase, request: dict[str, Any], lang: str) -> dict[str, Any]:
    try:
        plan = kb.plan_visit(from_city=request.get("from_city"), themes=request["themes"], level=request.get("level"),
                             concern=request["concerns"], near=request.get("near"),
                             radius_km=request.get("radius_km"), days=request["days"], lang=lang,
                             region=request.get("region"))
    except InvalidArgument:
        return {"error": True}
    return {"stops": plan.as_list(), "route_km": plan.route_km}


def _javascript(data: dict[str, Any], requests: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    data_file, requests_file = tmp_path / "planner.json", tmp_path / "requests.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    requests_file.write_text(json.dumps(requests), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(data_file), str(requests_file)], capture_output=True, text=True,
                          check=True, timeout=120)
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return [{"error": True} if "error" in plan else plan for plan in found]


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_the_site_plans_every_random_request_like_the_library(kb: pracbase.KnowledgeBase, lang: str,
                                                               tmp_path: Path) -> None:
    requests = _random_requests(kb, seed={"en": 1, "fr": 2, "de": 3}[lang], count=REQUESTS_PER_LANGUAGE)
    expected = [_python(kb, request, lang) for request in requests]
    got = _javascript(planner_data(kb, lang), requests, tmp_path)
    routed = sum(1 for plan in expected if plan.get("stops"))
    assert routed >= REQUESTS_PER_LANGUAGE // 3, "too few random requests find hosts to test anything"
    for request, python, javascript in zip(requests, expected, got, strict=True):
        assert javascript == python, request


def test_the_acceptance_request_gives_the_command_line_route(kb: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    """Three days on prison and probation work near Rotterdam, from Luton."""
    request = {"from_city": "luton", "themes": ["prison-exit-reintegration"], "concerns": [], "level": "tertiary",
               "near": "rotterdam", "radius_km": 200, "days": 3}
    [got] = _javascript(planner_data(kb, "en"), [request], tmp_path)
    python = _python(kb, request, "en")
    assert got == python
    assert [stop["city"] for stop in got["stops"] if stop["day"]] == \
        [stop["city"] for stop in python["stops"] if stop["day"]]
    assert got["stops"][0]["day"] == 1


def test_refusals_are_the_same(kb: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    requests = [{"themes": [], "concerns": [], "radius_km": 100, "days": 2},
                {"themes": [], "concerns": [], "near": "rotterdam", "radius_km": -5, "days": 2}]
    assert _javascript(planner_data(kb, "en"), requests, tmp_path) == [{"error": True}, {"error": True}]
    assert [_python(kb, r, "en") for r in requests] == [{"error": True}, {"error": True}]


def test_the_peer_fixture_tree_plans_alike(tmp_path: Path) -> None:
    """The peer-city fixture tree (tests/fixtures/peers): twin cities, groups, planned work, ties."""
    fixture = pracbase.load(Path(__file__).parent / "fixtures" / "peers")
    requests = _random_requests(fixture, seed=4, count=80)
    expected = [_python(fixture, request, "en") for request in requests]
    assert sum(1 for plan in expected if plan.get("stops")) >= 20
    got = _javascript(planner_data(fixture, "en"), requests, tmp_path)
    for request, python, javascript in zip(requests, expected, got, strict=True):
        assert javascript == python, request


def test_the_command_takes_the_addresses_repeated_concerns_and_region(kb: pracbase.KnowledgeBase) -> None:
    from click.testing import CliRunner

    from pracbase.cli import main

    concerns = ["far-right-extremism", "islamist-extremism"]
    result = CliRunner().invoke(main, ["visit", "--concern", concerns[0], "--concern", concerns[1], "--region",
                                       "Western Europe", "--days", "2", "--json"])
    assert result.exit_code == 0, result.output
    stops = json.loads(result.output)
    assert stops
    for stop in stops:
        city = kb.cities[stop["city"]]
        assert city.region == "155"
        assert all(set(concerns) & set(kb.practices[p].concerns) for p in stop["practices"])
    # a practice on either concern is a match: more hosts than for each concern alone
    alone = [{s.city.id for s in (*plan.stops, *plan.others)}
             for plan in (kb.plan_visit(concern=c, region="155", days=2) for c in concerns)]
    both = kb.plan_visit(concern=concerns, region="155", days=2)
    assert both.concerns == tuple(concerns) and both.region == "155"
    assert [s["city"] for s in stops] == [s.city.id for s in (*both.stops, *both.others)]
    assert {s.city.id for s in both.stops} <= alone[0] | alone[1]


# --- the dossier's material ------------------------------------------------------------------


def test_the_dossier_asks_about_what_each_practice_says_was_learned(kb: pracbase.KnowledgeBase) -> None:
    from pracbase.site.planner import planner_data

    taught = [p for p in kb.practices.values() if p.lessons is not None or p.next_steps is not None]
    assert taught, "the records hold lessons (issue 20)"
    for lang in ("fr", "en"):
        practices = planner_data(kb, lang)["show"]["practices"]
        for practice in taught:
            expected = [text.get(lang, practice.original_language).text
                        for text in (practice.lessons, practice.next_steps, practice.evaluation.note) if text]
            assert practices[practice.id]["learned"] == expected


def test_the_dossier_cites_sources_by_their_records(kb: pracbase.KnowledgeBase) -> None:
    from pracbase.site.planner import planner_data

    practice = kb.practices["malmo-mammakraft"]
    cited = planner_data(kb, "en")["show"]["practices"][practice.id]["sources"]
    document = kb.source(practice.sources[0].source)
    assert cited[0] == {"title": document.title_in("en"), "publisher": document.publisher, "year": document.year,
                        "section": practice.sources[0].section, "page": practice.sources[0].page}


def test_the_site_writes_the_peer_table_a_row_per_visiting_city(kb: pracbase.KnowledgeBase) -> None:
    """What the planner page assembles (planner.json, then the visiting city's row) is the data the
    parity test runs on; the page itself downloads no other city's row."""
    files = planner_files(kb, "en")
    page = json.loads(files[DATA_PATH])
    assert page["peers"] == {} and page["peers_src"] == PEERS_PATH
    rows = {path.removeprefix(PEERS_PATH).removesuffix(".json"): json.loads(text)
            for path, text in files.items() if path.startswith(PEERS_PATH)}
    full = planner_data(kb, "en")
    assert rows == full["peers"]
    assert "luton" in rows and len(rows["luton"]) >= 40
    assert {**page, "peers": rows, "peers_src": None} == {**full, "peers_src": None}


def test_a_plan_downloads_a_fraction_of_the_peer_table(kb: pracbase.KnowledgeBase) -> None:
    """Budget: planner.json and one city's row stay under half the whole table's bytes (gzipped)."""
    import gzip

    files = planner_files(kb, "en")
    whole = len(gzip.compress(json.dumps(planner_data(kb, "en"), ensure_ascii=False,
                                         separators=(",", ":")).encode("utf-8")))
    fetched = sum(len(gzip.compress(files[path].encode("utf-8"))) for path in (DATA_PATH, f"{PEERS_PATH}luton.json"))
    assert fetched < whole / 2

