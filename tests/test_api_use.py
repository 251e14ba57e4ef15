"""The Python API as a tool developer meets it from the docs: names resolve, errors are one kind, reprs short."""

from __future__ import annotations

import inspect
import re

import pytest

import pracbase
from pracbase.geo import whole_km


def test_every_lookup_resolves_names_in_any_language(kb: pracbase.KnowledgeBase) -> None:
    mechelen = [p.id for p in kb.practices_of_city("mechelen")]
    assert mechelen and [p.id for p in kb.practices_of_city("Malines")] == mechelen
    assert [p.id for p in kb.find_practices(city="Malines")] == sorted(mechelen)
    assert kb.projects_of_city("Malines") == kb.projects_of_city("mechelen") != []
    belgian = {c.id for c in kb.cities.values() if c.country == "BE"}
    assert belgian and {c.id for c in kb.cities_of_country("Belgium")} == belgian
    assert {c.id for c in kb.cities_of_country("Belgique")} == {c.id for c in kb.cities_of_country("be")} == belgian
    assert [p.id for p in kb.find_practices(country="Belgium")] == [p.id for p in kb.find_practices(country="BE")]
    french = [f.id for f in kb.frameworks.values() if f.country == "FR"]
    assert french and [f.id for f in kb.frameworks_of_country("France")] == french


@pytest.mark.parametrize(("method", "value", "message"), [
    ("practices_of_city", "Malnes", "unknown city 'Malnes' (did you mean 'mechelen'?)"),
    ("projects_of_city", "Atlantis", "unknown city 'Atlantis'"),
    ("cities_of_country", "Belgum", "unknown country 'Belgum' (did you mean 'BE'"),
    ("frameworks_of_country", "Narnia", "unknown country 'Narnia'"),
    ("practices_of_project", "NOPE", "unknown project 'NOPE'"),
])
def test_an_unknown_value_raises_instead_of_an_empty_list(kb: pracbase.KnowledgeBase, method: str, value: str,
                                                          message: str) -> None:
    with pytest.raises(pracbase.NotFoundError) as caught:
        getattr(kb, method)(value)
    assert str(caught.value).startswith(message)


def test_one_theme_or_several(kb: pracbase.KnowledgeBase) -> None:
    one = kb.plan_visit(themes="youth", days=1)
    assert one.themes == ("youth",) and one.stops
    assert [s.city.id for s in one.stops] == [s.city.id for s in kb.plan_visit(themes=["youth"], days=1).stops]


def test_bad_arguments_raise_invalid_argument_without_cli_flags(kb: pracbase.KnowledgeBase) -> None:
    for kwargs in ({"radius_km": 100}, {"days": 0}, {"near": "mechelen", "radius_km": -1}):
        with pytest.raises(pracbase.InvalidArgument) as caught:
            kb.plan_visit(**kwargs)  # type: ignore[arg-type]
        assert isinstance(caught.value, ValueError) and isinstance(caught.value, pracbase.PracbaseError)
        assert not re.search(r"--[a-z]", str(caught.value)), str(caught.value)
    with pytest.raises(pracbase.InvalidArgument, match="unknown hub kind 'colour'"):
        kb.graph.hub("colour", "red")


def test_short_reprs_and_signatures(kb: pracbase.KnowledgeBase) -> None:
    assert repr(kb).startswith(f"KnowledgeBase({len(kb.practices)} practices, ") and len(repr(kb)) < 200
    assert len(repr(kb.graph)) < 100 and len(repr(kb.taxonomy)) < 100 and len(repr(kb.taxonomy.themes)) < 100
    assert len(str(inspect.signature(pracbase.KnowledgeBase))) < 400


def test_localized_line_is_public(kb: pracbase.KnowledgeBase) -> None:
    practice = next(iter(kb.practices.values()))
    assert isinstance(practice.title, pracbase.LocalizedLine) and "LocalizedLine" in pracbase.__all__


def test_one_distance_reads_the_same_in_peers_and_visits(kb: pracbase.KnowledgeBase) -> None:
    """A peer reason and the visit plan from the same city give the same whole kilometres."""
    checked = 0
    for city in ("mechelen", "luton", "malmo"):
        peers = {p.city.id: p for p in kb.peers(city, top=50)}
        plan = kb.plan_visit(from_city=city, days=3)
        for stop in (*plan.stops, *plan.others):
            if stop.city.id in peers and stop.distance_km is not None:
                peer_text = next(r.text for r in peers[stop.city.id].reasons if r.kind == "distance")
                stop_text = next(r.text for r in stop.reasons if r.kind == "distance")
                km = f"{whole_km(stop.distance_km):,}"
                assert peer_text == f"{km} km apart" and stop_text.startswith(f"{km} km from "), (peer_text, stop_text)
                checked += 1
    assert checked >= 3


@pytest.mark.parametrize(("km", "whole"), [(11.46, 12), (11.44, 11), (0.04, 0), (1204.5, 1205)])
def test_whole_km_rounds_the_data_value_half_up(km: float, whole: int) -> None:
    assert whole_km(km) == whole
