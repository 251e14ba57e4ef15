"""Peer cities: the cities a study-visit organiser would compare a city with, and why.

**Peer score** (0–100) of a city B for a city A: what the records say the two have in
common (*evidence*), plus where they are (*context*), scaled when they are not the same kind
of authority::

    score = scale × (evidence + context), at most 100

**Evidence** counts the values A and B share by how much each distinguishes. A value held
by ``n`` of the ``N`` cities that have a value of its kind (concerns, themes…) is worth
``log(N / n)`` (its information): a concern four cities face says much, one half of them
face says little. A value held by more than a third of them, and by more than two
(:data:`PRINTED_SHARE`: *violent extremism (all ideologies)*, *primary prevention*),
distinguishes nobody: it is worth nothing and is never printed as a reason. A practice or
project of ``n`` cities links each to ``n − 1`` others: it is worth ``10 / (n − 1)`` to two
of them (:data:`LINK_INFORMATION`), and only the most specific one they share counts. Each
kind counts with a weight (:data:`KIND_WEIGHTS`): concerns most, then themes, target groups,
networks, levels and the kind of authority. Summed, this information ``I`` gives
``70 × (1 − e^(−I / 8))`` points (:data:`EVIDENCE_POINTS`, :data:`EVIDENCE_SCALE`), times the
reach (:data:`REACH_HALF_KM`): it grows with the amount of shared evidence and never reaches
70, so a thinly described city, which can share little, gets a low score however well its
few values match.

**Context** carries the weight where profiles are thin: up to 15 points for proximity
(halved every 500 km), 15 for the same country, or 5 for the same UN M49 region, 5 more for
a national framework of the country in the knowledge base (same country, same framework),
and 5 for an official language in common across a border (Babel's territory data, see
:func:`pracbase.geo.languages_of`). Context alone (at most 35) stays under :data:`SOLID_SCORE`.

**Like with like** (:data:`TIERS`): cities, municipalities and districts are compared with
each other; metropolitan areas; counties, regions and states; associations of local
authorities. One step apart (a town and a metropolitan area) scales the score by 0.6,
further apart by 0.35, unless the records put the two side by side (a practice or project
in common). Groups of unnamed cities (authority kind ``group``) are never proposed.

**Honesty.** A peer scoring :data:`SOLID_SCORE` or more has real evidence in common; when
fewer than :data:`SOLID_PEERS` peers do, :func:`few_comparable` is true and the city page
and the command line say that the knowledge base holds few comparable cities, rather than
presenting a confident list. Every part that scores gives a :class:`Reason` naming its
values (rarest first); the distance is always given.

The same score ranks peers on city pages, in ``pracbase peers`` and in the study-visit
planner (:mod:`pracbase.visit` adds :func:`peer_score` to a host's score). Distances and
languages of places are :mod:`pracbase.geo`; the words of the reasons :mod:`pracbase.wording`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pracbase import i18n
from pracbase.geo import distance_km, km_text, languages_of, rounded_km
from pracbase.graph import CityProfile
from pracbase.i18n import DEFAULT_LANGUAGE
from pracbase.models import City
from pracbase.wording import Words, shared, words

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

KIND_WEIGHTS: dict[str, float] = {"practices": 1.0, "projects": 1.0, "transfers": 1.0, "lineage": 0.1,
                                  "concerns": 1.0, "themes": 0.7,
                                  "kind": 0.4, "target_groups": 0.5, "networks": 0.5, "levels": 0.5}
"""How much one unit of information of each kind of shared value counts as evidence. ``kind``
is the kind of authority: two states share a rare kind, two cities a common one (worth nothing).
A transfer (one city adapted the other's practice) counts like a practice in common; a shared
lineage (both adapted one outside model) counts a tenth of that: the two did not work together,
so it is a reason to compare them, not to rank them above a neighbour in the same project."""

SET_KINDS: tuple[str, ...] = tuple(KIND_WEIGHTS)
"""The kinds of values two cities may share."""

LINK_INFORMATION: dict[str, float] = {"practices": 10.0, "projects": 10.0, "transfers": 10.0, "lineage": 10.0}
"""Kinds where the records put cities side by side: a practice or project of ``n`` cities
links each to ``n − 1`` others, so it is worth ``LINK_INFORMATION / (n − 1)`` to each pair
(two partners of one project say more than two of twelve), and only the most specific one
two cities share counts. A *transfer* links the city of a practice with the city of a
practice adapted from it; a *lineage* the cities of practices adapted from one origin (a
practice, or an outside model such as Exit Sweden's methods)."""

LINEAGE_KINDS: tuple[str, ...] = ("transfers", "lineage")
"""Links of lineage: few cities have any, so a value's share is counted among all the cities,
not among those with a lineage (where one transfer would be held by all of them)."""

PRINTED_SHARE = 1 / 3
"""A value held by more than this share of the cities that have a value of its kind (and by
more than two: a pair is never common) is worth nothing and never printed as a reason: it
does not tell one city from another."""

EVIDENCE_POINTS = 70.0
"""What an infinite amount of shared evidence would give."""

EVIDENCE_SCALE = 8.0
"""The information that gives 63 % of :data:`EVIDENCE_POINTS` (1 − 1/e)."""

REACH_HALF_KM = 2000.0
"""Evidence counts ``½ + ½ × 2^(−km / REACH_HALF_KM)``: fully next door, ¾ at 2,000 km, half
on another continent. A delegation acts on what it can go and see."""

DISTANCE_POINTS = 15.0
DISTANCE_HALF_KM = 500.0
"""Proximity gives up to :data:`DISTANCE_POINTS`, halved every this many kilometres."""

COUNTRY_POINTS = 15.0
REGION_POINTS = 5.0
FRAMEWORK_POINTS = 5.0
LANGUAGE_POINTS = 5.0

TIERS: dict[str, str] = {"city": "local", "municipality": "local", "district": "local",
                         "metropolitan-area": "area", "county": "regional", "region": "regional", "state": "regional",
                         "association": "association"}
"""The scale of each kind of authority: peers are compared within one scale."""

_TIER_STEPS: dict[frozenset[str], float] = {frozenset({"local", "area"}): 0.6, frozenset({"area", "regional"}): 0.6}
OTHER_TIER_SCALE = 0.35
"""The scale of a score between authorities of different scales (:data:`_TIER_STEPS` for neighbours)."""

SOLID_SCORE = 40.0
"""From this score a peer shares real evidence (context alone gives at most 35)."""

SOLID_PEERS = 3
"""Fewer solid peers than this: the knowledge base holds few comparable cities."""


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a city is proposed: what kind of link, the values behind it, and a sentence.

    ``values`` are ids (concerns, themes, projects, practices…), a country, region or
    language code, a framework id, or the distance in km (as text) for ``kind == "distance"``;
    ``points`` is what it added to the score (before the scale of :data:`TIERS`).
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

    @property
    def solid(self) -> bool:
        """Whether the two share real evidence (a score of :data:`SOLID_SCORE` or more)."""
        return self.score >= SOLID_SCORE

    def as_dict(self) -> dict[str, object]:
        """The peer as a JSON-ready mapping: ``id``, ``name``, ``score``, ``reasons`` (sentences)…"""
        return {"id": self.city.id, "name": self.city.heading_in(self.lang), "country": self.city.country,
                "score": self.score, "solid": self.solid, "distance_km": self.distance_km,
                "reasons": [r.text for r in self.reasons],
                "details": [{"kind": r.kind, "values": list(r.values), "points": r.points} for r in self.reasons]}


def few_comparable(found: list[Peer]) -> bool:
    """Whether fewer than :data:`SOLID_PEERS` of ``found`` share real evidence with the city."""
    return sum(peer.solid for peer in found) < SOLID_PEERS


# --- the peer index: computed once per knowledge base ----------------------------------------


@dataclass(frozen=True)
class PeerEntry:
    """One city's profile, its sets of values per kind, languages and national frameworks."""

    profile: CityProfile
    sets: dict[str, frozenset[str]]
    languages: frozenset[str]
    frameworks: tuple[str, ...]


@dataclass(frozen=True)
class PeerIndex:
    """Every city's :class:`PeerEntry`, and per kind each value's share of the cities and
    worth as evidence (0 above :data:`PRINTED_SHARE`): ``kb.peer_index``."""

    entries: dict[str, PeerEntry]
    shares: dict[str, dict[str, float]]
    weights: dict[str, dict[str, float]]
    transfer_ends: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    """Each transfer (``origin>adopter`` practice ids) and its origin's and adopter's cities."""

    def common(self, kind: str, mine: PeerEntry, theirs: PeerEntry) -> set[str]:
        """The values of ``kind`` two cities share; a transfer only between its two ends."""
        common = set(mine.sets[kind] & theirs.sets[kind])
        if kind == "transfers":
            a, b = mine.profile.city.id, theirs.profile.city.id
            common = {v for v in common
                      if (a in self.transfer_ends[v][0] and b in self.transfer_ends[v][1])
                      or (b in self.transfer_ends[v][0] and a in self.transfer_ends[v][1])}
        return common

    def weight(self, kind: str) -> Callable[[str], float]:
        """A value's rarity, ``log(1 + N / n)``, never 0: to order values rarest first and to
        weigh the planner's overlaps."""
        table = self.shares[kind]
        return lambda value: math.log(1 + 1 / table[value]) if table.get(value) else math.log(2)


def build_index(kb: KnowledgeBase) -> PeerIndex:
    """Each city's sets of values, and each value's share and worth, from the graph's profiles."""
    entries: dict[str, PeerEntry] = {}
    ends = {f"{origin.id}>{adopter.id}": (frozenset(origin.cities), frozenset(adopter.cities))
            for origin, adopter in kb.graph.transfers()}
    derived = ("practices", "kind", "transfers", "lineage")
    for city_id, profile in kb.graph.profiles.items():
        city = profile.city
        sets = {kind: frozenset(getattr(profile, kind)) for kind in SET_KINDS if kind not in derived}
        practices = kb.practices_of_city(city_id)
        sets["practices"] = frozenset(p.id for p in practices)
        sets["kind"] = frozenset({city.kind})
        sets["lineage"] = frozenset(o.key for p in practices for o in p.adapted_from)
        sets["transfers"] = frozenset(t for t, (origins, adopters) in ends.items()
                                      if city_id in origins or city_id in adopters)
        entries[city_id] = PeerEntry(profile, sets, frozenset(languages_of(city)),
                                     tuple(f.id for f in kb.frameworks_of_country(city.country)))
    counted = [entry for entry in entries.values() if entry.profile.city.kind != "group"]
    shares: dict[str, dict[str, float]] = {}
    weights: dict[str, dict[str, float]] = {}
    for kind in SET_KINDS:
        having = [entry.sets[kind] for entry in counted if entry.sets[kind]]
        counts: dict[str, int] = {}
        for values in having:
            for value in values:
                counts[value] = counts.get(value, 0) + 1
        base = len(counted) if kind in LINEAGE_KINDS else len(having)
        shares[kind] = {value: n / base for value, n in counts.items()}
        weights[kind] = {value: (LINK_INFORMATION[kind] / max(counts[value] - 1, 1) if kind in LINK_INFORMATION
                                 else -math.log(share))
                         if share <= PRINTED_SHARE or counts[value] <= 2 else 0.0
                         for value, share in shares[kind].items()}
    return PeerIndex(entries, shares, weights, ends)


# --- peers --------------------------------------------------------------------------------


def peers(kb: KnowledgeBase, city: str, top: int = 5, lang: str = DEFAULT_LANGUAGE) -> list[Peer]:
    """The ``top`` cities most like ``city`` (an id or a name in any language), best first."""
    said = words(lang)
    me = kb.city(city)
    index = kb.peer_index
    mine = index.entries[me.id]
    scored: list[tuple[float, str, Score]] = []
    for other_id, theirs in index.entries.items():
        if other_id == me.id or theirs.profile.city.kind == "group":
            continue
        score = peer_parts(index, mine, theirs)
        scored.append((score.total, other_id, score))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [Peer(index.entries[other_id].profile.city, round(total, 1),
                 _peer_reasons(kb, index, mine, index.entries[other_id], score, said), rounded_km(score.km), lang)
            for total, other_id, score in scored[:max(top, 0)]]


@dataclass(frozen=True)
class Score:
    """The parts of one peer score: points per kind of evidence and of context, the scale
    for the kinds of authority, and the distance."""

    parts: dict[str, float]
    scale: float
    km: float

    @property
    def information(self) -> float:
        return sum(points for kind, points in self.parts.items() if kind in KIND_WEIGHTS)

    @property
    def evidence(self) -> float:
        reach = 0.5 + 0.5 * 2 ** (-self.km / REACH_HALF_KM)
        return reach * EVIDENCE_POINTS * (1 - math.exp(-self.information / EVIDENCE_SCALE))

    def points(self, kind: str) -> float:
        """What ``kind`` adds to the score, in points (evidence shared out by information)."""
        if kind in KIND_WEIGHTS:
            return self.evidence * self.parts[kind] / self.information
        return self.parts[kind]

    @property
    def total(self) -> float:
        context = sum(points for kind, points in self.parts.items() if kind not in KIND_WEIGHTS)
        return min(100.0, self.scale * (self.evidence + context))


def peer_parts(index: PeerIndex, mine: PeerEntry, theirs: PeerEntry) -> Score:
    """Every part of the peer score of ``theirs`` for ``mine`` (see the module docstring)."""
    me, other = mine.profile.city, theirs.profile.city
    parts: dict[str, float] = {}
    for kind, weight in KIND_WEIGHTS.items():
        values = [index.weights[kind][v] for v in index.common(kind, mine, theirs)]
        information = max(values, default=0.0) if kind in LINK_INFORMATION else sum(values)
        if information:
            parts[kind] = weight * information
    km = distance_km(me.coordinates, other.coordinates)
    parts["distance"] = DISTANCE_POINTS * 2 ** (-km / DISTANCE_HALF_KM)
    if other.country == me.country:
        parts["country"] = COUNTRY_POINTS
        if mine.frameworks:
            parts["framework"] = FRAMEWORK_POINTS
    else:
        if other.region == me.region:
            parts["region"] = REGION_POINTS
        if mine.languages & theirs.languages:
            parts["language"] = LANGUAGE_POINTS
    side_by_side = bool(mine.sets["practices"] & theirs.sets["practices"]
                        or mine.sets["projects"] & theirs.sets["projects"] or "transfers" in parts)
    return Score(parts, 1.0 if side_by_side else tier_scale(me, other), km)


def peer_score(index: PeerIndex, mine: PeerEntry, theirs: PeerEntry) -> float:
    """The peer score (0–100) of ``theirs`` for ``mine``: the one the planner adds to hosts."""
    return peer_parts(index, mine, theirs).total


def tier_scale(a: City, b: City) -> float:
    """1 for two authorities of one scale (:data:`TIERS`), less the further apart they are."""
    tiers = frozenset({TIERS.get(a.kind, "local"), TIERS.get(b.kind, "local")})
    if len(tiers) == 1:
        return 1.0
    return _TIER_STEPS.get(tiers, OTHER_TIER_SCALE)


def _peer_reasons(kb: KnowledgeBase, index: PeerIndex, mine: PeerEntry, theirs: PeerEntry, score: Score,
                  said: Words) -> list[Reason]:
    other = theirs.profile.city
    reasons: list[Reason] = []
    for kind in SET_KINDS:
        if kind in score.parts:
            common = [v for v in index.common(kind, mine, theirs) if index.weights[kind][v]]
            values = in_order(kb, kind, common, index.weight(kind))
            labels = [_label(kb, kind, v, said) for v in values]
            text = shared(said, kind, len(labels)).format(items=said.join(labels))
            reasons.append(Reason(kind, values, text, round(score.points(kind), 1)))
    if "country" in score.parts:
        name = i18n.country_name(other.country, said.lang)
        reasons.append(Reason("country", (other.country,), shared(said, "country", 1).format(items=name),
                              score.parts["country"]))
    if "framework" in score.parts:
        titles = [kb.frameworks[f].title.get(said.lang, kb.frameworks[f].original_language).text
                  for f in mine.frameworks]
        reasons.append(Reason("framework", mine.frameworks,
                              shared(said, "framework", len(titles)).format(items=said.join(titles)),
                              score.parts["framework"]))
    if "region" in score.parts:
        name = i18n.region_name(other.region, said.lang)
        reasons.append(Reason("region", (other.region,), shared(said, "region", 1).format(items=name),
                              score.parts["region"]))
    if "language" in score.parts:
        codes = tuple(sorted(mine.languages & theirs.languages))
        names = [i18n.language_name(code, said.lang) for code in codes]
        reasons.append(Reason("language", codes, shared(said, "language", len(names)).format(items=said.join(names)),
                              score.parts["language"]))
    reasons.sort(key=lambda r: -r.points)
    reasons.append(Reason("distance", (f"{score.km:.1f}",),
                          said._("{km} km apart").format(km=km_text(score.km, said.lang)),
                          round(score.parts["distance"], 1)))
    return reasons


def _label(kb: KnowledgeBase, kind: str, value: str, said: Words) -> str:
    if kind == "practices":
        return _title(kb, value, said)
    if kind == "transfers":
        origin, adopter = value.split(">")
        return said._("{origin} to {adopter}").format(origin=_title(kb, origin, said),
                                                      adopter=_title(kb, adopter, said))
    if kind == "lineage":
        return lineage_label(kb, value, said.lang)
    return said.label(kb, "authority_kinds" if kind == "kind" else kind, value)


def _title(kb: KnowledgeBase, practice_id: str, said: Words) -> str:
    practice = kb.practices[practice_id]
    return "“" + practice.title.get(said.lang, practice.original_language).text + "”"


def lineage_label(kb: KnowledgeBase, key: str, lang: str) -> str:
    """The name of an origin (a :attr:`~pracbase.models.Lineage.key`) in ``lang``: the title of a
    practice in quotes, or the first name given for an outside model's method."""
    kind, _, value = key.partition(":")
    if kind == "practice":
        practice = kb.practices[value]
        return "“" + practice.title.get(lang, practice.original_language).text + "”"
    for practice in kb.practices.values():
        for origin in practice.adapted_from:
            if origin.key == key and origin.method is not None:
                return origin.method.get(lang, practice.original_language).text
    return value


def rarest_first(values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (-weight(v), v)))


def in_order(kb: KnowledgeBase, kind: str, values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    """Levels in taxonomy order (primary, secondary, tertiary); other values rarest first."""
    if kind == "levels":
        order = kb.taxonomy.levels.ids
        return tuple(sorted(values, key=order.index))
    return rarest_first(values, weight)
