"""Links between records, computed once per knowledge base.

:class:`Graph` holds every index in memory (built in one pass over the records, never by
re-reading files): the neighbours of each record (practice ↔ cities ↔ projects ↔ country
frameworks, practice ↔ guides and their steps), the lineage of practices (a practice names
what it was *adapted from*; what it was *adapted by* is derived here, never written in a
record), the hubs (practices and cities per theme, level, concern, target group, region and
country), each city's profile, and the related practices of a practice.

**Related practices** are ranked by a weighted overlap of what two practices list. For
each kind of value (projects, cities, themes, concerns, target groups, levels) the overlap
is ``Σ shared w(x) / √(Σ first w(x) · Σ second w(x))`` (1.0 when both lists are the same,
0.0 when they share nothing), where a value's weight ``w(x) = log(1 + N / n(x))`` makes rare
values (a small project, a specific concern) count more than common ones (primary
prevention). The score is ``Σ RELATED_WEIGHTS[kind] · overlap(kind)`` divided by the sum of
the weights, so it lies between 0 and 1; ``shared`` says which values produced it.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pracbase.errors import InvalidArgument
from pracbase.facets import FACETS, hub_kinds
from pracbase.models import City, Framework, Guide, Practice, Project, Record, StepRef

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

PRACTICE_KINDS: tuple[str, ...] = ("projects", "cities", "themes", "concerns", "target_groups", "levels")
"""The fields of a practice that relate it to others, strongest first."""

RELATED_WEIGHTS: dict[str, float] = {"projects": 3.0, "cities": 2.0, "themes": 3.0, "concerns": 2.0,
                                     "target_groups": 1.5, "levels": 1.0}
"""How much each kind of shared value counts when relating two practices."""



@dataclass(frozen=True)
class Neighbours:
    """The records directly linked to one record."""

    practices: tuple[Practice, ...] = ()
    cities: tuple[City, ...] = ()
    projects: tuple[Project, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    guides: tuple[Guide, ...] = ()


@dataclass(frozen=True)
class Hub:
    """A taxonomy value, region or country, and the practices and cities under it."""

    kind: str
    value: str
    practices: tuple[Practice, ...]
    cities: tuple[City, ...]


@dataclass(frozen=True)
class CityProfile:
    """What a city is about: its risk landscape and the work of its practices, as sets of ids.

    ``concerns`` joins the city's own concerns and those of its practices; ``projects`` the
    projects it is a partner of or has a practice in.
    """

    city: City
    concerns: frozenset[str]
    themes: frozenset[str]
    levels: frozenset[str]
    target_groups: frozenset[str]
    projects: frozenset[str]
    networks: frozenset[str]


@dataclass(frozen=True)
class Related:
    """A practice related to another, its score (0–1) and the values the two share, per kind."""

    practice: Practice
    score: float
    shared: dict[str, tuple[str, ...]]


def idf(count: int, total: int) -> float:
    """The weight of a value held by ``count`` of ``total`` items: rarer values weigh more."""
    return math.log(1 + total / max(count, 1))


def overlap(first: Iterable[str], second: Iterable[str], weight: Callable[[str], float]) -> float:
    """Weighted overlap of two sets of values: 1.0 when equal, 0.0 when disjoint (a weighted cosine)."""
    a, b = set(first), set(second)
    shared = a & b
    if not shared:
        return 0.0
    return sum(weight(x) for x in shared) / math.sqrt(sum(weight(x) for x in a) * sum(weight(x) for x in b))


@dataclass(frozen=True, kw_only=True)
class Graph:
    """Indexes from records, taxonomy values, regions and countries to the records they link.

    A knowledge base builds its own on first use: ``kb.graph``.
    """

    practices_by_city: dict[str, list[Practice]]
    practices_by_project: dict[str, list[Practice]]
    projects_by_city: dict[str, list[Project]]
    cities_by_project: dict[str, list[City]]
    frameworks_by_country: dict[str, list[Framework]]
    steps_by_practice: dict[str, list[StepRef]]
    hubs: dict[str, dict[str, Hub]]
    profiles: dict[str, CityProfile]
    adapted_by: dict[str, tuple[Practice, ...]]
    _practices: dict[str, Practice] = field(repr=False)
    _projects: dict[str, Project] = field(repr=False)
    _guides: dict[str, Guide] = field(repr=False)
    _practice_values: dict[str, dict[str, frozenset[str]]] = field(repr=False)
    _value_counts: dict[str, dict[str, int]] = field(repr=False)
    _related: dict[str, list[Related]] = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        return (f"Graph({len(self.profiles)} cities, {len(self._practices)} practices, "
                f"{sum(len(hubs) for hubs in self.hubs.values())} hubs)")

    @classmethod
    def build(cls, kb: KnowledgeBase) -> Graph:
        """Compute every index in one pass over the records."""
        by_city: dict[str, list[Practice]] = defaultdict(list)
        by_project: dict[str, list[Practice]] = defaultdict(list)
        projects_by_city: dict[str, dict[str, Project]] = defaultdict(dict)
        kinds = hub_kinds()
        hub_practices: dict[str, dict[str, dict[str, Practice]]] = {kind: defaultdict(dict) for kind in kinds}
        hub_cities: dict[str, dict[str, dict[str, City]]] = {kind: defaultdict(dict) for kind in kinds}
        own_facets = [f for f in FACETS if f.applies_to(Practice)]
        for practice in kb.practices.values():
            for city_id in practice.cities:
                by_city[city_id].append(practice)
                for project_id in practice.projects:
                    projects_by_city[city_id][project_id] = kb.projects[project_id]
            for project_id in practice.projects:
                by_project[project_id].append(practice)
            for facet in FACETS:
                for value in facet.values(practice, kb):
                    hub_practices[facet.param][value][practice.id] = practice
                    if facet in own_facets:  # a theme's cities are those of its practices
                        for city_id in practice.cities:
                            hub_cities[facet.param][value][city_id] = kb.cities[city_id]
        for project in kb.projects.values():
            for city_id in project.partner_cities:
                projects_by_city[city_id][project.id] = project
        cities_by_project: dict[str, dict[str, City]] = defaultdict(dict)
        for city_id, projects in projects_by_city.items():
            for project_id in projects:
                cities_by_project[project_id][city_id] = kb.cities[city_id]
        for city in kb.cities.values():
            for facet in FACETS:
                for value in facet.values(city, kb):
                    hub_cities[facet.param][value][city.id] = city
        adapted_by: dict[str, dict[str, Practice]] = defaultdict(dict)
        for practice in kb.practices.values():
            for origin in practice.adapted_from:
                if origin.practice is not None:
                    adapted_by[origin.practice][practice.id] = practice
        frameworks_by_country: dict[str, list[Framework]] = defaultdict(list)
        for framework in kb.frameworks.values():
            frameworks_by_country[framework.country].append(framework)
        steps_by_practice: dict[str, list[StepRef]] = defaultdict(list)
        for guide in kb.guides.values():
            for practice_id in guide.practices:
                steps_by_practice[practice_id].append(StepRef(guide, None, None))
            for number, step in enumerate(guide.steps, 1):
                for practice_id in step.practices:
                    steps_by_practice[practice_id].append(StepRef(guide, step, number))

        hubs = {kind: {value: Hub(kind, value, _sorted(hub_practices[kind].get(value, {})),
                                  _sorted(hub_cities[kind].get(value, {})))
                       for value in sorted(set(hub_practices[kind]) | set(hub_cities[kind]))}
                for kind in kinds}
        profiles = {city.id: _profile(city, by_city.get(city.id, []), projects_by_city.get(city.id, {}))
                    for city in kb.cities.values()}
        values = {p.id: {kind: frozenset(getattr(p, kind)) for kind in PRACTICE_KINDS} for p in kb.practices.values()}
        counts = {f.key: {value: len(hub.practices) for value, hub in hubs[f.param].items()}
                  for f in FACETS if f.key in PRACTICE_KINDS}
        counts["projects"] = {p: len(ps) for p, ps in by_project.items()}
        counts["cities"] = {c: len(ps) for c, ps in by_city.items()}
        return cls(practices_by_city=dict(by_city), practices_by_project=dict(by_project),
                   projects_by_city={city: sorted(p.values(), key=lambda p: p.id)
                                     for city, p in projects_by_city.items()},
                   cities_by_project={project: list(_sorted(cities)) for project, cities in cities_by_project.items()},
                   frameworks_by_country=dict(frameworks_by_country),
                   steps_by_practice=dict(steps_by_practice), hubs=hubs, profiles=profiles,
                   adapted_by={origin: _sorted(adopters) for origin, adopters in adapted_by.items()},
                   _practices=kb.practices, _projects=kb.projects, _guides=kb.guides, _practice_values=values,
                   _value_counts=counts)

    # --- neighbours and hubs -------------------------------------------------------------

    def neighbours(self, record: Record) -> Neighbours:
        """The records directly linked to ``record``.

        A practice links its cities, projects and the frameworks of its cities' countries; a
        city its practices, projects and country frameworks; a project its practices and
        partner cities (and the frameworks of their countries); a framework the cities and
        practices of its country. A practice also links the guides whose steps it illustrates,
        and a guide those practices (see :meth:`KnowledgeBase.steps_of` for the steps).
        """
        return _NEIGHBOURS[type(record)](self, record)

    def _of_practice(self, record: Practice) -> Neighbours:
        cities = self._cities_of(record)
        guides = dict.fromkeys(ref.guide.id for ref in self.steps_by_practice.get(record.id, []))
        return Neighbours(cities=cities, projects=tuple(self._projects[p] for p in record.projects),
                          frameworks=self._frameworks_of(cities), guides=tuple(self._guides[g] for g in guides))

    def _of_city(self, record: City) -> Neighbours:
        return Neighbours(practices=tuple(self.practices_by_city.get(record.id, [])),
                          projects=tuple(self.projects_by_city.get(record.id, [])),
                          frameworks=tuple(self.frameworks_by_country.get(record.country, [])))

    def _of_project(self, record: Project) -> Neighbours:
        cities = tuple(self.cities_by_project.get(record.id, []))
        return Neighbours(practices=tuple(self.practices_by_project.get(record.id, [])), cities=cities,
                          frameworks=self._frameworks_of(cities))

    def _of_framework(self, record: Framework) -> Neighbours:
        hub = self.hubs["country"].get(record.country)
        return Neighbours(practices=hub.practices if hub else (), cities=hub.cities if hub else ())

    def _of_guide(self, record: Guide) -> Neighbours:
        practices = tuple(self._practices[p] for p in record.all_practices)
        cities = dict.fromkeys(c for p in practices for c in p.cities)
        return Neighbours(practices=practices, cities=tuple(self.profiles[c].city for c in cities))

    def adapted_from(self, practice: Practice) -> tuple[Practice, ...]:
        """The practices of the knowledge base ``practice`` was adapted from (outside models are
        in ``practice.adapted_from``)."""
        return tuple(self._practices[o.practice] for o in practice.adapted_from if o.practice in self._practices)

    def adopters(self, practice: Practice) -> tuple[Practice, ...]:
        """The practices adapted from ``practice``, by id: derived from their ``adapted_from``."""
        return self.adapted_by.get(practice.id, ())

    def transfers(self) -> list[tuple[Practice, Practice]]:
        """Every (origin, adopter) pair of practices of the knowledge base, by origin then adopter id."""
        return [(self._practices[origin], adopter) for origin in sorted(self.adapted_by)
                for adopter in self.adapted_by[origin]]

    def hub(self, kind: str, value: str) -> Hub:
        """The practices and cities under one theme, level, concern, target group, region or country.

        A value that nothing uses yet gives an empty hub; check the value itself first.
        """
        if kind not in self.hubs:
            raise InvalidArgument(f"unknown hub kind {kind!r}: use one of {', '.join(self.hubs)}")
        return self.hubs[kind].get(value, Hub(kind, value, (), ()))

    def _cities_of(self, practice: Practice) -> tuple[City, ...]:
        return tuple(self.profiles[c].city for c in practice.cities)

    def _frameworks_of(self, cities: Iterable[City]) -> tuple[Framework, ...]:
        countries = dict.fromkeys(c.country for c in cities)
        return tuple(f for country in countries for f in self.frameworks_by_country.get(country, []))

    # --- related practices ---------------------------------------------------------------

    def related_practices(self, practice_id: str, top: int = 5) -> list[Related]:
        """The ``top`` practices most like this one, best first (ranked as :mod:`pracbase.graph` explains)."""
        if top > KEPT_RELATED:
            return self._rank_related(practice_id, top)
        if practice_id not in self._related:
            self._related[practice_id] = self._rank_related(practice_id, KEPT_RELATED)
        return self._related[practice_id][:top]

    def _candidates(self, practice_id: str) -> set[str]:
        """Practices sharing at least one value, gathered from the rarest values first.

        Rare values (a project, a city, a seldom-used theme) say most about likeness, so
        they are gathered first; past :data:`MAX_CANDIDATES` the common values add no
        more. This keeps related practices linear in the collection's size at scale; a
        knowledge base smaller than the cap is ranked exhaustively.
        """
        mine = self._practice_values[practice_id]
        pools: list[Sequence[Practice]] = []
        for facet in FACETS:
            if facet.key in PRACTICE_KINDS and facet.key != "levels":  # every practice has one of three levels
                pools += [self.hubs[facet.param][value].practices for value in mine[facet.key]]
        pools += [self.practices_by_project.get(project, []) for project in mine["projects"]]
        pools += [self.practices_by_city.get(city, []) for city in mine["cities"]]
        candidates: set[str] = set()
        for pool in sorted(pools, key=len):
            for practice in pool:
                if len(candidates) > MAX_CANDIDATES:
                    break
                candidates.add(practice.id)
        candidates.discard(practice_id)
        return candidates

    def _rank_related(self, practice_id: str, top: int) -> list[Related]:
        mine = self._practice_values[practice_id]
        total = len(self._practice_values)
        counts = self._value_counts
        results: list[Related] = []
        for other_id in self._candidates(practice_id):
            theirs = self._practice_values[other_id]
            score, shared = 0.0, {}
            for kind in PRACTICE_KINDS:
                common = mine[kind] & theirs[kind]
                if common:
                    weight = _weigher(counts[kind], total)
                    score += RELATED_WEIGHTS[kind] * overlap(mine[kind], theirs[kind], weight)
                    shared[kind] = tuple(sorted(common))
            results.append(Related(self._practices[other_id], round(score / sum(RELATED_WEIGHTS.values()), 4),
                                   shared))
        return heapq.nsmallest(top, results, key=lambda r: (-r.score, r.practice.id))


_NEIGHBOURS: dict[type[Record], Callable[[Graph, Any], Neighbours]] = {
    Practice: Graph._of_practice, City: Graph._of_city, Project: Graph._of_project, Framework: Graph._of_framework,
    Guide: Graph._of_guide}
"""How :meth:`Graph.neighbours` finds the neighbours of each record type."""

R = TypeVar("R", bound=Record)

KEPT_RELATED = 20
"""Related practices kept per practice once ranked (a larger ``top`` is ranked afresh)."""

MAX_CANDIDATES = 200
"""Practices scored for one practice's related list, gathered from its rarest values first."""


def _weigher(counts: Mapping[str, int], total: int) -> Callable[[str], float]:
    return lambda value: idf(counts.get(value, 1), total)


def _sorted(records: Mapping[str, R]) -> tuple[R, ...]:
    return tuple(records[key] for key in sorted(records))


def _profile(city: City, practices: list[Practice], projects: Mapping[str, Project]) -> CityProfile:
    return CityProfile(
        city=city,
        concerns=frozenset(city.concerns).union(*(p.concerns for p in practices)),
        themes=frozenset(t for p in practices for t in p.themes),
        levels=frozenset(v for p in practices for v in p.levels),
        target_groups=frozenset(t for p in practices for t in p.target_groups),
        projects=frozenset(projects),
        networks=frozenset(m.network for m in city.networks),
    )
