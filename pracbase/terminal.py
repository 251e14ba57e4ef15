"""What the command line prints: search hits, peers and visit plans as plain text.

The library returns data (hits, peers, plans, with their reasons already in words); this
module lays them out for a terminal, and only :mod:`pracbase.cli` uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pracbase import i18n
from pracbase.geo import km_text
from pracbase.models import City, Practice
from pracbase.peers import Peer
from pracbase.search import ANALYZERS, Hit, ParsedQuery
from pracbase.taxonomy import TAXONOMY
from pracbase.visit import VisitPlan, VisitStop
from pracbase.wording import check_lang, label, number, phrase

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

def describe_peers(city: City, found: list[Peer], lang: str = "en") -> str:
    """The peers of ``city`` as plain text for the terminal, in ``lang``."""
    lang = check_lang(lang)
    lines = [phrase(lang, "peers.title").format(place=_place(city, lang)), ""]
    if not found:
        lines.append(phrase(lang, "peers.none"))
    for rank, peer in enumerate(found, 1):
        lines.append(f"{rank:2d}. {_place(peer.city, lang)}"
                     f" · {phrase(lang, 'score').format(score=number(peer.score, lang))}")
        lines += [f"    - {reason.text}" for reason in peer.reasons]
    return "\n".join(lines)


def describe_plan(kb: KnowledgeBase, plan: VisitPlan) -> str:
    """A visit plan as plain text for the terminal: the route day by day, then the other hosts."""
    lang = plan.lang
    title = phrase(lang, "visit.title", plan.days).format(n=plan.days)
    criteria = [label(kb, "themes", t, lang) for t in plan.themes]
    criteria += [label(kb, "levels", plan.level, lang)] if plan.level else []
    criteria += [label(kb, "concerns", plan.concern, lang)] if plan.concern else []
    centre = plan.near or (plan.from_city if plan.radius_km is not None else None)
    if centre is not None and plan.radius_km is not None:
        criteria.append(phrase(lang, "visit.near").format(km=km_text(plan.radius_km, lang),
                                                           city=centre.heading_in(lang)))
    if plan.from_city is not None:
        criteria.append(phrase(lang, "visit.for").format(city=plan.from_city.heading_in(lang)))
    if plan.stops:
        criteria.append(phrase(lang, "visit.route").format(km=km_text(plan.route_km, lang)))
    lines = [title + (" · " + " · ".join(criteria) if criteria else "")]
    if not plan.stops:
        return "\n".join([*lines, "", phrase(lang, "visit.none")])
    day = None
    for stop in plan.stops:
        if stop.day != day:
            day = stop.day
            lines += ["", phrase(lang, "visit.day").format(n=day)]
        lines += _describe_stop(stop, lang)
    if plan.others:
        lines += ["", phrase(lang, "visit.others")]
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
    details = [phrase(lang, "visit.languages").format(items=", ".join(stop.language_names))]
    if stop.hop_km is not None:
        details.append(phrase(lang, "visit.hop").format(km=km_text(stop.hop_km, lang)))
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


def no_hits_message(query: str, lang: str = "fr") -> str:
    """Why a query in ``lang`` found nothing, and what to try."""
    parsed = ParsedQuery.parse(query)
    if not parsed:
        return 'nothing to search for: give at least one word, e.g. pracbase search "prison release"'
    if lang in ANALYZERS and not ANALYZERS[lang].terms(" ".join(parsed.words)) \
            and not parsed.phrases and not parsed.prefixes:
        return f"only very common words in {query!r}: add a word that says what you are looking for"
    return f"no record matches {query!r}: try other or fewer words, or fewer filters"
