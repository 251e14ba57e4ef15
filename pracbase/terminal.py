"""What the command line prints: search hits, peers and visit plans as plain text.

The library returns data (hits, peers, plans, with their reasons already in words); this
module lays them out for a terminal, and only :mod:`pracbase.cli` uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pracbase import i18n
from pracbase._index import ANALYZERS
from pracbase.geo import km_text
from pracbase.i18n import DEFAULT_LANGUAGE
from pracbase.models import City, Practice
from pracbase.peers import Peer, few_comparable
from pracbase.search import Hit, ParsedQuery
from pracbase.taxonomy import TAXONOMY
from pracbase.visit import VisitPlan, VisitStop
from pracbase.wording import Words, words

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase


def describe_peers(city: City, found: list[Peer], lang: str = DEFAULT_LANGUAGE) -> str:
    """The peers of ``city`` as plain text for the terminal, in ``lang``."""
    said = words(lang)
    lines = [said._("Cities like {place}").format(place=_place(city, said.lang)), ""]
    if not found:
        lines.append(said._("No other city to compare with."))
    elif few_comparable(found):
        lines += [said._("Few comparable cities in the knowledge base: the cities below have "
                         "little in common with this one."), ""]
    for rank, peer in enumerate(found, 1):
        score = said._("score {score}").format(score=said.number(peer.score))
        lines.append(f"{rank:2d}. {_place(peer.city, said.lang)} · {score}")
        lines += [f"    - {reason.text}" for reason in peer.reasons]
    return "\n".join(lines)


def describe_plan(kb: KnowledgeBase, plan: VisitPlan) -> str:
    """A visit plan as plain text for the terminal: the route day by day, then the other hosts."""
    said = words(plan.lang)
    lang = said.lang
    title = said.ngettext("Study visit, {n} day", "Study visit, {n} days", plan.days).format(n=plan.days)
    criteria = [said.label(kb, "themes", t) for t in plan.themes]
    criteria += [said.label(kb, "levels", plan.level)] if plan.level else []
    criteria += [said.label(kb, "concerns", c) for c in plan.concerns]
    criteria += [i18n.region_name(plan.region, lang)] if plan.region else []
    centre = plan.near or (plan.from_city if plan.radius_km is not None else None)
    if centre is not None and plan.radius_km is not None:
        criteria.append(said._("within {km} km of {city}").format(km=km_text(plan.radius_km, lang),
                                                                   city=centre.heading_in(lang)))
    if plan.from_city is not None:
        criteria.append(said._("for {city}").format(city=plan.from_city.heading_in(lang)))
    if plan.stops:
        criteria.append(said._("route: {km} km").format(km=km_text(plan.route_km, lang)))
    lines = [title + (" · " + " · ".join(criteria) if criteria else "")]
    if not plan.stops:
        return "\n".join([*lines, "", said._("No host city matches: widen the radius or drop a filter.")])
    day = None
    for stop in plan.stops:
        if stop.day != day:
            day = stop.day
            lines += ["", said._("Day {n}").format(n=day)]
        lines += _describe_stop(stop, said)
    if plan.others:
        lines += ["", said._("Also worth a visit (off the route)")]
        for stop in plan.others:
            lines += _describe_stop(stop, said)
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


def _describe_stop(stop: VisitStop, said: Words) -> list[str]:
    lang = said.lang
    head = f"  {_place(stop.city, lang)}"
    # The country's languages (Babel's territory data), not the city's own: say so.
    details = [said._("languages of {country}: {items}").format(
        country=i18n.country_name(stop.city.country, lang), items=", ".join(stop.language_names))]
    if stop.hop_km is not None:
        details.append(said._("{km} km from the previous stop").format(km=km_text(stop.hop_km, lang)))
    lines = [head + " · " + " · ".join(details)]
    lines += [f"    * {p.heading_in(lang)} [{p.id}]{_when(p, lang)}" for p in stop.practices]
    lines += [f"    - {reason.text}" for reason in stop.reasons]
    return lines


# --- search hits ------------------------------------------------------------------------------

_FOUND_THROUGH = {"other-language": "found through the text in the other language",
                  "fuzzy": "found with a spelling correction", "any-word": "matches some of the words"}


def format_hits(hits: list[Hit]) -> str:
    """Hits as numbered text for a terminal: title, type, id, cities, score, then the snippet."""
    lines = []
    for rank, hit in enumerate(hits, 1):
        cities = ", ".join(hit.cities[:5]) + (", …" if len(hit.cities) > 5 else "")
        about = [hit.type, hit.id, *([cities] if cities else []), f"score {hit.score:.1f}"]
        if hit.match in _FOUND_THROUGH:
            about.append(_FOUND_THROUGH[hit.match])
        lines += [f"{rank:2d}. {hit.title}", f"    {' · '.join(about)}", f"    {hit.snippet}", ""]
    return "\n".join(lines).rstrip("\n")


def no_hits_message(query: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why a query in ``lang`` found nothing, and what to try."""
    parsed = ParsedQuery.parse(query)
    if not parsed:
        return 'nothing to search for: give at least one word, e.g. pracbase search "prison release"'
    if lang in ANALYZERS and not ANALYZERS[lang].terms(" ".join(parsed.words)) \
            and not parsed.phrases and not parsed.prefixes:
        return f"only very common words in {query!r}: add a word that says what you are looking for"
    return f"no record matches {query!r}: try other or fewer words, or fewer filters"
