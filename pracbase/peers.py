"""Peer cities and the study-visit planner, with their reasons in words.

**Peer score** (0–100) of a city B for a city A is a sum of points, each part explainable:

=============  ======  =====================================================================
part           points  how much of it B gets
=============  ======  =====================================================================
concerns       30      overlap of the risk landscapes (city concerns + concerns of practices)
themes         25      overlap of the themes of their practices
levels         10      overlap of the prevention levels of their practices
projects       15      overlap of their projects (partners or practices in them)
networks        5      overlap of their networks (Efus, Strong Cities)
place           5      same country: 5; else same UN M49 region: 2.5
distance       10      10 × 2^(−km / 400): 24 km → 9.6, 400 km → 5, 1,200 km → 1.25
=============  ======  =====================================================================

The overlap of two sets is ``Σ shared w(x) / √(Σ A w(x) · Σ B w(x))`` (1 when the sets are
equal, 0 when they share nothing; see :func:`pracbase.graph.overlap`) where a value's weight
``w(x) = log(1 + N / n(x))`` falls with the number ``n(x)`` of the ``N`` cities that have it:
sharing *extreme misogyny* says more than sharing *violent extremism (all ideologies)*, and
sharing a two-city project more than a twenty-city one. Every part that scores gives a
:class:`Reason` naming the shared values (rarest first), and the distance is always given.
Groups of unnamed cities (authority kind ``group``) are never proposed as peers or hosts.

**Study-visit planner.** Host cities are those with practices matching every filter given
(any of the themes, the level, the concern) within the radius; with ``from_city`` and no
filter, practices sharing a concern or theme with the visiting city. A practice scores 2 per
requested theme it covers (1 when no theme is asked), + 3 × the overlap of its concerns with
the visiting city's, + 2 × the overlap of its themes with the visiting city's when no theme
is asked, + 0.5 when its results are monitored or evaluated, − 0.5 for a short entry and
− 0.5 for work only planned (there is less to see). A host scores its best practice + ½ its
second + ⅓ its third…, + 3 × its peer score / 100 for the visiting city (so nearby,
like-minded cities win ties), and hosts are ranked by score.

**Route rule:** a visit of N days has at most ``2 × N`` stops (two a day), all within 300 km
of each other, so any order keeps every hop under 300 km. Each of the 20 best hosts anchors
a group that takes the next best hosts within reach of all its members; the group with the
best total score is the route, so three good hosts close together beat one isolated top
host. Stops are ordered nearest-neighbour from the starting point (``near``, else
``from_city``, else the best host), and the route is cut into ``min(days, stops)`` days at
its longest hops. Hosts left out are returned as ``others``. Languages are the country's
official languages from Babel's territory data, plus its regional official languages the
city record names itself in (Catalan for Catalonia).

All phrases shown to users are in :data:`_PHRASES`, keyed by language then message id, so
they can move to gettext catalogs as they are.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from babel.core import get_global
from babel.numbers import format_decimal

from pracbase import i18n
from pracbase.errors import NotFoundError, PracbaseError
from pracbase.graph import CityProfile, idf, overlap
from pracbase.models import City, Coordinates, Practice
from pracbase.taxonomy import TAXONOMY, Vocabulary

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

POINTS: dict[str, float] = {"concerns": 30.0, "themes": 25.0, "levels": 10.0, "projects": 15.0,
                            "networks": 5.0, "place": 5.0, "distance": 10.0}
"""Most points each part of the peer score can give (they add up to 100)."""

DISTANCE_HALF_KM = 400.0
"""The distance points halve every this many kilometres."""

SET_KINDS: tuple[str, ...] = ("concerns", "themes", "levels", "projects", "networks")
"""The parts of the peer score that compare two sets of values."""

STOPS_PER_DAY = 2
"""Most cities a delegation visits in one day."""

MAX_HOP_KM = 300.0
"""Every stop of one visit is at most this far from every other."""

DEFAULT_RADIUS_KM = 300.0
"""Radius around ``near`` when no radius is given."""

ROUTE_ANCHORS = 20
"""How many of the best hosts are tried as the anchor of the route."""

ROUTE_POOL = 200
"""How many of the best hosts a route is chosen from."""

PEER_BONUS = 3.0
"""Points a host gets for being a perfect peer (score 100) of the visiting city."""

EARTH_RADIUS_KM = 6371.0088

_REASON_ITEMS = 4
"""Most values named in one reason; the rest are counted ("and 2 more")."""

_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "concerns.one": "both face {items}", "concerns.many": "both face {items}",
        "themes.one": "both work on {items}", "themes.many": "both work on {items}",
        "levels.one": "both run {items}", "levels.many": "both run {items}",
        "projects.one": "both in the {items} project", "projects.many": "both in the {items} projects",
        "networks.one": "same network: {items}", "networks.many": "same networks: {items}",
        "country": "same country: {items}", "region": "same region: {items}",
        "distance": "{km} km apart",
        "and": "and", "list": "; ", "more.one": "1 more", "more.many": "{n} more",
        "visit.themes.one": "1 practice on {items}", "visit.themes.many": "{n} practices on {items}",
        "visit.practices.one": "1 matching practice", "visit.practices.many": "{n} matching practices",
        "visit.level": "level: {items}", "visit.concern": "addresses {items}",
        "visit.needs": "faces {items}, like {city}",
        "visit.needs_themes": "works on {items}, like {city}",
        "visit.projects": "in the {items} project with {city}",
        "visit.evaluated": "{items}: {title}",
        "visit.distance": "{km} km from {city}",
        "peers.title": "Cities like {place}", "peers.none": "No other city to compare with.",
        "score": "score {score}",
        "visit.title.one": "Study visit, 1 day", "visit.title.many": "Study visit, {n} days",
        "visit.for": "for {city}", "visit.near": "within {km} km of {city}", "visit.route": "route: {km} km",
        "visit.day": "Day {n}", "visit.hop": "{km} km from the previous stop",
        "visit.languages": "languages: {items}", "visit.others": "Also worth a visit (off the route)",
        "visit.none": "No host city matches: widen the radius or drop a filter.",
    },
    "fr": {
        "concerns.one": "préoccupation commune\u00a0: {items}",
        "concerns.many": "préoccupations communes\u00a0: {items}",
        "themes.one": "thème commun\u00a0: {items}", "themes.many": "thèmes communs\u00a0: {items}",
        "levels.one": "niveau de prévention commun\u00a0: {items}",
        "levels.many": "niveaux de prévention communs\u00a0: {items}",
        "projects.one": "projet commun\u00a0: {items}", "projects.many": "projets communs\u00a0: {items}",
        "networks.one": "réseau commun\u00a0: {items}", "networks.many": "réseaux communs\u00a0: {items}",
        "country": "même pays\u00a0: {items}", "region": "même région\u00a0: {items}",
        "distance": "distantes de {km}\u00a0km",
        "and": "et", "list": "\u202f; ", "more.one": "1 autre", "more.many": "{n} autres",
        "visit.themes.one": "1 pratique en lien avec\u00a0: {items}",
        "visit.themes.many": "{n} pratiques en lien avec\u00a0: {items}",
        "visit.practices.one": "1 pratique correspondante", "visit.practices.many": "{n} pratiques correspondantes",
        "visit.level": "niveau\u00a0: {items}", "visit.concern": "répond à\u00a0: {items}",
        "visit.needs": "mêmes préoccupations que {city}\u00a0: {items}",
        "visit.needs_themes": "mêmes thèmes que {city}\u00a0: {items}",
        "visit.projects": "projet commun avec {city}\u00a0: {items}",
        "visit.evaluated": "{items}\u00a0: {title}",
        "visit.distance": "à {km}\u00a0km de {city}",
        "peers.title": "Villes comparables à {place}",
        "peers.none": "Aucune autre ville à comparer.",
        "score": "score {score}",
        "visit.title.one": "Visite d'étude d'un jour", "visit.title.many": "Visite d'étude de {n} jours",
        "visit.for": "pour {city}", "visit.near": "à moins de {km}\u00a0km de {city}",
        "visit.route": "itinéraire\u00a0: {km}\u00a0km",
        "visit.day": "Jour {n}", "visit.hop": "à {km}\u00a0km de l'étape précédente",
        "visit.languages": "langues\u00a0: {items}", "visit.others": "À voir aussi (hors itinéraire)",
        "visit.none": "Aucune ville d'accueil ne correspond\u00a0: élargissez le rayon ou retirez un filtre.",
    },
}

_FACTOR: dict[str, str] = {"en": "last", "fr": "first"}
"""Which word a list of labels may share and name once: ``far-right and Islamist extremism``,
``prévention primaire et secondaire``."""

_KEEP_CASE = ("Islamist",)
"""English label words that keep their capital inside a sentence."""

_EVALUATED = ("monitored", "evaluated-internally", "evaluated-independently")


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
    lang: str = "en"

    def as_dict(self) -> dict[str, object]:
        """The peer as a JSON-ready mapping: ``id``, ``name``, ``score``, ``reasons`` (sentences)…"""
        return {"id": self.city.id, "name": self.city.heading_in(self.lang), "country": self.city.country,
                "score": self.score, "distance_km": self.distance_km, "reasons": [r.text for r in self.reasons],
                "details": [{"kind": r.kind, "values": list(r.values), "points": r.points} for r in self.reasons]}


@dataclass(frozen=True)
class VisitStop:
    """One host city of a study visit: the practices to see there and why it was chosen.

    ``day`` is None for hosts left off the route; ``hop_km`` is the distance from the previous
    stop; ``distance_km`` the distance from the centre of the search (``near``, else the
    visiting city), when there is one. ``languages`` are language codes, ``language_names``
    their names in the plan's language.
    """

    city: City
    rank: int
    score: float
    practices: list[Practice]
    reasons: list[Reason]
    languages: list[str]
    language_names: list[str]
    day: int | None = None
    hop_km: float | None = None
    distance_km: float | None = None
    lang: str = "en"

    def as_dict(self) -> dict[str, object]:
        """The stop as a JSON-ready mapping: ``city`` (id), ``name``, ``day``, ``practices`` (ids)…"""
        return {"city": self.city.id, "name": self.city.heading_in(self.lang), "country": self.city.country,
                "day": self.day, "rank": self.rank, "score": self.score,
                "practices": [p.id for p in self.practices], "reasons": [r.text for r in self.reasons],
                "languages": self.languages, "language_names": self.language_names,
                "hop_km": self.hop_km, "distance_km": self.distance_km}


@dataclass(frozen=True)
class VisitPlan:
    """A study visit: the route (stops by day), the other hosts, and what was asked."""

    stops: list[VisitStop]
    others: list[VisitStop]
    days: int
    themes: tuple[str, ...] = ()
    level: str | None = None
    concern: str | None = None
    from_city: City | None = None
    near: City | None = None
    radius_km: float | None = None
    lang: str = "en"
    route_km: float = field(default=0.0)

    def as_list(self) -> list[dict[str, object]]:
        """Every stop as JSON-ready mappings: the route by day, then the other hosts (``day`` null)."""
        return [stop.as_dict() for stop in (*self.stops, *self.others)]


# --- geometry -----------------------------------------------------------------------------


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance between two points, in kilometres (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --- the peer index: computed once per knowledge base ----------------------------------------


@dataclass(frozen=True)
class _Entry:
    profile: CityProfile
    sets: dict[str, frozenset[str]]
    norms: dict[str, float]


@dataclass(frozen=True)
class _Index:
    entries: dict[str, _Entry]
    weights: dict[str, dict[str, float]]

    def weight(self, kind: str) -> Callable[[str], float]:
        table = self.weights[kind]
        return lambda value: table.get(value, 1.0)


_INDEXES: weakref.WeakKeyDictionary[KnowledgeBase, _Index] = weakref.WeakKeyDictionary()


def _index(kb: KnowledgeBase) -> _Index:
    """Each city's sets of values and their weights, computed once per knowledge base."""
    found = _INDEXES.get(kb)
    if found is None:
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
            entries[city_id] = _Entry(profile, sets, norms)
        found = _INDEXES[kb] = _Index(entries, weights)
    return found


# --- peers --------------------------------------------------------------------------------


def peers(kb: KnowledgeBase, city: str, top: int = 5, lang: str = "en") -> list[Peer]:
    """The ``top`` cities most like ``city`` (an id or a name in any language), best first."""
    lang = _check_lang(lang)
    me = kb.city(city)
    index = _index(kb)
    mine = index.entries[me.id]
    scored: list[tuple[float, str, dict[str, float], float]] = []
    for other_id, theirs in index.entries.items():
        if other_id == me.id or theirs.profile.city.kind == "group":
            continue
        parts, km = _peer_parts(index, mine, theirs)
        scored.append((sum(parts.values()), other_id, parts, km))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [Peer(index.entries[other_id].profile.city, round(score, 1),
                 _peer_reasons(kb, index, me, index.entries[other_id].profile.city, parts, km, lang),
                 round(km, 1), lang)
            for score, other_id, parts, km in scored[:max(top, 0)]]


def _peer_parts(index: _Index, mine: _Entry, theirs: _Entry) -> tuple[dict[str, float], float]:
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


def _peer_reasons(kb: KnowledgeBase, index: _Index, me: City, other: City, parts: dict[str, float],
                  km: float, lang: str) -> list[Reason]:
    mine, theirs = index.entries[me.id], index.entries[other.id]
    reasons: list[Reason] = []
    for kind in SET_KINDS:
        if kind in parts:
            values = _in_order(kb, kind, mine.sets[kind] & theirs.sets[kind], index.weight(kind))
            labels = [_label(kb, kind, v, lang) for v in values]
            reasons.append(Reason(kind, values, _say(lang, kind, labels), round(parts[kind], 1)))
    if "place" in parts:
        same_country = other.country == me.country
        code = other.country if same_country else other.region
        name = i18n.country_name(code, lang) if same_country else i18n.region_name(code, lang)
        kind = "country" if same_country else "region"
        reasons.append(Reason(kind, (code,), _phrase(lang, kind).format(items=name), round(parts["place"], 1)))
    reasons.sort(key=lambda r: -r.points)
    reasons.append(Reason("distance", (f"{km:.1f}",), _phrase(lang, "distance").format(km=_km(km, lang)),
                          round(parts["distance"], 1)))
    return reasons


# --- the study-visit planner ----------------------------------------------------------------


def plan_visit(kb: KnowledgeBase, from_city: str | None = None, themes: Sequence[str] = (),
               level: str | None = None, concern: str | None = None, near: str | None = None,
               radius_km: float | None = None, days: int = 3, lang: str = "en",
               alternatives: int = 5) -> VisitPlan:
    """A study visit for a delegation: host cities ranked for its needs, grouped into a route.

    Themes, levels and concerns are ids or labels in any language. See the module docstring
    for the scores and the route rule; ``alternatives`` caps the hosts left off the route that
    are returned. Unknown cities, themes, levels or concerns raise :class:`NotFoundError`
    with the closest matches.
    """
    lang = _check_lang(lang)
    visitor = kb.city(from_city) if from_city else None
    near_city = kb.city(near) if near else None
    wanted = tuple(dict.fromkeys(_term(kb.taxonomy.themes, t) for t in themes))
    level = _term(kb.taxonomy.levels, level) if level else None
    concern = _term(kb.taxonomy.concerns, concern) if concern else None
    if days < 1:
        raise PracbaseError(f"a visit lasts at least one day (got {days})")
    if radius_km is not None and radius_km <= 0:
        raise PracbaseError(f"the radius must be more than 0 km (got {radius_km:g})")
    if radius_km is not None and near_city is None and visitor is None:
        raise PracbaseError("a radius needs a centre: give --near CITY (or --from CITY)")
    centre = near_city or (visitor if radius_km is not None else None)
    if centre is not None and radius_km is None:
        radius_km = DEFAULT_RADIUS_KM

    index = _index(kb)
    needs = index.entries[visitor.id] if visitor else None
    filtered = bool(wanted or level or concern)

    def practice_score(p: Practice) -> float | None:
        if (wanted and not set(wanted) & set(p.themes)) or (level and level not in p.levels) \
                or (concern and concern not in p.concerns):
            return None
        score = 2.0 * len(set(wanted) & set(p.themes)) if wanted else 1.0
        if needs is not None:
            if not filtered and not (needs.sets["concerns"] & set(p.concerns) or needs.sets["themes"] & set(p.themes)):
                return None
            score += 3.0 * overlap(needs.sets["concerns"], p.concerns, index.weight("concerns"))
            if not wanted:
                score += 2.0 * overlap(needs.sets["themes"], p.themes, index.weight("themes"))
        if p.evaluation.level in _EVALUATED:
            score += 0.5
        if p.short_entry:
            score -= 0.5
        if p.status == "planned":
            score -= 0.5
        return score

    by_city: dict[str, list[tuple[float, Practice]]] = {}
    for practice in kb.practices.values():
        score = practice_score(practice)
        if score is None:
            continue
        for city_id in practice.cities:
            city = kb.cities[city_id]
            if city.kind == "group" or (visitor and city_id == visitor.id):
                continue
            if centre is not None and radius_km is not None \
                    and distance_km(centre.coordinates, city.coordinates) > radius_km:
                continue
            by_city.setdefault(city_id, []).append((score, practice))

    hosts: list[tuple[float, City, list[Practice]]] = []
    for city_id, found in by_city.items():
        found.sort(key=lambda sp: (-sp[0], sp[1].id))
        score = sum(s / (i + 1) for i, (s, _) in enumerate(found))
        if needs is not None:
            score += PEER_BONUS * sum(_peer_parts(index, needs, index.entries[city_id])[0].values()) / 100
        hosts.append((round(score, 2), kb.cities[city_id], [p for _, p in found]))
    hosts.sort(key=lambda h: (-h[0], h[1].id))

    chosen = _best_group([(score, city) for score, city, _ in hosts], STOPS_PER_DAY * days)
    route = _nearest_neighbour(chosen, centre or visitor or (chosen[0] if chosen else None))
    hops = [distance_km(a.coordinates, b.coordinates) for a, b in itertools.pairwise(route)]
    day_of = _split_days(len(route), hops, days)
    found_for = {city.id: (rank, score, practices) for rank, (score, city, practices) in enumerate(hosts, 1)}
    reference = centre or visitor

    def stop(city: City, day: int | None, hop: float | None) -> VisitStop:
        rank, score, practices = found_for[city.id]
        codes = languages_of(city)
        return VisitStop(
            city=city, rank=rank, score=score, practices=practices,
            reasons=_stop_reasons(kb, city, practices, wanted, level, concern, visitor, reference, lang),
            languages=codes, language_names=[i18n.language_name(c, lang) for c in codes], day=day,
            hop_km=None if hop is None else round(hop, 1),
            distance_km=round(distance_km(reference.coordinates, city.coordinates), 1) if reference else None,
            lang=lang)

    stops = [stop(city, day_of[i], hops[i - 1] if i else None) for i, city in enumerate(route)]
    on_route = {city.id for city in route}
    left = [city for _, city, _ in hosts if city.id not in on_route][:max(alternatives, 0)]
    others = [stop(city, None, None) for city in left]
    return VisitPlan(stops=stops, others=others, days=days, themes=wanted, level=level, concern=concern,
                     from_city=visitor, near=near_city, radius_km=radius_km, lang=lang,
                     route_km=round(sum(hops), 1))


def _best_group(hosts: list[tuple[float, City]], size: int) -> list[City]:
    """The group of at most ``size`` hosts within :data:`MAX_HOP_KM` of each other with the best
    total score. Each of the :data:`ROUTE_ANCHORS` best hosts anchors a group that takes the next
    best hosts within reach of all its members; the best group wins (the better anchor on a tie).
    """
    best: tuple[float, list[City]] = (-1.0, [])
    pool = hosts[:ROUTE_POOL]
    for anchor in range(min(len(pool), ROUTE_ANCHORS)):
        group = [pool[anchor]]
        for candidate in pool:
            if len(group) == size:
                break
            if candidate is not pool[anchor] and all(
                    distance_km(candidate[1].coordinates, member[1].coordinates) <= MAX_HOP_KM for member in group):
                group.append(candidate)
        total = sum(score for score, _ in group)
        if total > best[0] + 1e-9:
            best = (total, [city for _, city in sorted(group, key=lambda sc: (-sc[0], sc[1].id))])
    return best[1]


def _split_days(n: int, hops: list[float], days: int) -> list[int]:
    """The day of each of ``n`` stops: the route is cut at its longest hops into ``min(days, n)``
    days of at most :data:`STOPS_PER_DAY` stops (``hops[i]`` is the hop from stop ``i`` to ``i + 1``).
    """
    if n <= 1:
        return [1] * n
    k = min(days, n)
    # best[i][j]: most kilometres cut when the first i stops make j days (dynamic programming)
    best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
    for i in range(1, n + 1):
        for j in range(1, k + 1):
            options = []
            for size in range(1, STOPS_PER_DAY + 1):
                prev = best.get((i - size, j - 1))
                if prev is not None:
                    cut = hops[i - size - 1] if i - size > 0 else 0.0
                    options.append((prev[0] + cut, [*prev[1], size]))
            if options:
                best[(i, j)] = max(options, key=lambda o: (o[0], o[1]))
    sizes = best[(n, k)][1]
    return [day for day, size in enumerate(sizes, 1) for _ in range(size)]


def _nearest_neighbour(cities: list[City], start: City | None) -> list[City]:
    """The cities in nearest-neighbour order from ``start``."""
    left, route = list(cities), []
    here = start.coordinates if start else None
    while left:
        nxt = min(left, key=lambda c: (distance_km(here, c.coordinates) if here else 0.0, c.id))
        route.append(nxt)
        left.remove(nxt)
        here = nxt.coordinates
    return route


def _stop_reasons(kb: KnowledgeBase, city: City, practices: list[Practice], wanted: tuple[str, ...],
                  level: str | None, concern: str | None, visitor: City | None, reference: City | None,
                  lang: str) -> list[Reason]:
    n = len(practices)
    reasons: list[Reason] = []
    if wanted:
        covered = tuple(t for t in wanted if any(t in p.themes for p in practices))
        text = _phrase(lang, "visit.themes", n).format(n=n, items=_join([_label(kb, "themes", t, lang)
                                                                          for t in covered], lang))
        reasons.append(Reason("themes", covered, text))
    else:
        reasons.append(Reason("practices", tuple(p.id for p in practices),
                              _phrase(lang, "visit.practices", n).format(n=n)))
    if level:
        reasons.append(Reason("levels", (level,),
                              _phrase(lang, "visit.level").format(items=_label(kb, "levels", level, lang))))
    if concern:
        reasons.append(Reason("concerns", (concern,),
                              _phrase(lang, "visit.concern").format(items=_label(kb, "concerns", concern, lang))))
    if visitor is not None:
        index = _index(kb)
        name = visitor.heading_in(lang)
        shared = index.entries[visitor.id].sets["concerns"] & {c for p in practices for c in p.concerns}
        if shared:
            values = _rarest_first(shared, index.weight("concerns"))
            reasons.append(Reason("needs", values, _phrase(lang, "visit.needs").format(
                items=_join([_label(kb, "concerns", v, lang) for v in values], lang), city=name)))
        if not wanted:
            shared = index.entries[visitor.id].sets["themes"] & {t for p in practices for t in p.themes}
            if shared:
                values = _rarest_first(shared, index.weight("themes"))
                reasons.append(Reason("needs_themes", values, _phrase(lang, "visit.needs_themes").format(
                    items=_join([_label(kb, "themes", v, lang) for v in values], lang), city=name)))
        projects = index.entries[visitor.id].sets["projects"] & index.entries[city.id].sets["projects"]
        if projects:
            values = _rarest_first(projects, index.weight("projects"))
            reasons.append(Reason("projects", values, _phrase(lang, "visit.projects").format(
                items=_join([_label(kb, "projects", v, lang) for v in values], lang), city=name)))
    best = max(practices, key=lambda p: _EVALUATED.index(p.evaluation.level) if p.evaluation.level in _EVALUATED
               else -1)
    if best.evaluation.level in _EVALUATED:
        label = kb.taxonomy.evidence_levels[best.evaluation.level].label_in(lang)
        reasons.append(Reason("evaluation", (best.id,), _phrase(lang, "visit.evaluated").format(
            items=label, title=best.heading_in(lang))))
    if reference is not None and reference.id != city.id:
        km = distance_km(reference.coordinates, city.coordinates)
        reasons.append(Reason("distance", (f"{km:.1f}",), _phrase(lang, "visit.distance").format(
            km=_km(km, lang), city=reference.heading_in(lang))))
    return reasons


def languages_of(city: City) -> list[str]:
    """Languages spoken officially where ``city`` is, most spoken first (Babel's territory data).

    The country's official languages, plus its regional official languages that the city
    record names itself in (``ca`` for Catalonia).
    """
    spoken = get_global("territory_languages").get(city.country, {})
    named = set(city.names.languages)
    found = [(info.get("population_percent") or 0.0, code) for code, info in spoken.items()
             if "_" not in code and (info.get("official_status") in ("official", "de_facto_official")
                                     or (info.get("official_status") == "official_regional" and code in named))]
    return [code for _, code in sorted(found, key=lambda pc: (-pc[0], pc[1]))]


# --- plain-text reports ---------------------------------------------------------------------


def describe_peers(city: City, found: list[Peer], lang: str = "en") -> str:
    """The peers of ``city`` as plain text for the terminal, in ``lang``."""
    lang = _check_lang(lang)
    lines = [_phrase(lang, "peers.title").format(place=_place(city, lang)), ""]
    if not found:
        lines.append(_phrase(lang, "peers.none"))
    for rank, peer in enumerate(found, 1):
        lines.append(f"{rank:2d}. {_place(peer.city, lang)}"
                     f" · {_phrase(lang, 'score').format(score=_number(peer.score, lang))}")
        lines += [f"    - {reason.text}" for reason in peer.reasons]
    return "\n".join(lines)


def describe_plan(kb: KnowledgeBase, plan: VisitPlan) -> str:
    """A visit plan as plain text for the terminal: the route day by day, then the other hosts."""
    lang = plan.lang
    title = _phrase(lang, "visit.title", plan.days).format(n=plan.days)
    criteria = [_label(kb, "themes", t, lang) for t in plan.themes]
    criteria += [_label(kb, "levels", plan.level, lang)] if plan.level else []
    criteria += [_label(kb, "concerns", plan.concern, lang)] if plan.concern else []
    centre = plan.near or (plan.from_city if plan.radius_km is not None else None)
    if centre is not None and plan.radius_km is not None:
        criteria.append(_phrase(lang, "visit.near").format(km=_km(plan.radius_km, lang),
                                                           city=centre.heading_in(lang)))
    if plan.from_city is not None:
        criteria.append(_phrase(lang, "visit.for").format(city=plan.from_city.heading_in(lang)))
    if plan.stops:
        criteria.append(_phrase(lang, "visit.route").format(km=_km(plan.route_km, lang)))
    lines = [title + (" · " + " · ".join(criteria) if criteria else "")]
    if not plan.stops:
        return "\n".join([*lines, "", _phrase(lang, "visit.none")])
    day = None
    for stop in plan.stops:
        if stop.day != day:
            day = stop.day
            lines += ["", _phrase(lang, "visit.day").format(n=day)]
        lines += _describe_stop(stop, lang)
    if plan.others:
        lines += ["", _phrase(lang, "visit.others")]
        for stop in plan.others:
            lines += _describe_stop(stop, lang)
    return "\n".join(lines)


def _when(practice: Practice, lang: str) -> str:
    """`` · Completed, 2017–2019``: the practice's status and years, when known."""
    parts = []
    if practice.status != "unknown":
        parts.append(TAXONOMY.statuses[practice.status].label_in(lang))
    start, end = practice.period.start, practice.period.end
    if start or end:
        parts.append(f"{start or '…'}–{end or '…'}" if start != end else str(start))
    return " · " + ", ".join(parts) if parts else ""


def _place(city: City, lang: str) -> str:
    """``Mechelen (Belgium)``; the name alone when it already says the country."""
    name, country = city.heading_in(lang), i18n.country_name(city.country, lang)
    return name if country in name else f"{name} ({country})"


def _describe_stop(stop: VisitStop, lang: str) -> list[str]:
    head = f"  {_place(stop.city, lang)}"
    details = [_phrase(lang, "visit.languages").format(items=", ".join(stop.language_names))]
    if stop.hop_km is not None:
        details.append(_phrase(lang, "visit.hop").format(km=_km(stop.hop_km, lang)))
    lines = [head + " · " + " · ".join(details)]
    lines += [f"    * {p.heading_in(lang)} [{p.id}]{_when(p, lang)}" for p in stop.practices]
    lines += [f"    - {reason.text}" for reason in stop.reasons]
    return lines


# --- words ------------------------------------------------------------------------------------


def _check_lang(lang: str) -> str:
    if lang not in _PHRASES:
        raise NotFoundError("language", lang, sorted(_PHRASES))
    return lang


def _term(vocabulary: Vocabulary, value: str) -> str:
    """A taxonomy id from an id or a label in any language; NotFoundError with suggestions otherwise."""
    if value in vocabulary:
        return value
    folded = i18n.fold(value).strip()
    for term in vocabulary:
        if folded == term.id or any(i18n.fold(label) == folded for label in term.label.values()):
            return term.id
    close = [t.id for t in vocabulary if folded and (folded in t.id or
                                                     any(folded in i18n.fold(label) for label in t.label.values()))]
    raise NotFoundError(vocabulary.name, value, list(dict.fromkeys(close + vocabulary.suggest(folded)))[:3])


def _phrase(lang: str, key: str, count: int | None = None) -> str:
    table = _PHRASES[lang]
    if count is not None or f"{key}.one" in table:
        return table[f"{key}.one" if count == 1 else f"{key}.many"]
    return table[key]


def _say(lang: str, kind: str, labels: list[str]) -> str:
    return _phrase(lang, kind, len(labels)).format(items=_join(labels, lang))


def _join(items: list[str], lang: str) -> str:
    """``a, b and c``; ``a; b; c`` when an item holds a comma; the tail counted past a few items.

    Labels that all share their last word (English) or first word (French) name it once:
    ``far-right and Islamist extremism``, ``prévention primaire et tertiaire``.
    """
    shown, rest = items[:_REASON_ITEMS], len(items) - _REASON_ITEMS
    word = _PHRASES[lang]["and"]
    if rest > 0:
        shown = [*shown, _phrase(lang, "more", rest).format(n=rest)]
    if len(shown) == 1:
        return shown[0]
    if any("," in item or f" {word} " in item for item in shown):
        return _PHRASES[lang]["list"].join(shown)
    words = [item.split(" ") for item in shown]
    side = _FACTOR.get(lang) if rest <= 0 and all(len(w) > 1 for w in words) else None
    if side == "last" and len({w[-1] for w in words}) == 1:
        return _join_plain([" ".join(w[:-1]) for w in words], word) + " " + words[0][-1]
    if side == "first" and len({w[0] for w in words}) == 1:
        return words[0][0] + " " + _join_plain([" ".join(w[1:]) for w in words], word)
    return _join_plain(shown, word)


def _join_plain(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _label(kb: KnowledgeBase, kind: str, value: str, lang: str) -> str:
    """A value's name inside a sentence: taxonomy label in lower case, project acronym, network label."""
    if kind == "projects":
        return kb.projects[value].acronym if value in kb.projects else value
    vocabulary = kb.taxonomy.vocabularies[kind]
    label = vocabulary[value].label_in(lang) if value in vocabulary else value
    if kind == "networks":
        return label
    first = label.split(" ", 1)[0]
    if first in _KEEP_CASE or sum(c.isupper() for c in first) > 1:
        return label
    return label[:1].lower() + label[1:]


def _rarest_first(values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (-weight(v), v)))


def _in_order(kb: KnowledgeBase, kind: str, values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    """Levels in taxonomy order (primary, secondary, tertiary); other values rarest first."""
    if kind == "levels":
        order = kb.taxonomy.levels.ids
        return tuple(sorted(values, key=order.index))
    return _rarest_first(values, weight)


def _km(km: float, lang: str) -> str:
    return format_decimal(round(km), locale=lang)


def _number(value: float, lang: str) -> str:
    return format_decimal(value, format="#,##0.0", locale=lang)
