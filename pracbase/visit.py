"""The study-visit planner: host cities for a delegation's needs, grouped into a route.

Host cities are those with practices matching every filter given (any of the themes, the
level, any of the concerns), within the radius and the region if given; with ``from_city``
and no filter, practices sharing a concern or theme with the visiting city. A practice scores 2 per
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
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pracbase import i18n
from pracbase.errors import InvalidArgument
from pracbase.facets import facet
from pracbase.geo import EARTH_RADIUS_KM, distance_km, km_text, languages_of, rounded_km
from pracbase.graph import overlap
from pracbase.i18n import DEFAULT_LANGUAGE
from pracbase.models import City, Practice
from pracbase.peers import Reason, peer_score, rarest_first
from pracbase.wording import Words, words

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

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

PRACTICE_POINTS: dict[str, float] = {"theme": 2.0, "unfiltered": 1.0, "shared_concerns": 3.0, "shared_themes": 2.0,
                                     "evaluated": 0.5, "short_entry": -0.5, "planned": -0.5}
"""A practice's score: per requested theme it covers (``unfiltered`` when no theme is asked), × the
overlap of its concerns (and, with no theme asked, its themes) with the visiting city's, and
what is added for evaluated results, a short entry and work only planned."""

_EVALUATED = ("monitored", "evaluated-internally", "evaluated-independently")


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
    lang: str = DEFAULT_LANGUAGE

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
    concerns: tuple[str, ...] = ()
    from_city: City | None = None
    near: City | None = None
    radius_km: float | None = None
    lang: str = DEFAULT_LANGUAGE
    route_km: float = field(default=0.0)
    region: str | None = None

    def as_list(self) -> list[dict[str, object]]:
        """Every stop as JSON-ready mappings: the route by day, then the other hosts (``day`` null)."""
        return [stop.as_dict() for stop in (*self.stops, *self.others)]


# --- the study-visit planner ----------------------------------------------------------------


@dataclass(frozen=True)
class VisitRequest:
    """What a delegation asks of a study visit.

    ``themes`` (any of them), ``level`` and ``concerns`` (any of them) filter the practices
    (ids or labels in any language; one theme or concern may be given as a string);
    ``from_city`` is the visiting city, whose concerns and themes guide the choice; ``near``
    and ``radius_km``, and ``region`` (a UN M49 region: code or name in any language), bound
    where the hosts are; ``alternatives`` caps the hosts left off the route that are returned.
    """

    from_city: str | None = None
    themes: str | Sequence[str] = ()
    level: str | None = None
    concerns: str | Sequence[str] = ()
    near: str | None = None
    radius_km: float | None = None
    days: int = 3
    lang: str = DEFAULT_LANGUAGE
    alternatives: int = 5
    region: str | None = None

    @property
    def theme_list(self) -> tuple[str, ...]:
        """The themes asked for, as a tuple (one theme given as a string is one theme)."""
        return (self.themes,) if isinstance(self.themes, str) else tuple(self.themes)

    @property
    def concern_list(self) -> tuple[str, ...]:
        """The concerns asked for, as a tuple (one concern given as a string is one concern)."""
        return (self.concerns,) if isinstance(self.concerns, str) else tuple(self.concerns)


def plan_visit(kb: KnowledgeBase, request: VisitRequest) -> VisitPlan:
    """A study visit for a delegation: host cities ranked for its needs, grouped into a route.

    See the module docstring for the scores and the route rule. Unknown cities, themes,
    levels or concerns raise :class:`NotFoundError` with the closest matches; a bad day
    count or radius :class:`InvalidArgument`.
    """
    said = words(request.lang)
    lang = said.lang
    days, radius_km, alternatives = request.days, request.radius_km, request.alternatives
    visitor = kb.city(request.from_city) if request.from_city else None
    near_city = kb.city(request.near) if request.near else None
    wanted = tuple(dict.fromkeys(facet("themes").resolve(t) for t in request.theme_list))
    level = facet("levels").resolve(request.level) if request.level else None
    concerns = tuple(dict.fromkeys(facet("concerns").resolve(c) for c in request.concern_list))
    region = facet("regions").resolve(request.region) if request.region else None
    if days < 1:
        raise InvalidArgument(f"a visit lasts at least one day (got {days})")
    if radius_km is not None and radius_km <= 0:
        raise InvalidArgument(f"the radius must be more than 0 km (got {radius_km:g})")
    if radius_km is not None and near_city is None and visitor is None:
        raise InvalidArgument("a radius needs a centre: give the city to search around (near) or the visiting "
                              "city (from_city)")
    centre = near_city or (visitor if radius_km is not None else None)
    if centre is not None and radius_km is None:
        radius_km = DEFAULT_RADIUS_KM

    index = kb.peer_index
    needs = index.entries[visitor.id] if visitor else None
    filtered = bool(wanted or level or concerns)
    points = PRACTICE_POINTS

    def practice_score(p: Practice) -> float | None:
        if (wanted and not set(wanted) & set(p.themes)) or (level and level not in p.levels) \
                or (concerns and not set(concerns) & set(p.concerns)):
            return None
        score = points["theme"] * len(set(wanted) & set(p.themes)) if wanted else points["unfiltered"]
        if needs is not None:
            if not filtered and not (needs.sets["concerns"] & set(p.concerns) or needs.sets["themes"] & set(p.themes)):
                return None
            score += points["shared_concerns"] * overlap(needs.sets["concerns"], p.concerns, index.weight("concerns"))
            if not wanted:
                score += points["shared_themes"] * overlap(needs.sets["themes"], p.themes, index.weight("themes"))
        if p.evaluation.level in _EVALUATED:
            score += points["evaluated"]
        if p.short_entry:
            score += points["short_entry"]
        if p.status == "planned":
            score += points["planned"]
        return score

    by_city: dict[str, list[tuple[float, Practice]]] = {}
    for practice in kb.practices.values():
        score = practice_score(practice)
        if score is None:
            continue
        for city_id in practice.cities:
            city = kb.cities[city_id]
            if city.kind == "group" or (visitor and city_id == visitor.id) or (region and city.region != region):
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
            score += PEER_BONUS * peer_score(index, needs, index.entries[city_id]) / 100
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
            reasons=_stop_reasons(kb, city, practices, wanted, level, concerns, visitor, reference, said),
            languages=codes, language_names=[i18n.language_name(c, lang) for c in codes], day=day,
            hop_km=None if hop is None else rounded_km(hop),
            distance_km=round(distance_km(reference.coordinates, city.coordinates), 1) if reference else None,
            lang=lang)

    stops = [stop(city, day_of[i], hops[i - 1] if i else None) for i, city in enumerate(route)]
    on_route = {city.id for city in route}
    left = [city for _, city, _ in hosts if city.id not in on_route][:max(alternatives, 0)]
    others = [stop(city, None, None) for city in left]
    return VisitPlan(stops=stops, others=others, days=days, themes=wanted, level=level, concerns=concerns,
                     from_city=visitor, near=near_city, radius_km=radius_km, lang=lang,
                     route_km=rounded_km(sum(hops)), region=region)


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
                  level: str | None, concerns: tuple[str, ...], visitor: City | None, reference: City | None,
                  said: Words) -> list[Reason]:
    n, lang = len(practices), said.lang

    def labels(kind: str, values: Iterable[str]) -> str:
        return said.join([said.label(kb, kind, v) for v in values])

    reasons: list[Reason] = []
    if wanted:
        covered = tuple(t for t in wanted if any(t in p.themes for p in practices))
        text = said.ngettext("{n} practice on {items}", "{n} practices on {items}", n)
        reasons.append(Reason("themes", covered, text.format(n=n, items=labels("themes", covered))))
    else:
        text = said.ngettext("{n} matching practice", "{n} matching practices", n)
        reasons.append(Reason("practices", tuple(p.id for p in practices), text.format(n=n)))
    if level:
        reasons.append(Reason("levels", (level,), said._("level: {items}").format(items=labels("levels", [level]))))
    if concerns:
        addressed = tuple(c for c in concerns if any(c in p.concerns for p in practices))
        reasons.append(Reason("concerns", addressed,
                              said._("addresses {items}").format(items=labels("concerns", addressed))))
    if visitor is not None:
        index = kb.peer_index
        name = visitor.heading_in(lang)
        common = index.entries[visitor.id].sets["concerns"] & {c for p in practices for c in p.concerns}
        if common:
            values = rarest_first(common, index.weight("concerns"))
            reasons.append(Reason("needs", values, said._("faces {items}, like {city}").format(
                items=labels("concerns", values), city=name)))
        if not wanted:
            common = index.entries[visitor.id].sets["themes"] & {t for p in practices for t in p.themes}
            if common:
                values = rarest_first(common, index.weight("themes"))
                reasons.append(Reason("needs_themes", values, said._("works on {items}, like {city}").format(
                    items=labels("themes", values), city=name)))
        projects = index.entries[visitor.id].sets["projects"] & index.entries[city.id].sets["projects"]
        if projects:
            values = rarest_first(projects, index.weight("projects"))
            reasons.append(Reason("projects", values, said._("in the {items} project with {city}").format(
                items=labels("projects", values), city=name)))
    best = max(practices, key=lambda p: _EVALUATED.index(p.evaluation.level) if p.evaluation.level in _EVALUATED
               else -1)
    if best.evaluation.level in _EVALUATED:
        evidence = kb.taxonomy.evidence_levels[best.evaluation.level].label_in(lang)
        reasons.append(Reason("evaluation", (best.id,), said._("{items}: {title}").format(
            items=evidence, title=best.heading_in(lang))))
    if reference is not None and reference.id != city.id:
        km = distance_km(reference.coordinates, city.coordinates)
        reasons.append(Reason("distance", (f"{km:.1f}",), said._("{km} km from {city}").format(
            km=km_text(km, lang), city=reference.heading_in(lang))))
    return reasons


# --- the planner as data, for the site's planner (assets/planner.js) ------------------------


def algorithm_data(kb: KnowledgeBase) -> dict[str, Any]:
    """Everything the planner's ranking reads, as JSON-ready data: the site's planner
    (``pracbase/site/assets/planner.js``) runs :func:`plan_visit` on it in the browser.

    ``constants`` are this module's (route rule, :data:`PRACTICE_POINTS`…); ``weights`` each
    value's rarity per kind (``PeerIndex.weight``; ``default_weight`` for values not in the
    table); ``cities`` their coordinates, kind and sets of values; ``practices`` (in the
    knowledge base's order) what the score reads; ``peers`` the peer score of every host
    city for every visiting city. Numbers are Python's floats, so the browser computes with
    the very same values; the parity test (tests/test_planner.py) runs both on random requests.
    """
    index = kb.peer_index
    kinds = ("concerns", "themes", "projects")
    hosts = sorted({c for p in kb.practices.values() for c in p.cities if kb.cities[c].kind != "group"})
    cities = []
    for city in kb.cities.values():
        entry = index.entries.get(city.id)
        sets = {kind: sorted(entry.sets[kind]) if entry else [] for kind in kinds}
        cities.append({"id": city.id, "lat": city.coordinates.lat, "lon": city.coordinates.lon, "kind": city.kind,
                       "country": city.country, "region": city.region, "languages": languages_of(city), **sets})
    practices = [{"id": p.id, "cities": list(p.cities), "themes": list(p.themes), "levels": list(p.levels),
                  "concerns": list(p.concerns),
                  "evaluation": _EVALUATED.index(p.evaluation.level) if p.evaluation.level in _EVALUATED else -1,
                  "short_entry": p.short_entry, "planned": p.status == "planned"}
                 for p in kb.practices.values()]
    peers = {visitor: {host: peer_score(index, index.entries[visitor], index.entries[host])
                       for host in hosts if host != visitor}
             for visitor in index.entries}
    weight_tables = {kind: {value: index.weight(kind)(value) for value in sorted(index.shares[kind])}
                     for kind in kinds}
    return {
        "constants": {"stops_per_day": STOPS_PER_DAY, "max_hop_km": MAX_HOP_KM,
                      "default_radius_km": DEFAULT_RADIUS_KM, "route_anchors": ROUTE_ANCHORS,
                      "route_pool": ROUTE_POOL, "peer_bonus": PEER_BONUS, "earth_radius_km": EARTH_RADIUS_KM,
                      "practice_points": PRACTICE_POINTS, "evaluated": list(_EVALUATED),
                      "alternatives": VisitRequest.alternatives},
        "weights": weight_tables,
        "default_weight": index.weight("concerns")("\0"),
        "cities": cities,
        "practices": practices,
        "peers": peers,
    }
