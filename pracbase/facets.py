"""The facets: the one place that pairs a vocabulary with its record field, filter and hub.

A facet is a way to group and filter records by a controlled value (a theme, a level…) or
by a place (a UN M49 region, a country). Every output that groups or filters by value
reads :data:`FACETS`: the graph's hubs, the site's hub pages and explorer, the search
filters and index, ``find_practices`` and the exports. Adding a facet here (for a
vocabulary of the taxonomy whose values a record field holds) reaches all of them.

    >>> themes = facet("themes")
    >>> themes.param, themes.values(kb.practice("malmo-mammakraft"), kb)
    ('theme', ('social-cohesion', 'families'))
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pracbase import i18n
from pracbase.errors import NotFoundError
from pracbase.models import Record
from pracbase.taxonomy import TAXONOMY, Vocabulary

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase


def N_(message: str) -> str:
    """Mark ``message`` for the interface catalogs; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Facet:
    """One facet: where its values are, what its filter is called, how the site shows it.

    ``key`` names the values in data (``themes``: the explorer's data, the search index,
    the CSV column); ``param`` is the filter's name (``theme``: ``find_practices(theme=…)``,
    ``kb.search(theme=…)``, the CLI's ``--theme``, the explorer's URL) and the graph's hub
    kind; ``field`` the record field holding the values (a list or one value); a record
    without that field takes the values of the cities it is about (``region`` of a
    practice: its cities' regions). ``vocabulary`` is the taxonomy vocabulary of the
    values, or None for places. ``pages`` says whether the site has an index page and a
    page per value (``themes/index.md``, ``themes/youth.md``). ``heading`` (one value)
    and ``title`` and ``intro`` (its index page) are English msgids of the catalogs.
    """

    key: str
    param: str
    field: str
    heading: str
    vocabulary: str | None = None
    pages: bool = False
    title: str = ""
    intro: str = ""

    def values(self, record: Record, kb: KnowledgeBase) -> tuple[str, ...]:
        """The facet's values for ``record``, in the record's order, each once."""
        own = getattr(record, self.field, None)
        if own is not None:
            return (own,) if isinstance(own, str) else tuple(dict.fromkeys(own))
        if self.vocabulary is not None:
            return ()
        cities = (kb.cities[c] for c in record.linked_cities if c in kb.cities)
        return tuple(dict.fromkeys(getattr(city, self.field) for city in cities))

    def applies_to(self, record_type: type[Record]) -> bool:
        """Whether records of this type hold the facet's values themselves."""
        return self.field in record_type.model_fields or isinstance(getattr(record_type, self.field, None), property)

    @property
    def terms(self) -> Vocabulary | None:
        """The facet's vocabulary in the taxonomy (None for places)."""
        return TAXONOMY.vocabularies[self.vocabulary] if self.vocabulary else None

    def known(self, value: str) -> bool:
        """Whether ``value`` is one of the facet's values (a taxonomy id, region or country code)."""
        if self.terms is not None:
            return value in self.terms
        if self.field == "region":
            return value in TAXONOMY.regions
        return i18n.is_country(value)

    def codes(self) -> Sequence[str]:
        """Every possible value of the facet."""
        if self.terms is not None:
            return self.terms.ids
        return TAXONOMY.regions if self.field == "region" else i18n.country_codes()

    def label(self, value: str, lang: str) -> str:
        """The name of a value in ``lang`` (a term's label, a region's or country's name)."""
        if self.terms is not None:
            return self.terms[value].label_in(lang)
        return i18n.region_name(value, lang) if self.field == "region" else i18n.country_name(value, lang)

    def resolve(self, value: str) -> str:
        """The value ``value`` names: an id or code (``youth``, ``BE``, ``"155"``), or a label or
        name in any site language, ignoring case and accents (``Jeunesse``, ``Belgium``,
        ``Europe de l'Ouest``). :class:`NotFoundError` otherwise, with the values whose name
        holds it and those spelt like it."""
        if isinstance(value, str) and self.known(value):
            return value
        names = _names(self)
        key = i18n.fold(str(value)).strip()
        if key in names:
            return names[key]
        raise NotFoundError(self.terms.name if self.terms is not None else self.param, str(value),
                            suggestions(key, names))

    def ordered(self, values: Iterable[str], lang: str) -> list[str]:
        """``values`` in display order: the taxonomy's for terms, by name in ``lang`` for places."""
        chosen = set(values)
        if self.terms is not None:
            return [v for v in self.terms.ids if v in chosen]
        return sorted(chosen, key=lambda v: (i18n.fold(self.label(v, lang)), v))


FACETS: list[Facet] = [
    Facet("levels", "level", "levels", N_("Prevention level"), "levels", pages=True,
          title=N_("Prevention levels"),
          intro=N_("Prevention works at three levels: with everyone, with people identified as vulnerable, "
                   "and with people already engaged in violence.")),
    Facet("themes", "theme", "themes", N_("Theme"), "themes", pages=True, title=N_("Themes"),
          intro=N_("What the practices work on, from local diagnosis to sport and culture.")),
    Facet("concerns", "concern", "concerns", N_("Concern addressed"), "concerns", pages=True,
          title=N_("Concerns addressed"),
          intro=N_("The forms of hate, extremism and polarisation the practices and cities face.")),
    Facet("target_groups", "target_group", "target_groups", N_("Target group"), "target_groups"),
    Facet("reports", "reports", "reports", N_("What the source reports"), "reports"),
    Facet("regions", "region", "region", N_("Region")),
    Facet("countries", "country", "country", N_("Country")),
]
"""Every facet, in the order the explorer shows them. A list, so a test (or a fork) can add one."""


def suggestions(key: str, names: dict[str, str], n: int = 3) -> list[str]:
    """The values whose folded code or name holds ``key`` (``prison``), then those spelt like it."""
    within = [code for name, code in names.items() if len(key) >= 3 and key in name]
    close = [names[name] for name in difflib.get_close_matches(key, list(names), n=n, cutoff=0.6)]
    return list(dict.fromkeys(within + close))[:n]


@functools.cache
def _names(facet: Facet) -> dict[str, str]:
    """Each value of a facet by its folded code and its folded names in the site languages."""
    names = {i18n.fold(code): code for code in facet.codes()}
    for lang in i18n.SITE_LANGUAGES:
        for code in facet.codes():
            names.setdefault(i18n.fold(facet.label(code, lang)), code)
    return names


def facet(name: str) -> Facet:
    """A facet by its key or parameter: ``facet("themes") is facet("theme")``; KeyError if none."""
    for candidate in FACETS:
        if name in (candidate.key, candidate.param):
            return candidate
    raise KeyError(name)


def by_param(param: str) -> Facet:
    """The facet a filter names (``theme``); :class:`NotFoundError` with suggestions otherwise."""
    for candidate in FACETS:
        if candidate.param == param:
            return candidate
    raise NotFoundError("filter", param, difflib.get_close_matches(param, [f.param for f in FACETS]))


def page_facets() -> list[Facet]:
    """The facets with a page per value on the site (levels, themes, concerns)."""
    return [facet for facet in FACETS if facet.pages and facet.vocabulary]


def hub_kinds() -> tuple[str, ...]:
    """The kinds of hub in the graph: each facet's parameter (``theme``, ``region``…)."""
    return tuple(facet.param for facet in FACETS)
