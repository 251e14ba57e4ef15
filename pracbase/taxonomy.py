"""The controlled vocabularies, read once from ``data/taxonomy.yml``.

Each vocabulary (levels, themes, concerns, …) maps a value id to its French and
English label and one-line definition. Region names come from Babel, not from here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

import yaml

from pracbase import i18n


@dataclass(frozen=True)
class Term:
    """One controlled value: its id, label and definition per language."""

    id: str
    label: dict[str, str]
    definition: dict[str, str]
    meaning: dict[str, str] = field(default_factory=dict)

    def label_in(self, lang: str) -> str:
        """The label in ``lang``, else in English, else French."""
        return next(self.label[code] for code in i18n.fallback_order(lang, "en") if code in self.label)

    def definition_in(self, lang: str) -> str:
        """The definition in ``lang``, else in English, else French."""
        return next(self.definition[code] for code in i18n.fallback_order(lang, "en")
                    if code in self.definition)

    def meaning_in(self, lang: str) -> str:
        """What the value means and does not mean, in plain words, in ``lang`` (or its fallback);
        empty when the taxonomy gives none (evidence levels give one)."""
        return next((self.meaning[code] for code in i18n.fallback_order(lang, "en") if code in self.meaning), "")


@dataclass(frozen=True)
class Vocabulary:
    """A named list of controlled values (``theme``: ``youth``, ``sport``, …)."""

    name: str
    terms: dict[str, Term]

    def __contains__(self, value: object) -> bool:
        return value in self.terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, value: str) -> Term:
        return self.terms[value]

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {len(self.terms)} terms)"

    @property
    def ids(self) -> list[str]:
        """The value ids, in the order of the taxonomy file."""
        return list(self.terms)

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """The closest known values to a misspelt one."""
        return difflib.get_close_matches(str(value).lower(), self.ids, n=n, cutoff=0.6)


@dataclass(frozen=True)
class Taxonomy:
    """Every vocabulary of pracbase."""

    levels: Vocabulary
    themes: Vocabulary
    concerns: Vocabulary
    target_groups: Vocabulary
    actor_types: Vocabulary
    statuses: Vocabulary
    evidence_levels: Vocabulary
    authority_kinds: Vocabulary
    networks: Vocabulary
    reports: Vocabulary
    source_types: Vocabulary
    regions: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        return f"Taxonomy({len(VOCABULARY_NAMES)} vocabularies, {len(self.regions)} regions)"

    @cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        """Each vocabulary by its field name (``themes``)."""
        return {name: getattr(self, name) for name in VOCABULARY_NAMES}


VOCABULARY_NAMES: dict[str, str] = {
    "levels": "level",
    "themes": "theme",
    "concerns": "concern",
    "target_groups": "target group",
    "actor_types": "actor type",
    "statuses": "status",
    "evidence_levels": "evidence level",
    "authority_kinds": "authority kind",
    "networks": "network",
    "reports": "reported item",
    "source_types": "source type",
}
"""Field name of each vocabulary → the singular used in messages."""


def load_taxonomy() -> Taxonomy:
    """Read the taxonomy shipped with the package."""
    text = resources.files("pracbase").joinpath("data/taxonomy.yml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=yaml.CSafeLoader)
    vocabularies = {
        name: Vocabulary(singular, {key: Term(key, value["label"], value["definition"], value.get("meaning", {}))
                                    for key, value in raw[name].items()})
        for name, singular in VOCABULARY_NAMES.items()
    }
    return Taxonomy(**vocabularies, regions=tuple(raw["regions"]))


TAXONOMY = load_taxonomy()
"""The taxonomy, loaded once at import."""
