"""The words of peer and visit reasons: phrases, lists of values, value names and numbers.

All phrases shown to users are in :data:`PHRASES`, keyed by language then message id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from pracbase.errors import NotFoundError

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

DEFAULT_LANGUAGE = "en"
"""The language of reasons and names when none is asked for."""

REASON_ITEMS = 4
"""Most values named in one reason; the rest are counted ("and 2 more")."""

PHRASES: dict[str, dict[str, str]] = {
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

def check_lang(lang: str) -> str:
    if lang not in PHRASES:
        raise NotFoundError("language", lang, sorted(PHRASES))
    return lang


def phrase(lang: str, key: str, count: int | None = None) -> str:
    table = PHRASES[lang]
    if count is not None or f"{key}.one" in table:
        return table[f"{key}.one" if count == 1 else f"{key}.many"]
    return table[key]


def say(lang: str, kind: str, labels: list[str]) -> str:
    return phrase(lang, kind, len(labels)).format(items=join(labels, lang))


def join(items: list[str], lang: str) -> str:
    """``a, b and c``; ``a; b; c`` when an item holds a comma; the tail counted past a few items.

    Labels that all share their last word (English) or first word (French) name it once:
    ``far-right and Islamist extremism``, ``prévention primaire et tertiaire``.
    """
    shown, rest = items[:REASON_ITEMS], len(items) - REASON_ITEMS
    word = PHRASES[lang]["and"]
    if rest > 0:
        shown = [*shown, phrase(lang, "more", rest).format(n=rest)]
    if len(shown) == 1:
        return shown[0]
    if any("," in item or f" {word} " in item for item in shown):
        return PHRASES[lang]["list"].join(shown)
    words = [item.split(" ") for item in shown]
    side = _FACTOR.get(lang) if rest <= 0 and all(len(w) > 1 for w in words) else None
    if side == "last" and len({w[-1] for w in words}) == 1:
        return join_plain([" ".join(w[:-1]) for w in words], word) + " " + words[0][-1]
    if side == "first" and len({w[0] for w in words}) == 1:
        return words[0][0] + " " + join_plain([" ".join(w[1:]) for w in words], word)
    return join_plain(shown, word)


def join_plain(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def label(kb: KnowledgeBase, kind: str, value: str, lang: str) -> str:
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


def rarest_first(values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (-weight(v), v)))


def in_order(kb: KnowledgeBase, kind: str, values: Iterable[str], weight: Callable[[str], float]) -> tuple[str, ...]:
    """Levels in taxonomy order (primary, secondary, tertiary); other values rarest first."""
    if kind == "levels":
        order = kb.taxonomy.levels.ids
        return tuple(sorted(values, key=order.index))
    return rarest_first(values, weight)


def number(value: float, lang: str) -> str:
    return format_decimal(value, format="#,##0.0", locale=lang)
