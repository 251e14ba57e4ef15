"""Peer cities: the cities most like a city, with the reasons in words.

**Peer score** (0–100) of a city B for a city A is a sum of points, each part explainable:

| part     | points | how much of it B gets                                                 |
| -------- | -----: | --------------------------------------------------------------------- |
| concerns |     30 | overlap of the risk landscapes (city concerns + concerns of practices) |
| themes   |     25 | overlap of the themes of their practices                              |
| levels   |     10 | overlap of the prevention levels of their practices                   |
| projects |     15 | overlap of their projects (partners or practices in them)             |
| networks |      5 | overlap of their networks (Efus, Strong Cities)                       |
| place    |      5 | same country: 5; else same UN M49 region: 2.5                         |
| distance |     10 | 10 × 2^(−km / 400): 24 km → 9.6, 400 km → 5, 1,200 km → 1.25          |

The overlap of two sets is ``Σ shared w(x) / √(Σ A w(x) · Σ B w(x))`` (1 when the sets are
equal, 0 when they share nothing; see :func:`pracbase.graph.overlap`) where a value's weight
``w(x) = log(1 + N / n(x))`` falls with the number ``n(x)`` of the ``N`` cities that have it:
sharing *extreme misogyny* says more than sharing *violent extremism (all ideologies)*, and
sharing a two-city project more than a twenty-city one. Every part that scores gives a
:class:`Reason` naming the shared values (rarest first), and the distance is always given.
Groups of unnamed cities (authority kind ``group``) are never proposed as peers or hosts.

The study-visit planner is :mod:`pracbase.visit`; distances and languages of places are
:mod:`pracbase.geo`; the words of the reasons :mod:`pracbase.wording`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pracbase import i18n
from pracbase.geo import distance_km, km_text, rounded_km
from pracbase.graph import CityProfile, idf
from pracbase.i18n import DEFAULT_LANGUAGE
from pracbase.models import City
from pracbase.wording import Words, shared, words

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

POINTS: dict[str, float] = {"concerns": 30.0, "themes": 25.0, "levels": 10.0, "projects": 15.0,
                            "networks": 5.0, "place": 5.0, "distance": 10.0}
"""Most points each part of the peer score can give (they add up to 100)."""

DISTANCE_HALF_KM = 400.0
"""The distance points halve every this many kilometres."""

SET_KINDS: tuple[str, ...] = ("concerns", "themes", "levels", "projects", "networks")
"""The parts of the peer score that compare two sets of values."""

# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a city is proposed: what kind of link, the values behind it, and a sentence.

    ``values`` are ids (concerns, themes, projects…), a country code or region code, or the
    distance in km (as text) for ``kind == "distance"``; ``points`` is what it added to the score.
    """

    kind: str
    values: tuple[str, ...]
    text: str
    points: float = 0.0

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Peer:
    """A city like the one asked about, its score (0–100), the reasons and the distance."""

    city: City
    score: float
    reasons: list[Reason]
    distance_km: float
    lang: str = DEFAULT_LANGUAGE

    def as_dict(self) -> dict[str, object]:
        """The peer as a JSON-ready mapping: ``id``, ``name``, ``score``, ``reasons`` (sentences)…"""
        return {"id": self.city.id, "name": self.city.heading_in(self.lang), "country": self.city.country,
                "score": self.score, "distance_km": self.distance_km, "reasons": [r.text for r in self.reasons],
                "details": [{"kind": r.kind, "values": list(r.values), "points": r.points} for r in self.reasons]}


# --- the peer index: computed once per knowledge base ----------------------------------------


@dataclass(frozen=True)
class PeerEntry:
    """One city's profile, its sets of values per part of the score, and their summed weights."""

    profile: CityProfile
    sets: dict[str, frozenset[str]]
    norms: dict[str, float]


@dataclass(frozen=True)
class PeerIndex:
    """Every city's :class:`PeerEntry` and each value's weight per part: ``kb.peer_index``."""

    entries: dict[str, PeerEntry]
    weights: dict[str, dict[str, float]]

    def weight(self, kind: str) -> Callable[[str], float]:
        table = self.weights[kind]
        return lambda value: table.get(value, 1.0)


def build_index(kb: KnowledgeBase) -> PeerIndex:
    """Each city's sets of values and their weights, from the graph's city profiles."""
    profiles = kb.graph.profiles
    counts: dict[str, dict[str, int]] = {kind: {} for kind in SET_KINDS}
    for profile in profiles.values():
        for kind in SET_KINDS:
            for value in getattr(profile, kind):
                counts[kind][value] = counts[kind].get(value, 0) + 1
    total = max(len(profiles), 1)
    weights = {kind: {v: idf(n, total) for v, n in table.items()} for kind, table in counts.items()}
    entries = {}
    for city_id, profile in profiles.items():
        sets = {kind: getattr(profile, kind) for kind in SET_KINDS}
        norms = {kind: sum(weights[kind][v] for v in values) for kind, values in sets.items()}
        entries[city_id] = PeerEntry(profile, sets, norms)
    return PeerIndex(entries, weights)


# --- peers --------------------------------------------------------------------------------


def peers(kb: KnowledgeBase, city: str, top: int = 5, lang: str = DEFAULT_LANGUAGE) -> list[Peer]:
    """The ``top`` cities most like ``city`` (an id or a name in any language), best first."""
    said = words(lang)
    me = kb.city(city)
    index = kb.peer_index
    mine = index.entries[me.id]
    scored: list[tuple[float, str, dict[str, float], float]] = []
    for other_id, theirs in index.entries.items():
        if other_id == me.id or theirs.profile.city.kind == "group":
            continue
        parts, km = peer_parts(index, mine, theirs)
        scored.append((sum(parts.values()), other_id, parts, km))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [Peer(index.entries[other_id].profile.city, round(score, 1),
                 _peer_reasons(kb, index, me, index.entries[other_id].profile.city, parts, km, said),
                 rounded_km(km), lang)
            for score, other_id, parts, km in scored[:max(top, 0)]]


def peer_parts(index: PeerIndex, mine: PeerEntry, theirs: PeerEntry) -> tuple[dict[str, float], float]:
    """The points of each part of the peer score of ``theirs`` for ``mine``, and the distance."""
    me, other = mine.profile.city, theirs.profile.city
    parts: dict[str, float] = {}
    for kind in SET_KINDS:
        shared = mine.sets[kind] & theirs.sets[kind]
        if shared:
            table = index.weights[kind]
            parts[kind] = POINTS[kind] * sum(table[v] for v in shared) / math.sqrt(
                mine.norms[kind] * theirs.norms[kind])
    if other.country == me.country:
        parts["place"] = POINTS["place"]
    elif other.region == me.region:
        parts["place"] = POINTS["place"] / 2
    km = distance_km(me.coordinates, other.coordinates)
    parts["distance"] = POINTS["distance"] * 2 ** (-km / DISTANCE_HALF_KM)
    return parts, km


def _peer_reasons(kb: KnowledgeBase, index: PeerIndex, me: City, other: City, parts: dict[str, float],
                  km: float, said: Words) -> list[Reason]:
    mine, theirs = index.entries[me.id], index.entries[other.id]
    reasons: list[Reason] = []
    for kind in SET_KINDS:
        if kind in parts:
            values = in_order(kb, kind, mine.sets[kind] & theirs.sets[kind], index.weight(kind))
            labels = [said.label(kb, kind, v) for v in values]
            text = shared(said, kind, len(labels)).format(items=said.join(labels))
            reasons.append(Reason(kind, values, text, round(parts[kind], 1)))
    if "place" in parts:
        same_country = other.country == me.country
        code = other.country if same_country else other.region
        name = i18n.country_name(code, said.lang) if same_country else i18n.region_name(code, said.lang)
        kind = "country" if same_country else "region"
        reasons.append(Reason(kind, (code,), shared(said, kind, 1).format(items=name), round(parts["place"], 1)))
    reasons.sort(key=lambda r: -r.points)
    reasons.append(Reason("distance", (f"{km:.1f}",), said._("{km} km apart").format(km=km_text(km, said.lang)),
                          round(parts["distance"], 1)))
    return reasons


def rarest_first(values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (-weight(v), v)))


def in_order(kb: KnowledgeBase, kind: str, values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    """Levels in taxonomy order (primary, secondary, tertiary); other values rarest first."""
    if kind == "levels":
        order = kb.taxonomy.levels.ids
        return tuple(sorted(values, key=order.index))
    return rarest_first(values, weight)
