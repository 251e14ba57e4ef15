"""The pages not tied to one record: home, about, contribute, and the explorer and map
(from :mod:`pracbase.site.explorer`)."""

from __future__ import annotations

import json

from pracbase import api, i18n
from pracbase.site import contribute as contribute_form
from pracbase.site import explorer, markup, paths, planner, records, transfers
from pracbase.site.context import Context, front_matter


def pages(ctx: Context) -> dict[str, str]:
    """Home, about, contribute, explorer, map, the study-visit planner and the comparison of cities."""
    _ = ctx.translator.gettext
    return {
        paths.HOME: home(ctx),
        paths.ABOUT: about(ctx),
        paths.CONTRIBUTE: contribute(ctx),
        paths.EXPLORER: explorer.explorer_page(ctx.kb, ctx.lang, _),
        paths.MAP: explorer.map_page(ctx.kb, ctx.lang, _),
        paths.TRANSFERS: transfers.transfers_page(ctx),
        planner.PLANNER: planner.planner_page(ctx.kb, ctx.lang, _),
        planner.COMPARE: planner.compare_page(ctx.kb, ctx.lang, _),
    }


def home(ctx: Context) -> str:
    """The home page: what pracbase is, how many, ways in, a search box."""
    kb, here = ctx.kb, paths.HOME
    graph = kb.graph
    counts = " · ".join(ctx.link(here, target, f"**{markup.inline(text)}**") for target, text in (
        (paths.PRACTICES, ctx.ngettext("{n} practice", "{n} practices", len(kb.practices))),
        (paths.CITIES, ctx.ngettext("{n} city", "{n} cities", len(kb.cities))),
        (paths.COUNTRIES, ctx.ngettext("{n} country", "{n} countries", len(graph.hubs["country"]))),
        (paths.PROJECTS, ctx.ngettext("{n} project", "{n} projects", len(kb.projects))),
        (paths.FRAMEWORKS, ctx.ngettext("{n} national framework", "{n} national frameworks", len(kb.frameworks))),
        (paths.GUIDES, ctx.ngettext("{n} guide", "{n} guides", len(kb.guides))),
    ))
    levels = []
    for term in kb.taxonomy.levels:
        count = ctx.ngettext("{n} practice", "{n} practices", len(graph.hub("level", term.id).practices))
        levels.append(f"-   **{ctx.term_link(here, 'levels', term.id)}**\n\n"
                      f"    {markup.inline(term.definition_in(ctx.lang))}\n\n"
                      f"    {markup.inline(count)}")
    themes = [(term.id, len(graph.hub("theme", term.id).practices)) for term in kb.taxonomy.themes]
    theme_lines = [f"- {ctx.term_link(here, 'themes', id)} ({ctx.number(n)})" for id, n in themes if n]
    regions = sorted(graph.hubs["region"], key=lambda code: i18n.fold(ctx.region(code)))
    region_lines = [f"- {ctx.region_link(here, code)} ({ctx.number(len(graph.hubs['region'][code].practices))})"
                    for code in regions]
    label, placeholder = markup.attr(ctx._("Search")), markup.attr(ctx._("A city, a theme, a target group…"))
    search = (f'<form class="pb-search" action="./" method="get" role="search">\n'
              f'<label class="pb-visually-hidden" for="pb-home-q">{label}</label>\n'
              f'<input id="pb-home-q" type="search" name="search" placeholder="{placeholder}">\n'
              f'<button type="submit" class="md-button md-button--primary">{label}</button>\n'
              f"</form>")
    tools = "\n".join(f"- {ctx.link(here, target, '**' + markup.inline(title) + '**')}: {markup.inline(text)}"
                      for target, title, text in (
        (paths.EXPLORER, ctx._("Explorer"), ctx._("filter every practice by level, theme, concern, region, "
                                                   "country and target group at once.")),
        (paths.MAP, ctx._("Map"), ctx._("every city on a map, with its practices.")),
        (paths.TRANSFERS, ctx._("Transfers"), ctx._("practices adapted from one city to another, or from an "
                                                     "outside model.")),
        (paths.PLANNER, ctx._("Plan a study visit"), ctx._("host cities day by day for a delegation, with the "
                                                            "practices to see and why, and a dossier to print.")),
        (paths.CONCERNS, ctx._("Concerns addressed"), ctx._("from Islamist and far-right extremism to hate "
                                                             "speech and polarisation.")),
        (paths.CONTRIBUTE, ctx._("Contribute"), ctx._("add a practice of your city or correct a record.")),
    ))
    lead = ctx._("pracbase gathers the practices of local authorities in prevention: who did what, with whom, "
                 "when, what was learned, and where it comes from. Every record cites its source.")
    return "\n\n".join([
        front_matter(hide=["toc"]).rstrip(),
        markup.heading(1, ctx._('What cities do to prevent hate, violent extremism and polarisation')),
        f'<p class="pb-lead">{markup.attr(lead)}</p>',
        search,
        f'<p class="pb-counts" markdown>{counts}</p>',
        markup.heading(2, ctx._('Browse by prevention level')),
        '<div class="grid cards" markdown>\n\n' + "\n\n".join(levels) + "\n\n</div>",
        markup.heading(2, ctx._('Browse by theme')),
        '<div class="pb-columns" markdown>\n\n' + "\n".join(theme_lines) + "\n\n</div>",
        markup.heading(2, ctx._('Browse by region')),
        '<div class="pb-columns" markdown>\n\n' + "\n".join(region_lines) + "\n\n</div>",
        markup.heading(2, ctx._('More ways in')),
        tools,
    ]).lstrip() + "\n"


def about(ctx: Context) -> str:
    """The about page: what pracbase is, its sources, its exports."""
    kb, here = ctx.kb, paths.ABOUT
    cited: dict[str, int] = {}
    for record in kb:
        for cited_id in {cited.source for cited in record.sources}:
            cited[cited_id] = cited.get(cited_id, 0) + 1
    cited_sources = []
    for source in kb.sources.values():
        count = ctx.ngettext("cited by {n} record", "cited by {n} records", cited.get(source.id, 0))
        cited_sources.append(f"- {records.source_citation(ctx, source)} · {markup.inline(count)}")
    api_root = ctx.to_site_root(paths.ABOUT) + paths.API
    files = "\n".join(f'- <a href="{markup.attr(api_root + name)}"><code>/api/{markup.attr(name)}</code></a>: '
                      + markup.inline(ctx._(text)) for name, text in api.FILES)
    return "\n\n".join([
        markup.heading(1, ctx._('About pracbase')),
        dataset_markup(ctx),
        markup.inline(ctx._(
            "pracbase is an open knowledge base of what cities do to prevent hate, violent extremism and "
            "polarisation. Local prevention practitioners learn most from their peers; that knowledge sits in "
            "long reports. pracbase turns it into structured, cited records, one file each, checked by a "
            "validator, and builds this site from them.")),
        markup.heading(2, ctx._('Sources')),
        markup.inline(ctx._("The records summarise and translate these sources, in the authors' own words; "
                            "every record cites the source and the section it comes from.")),
        "\n".join(cited_sources),
        markup.heading(2, ctx._('Languages')),
        markup.inline(ctx._("The site is available in: {languages}. Records are written in French and English; "
                            "a text not yet translated is shown in its original language, with a notice.")
                      .format(languages=", ".join(ctx.language(code) for code in i18n.BUILD_LANGUAGES))),
        markup.heading(2, ctx._('Data and API')),
        markup.inline(ctx._("Every record is also published as JSON at a stable address, with the JSON Schema of "
                            "each record type, for tools and reuse:")),
        files,
        markup.inline(ctx._("Each record also has its own address, /api/v1/practices/<id>.json (cities, projects and "
                            "frameworks alike), giving the schema version it follows and the day it last changed.")),
        markup.heading(2, ctx._('Privacy')),
        markup.inline(ctx._("This site sets no cookie and uses no tracker. Its pages load nothing from other "
                            "hosts, except the background of the map, from OpenStreetMap, on the map page.")),
        ctx.link(here, paths.CONTRIBUTE, markup.inline(ctx._("How to contribute"))),
    ]) + "\n"


def dataset_markup(ctx: Context) -> str:
    """schema.org ``Dataset`` markup (JSON-LD) describing the data and its downloads, for dataset
    search engines; addresses are absolute when the site's address is known."""
    from pracbase import __version__

    build = ctx.build
    root = build.base_url or "../../"  # from /<lang>/about/ to the site's root
    modified = [d for r in ctx.kb if (d := build.history.modified(r)) is not None]
    formats = {".json": "application/json", ".csv": "text/csv", ".jsonld": "application/ld+json",
               ".geojson": "application/geo+json"}
    downloads = [{"@type": "DataDownload", "name": name, "description": text, "contentUrl": f"{root}api/{name}",
                  "encodingFormat": formats[ext]}
                 for name, text in api.FILES if not name.startswith(("schemas/", api.VERSION))
                 for ext in ["." + name.rsplit(".", 1)[1]]]
    dataset = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "pracbase",
        "description": ctx._("What cities do to prevent hate, violent extremism and polarisation.") + " "
        + ctx._("Practices of local authorities, with their cities, projects and national frameworks, "
                "each citing its source."),
        "version": __version__,
        "license": "https://opensource.org/license/mit",
        "isAccessibleForFree": True,
        "inLanguage": list(i18n.SITE_LANGUAGES),
        "keywords": ["prevention", "violent extremism", "radicalisation", "polarisation", "hate speech", "cities"],
        "creator": {"@type": "Organization", "name": "the pracbase contributors"},
        "dateModified": max(modified).isoformat() if modified else None,
        "distribution": downloads,
    }
    if build.base_url:
        dataset["url"] = f"{build.base_url}{ctx.lang}/about/"
    dataset = {key: value for key, value in dataset.items() if value is not None}
    text = json.dumps(dataset, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def contribute(ctx: Context) -> str:
    """The contribute page: how to add or correct a record."""
    steps = [
        ctx._("In a copy of the repository, run `pracbase new practice --id my-city-mothers-groups`: it writes "
              "a commented template, `practices/my-city-mothers-groups.yml` (the id is lowercase with hyphens)."),
        ctx._("Fill in the title, summary and description in French and English, the cities, levels, themes "
              "and target groups (the allowed values are listed in `pracbase/data/taxonomy.yml`), and the "
              "source: its id in `sources/` and the section. A city or a source not there yet gets its own "
              "file: `pracbase new city --id …`, `pracbase new source --id …`."),
        ctx._("Run `pracbase validate`. It either says OK, or lists every problem with its file and line, and a "
              "suggestion, such as `unknown theme 'yuoth' (did you mean 'youth'?)`."),
        ctx._("Open a pull request. The same checks run on it, and a reviewer reads it."),
    ]
    rules = [
        ctx._("Write in your own words: summarise and translate the source, never copy its sentences."),
        ctx._("Cite every fact: the source (a publication, a web page, a city's own document, a report…), "
              "the section, and the page where there is one."),
        ctx._("No personal data about private individuals: name organisations and institutional roles."),
        ctx._("Plain text or Markdown only: bold, italics, lists and links to https addresses. HTML is refused."),
    ]
    return "\n\n".join([
        front_matter(pracbase_script=contribute_form.SCRIPT).rstrip(),
        markup.heading(1, ctx._('Contribute')),
        markup.inline(ctx._("pracbase grows with the practitioners who use it. Each practice, city, project and "
                            "national framework is one YAML file in the repository; adding one takes four steps.")),
        markup.heading(2, ctx._('Add or correct a record')),
        "\n".join(f"{number}. {_with_code(step)}" for number, step in enumerate(steps, start=1)),
        markup.heading(2, ctx._('Rules')),
        "\n".join(f"- {_with_code(rule)}" for rule in rules),
        markup.heading(2, ctx._('Fill in a form')),
        markup.inline(ctx._("This form writes a practice's file for you from the lists of the knowledge base "
                            "and checks it against the schema of a practice, in your browser: nothing is sent.")),
        '<noscript><p>' + markup.html_with_code(ctx._("The form needs JavaScript. Without it, start from the template "
                                                "that `pracbase new practice` writes, as above.")) + '</p></noscript>',
        contribute_form.form(ctx.lang, ctx._),
        markup.heading(2, ctx._('Not comfortable with files?')),
        markup.inline(ctx._("Send the practice, its city and its source to the maintainers of the repository "
                            "by opening an issue: they will write the record with you.")),
    ]) + "\n"


def _with_code(text: str) -> str:
    """A translated sentence where `backquoted` parts become code and the rest stays plain text."""
    pieces = text.split("`")
    return "".join(f"<code>{markup.attr(piece)}</code>" if index % 2 else markup.inline(piece)
                   for index, piece in enumerate(pieces))
