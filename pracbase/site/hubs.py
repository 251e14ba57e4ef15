"""Hub and index pages: levels, themes, concerns, regions, countries, and the record indexes.

Long lists continue on numbered pages (:meth:`Context.paginate`), so no page grows with
the collection beyond :data:`~pracbase.site.context.PAGE_SIZE` items.
"""

from __future__ import annotations

from pracbase import i18n
from pracbase.facets import facet, page_facets
from pracbase.models import City, Framework
from pracbase.site import markup, paths, sitesearch
from pracbase.site.context import Context


def _hub_type(ctx: Context, param: str) -> str:
    """The type of a hub page shown with its search results: its facet's heading (``Theme``)."""
    return ctx._(facet(param).heading)


def pages(ctx: Context) -> dict[str, str]:
    """Every hub and index page."""
    result: dict[str, str] = {}
    for paged in page_facets():
        result.update(vocabulary_pages(ctx, paged.key))
    result.update(region_pages(ctx))
    result.update(country_pages(ctx))
    result.update(practices_index(ctx))
    result[paths.CITIES] = cities_index(ctx)
    result[paths.PROJECTS] = projects_index(ctx)
    result[paths.FRAMEWORKS] = frameworks_index(ctx)
    result[paths.GUIDES] = guides_index(ctx)
    return result


def vocabulary_titles(ctx: Context) -> dict[str, tuple[str, str]]:
    """Title and introduction of each vocabulary's index page."""
    return {f.key: (ctx._(f.title), ctx._(f.intro)) for f in page_facets()}


def vocabulary_pages(ctx: Context, vocabulary: str) -> dict[str, str]:
    """The index of a vocabulary and a page per value, with its practices (and cities)."""
    chosen = facet(vocabulary)
    index, kind = paths.facet_index(chosen.key), chosen.param
    title, intro = ctx._(chosen.title), ctx._(chosen.intro)
    graph = ctx.kb.graph
    lines = []
    for term in ctx.kb.taxonomy.vocabularies[vocabulary]:
        hub = graph.hub(kind, term.id)
        count = ctx.ngettext("{n} practice", "{n} practices", len(hub.practices))
        lines.append(f"- **{ctx.term_link(index, vocabulary, term.id)}** · {markup.inline(count)}  \n"
                     f"    {markup.inline(term.definition_in(ctx.lang))}")
    result = {index: markup.heading(1, title) + f"\n\n{markup.inline(intro)}\n\n" + "\n".join(lines) + "\n"}
    for term in ctx.kb.taxonomy.vocabularies[vocabulary]:
        here = paths.term(chosen.key, term.id)
        hub = graph.hub(kind, term.id)
        practices = ctx.sort_records(hub.practices)
        head = [markup.heading(1, term.label_in(ctx.lang)),
                f'<p class="pb-lead">{markup.attr(term.definition_in(ctx.lang))}</p>',
                ctx.link(here, index, "← " + markup.inline(title))]
        if chosen.applies_to(City) and hub.cities:
            head.append(markup.heading(2, ctx._('Cities facing it'), searchable=False) + "\n\n"
                        + markup.unsearched(", ".join(ctx.record_link(here, c) for c in ctx.sort_records(hub.cities))))
        if chosen.applies_to(Framework):
            frameworks = [f for f in ctx.kb.frameworks.values() if term.id in chosen.values(f, ctx.kb)]
            if frameworks:
                head.append(markup.heading(2, ctx._('National frameworks'), searchable=False) + "\n\n"
                            + markup.unsearched("\n".join(f"- {ctx.record_link(here, f)}"
                                                           for f in ctx.sort_records(frameworks))))
        head.append(markup.heading(2, ctx.ngettext('{n} practice', '{n} practices', len(practices)), searchable=False))
        if practices:
            head.append(ctx.explorer_link(here, kind, term.id))
        label = term.label_in(ctx.lang)
        search = sitesearch.entry(_hub_type(ctx, kind), **{kind: [label]})
        result.update(ctx.paginate(here, "\n\n".join(head), practices, search, levels=vocabulary != "levels"))
    return result


def region_pages(ctx: Context) -> dict[str, str]:
    """The index of regions (those with a city) and a page per region."""
    graph = ctx.kb.graph
    regions = sorted(graph.hubs["region"], key=lambda code: i18n.fold(ctx.region(code)))
    lines = [f"- {ctx.region_link(paths.REGIONS, code)} · "
             + markup.inline(_counts(ctx, len(graph.hubs['region'][code].practices),
                                     len(graph.hubs['region'][code].cities)))
             for code in regions]
    intro = ctx._("Regions are the sub-regions of the United Nations (M49).")
    result = {paths.REGIONS: markup.heading(1, ctx._('Regions')) + f"\n\n{markup.inline(intro)}\n\n"
                             + "\n".join(lines) + "\n"}
    for code in regions:
        here = paths.region(code)
        hub = graph.hubs["region"][code]
        countries = sorted({c.country for c in hub.cities}, key=lambda c: i18n.fold(ctx.country(c)))
        country_lines = []
        for country in countries:
            country_hub = graph.hub("country", country)
            country_lines.append(f"- {ctx.country_link(here, country)} · "
                                 + markup.inline(_counts(ctx, len(country_hub.practices), len(country_hub.cities))))
        head = [markup.heading(1, ctx.region(code)),
                ctx.link(here, paths.REGIONS, "← " + markup.inline(ctx._("Regions"))),
                markup.heading(2, ctx._('Countries'), searchable=False), markup.unsearched("\n".join(country_lines)),
                markup.heading(2, ctx.ngettext('{n} practice', '{n} practices', len(hub.practices)), searchable=False)]
        if hub.practices:
            head.append(ctx.explorer_link(here, "region", code))
        search = sitesearch.entry(_hub_type(ctx, "region"), region=[ctx.region(code)])
        result.update(ctx.paginate(here, "\n\n".join(head), ctx.sort_records(hub.practices), search))
    return result


def country_pages(ctx: Context) -> dict[str, str]:
    """The index of countries (by region) and a page per country: frameworks, cities, practices."""
    graph = ctx.kb.graph
    with_cities = set(graph.hubs["country"])
    framework_only = {f.country for f in ctx.kb.frameworks.values()} - with_cities
    by_region: dict[str, list[str]] = {}
    for code in with_cities:
        by_region.setdefault(_region_of(ctx, code), []).append(code)
    intro = ctx.ngettext("{n} country has a city in the knowledge base.",
                         "{n} countries have a city in the knowledge base.", len(with_cities))
    parts = [markup.heading(1, ctx._('Countries')), markup.inline(intro)]
    for region in sorted(by_region, key=lambda r: i18n.fold(ctx.region(r))):
        parts.append(markup.heading(2, ctx.region(region)))
        parts.append("\n".join(
            f"- {ctx.country_link(paths.COUNTRIES, code)} · "
            + markup.inline(_counts(ctx, len(graph.hub('country', code).practices),
                                    len(graph.hub('country', code).cities)))
            for code in sorted(by_region[region], key=lambda c: i18n.fold(ctx.country(c)))))
    if framework_only:
        parts.append(markup.heading(2, ctx._('Countries with a national framework only')))
        parts.append("\n".join(f"- {ctx.country_link(paths.COUNTRIES, code)}"
                               for code in sorted(framework_only, key=lambda c: i18n.fold(ctx.country(c)))))
    result = {paths.COUNTRIES: "\n\n".join(parts) + "\n"}
    countries = with_cities | framework_only
    for code in countries:
        here = paths.country(code)
        hub = graph.hub("country", code)
        region = _region_of(ctx, code)
        head = [markup.heading(1, ctx.country(code))]
        if region:
            head.append(markup.inline(ctx._("Region")) + ": " + ctx.region_link(here, region))
        frameworks = ctx.sort_records(ctx.kb.frameworks_of_country(code))
        if frameworks:
            head.append(markup.heading(2, ctx._('National frameworks'), searchable=False) + "\n\n"
                        + markup.unsearched("\n".join(f"- {ctx.record_link(here, f)}" for f in frameworks)))
        active = [c for c in ctx.sort_records(hub.cities) if ctx.kb.practices_of_city(c.id)]
        quiet = [c for c in ctx.sort_records(hub.cities) if not ctx.kb.practices_of_city(c.id)]
        if active:
            cities = ctx.ngettext("{n} city with practices", "{n} cities with practices", len(active))
            head.append(markup.heading(2, cities, searchable=False) + "\n\n"
                        + markup.unsearched("\n".join(ctx.city_item(here, c) for c in active)))
        if quiet:
            note = ctx.ngettext("{n} city without a practice in the knowledge base yet:",
                                "{n} cities without a practice in the knowledge base yet:", len(quiet))
            head.append(markup.unsearched(markup.inline(note) + " "
                                          + ", ".join(ctx.record_link(here, c) for c in quiet) + "."))
        practices = ctx.ngettext("{n} practice", "{n} practices", len(hub.practices))
        head.append(markup.heading(2, practices, searchable=False))
        if hub.practices:
            head.append(ctx.explorer_link(here, "country", code))
        search = sitesearch.entry(_hub_type(ctx, "country"), countries=[ctx.country(code)],
                                  region=[ctx.region(region)] if region else [])
        result.update(ctx.paginate(here, "\n\n".join(head), ctx.sort_records(hub.practices), search))
    return result


def _region_of(ctx: Context, country: str) -> str:
    """The region of a country's cities (the most common one), or ``""`` when it has none."""
    regions = [c.region for c in ctx.kb.cities_of_country(country)]
    return max(sorted(set(regions)), key=regions.count) if regions else ""


def _counts(ctx: Context, practices: int, cities: int) -> str:
    return (ctx.ngettext("{n} practice", "{n} practices", practices) + ", "
            + ctx.ngettext("{n} city", "{n} cities", cities))


def practices_index(ctx: Context) -> dict[str, str]:
    """Every practice in alphabetical order, with ways to narrow the list."""
    here = paths.PRACTICES
    practices = ctx.sort_records(ctx.kb.practices.values())
    ways = " · ".join(ctx.link(here, target, markup.inline(label)) for target, label in (
        (paths.LEVELS, ctx._("by prevention level")), (paths.THEMES, ctx._("by theme")),
        (paths.CONCERNS, ctx._("by concern")), (paths.REGIONS, ctx._("by region")),
        (paths.COUNTRIES, ctx._("by country")), (paths.EXPLORER, ctx._("with several filters at once"))))
    head = "\n\n".join([
        markup.heading(1, ctx._('Practices')),
        markup.inline(ctx.ngettext("{n} practice, in alphabetical order.", "{n} practices, in alphabetical order.",
                                   len(practices))),
        markup.inline(ctx._("Browse them")) + f" {ways}.",
    ])
    return ctx.paginate(here, head, practices)


def cities_index(ctx: Context) -> str:
    """Every city, by country."""
    here = paths.CITIES
    by_country: dict[str, list[City]] = {}
    for city in ctx.kb.cities.values():
        by_country.setdefault(city.country, []).append(city)
    parts = [markup.heading(1, ctx._('Cities')),
             markup.inline(ctx.ngettext("{n} city, municipality or region.", "{n} cities, municipalities and regions.",
                                        len(ctx.kb.cities))) + " " + ctx.link(here, paths.MAP, markup.inline(
                                            ctx._("See them on the map."))),
             '<div data-pagefind-ignore markdown>']
    for code in sorted(by_country, key=lambda c: i18n.fold(ctx.country(c))):
        parts.append(markup.heading(2, ctx.country(code), searchable=False))
        parts.append("\n".join(ctx.city_item(here, c) for c in ctx.sort_records(by_country[code])))
    parts.append("</div>")
    return "\n\n".join(parts) + "\n"


def projects_index(ctx: Context) -> str:
    """Every project, with its acronym and period."""
    here = paths.PROJECTS
    lines = []
    for project in sorted(ctx.kb.projects.values(), key=lambda p: (i18n.fold(p.acronym), p.id)):
        n = len(ctx.kb.practices_of_project(project.id))
        years = f"{project.period.start or '…'}–{project.period.end or '…'}" if (
            project.period.start or project.period.end) else ""
        details = " · ".join(part for part in (markup.inline(years), markup.inline(
            ctx.ngettext("{n} practice", "{n} practices", n))) if part)
        lines.append(f"- **{markup.inline(project.acronym)}** · {ctx.record_link(here, project)} · {details}")
    intro = ctx._("European projects and network programmes the cities took part in.")
    return markup.heading(1, ctx._('Projects')) + f"\n\n{markup.inline(intro)}\n\n" + "\n".join(lines) + "\n"


def frameworks_index(ctx: Context) -> str:
    """Every country framework, by country."""
    here = paths.FRAMEWORKS
    intro = ctx._("The mandate that national law or policy gives cities in prevention, country by country.")
    frameworks = sorted(ctx.kb.frameworks.values(), key=lambda f: (i18n.fold(ctx.country(f.country)), f.id))
    lines = [f"- {ctx.country_link(here, f.country)}: {ctx.record_link(here, f)}" for f in frameworks]
    return (markup.heading(1, ctx._('National frameworks')) + f"\n\n{markup.inline(intro)}\n\n"
            + "\n".join(lines) + "\n")


def guides_index(ctx: Context) -> str:
    """Every guide: the method the sources teach, step by step, with its number of steps."""
    here = paths.GUIDES
    intro = ctx._("The method the sources teach, step by step: how a city makes a diagnosis, builds a strategy, "
                  "coordinates its partners… Under each step, the practices of cities that did it.")
    lines = []
    for guide in ctx.sort_records(ctx.kb.guides.values()):
        count = ctx.ngettext("{n} step", "{n} steps", len(guide.steps))
        summary = ctx.text(guide.summary, guide)
        lines.append(f"- **{ctx.record_link(here, guide)}** · {markup.inline(count)}  \n"
                     f"    {markup.inline(summary.text)}")
    return markup.heading(1, ctx._("Guides")) + f"\n\n{markup.inline(intro)}\n\n" + "\n".join(lines) + "\n"
