"""The transfers page: practices adapted from others, on a map and in a list.

The map (``assets/map.js``, the map page's Leaflet) draws a line from the city of each
origin practice to the city of each practice adapted from it; the list below it says the
same for readers without the map, and names the outside models (Exit Sweden's methods…)
that have no place on a map. Every transfer is derived from the practices' ``adapted_from``.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict

from pracbase import i18n
from pracbase.models import Lineage, Practice
from pracbase.site import markup, paths
from pracbase.site.context import Context
from pracbase.site.explorer import DATA_PATH


def transfers_page(ctx: Context) -> str:
    """The Markdown of the transfers page."""
    here, kb = paths.TRANSFERS, ctx.kb
    pairs = kb.graph.transfers()
    lines_data = []
    for origin, adopter in pairs:
        for a in origin.cities:
            for b in adopter.cities:
                if a == b:  # the same city on both ends: no line to draw
                    continue
                lines_data.append({"from": a, "to": b,
                                   "label": ctx._("{origin} to {adopter}").format(
                                       origin=ctx.title(origin), adopter=ctx.title(adopter))})
    strings = {
        "src": DATA_PATH,
        "lang": ctx.lang,
        "label": ctx._("Map of the transfers: a line from the city of each practice to the city that adapted it; "
                       "the same transfers are listed below."),
        "one": ctx._("{n} practice in the knowledge base"),
        "other": ctx._("{n} practices in the knowledge base"),
        "tiles-failed": ctx._("The detailed map background could not be loaded, so simplified borders are shown; "
                              "the markers and the list below still work."),
        "attribution": ctx._("map data © OpenStreetMap contributors"),
        "world": ctx._("Whole world"),
        "zoom": ctx._("Zoom to"),
        "cluster-one": ctx._("{n} city: zoom in"),
        "cluster-other": ctx._("{n} cities: zoom in"),
        "transfers": json.dumps(lines_data, ensure_ascii=False),
    }
    attributes = " ".join(f'data-{name}="{html.escape(value, quote=True)}"' for name, value in strings.items())
    title = ctx._("Transfers")
    parts = [f"---\nhide:\n  - toc\n---\n\n# {html.escape(title, quote=False)}\n",
             markup.inline(ctx._("Practices adapted from another practice or from an outside model, as the sources "
                                 "state it. A transfer shows that a practice travelled; it does not say by itself "
                                 "that it worked in its new place: see each practice's results and evidence.")),
             f'<div id="pb-map" class="pb-map pb-map--transfers" {attributes}></div>\n' if lines_data else "",
             "## " + markup.inline(ctx._("From one practice to another")),
             _practice_list(ctx, here, pairs) or markup.inline(ctx._("None yet.")),
             "## " + markup.inline(ctx._("Outside models adapted")),
             _model_list(ctx, here) or markup.inline(ctx._("None yet."))]
    return "\n\n".join(part for part in parts if part) + "\n"


def _where(ctx: Context, practice: Practice) -> str:
    return ", ".join(markup.inline(ctx.title(ctx.kb.cities[c])) for c in practice.cities)


def _practice_list(ctx: Context, here: str, pairs: list[tuple[Practice, Practice]]) -> str:
    by_origin: dict[str, list[Practice]] = defaultdict(list)
    for origin, adopter in pairs:
        by_origin[origin.id].append(adopter)
    lines = []
    for origin_id, adopters in by_origin.items():
        origin = ctx.kb.practices[origin_id]
        lines.append(f"- {ctx.record_link(here, origin)} ({_where(ctx, origin)}), "
                     + markup.inline(ctx._("adapted by:")))
        lines += [f"    - {ctx.record_link(here, a)} ({_where(ctx, a)})" for a in adopters]
    return "\n".join(lines)


def _model_list(ctx: Context, here: str) -> str:
    models: dict[str, tuple[Lineage, list[Practice]]] = {}
    for practice in ctx.kb.practices.values():
        for origin in practice.adapted_from:
            if origin.practice is None:
                models.setdefault(origin.key, (origin, []))[1].append(practice)
    lines = []
    for _, (origin, adopters) in sorted(models.items(), key=lambda item: i18n.fold(item[1][0].organisation or "")):
        assert origin.method is not None and origin.organisation is not None
        method = ctx.inline(origin.method, adopters[0])
        lines.append(f"- **{method}** ({markup.inline(origin.organisation)}), " + markup.inline(ctx._("adapted by:")))
        lines += [f"    - {ctx.record_link(here, a)} ({_where(ctx, a)})"
                  for a in sorted(adopters, key=lambda p: i18n.fold(ctx.title(p)))]
    return "\n".join(lines)
