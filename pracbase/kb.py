"""The knowledge base: every record, lookups by id or name, and simple queries."""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pracbase import i18n
from pracbase.errors import NotFoundError
from pracbase.facets import Facet, by_param, facet
from pracbase.models import (
    RECORD_TYPE_BY_NAME,
    RECORD_TYPES,
    City,
    Entry,
    Framework,
    Guide,
    Practice,
    Project,
    Record,
    SourceDocument,
    StepRef,
)
from pracbase.taxonomy import TAXONOMY, Taxonomy

if TYPE_CHECKING:
    from pracbase.graph import Graph, Neighbours, Related
    from pracbase.peers import Peer, PeerIndex
    from pracbase.search import Hit, SearchIndex
    from pracbase.visit import VisitPlan

R = TypeVar("R", bound=Entry)


@dataclass(frozen=True)
class Stats:
    """Counts of records and of practices per taxonomy value, region, country and source.

    ``by_source`` counts the records (of every type) citing each source id.
    """

    practices: int
    cities: int
    projects: int
    frameworks: int
    guides: int
    sources: int
    short_entries: int
    by_level: dict[str, int]
    by_theme: dict[str, int]
    by_concern: dict[str, int]
    by_region: dict[str, int]
    by_country: dict[str, int]
    by_source: dict[str, int]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Every record of pracbase, validated and cross-checked. Build it with :func:`pracbase.load`."""

    practices: dict[str, Practice]
    cities: dict[str, City]
    projects: dict[str, Project]
    frameworks: dict[str, Framework]
    guides: dict[str, Guide] = field(default_factory=dict)
    root: Path | None = None
    taxonomy: Taxonomy = field(default=TAXONOMY, repr=False)
    sources: dict[str, SourceDocument] = field(default_factory=dict)
    """The documents records cite (``sources/``), by id: ``kb.sources[cited.source]``."""

    def __repr__(self) -> str:
        root = f", root={str(self.root)!r}" if self.root is not None else ""
        return (f"KnowledgeBase({len(self.practices)} practices, {len(self.cities)} cities, "
                f"{len(self.projects)} projects, {len(self.frameworks)} frameworks, {len(self.guides)} guides{root})")

    @classmethod
    def from_records(cls, records: Iterable[Entry], root: Path | None = None) -> KnowledgeBase:
        """A knowledge base of already validated records and sources (sorted by id in each type)."""
        tables: dict[str, dict[str, Any]] = {model.folder: {} for model in RECORD_TYPES}
        tables[SourceDocument.folder] = {}
        for record in sorted(records, key=lambda r: r.id):
            tables[record.folder][record.id] = record
        return cls(tables["practices"], tables["cities"], tables["projects"], tables["frameworks"],
                   tables["guides"], root, sources=tables[SourceDocument.folder])

    # --- lookups --------------------------------------------------------------------

    def table(self, record_type: type[R]) -> dict[str, R]:
        """Every record of one type by id: ``kb.table(City) is kb.cities``."""
        table: dict[str, R] = getattr(self, record_type.folder)
        return table

    def __iter__(self) -> Iterator[Record]:
        """Every record: practices, cities, projects, frameworks, guides."""
        for model in RECORD_TYPES:
            yield from self.table(model).values()

    def __len__(self) -> int:
        return sum(len(self.table(model)) for model in RECORD_TYPES)

    def practice(self, id: str) -> Practice:
        """The practice with this id; :class:`NotFoundError` with suggestions otherwise."""
        return _get(self.practices, id, "practice")

    def project(self, id_or_acronym: str) -> Project:
        """The project with this id or acronym (case-insensitive)."""
        key = self._project_keys.get(i18n.fold(id_or_acronym))
        return self.projects[key] if key else _get(self.projects, id_or_acronym, "project")

    def framework(self, id: str) -> Framework:
        """The country framework with this id."""
        return _get(self.frameworks, id, "framework")

    def guide(self, id: str) -> Guide:
        """The guide with this id; :class:`NotFoundError` with suggestions otherwise."""
        return _get(self.guides, id, "guide")

    def steps_of(self, practice: str) -> list[StepRef]:
        """The guide steps a practice (id) illustrates, in the order of the guides (by id) and their steps.

        A practice a guide lists as a whole gives a :class:`StepRef` whose ``step`` is None.
        """
        return self.graph.steps_by_practice.get(self.practice(practice).id, [])

    def city(self, id_or_name: str) -> City:
        """The city with this id or name in any language, ignoring case and accents.

        ``kb.city("malines")``, ``kb.city("Mechelen")`` and ``kb.city("mechelen")`` are one city.
        """
        key = self._city_keys.get(i18n.fold(id_or_name).strip())
        if key is None:
            close = difflib.get_close_matches(i18n.fold(id_or_name), list(self._city_keys), n=3, cutoff=0.7)
            raise NotFoundError("city", id_or_name, list(dict.fromkeys(self._city_keys[c] for c in close)))
        return self.cities[key]

    def source(self, id: str) -> SourceDocument:
        """The source document with this id (``sources/<id>.yml``)."""
        return _get(self.sources, id, "source")

    def record(self, record_type: str, id: str) -> Record:
        """Any record by its type name (``practice``, ``city``…) and id."""
        return _get(self.table(RECORD_TYPE_BY_NAME[record_type]), id, record_type)

    @cached_property
    def _city_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for city in self.cities.values():
            keys[city.id] = city.id
            keys[city.id.replace("-", " ")] = city.id
            for name in city.names.root.values():
                keys.setdefault(i18n.fold(name), city.id)
        return keys

    @cached_property
    def _project_keys(self) -> dict[str, str]:
        keys = {i18n.fold(p.acronym): p.id for p in self.projects.values()}
        keys.update({p.id: p.id for p in self.projects.values()})
        return keys

    # --- queries --------------------------------------------------------------------

    def find_practices(self, *, level: str | None = None, theme: str | None = None,
                       concern: str | None = None, target_group: str | None = None,
                       region: str | None = None, country: str | None = None,
                       city: str | None = None, project: str | None = None, **facets: str) -> list[Practice]:
        """Practices matching every given filter, sorted by id.

        Values are taxonomy ids or labels, a UN M49 region code or name, an ISO country code
        or name, or a city or project id or name (names in any language, case and accents
        ignored). ``facets`` filters by any other facet of :mod:`pracbase.facets` by its
        parameter. An unknown value raises :class:`NotFoundError` with suggestions.
        """
        chosen = {"level": level, "theme": theme, "concern": concern, "target_group": target_group,
                  "region": region, "country": country, **facets}
        tests: list[Callable[[Practice], bool]] = []
        for param, value in chosen.items():
            if value is not None:
                by = by_param(param)
                code = by.resolve(value)
                tests.append(functools.partial(_has, by, code, self))
        if city is not None:
            city_id = self.city(city).id
            tests.append(lambda p: city_id in p.cities)
        if project is not None:
            project_id = self.project(project).id
            tests.append(lambda p: project_id in p.projects)
        return [p for p in self.practices.values() if all(test(p) for test in tests)]

    def practices_of_city(self, city: str) -> list[Practice]:
        """The practices a city (id or name in any language) takes part in."""
        return self.graph.practices_by_city.get(self.city(city).id, [])

    def practices_of_project(self, project: str) -> list[Practice]:
        """The practices tagged with a project (id or acronym)."""
        return self.graph.practices_by_project.get(self.project(project).id, [])

    def frameworks_of_country(self, country: str) -> list[Framework]:
        """The national frameworks of a country (ISO code or name in any language)."""
        code = facet("countries").resolve(country)
        return [f for f in self.frameworks.values() if f.country == code]

    def cities_of_country(self, country: str) -> list[City]:
        """The cities of a country (ISO code or name in any language)."""
        code = facet("countries").resolve(country)
        return [c for c in self.cities.values() if c.country == code]

    def projects_of_city(self, city: str) -> list[Project]:
        """Projects a city (id or name in any language) is a partner of, or has a practice in."""
        return self.graph.projects_by_city.get(self.city(city).id, [])

    def search(self, query: str, lang: str = i18n.DEFAULT_LANGUAGE, *, type: str | None = None,
               level: str | None = None, theme: str | None = None, region: str | None = None,
               country: str | None = None, limit: int = 10, **facets: str) -> list[Hit]:
        """Full-text search in French or English, typos and missing accents forgiven.

        Filters are a record type, level, theme, UN M49 region or country, and any other
        facet by its parameter (``concern=…``); the index is cached under
        ``<root>/.cache/search`` (see :mod:`pracbase.search`).
        """
        return self.search_index.search(query, lang, type=type, level=level, theme=theme, region=region,
                                     country=country, limit=limit, **facets)

    # --- derived state: computed on first use, kept with the knowledge base ------------------

    @cached_property
    def search_index(self) -> SearchIndex:
        """The search index :meth:`search` uses: opened (reused, updated or built) on first use,
        or the one :func:`pracbase.search.open_index` last opened for this knowledge base."""
        from pracbase.search import open_index

        return open_index(self)

    def use_search_index(self, index: SearchIndex) -> None:
        """Make ``index`` the one :meth:`search` uses, closing the one used before."""
        previous = self.__dict__.get("search_index")
        if previous is not None and previous is not index:
            previous.close()
        self.__dict__["search_index"] = index  # where cached_property keeps its value

    @cached_property
    def peer_index(self) -> PeerIndex:
        """Each city's sets of values and their weights, for peer scores (see :mod:`pracbase.peers`)."""
        from pracbase.peers import build_index

        return build_index(self)

    @cached_property
    def graph(self) -> Graph:
        """The links between records, computed once (see :mod:`pracbase.graph`)."""
        from pracbase.graph import Graph

        return Graph.build(self)

    def neighbours(self, record: Record) -> Neighbours:
        """The records directly linked to ``record`` (see :meth:`Graph.neighbours`)."""
        return self.graph.neighbours(record)

    def related_practices(self, practice_id: str, top: int = 5) -> list[Related]:
        """The ``top`` practices most like this one, with what they share (see :mod:`pracbase.graph`)."""
        return self.graph.related_practices(self.practice(practice_id).id, top)

    def peers(self, city: str, top: int = 5, lang: str = i18n.DEFAULT_LANGUAGE) -> list[Peer]:
        """The ``top`` cities most like ``city`` (id or name), with reasons in ``lang`` (see :mod:`pracbase.peers`)."""
        from pracbase.peers import peers

        return peers(self, city, top, lang)

    def plan_visit(self, from_city: str | None = None, themes: str | Iterable[str] = (), level: str | None = None,
                   concern: str | Iterable[str] | None = None, near: str | None = None, radius_km: float | None = None,
                   days: int = 3, lang: str = i18n.DEFAULT_LANGUAGE, region: str | None = None) -> VisitPlan:
        """A study visit: host cities for the delegation's needs, grouped into a route (see :mod:`pracbase.visit`).

        ``themes`` and ``concern`` are one value or several (ids or labels in any language);
        ``region`` a UN M49 region the hosts are in (code or name).
        """
        from pracbase.visit import VisitRequest, plan_visit

        chosen = themes if isinstance(themes, str) else tuple(themes)
        concerns = () if concern is None else concern if isinstance(concern, str) else tuple(concern)
        return plan_visit(self, VisitRequest(from_city, chosen, level, concerns, near, radius_km, days, lang,
                                             region=region))

    def stats(self) -> Stats:
        """Counts per record type, and practices per level, theme, concern, region, country and source."""
        def count(values: Iterable[str]) -> dict[str, int]:
            return dict(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))

        practices = list(self.practices.values())
        cities_of = [[self.cities[c] for c in p.cities] for p in practices]
        return Stats(
            practices=len(practices), cities=len(self.cities), projects=len(self.projects),
            frameworks=len(self.frameworks), guides=len(self.guides), sources=len(self.sources),
            short_entries=sum(p.short_entry for p in practices),
            by_level=count(v for p in practices for v in p.levels),
            by_theme=count(v for p in practices for v in p.themes),
            by_concern=count(v for p in practices for v in p.concerns),
            by_region=count(r for cs in cities_of for r in {c.region for c in cs}),
            by_country=count(k for cs in cities_of for k in {c.country for c in cs}),
            by_source=count(s for r in self for s in {cited.source for cited in r.sources}),
        )


def _has(facet: Facet, code: str, kb: KnowledgeBase, practice: Practice) -> bool:
    return code in facet.values(practice, kb)


def _get(table: dict[str, R], id: str, kind: str) -> R:
    try:
        return table[id]
    except KeyError:
        raise NotFoundError(kind, id, difflib.get_close_matches(id, list(table), n=3)) from None
