"""The study-visit planner on the site: its data (written per language at :data:`DATA_PATH`) and page.

The ranking is :func:`pracbase.visit.plan_visit`; the page runs the same steps in the browser
(``assets/visit.js``) on :func:`pracbase.visit.algorithm_data`, plus the words of the reasons
in the page's language (:func:`planner_words`, from the same catalogs as the command line)
and what the page shows of each city and practice (:func:`planner_data`).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.numbers import format_decimal

from pracbase import i18n
from pracbase.geo import languages_of
from pracbase.site import markup, paths
from pracbase.visit import algorithm_data
from pracbase.wording import _SHARED_WORD, REASON_ITEMS, words

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase
    from pracbase.models import Practice, Source

Gettext = Callable[[str], str]

PLANNER = paths.PLANNER
"""The planner's page."""

DATA_PATH = "assets/pracbase/planner.json"
"""Where the site writes :func:`planner_data`, relative to each language's site root."""

PEERS_PATH = "assets/pracbase/planner-peers/"
"""Where the site writes each visiting city's row of the peer scores (``<city id>.json``): the
table grows with the square of the cities, and a plan reads one row of it."""

_PHRASES: dict[str, tuple[str, str] | str] = {
    "practices-on": ("{n} practice on {items}", "{n} practices on {items}"),
    "matching": ("{n} matching practice", "{n} matching practices"),
    "more": ("{n} more", "{n} more"),
    "level": "level: {items}",
    "addresses": "addresses {items}",
    "faces": "faces {items}, like {city}",
    "works-on": "works on {items}, like {city}",
    "project": "in the {items} project with {city}",
    "evaluation": "{items}: {title}",
    "distance": "{km} km from {city}",
    "semicolon": "; ",
}
"""The phrases of :func:`pracbase.visit._stop_reasons` (English msgids). A plural phrase is
written for n = 0, 1 and 2: in the site's languages every larger n takes the form of 2."""


def planner_words(kb: KnowledgeBase, lang: str) -> dict[str, Any]:
    """The words of the reasons in ``lang``, as :mod:`pracbase.wording` writes them."""
    said = words(lang)
    phrases: dict[str, list[str]] = {}
    for key, msgid in _PHRASES.items():
        if isinstance(msgid, tuple):
            phrases[key] = [said.ngettext(msgid[0], msgid[1], n) for n in (0, 1, 2)]
        else:
            phrases[key] = [said._(msgid)]
    kinds = ("themes", "levels", "concerns")
    labels: dict[str, dict[str, str]] = {kind: {term.id: said.label(kb, kind, term.id)
                                                for term in kb.taxonomy.vocabularies[kind]}
                                         for kind in kinds}
    labels["projects"] = {p.id: said.label(kb, "projects", p.id) for p in kb.projects.values()}
    labels["regions"] = {code: i18n.region_name(code, lang) for code in sorted({c.region for c in kb.cities.values()})}
    locale = Locale.parse(lang)
    group = locale.number_symbols["latn"]["group"]
    codes = sorted({code for city in kb.cities.values() for code in languages_of(city)})
    return {
        "lang": lang,
        "phrases": phrases,
        "labels": labels,
        "list_patterns": {key: locale.list_patterns["standard"][key] for key in ("2", "start", "middle", "end")},
        "reason_items": REASON_ITEMS,
        "shared_word": _SHARED_WORD.get(lang),
        "group": group,
        "group_from": 4 if group in format_decimal(1000, locale=lang) else 5,
        "cities": {city.id: city.heading_in(lang) for city in kb.cities.values()},
        "practices": {p.id: p.heading_in(lang) for p in kb.practices.values()},
        "evidence": {term.id: term.label_in(lang) for term in kb.taxonomy.evidence_levels},
        "languages": {code: i18n.language_name(code, lang) for code in codes},
    }


def planner_data(kb: KnowledgeBase, lang: str) -> dict[str, Any]:
    """The planner's data in ``lang``: the algorithm's (language-neutral), its words, and what the
    page and the dossier show of each city (``show.cities``) and practice (``show.practices``)."""
    data = algorithm_data(kb)
    data["words"] = planner_words(kb, lang)
    data["show"] = {
        "cities": {city.id: _city(kb, city.id, lang) for city in kb.cities.values()},
        "practices": {p.id: _practice(kb, p, lang) for p in kb.practices.values()},
        "labels": _labels(kb, lang),
        "planner": paths.url(PLANNER),
        "compare": paths.url(COMPARE),
    }
    return data


def planner_files(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """The files of :func:`planner_data` as the site writes them: the data without the peer scores
    at :data:`DATA_PATH` (its ``peers`` empty, ``peers_src`` naming the folder), and each visiting
    city's row at :data:`PEERS_PATH` ``<id>.json``, which the planner fetches when that city is chosen."""
    data = planner_data(kb, lang)
    rows: dict[str, dict[str, float]] = data.pop("peers")
    files = {DATA_PATH: _json({**data, "peers": {}, "peers_src": PEERS_PATH})}
    files.update((f"{PEERS_PATH}{visitor}.json", _json(row)) for visitor, row in rows.items())
    return files


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _labels(kb: KnowledgeBase, lang: str) -> dict[str, dict[str, str]]:
    """The names of the values the comparison shows, as the site's facets name them."""
    from pracbase.facets import facet

    labels = {kind: {term.id: facet(kind).label(term.id, lang) for term in kb.taxonomy.vocabularies[kind]}
              for kind in ("themes", "concerns", "levels", "target_groups")}
    labels.update({kind: {term.id: term.label_in(lang) for term in kb.taxonomy.vocabularies[kind]}
                   for kind in ("statuses", "evidence_levels")})
    labels["networks"] = {term.id: term.label_in(lang) for term in kb.taxonomy.vocabularies["networks"]}
    labels["projects"] = {p.id: p.acronym for p in kb.projects.values()}
    return labels


def _city(kb: KnowledgeBase, city_id: str, lang: str) -> dict[str, Any]:
    city = kb.cities[city_id]
    learned = []
    if city.partnership is not None:
        for field in ("advice", "project_effect", "future_priorities"):
            text = getattr(city.partnership, field).get(lang, city.original_language).text
            learned.append(text)
    return {
        "url": paths.url(paths.city(city.id)),
        "country": i18n.country_name(city.country, lang),
        "summary": city.summary.get(lang, city.original_language).text if city.summary else None,
        "concerns": sorted({*city.concerns, *(c for p in kb.practices_of_city(city.id) for c in p.concerns)}),
        "themes": sorted({t for p in kb.practices_of_city(city.id) for t in p.themes}),
        "levels": [t.id for t in kb.taxonomy.levels
                   if any(t.id in p.levels for p in kb.practices_of_city(city.id))],
        "practices": [p.id for p in kb.practices_of_city(city.id)],
        "networks": [m.network for m in city.networks],
        "projects": [p.id for p in kb.graph.projects_by_city.get(city.id, [])],
        "learned": learned,
        "sources": [_source(kb, s, lang) for s in city.sources],
    }


def _practice(kb: KnowledgeBase, practice: Practice, lang: str) -> dict[str, Any]:
    note = practice.evaluation.note
    return {
        "url": paths.url(paths.practice(practice.id)),
        "summary": practice.summary.get(lang, practice.original_language).text,
        "levels": list(practice.levels),
        "themes": list(practice.themes),
        "concerns": list(practice.concerns),
        "target_groups": list(practice.target_groups),
        "cities": list(practice.cities),
        "projects": list(practice.projects),
        "status": practice.status,
        "evaluation": practice.evaluation.level,
        "partners": [a.name.get(lang, practice.original_language).text for a in practice.actors],
        # What the record says was learned: its lessons and next steps (issue 20), and the evaluation's note.
        "learned": [text.get(lang, practice.original_language).text
                    for text in (practice.lessons, practice.next_steps, note) if text is not None],
        "sources": [_source(kb, s, lang) for s in practice.sources],
    }


def _source(kb: KnowledgeBase, cited: Source, lang: str) -> dict[str, Any]:
    """A citation as the dossier prints it: the source record's title, publisher and year, the section and page."""
    document = kb.source(cited.source)
    return {"title": document.title_in(lang), "publisher": document.publisher, "year": document.year,
            "section": cited.section, "page": cited.page}


def _anchor(heading: str) -> str:
    """The id Python-Markdown's table of contents gives a heading (``Peer cities`` → ``peer-cities``)."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def _md_link(text: str, here: str, target: str) -> str:
    """A Markdown link from page ``here`` to page ``target``: every site engine resolves it."""
    return f"[{markup.inline(text)}]({paths.relative(here, target)})"


def _md_format(template: str, **links: str) -> str:
    """``template`` (plain text) as Markdown, its ``{name}`` placeholders replaced by ``links``."""
    def text(part: str) -> str:  # markup.inline trims: keep the spaces around the links
        core = part.strip()
        return part[:len(part) - len(part.lstrip())] + (markup.inline(core) if core else "") + \
            part[len(part.rstrip()):]

    return "".join(links[part[1:-1]] if re.fullmatch(r"\{\w+\}", part) and part[1:-1] in links
                   else text(part) for part in re.split(r"(\{\w+\})", template))


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _esc(value: str) -> str:
    return html.escape(value, quote=False)


# --- pages ------------------------------------------------------------------------------------

COMPARE = paths.COMPARE
"""The page comparing two or three cities side by side."""


def _options(pairs: list[tuple[str, str]], empty: str | None = None) -> str:
    first = [f'<option value="">{_esc(empty)}</option>'] if empty is not None else []
    return "".join(first + [f'<option value="{_attr(v)}">{_esc(label)}</option>' for v, label in pairs])


def _city_pairs(kb: KnowledgeBase, lang: str) -> list[tuple[str, str]]:
    pairs = [(c.id, f"{c.heading_in(lang)} ({i18n.country_name(c.country, lang)})")
             for c in kb.cities.values() if c.kind != "group"]
    return sorted(pairs, key=lambda pair: (i18n.fold(pair[1]), pair[0]))


def _data_attributes(strings: dict[str, str]) -> str:
    return " ".join(f'data-{name}="{_attr(value)}"' for name, value in strings.items())


def _checkboxes(name: str, pairs: list[tuple[str, str]]) -> str:
    return "".join(f'<label class="pb-visit__check"><input type="checkbox" name="{name}" value="{_attr(v)}"> '
                   f'{_esc(label)}</label>' for v, label in pairs)


def planner_page(kb: KnowledgeBase, lang: str, _: Gettext) -> str:
    """The Markdown of the planner: a form that ``planner.js`` reads from and writes to the page's
    address, the route it draws, and without JavaScript the command-line equivalent."""
    from pracbase.facets import facet

    used = {key: {v for p in kb.practices.values() for v in getattr(p, key)} for key in ("themes", "concerns")}
    themes = [(v, facet("themes").label(v, lang)) for v in facet("themes").ordered(used["themes"], lang)]
    concerns = [(v, facet("concerns").label(v, lang)) for v in facet("concerns").ordered(used["concerns"], lang)]
    levels = [(t.id, t.label_in(lang)) for t in kb.taxonomy.levels]
    cities = _city_pairs(kb, lang)
    hosts = {kb.cities[c].region for p in kb.practices.values() for c in p.cities if kb.cities[c].kind != "group"}
    regions = sorted(((code, i18n.region_name(code, lang)) for code in hosts), key=lambda pair: i18n.fold(pair[1]))
    strings = {
        "src": DATA_PATH,
        "lang": lang,
        "day": _("Day {n}"),
        "stop-one": _("{n} stop, {km} km in all"),
        "stop-other": _("{n} stops, {km} km in all"),
        "none": _("No city of the knowledge base has practices matching all these choices. Remove a theme or a "
                  "concern, or widen the radius."),
        "hop": _("{km} km from the previous stop"),
        "languages": _("Languages spoken: {items}"),
        "why": _("Why this city:"),
        "practices": _("Practices to see"),
        "others": _("Other possible hosts"),
        "compare": _("Compare with {city}"),
        "compare-stops": _("Compare the cities of this route"),
        "compare-practices": _("Compare these practices"),
        "peers": _("Peer cities of {city}"),
        "peers-anchor": _anchor(_("Peer cities")),
        "command": _("The same plan on the command line:"),
        "print": _("Print the visit dossier"),
        "details": _("Show the dossier on screen"),
        "profile": _("The city in brief"),
        "partners": _("Partners named in the records:"),
        "sources": _("Sources:"),
        "questions": _("Questions to prepare"),
        "question": _("The records say: “{text}” What does this mean for us?"),
        "section": _("section “{section}”"),
        "page": _("page {page}"),
        "map": _("Map of the route; the same stops are listed below."),
        "attribution": _("map data © OpenStreetMap contributors"),
        "error": _("The planner's data could not be loaded."),
        "unknown": _("Unknown value in the address: {value}. Choose again in the form."),
        "radius-without-centre": _("A radius needs a centre: choose a city to stay near, or the visiting city."),
        "country-sep": ", ",
    }
    title = _("Plan a study visit")
    intro = _("Choose what your delegation wants to see: the planner proposes host cities day by day, at most "
              "two a day and all within 300 km of each other, with the practices to see and why. It gives the "
              "same route as the command `pracbase visit`. The address of the page keeps your choices: copy it "
              "to share the plan.")
    words = {key: _esc(text) for key, text in {
        "city-pages": _("the city pages"), "map": _("the map"), "from": _("Visiting city (optional)"),
        "none": _("none"), "themes": _("Themes (any of them)"), "level": _("Prevention level"), "any": _("any"),
        "concerns": _("Concerns (any of them)"), "near": _("Stay near"), "anywhere": _("anywhere"),
        "radius": _("within (km)"), "days": _("Days"), "submit": _("Plan the visit"),
        "region": _("Region"),
        "noscript": _("This planner runs in your browser and needs JavaScript. Without it, the same plan is one "
                      "command away, for example:"),
    }.items()}
    example = ("pracbase visit --from luton --theme prison-exit-reintegration --level tertiary --near rotterdam "
               "--radius-km 200 --days 3")
    noscript = markup.inline(html.unescape(words["noscript"]))
    start = _md_format(_("Each city's page lists its practices and its peer cities: start from {cities} or {map}."),
                       cities=_md_link(_("the city pages"), PLANNER, paths.CITIES),
                       map=_md_link(_("the map"), PLANNER, paths.MAP))
    chosen = '<span class="pb-visit__chosen"></span>'
    return f"""---
hide:
  - toc
---

# {_esc(title)}

<p class="pb-visit__intro">{markup.html_with_code(intro)}</p>

{noscript} `{example}`
{{: .pb-nojs }}

{start}
{{: .pb-nojs }}

<div id="pb-visit" class="pb-visit" {_data_attributes(strings)}>
<form class="pb-visit__form" method="get" aria-label="{_attr(title)}">
<p><label for="pb-visit-from">{words["from"]}</label>
<select id="pb-visit-from" name="from">{_options(cities, words["none"])}</select></p>
<details class="pb-visit__group pb-visit__themes-box" open><summary>{words["themes"]}{chosen}</summary>
<fieldset class="pb-visit__themes"><legend class="pb-visually-hidden">{words["themes"]}</legend>
{_checkboxes("theme", themes)}</fieldset></details>
<p><label for="pb-visit-level">{words["level"]}</label>
<select id="pb-visit-level" name="level">{_options(levels, words["any"])}</select></p>
<details class="pb-visit__group pb-visit__concerns"><summary>{words["concerns"]}{chosen}</summary>
<fieldset><legend class="pb-visually-hidden">{words["concerns"]}</legend>
{_checkboxes("concern", concerns)}</fieldset></details>
<p><label for="pb-visit-near">{words["near"]}</label>
<select id="pb-visit-near" name="near">{_options(cities, words["anywhere"])}</select>
<label for="pb-visit-radius">{words["radius"]}</label>
<input id="pb-visit-radius" name="radius_km" type="number" min="1" max="20000" step="any" inputmode="decimal"></p>
<p><label for="pb-visit-region">{words["region"]}</label>
<select id="pb-visit-region" name="region">{_options(regions, words["anywhere"])}</select></p>
<p><label for="pb-visit-days">{words["days"]}</label>
<input id="pb-visit-days" name="days" type="number" min="1" max="30" value="3" inputmode="numeric"></p>
<p><button type="submit" class="md-button md-button--primary">{words["submit"]}</button></p>
</form>
<p class="pb-visit__status" role="status" aria-live="polite"></p>
<div class="pb-visit__map" hidden></div>
<div class="pb-visit__route"></div>
</div>
"""


def compare_page(kb: KnowledgeBase, lang: str, _: Gettext) -> str:
    """The Markdown of the comparison: two or three cities chosen in the address (``?city=…&city=…``),
    or practices (``?practice=…&practice=…``), side by side, drawn by ``planner.js`` from the
    planner's data."""
    cities = _city_pairs(kb, lang)
    strings = {
        "src": DATA_PATH,
        "lang": lang,
        "concerns": _("Concerns"),
        "themes": _("Themes"),
        "levels": _("Prevention levels"),
        "projects": _("Projects"),
        "networks": _("Networks"),
        "practices": _("Practices"),
        "target-groups": _("Target groups"),
        "cities": _("Cities"),
        "status": _("Status"),
        "evaluation": _("Evaluation"),
        "partners": _("Partners named in the records:"),
        "distance": _("Distance"),
        "languages": _("Languages spoken"),
        "km-from": _("{km} km from {city}"),
        "shared": _("Values every compared city shares are marked ★."),
        "shared-practices": _("Values every compared practice shares are marked ★."),
        "none": _("Choose two or three cities to compare."),
        "error": _("The planner's data could not be loaded."),
        "print": _("Print the comparison"),
        "title-practices": _("Compare practices"),
        "nothing": "—",
    }
    title = _("Compare cities")
    city_n, none, pages = _("City {n}"), _("none"), _("the city pages")
    compare = _("Compare")
    selects = "\n".join(
        f'<p><label for="pb-compare-{n}">{_esc(city_n.format(n=n))}</label>'
        f'<select id="pb-compare-{n}" name="city">{_options(cities, none)}</select></p>' for n in (1, 2, 3))
    noscript = _md_format(_("The comparison needs JavaScript. Without it, each city's page lists its practices, "
                            "projects and peer cities: start from {cities}."),
                          cities=_md_link(pages, COMPARE, paths.CITIES))
    return f"""---
hide:
  - toc
---

# {_esc(title)}

{noscript}
{{: .pb-nojs }}

<div id="pb-compare" class="pb-compare" {_data_attributes(strings)}>
<form class="pb-compare__form" method="get" aria-label="{_attr(title)}">
{selects}
<p><button type="submit" class="md-button md-button--primary">{_esc(compare)}</button></p>
</form>
<p class="pb-compare__status" role="status" aria-live="polite"></p>
<div class="pb-compare__table"></div>
</div>
"""
