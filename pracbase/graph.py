"""Links between records, computed once per knowledge base."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pracbase.models import Practice, Project

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase


@dataclass(frozen=True)
class Graph:
    """Indexes from cities, projects and taxonomy values to the practices that use them."""

    practices_by_city: dict[str, list[Practice]]
    practices_by_project: dict[str, list[Practice]]
    projects_by_city: dict[str, list[Project]]

    @classmethod
    def build(cls, kb: KnowledgeBase) -> Graph:
        """Compute every index in one pass over the records."""
        by_city: dict[str, list[Practice]] = defaultdict(list)
        by_project: dict[str, list[Practice]] = defaultdict(list)
        projects_by_city: dict[str, dict[str, Project]] = defaultdict(dict)
        for practice in kb.practices.values():
            for city in practice.cities:
                by_city[city].append(practice)
                for project in practice.projects:
                    projects_by_city[city][project] = kb.projects[project]
            for project in practice.projects:
                by_project[project].append(practice)
        for project in kb.projects.values():
            for city in project.partner_cities:
                projects_by_city[city][project.id] = project
        return cls(dict(by_city), dict(by_project),
                   {city: sorted(p.values(), key=lambda p: p.id) for city, p in projects_by_city.items()})
