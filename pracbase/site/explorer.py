"""The explorer and the map: their pages (Markdown) and the JSON data they read.

The explorer filters every practice by every facet of :mod:`pracbase.facets` at once
(level, theme, concern, target group, region, country); the map shows every city. Both
are plain JavaScript (``assets/explorer.js``, ``assets/map.js``) reading
:func:`explorer_data`, written per language at :data:`DATA_PATH`.
The map page lists every city in plain Markdown, so it stays useful without tiles or script.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from pracbase import i18n
from pracbase.api import Build
from pracbase.facets import FACETS
from pracbase.history import review_date
from pracbase.kb import KnowledgeBase
from pracbase.models import City, Practice
from pracbase.site import paths

Gettext = Callable[[str], str]

CONTINENTS: dict[str, tuple[str, ...]] = {
    "150": ("151", "154", "039", "155"),                # Europe
    "002": ("015", "014", "017", "018", "011"),         # Africa
    "142": ("143", "030", "035", "034", "145"),         # Asia
    "019": ("029", "013", "005", "021"),                # Americas
    "009": ("053", "054", "057", "061"),                # Oceania
}
"""The UN M49 regions (continents) and their sub-regions: the map's zoom-to-region buttons."""

_CONTINENT_OF = {sub: continent for continent, subs in CONTINENTS.items() for sub in subs}

ASSETS_PATH = "assets/pracbase"
"""Where the site copies ``pracbase/site/assets/``, relative to each language's site root."""

DATA_PATH = f"{ASSETS_PATH}/explorer.json"
"""Where the site writes :func:`explorer_data`, relative to each language's site root."""

EXTRA_JAVASCRIPT = (f"{ASSETS_PATH}/common.js", f"{ASSETS_PATH}/explorer.js", f"{ASSETS_PATH}/map.js",
                    f"{ASSETS_PATH}/visit.js", f"{ASSETS_PATH}/planner.js")
"""Scripts for every page, in order: what both share, then each, which does nothing unless its page is
shown (the map loads Leaflet itself)."""

EXTRA_CSS = (f"{ASSETS_PATH}/extra.css", f"{ASSETS_PATH}/print.css")
"""Stylesheets for every page."""

# --- data -----------------------------------------------------------------------------


def explorer_data(kb: KnowledgeBase, lang: str, build: Build | None = None) -> dict[str, Any]:
    """Every practice with its facet values, the facets' value labels, and every city, in ``lang``.

    Practices are sorted by title; facet values keep the taxonomy's order (regions and
    countries are sorted by name), and only values some practice has are listed. The
    ``review`` facet tells the practices not reviewed for longer than ``build``'s period
    (``stale``, with ``stale_since``: the review date, written in ``lang``) from the others.
    """
    build = build or Build()
    practices = [_practice(kb, p, lang, build) for p in kb.practices.values()]
    practices.sort(key=lambda p: (i18n.fold(p["title"]), p["id"]))
    used: dict[str, Counter[str]] = {f.key: Counter(v for p in practices for v in p[f.key]) for f in FACETS}
    facets = [{"key": f.key, "param": f.param,
               "values": [{"id": value, "label": f.label(value, lang), "count": used[f.key][value]}
                          for value in f.ordered(used[f.key], lang)]}
              for f in FACETS]
    reviewed = Counter(v for p in practices for v in p["review"])
    facets.append({"key": "review", "param": "review",
                   "values": [{"id": value, "label": label, "count": reviewed[value]}
                              for value, label in _review_labels(lang, build.stale_after_months)
                              if reviewed[value]]})
    cities = [_city(kb, city, lang) for city in kb.cities.values()]
    cities.sort(key=lambda c: (i18n.fold(c["name"]), c["id"]))
    present = Counter(c["continent"] for c in cities)
    continents = [{"id": code, "label": i18n.region_name(code, lang)}
                  for code in sorted(present, key=lambda code: (-present[code], code))]
    return {"lang": lang, "total": len(practices), "facets": facets, "practices": practices, "cities": cities,
            "continents": continents}


def _practice(kb: KnowledgeBase, practice: Practice, lang: str, build: Build) -> dict[str, Any]:
    title = practice.title.get(lang, practice.original_language)
    cities = [kb.cities[c] for c in practice.cities]
    data: dict[str, Any] = {
        "id": practice.id,
        "title": title.text,
        "url": paths.url(paths.practice(practice.id)),
        **{f.key: list(f.values(practice, kb)) for f in FACETS},
        "cities": [c.id for c in cities],
        "words": _words(practice, cities),
        "review": ["stale" if build.is_stale(practice) else "current"],
    }
    if title.is_fallback:
        data["title_lang"] = title.lang
    if data["review"] == ["stale"]:
        reviewed = review_date(practice, build.history)
        assert reviewed is not None
        data["stale_since"] = format_date(reviewed, format="long", locale=lang)
    return data


def _words(practice: Practice, cities: list[City]) -> str:
    """What the explorer's words box matches: the title and city names in every language, folded
    (``Mechelen`` finds Malines' practices on the French site)."""
    names = [*practice.title.root.values(), *(name for city in cities for name in city.names.root.values())]
    return i18n.fold(" ".join(dict.fromkeys(names)))


def _review_labels(lang: str, months: int) -> list[tuple[str, str]]:
    """The values of the explorer's own ``review`` facet (not a facet of the records) and their labels."""
    ngettext = i18n.translations(lang).ngettext
    return [("current", ngettext("Reviewed in the last {n} month", "Reviewed in the last {n} months",
                                 months).format(n=months)),
            ("stale", ngettext("Not reviewed for more than {n} month", "Not reviewed for more than {n} months",
                               months).format(n=months))]


def _by_name(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: (i18n.fold(pair[1]), pair[0]))


def _city(kb: KnowledgeBase, city: City, lang: str) -> dict[str, Any]:
    return {
        "id": city.id,
        "name": city.heading_in(lang),
        "url": paths.url(paths.city(city.id)),
        "country": city.country,
        "country_name": i18n.country_name(city.country, lang),
        "continent": _CONTINENT_OF[city.region],
        "lat": city.coordinates.lat,
        "lon": city.coordinates.lon,
        "practices": len(kb.practices_of_city(city.id)),
    }


# --- pages ----------------------------------------------------------------------------


def explorer_page(kb: KnowledgeBase, lang: str, _: Gettext) -> str:
    """The Markdown of the explorer page: an empty form and list that ``explorer.js`` fills."""
    headings = {f.key: _(f.heading) for f in FACETS} | {"review": _("Review")}
    strings = {
        "src": DATA_PATH,
        "lang": lang,
        "one": _("{n} practice of {total}"),
        "other": _("{n} practices of {total}"),
        "none": _("No practice matches all these filters. Uncheck one to see more."),
        "more": _("Show more"),
        "show-one": _("Show the {n} practice"),
        "show-other": _("Show the {n} practices"),
        "error": _("The list of practices could not be loaded."),
        "fallback": _("not yet translated: shown in the original language"),
        "stale": _("not reviewed since {date}"),
    }
    attributes = " ".join(f'data-{name}="{_attr(value)}"' for name, value in strings.items())
    opened = ("levels", "themes")
    facets = "\n".join(
        f'<details class="pb-facet" data-facet="{key}" data-param="{param}"{" open" if key in opened else ""}>'
        f'<summary>{_text(headings[key])}<span class="pb-facet__selected"></span></summary>'
        f'<fieldset><legend class="pb-visually-hidden">{_text(headings[key])}</legend>'
        f'<div class="pb-facet__values"></div></fieldset></details>'
        for key, param in [*((f.key, f.param) for f in FACETS), ("review", "review")])
    title = _("Explore the practices")
    intro = _("Combine filters to find the practices that fit your situation: within a group, any checked "
              "value matches; across groups, every group must match. The numbers tell how many practices "
              "each choice would show. The address of the page keeps your filters: copy it to share this view.")
    words = _("Words in the title or city")
    filters = _("Filters")
    clear = _("Clear all filters")
    hubs = {name: f'<a href="{_attr(paths.href(paths.EXPLORER, page))}">{_text(label)}</a>'
            for name, page, label in (("levels", paths.LEVELS, _("level")), ("themes", paths.THEMES, _("theme")),
                                      ("regions", paths.REGIONS, _("region")))}
    noscript = _text(_("The explorer needs JavaScript. Without it, browse the practices by {levels}, {themes} "
                       "or {regions}, or use the search.")).format(**hubs)
    return f"""---
hide:
  - toc
---

# {_text(title)}

<p class="pb-explorer__intro">{_text(intro)}</p>

<div id="pb-explorer" class="pb-explorer" {attributes}>
<p class="pb-explorer__count" role="status" aria-live="polite"></p>
<form class="pb-explorer__filters" role="search" aria-label="{_attr(filters)}">
<p class="pb-explorer__q"><label for="pb-q">{_text(words)}</label>
<input id="pb-q" name="q" type="search" autocomplete="off"></p>
<p class="pb-explorer__toggle"><button type="button" class="md-button" aria-expanded="false" \
aria-controls="pb-facets">{_text(filters)}<span class="pb-explorer__chosen"></span></button></p>
<div id="pb-facets" class="pb-explorer__facets">
{facets}
<p class="pb-explorer__actions"><button type="button" class="md-button md-button--primary pb-explorer__show"></button>
<button type="reset" class="md-button pb-explorer__clear">{_text(clear)}</button></p>
</div>
</form>
<div class="pb-explorer__results">
<ol class="pb-explorer__list"></ol>
<p><button type="button" class="md-button pb-explorer__more" hidden>{_text(strings["more"])}</button></p>
<noscript><p>{noscript}</p></noscript>
</div>
</div>
"""


def map_page(kb: KnowledgeBase, lang: str, _: Gettext) -> str:
    """The Markdown of the map page: a map that ``map.js`` draws, and every city listed by country."""
    title = _("Map of the cities")
    intro = _("Every city, municipality and region of the knowledge base. Select a marker to open the "
              "city's page, or use the list below the map.")
    strings = {
        "src": DATA_PATH,
        "lang": lang,
        "label": _("Map of the cities; the same cities are listed below."),
        "one": _("{n} practice in the knowledge base"),
        "other": _("{n} practices in the knowledge base"),
        "tiles-failed": _("The detailed map background could not be loaded, so simplified borders are shown; "
                          "the markers and the list below still work."),
        "attribution": _("map data © OpenStreetMap contributors"),
        "world": _("Whole world"),
        "zoom": _("Zoom to"),
        "cluster-one": _("{n} city: zoom in"),
        "cluster-other": _("{n} cities: zoom in"),
    }
    attributes = " ".join(f'data-{name}="{_attr(value)}"' for name, value in strings.items())
    by_country: dict[str, list[City]] = {}
    for city in kb.cities.values():
        by_country.setdefault(city.country, []).append(city)
    transfers = _("Transfers")
    see_also = _("practices adapted from one city to another, on a map of their own.")
    lines = [f"---\nhide:\n  - toc\n---\n\n# {_text(title)}\n\n{_text(intro)}\n",
             f"[{_md(_text(transfers))}]({paths.relative(paths.MAP, paths.TRANSFERS)}): {_text(see_also)}\n",
             f'<div id="pb-map" class="pb-map" {attributes}></div>\n',
             "## " + _text(_("Cities by country")) + "\n",
             _text(_("The number after a city is how many of its practices the knowledge base holds.")) + "\n"]
    for code, name in _by_name((code, i18n.country_name(code, lang)) for code in by_country):
        links = []
        for city in sorted(by_country[code], key=lambda c: i18n.fold(c.heading_in(lang))):
            count = len(kb.practices_of_city(city.id))
            links.append(f"[{_md(city.heading_in(lang))}]({paths.relative(paths.MAP, paths.city(city.id))})"
                         f" ({format_decimal(count, locale=lang)})")
        lines.append(f"- **{_md(name)}**: " + ", ".join(links))
    lines.append("")
    return "\n".join(lines)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _md(value: str) -> str:
    """A plain name, safe inside Markdown link text."""
    return value.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
