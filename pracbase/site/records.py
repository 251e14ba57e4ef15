"""The page of each record: practice, city, project, country framework and guide."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from pracbase import i18n
from pracbase.graph import PRACTICE_KINDS
from pracbase.history import review_date
from pracbase.models import City, Framework, Guide, Link, Period, Practice, Project, Record, Source, SourceDocument
from pracbase.peers import few_comparable
from pracbase.site import markup, paths, sitesearch
from pracbase.site.context import N_, Context, front_matter, other_names

RELATED_COUNT = 5
"""Related practices shown on a practice page, peer cities on a city page."""


# --- shared pieces -----------------------------------------------------------------------


def facts(rows: Iterable[tuple[str, str]], searchable: bool = True) -> str:
    """A definition list of (label, Markdown value) rows, leaving out empty values."""
    items = [f"{markup.inline(label)}\n:   {value}" for label, value in rows if value]
    attributes = "" if searchable else " data-pagefind-ignore"
    return f'<div class="pb-facts"{attributes} markdown>\n\n' + "\n\n".join(items) + "\n\n</div>" if items else ""


def section(title: str, body: str, searchable: bool = True) -> str:
    """A level-2 section, or nothing when ``body`` is empty.

    ``searchable=False`` keeps the section out of the search index (lists of other pages,
    citations).
    """
    if not body.strip():
        return ""
    return markup.heading(2, title, searchable) + "\n\n" + (body if searchable else markup.unsearched(body))


def join(parts: Iterable[str]) -> str:
    """Page parts separated by blank lines, leaving out empty ones."""
    return "\n\n".join(part for part in parts if part) + "\n"


def period(ctx: Context, value: Period, ongoing: bool = False) -> str:
    """``2015–2018``, ``since 2015``, ``until 2018`` or ``""``."""
    start, end = value.start, value.end
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    if start:
        return (ctx._("since {year}") if ongoing else ctx._("from {year}")).format(year=start)
    if end:
        return ctx._("until {year}").format(year=end)
    return ""


def unstated(ctx: Context) -> str:
    """What a fact the source does not give shows: said so, rather than a blank taken for a defect."""
    text = ctx._("not stated in the source")
    return f'<span class="pb-unstated">{markup.inline(text)}</span>'


def sources(ctx: Context, record: Record) -> str:
    """The record's sources, cited: title, kind, publisher, year, address, date consulted, section, page."""
    lines = []
    for number, cited in enumerate(record.sources, start=1):
        lines.append(f"{number}. {source_citation(ctx, ctx.kb.sources[cited.source])}, "
                     + markup.inline(ctx._("section “{section}”").format(section=cited.section))
                     + (", " + markup.inline(ctx._("page {page}").format(page=cited.page)) if cited.page else ""))
    return "\n".join(lines)


def source_citation(ctx: Context, source: SourceDocument) -> str:
    """One source document as inline Markdown: its title (as printed when not translated), kind,
    publisher, year, and its address with the date it was consulted."""
    shown = source.title.get(ctx.lang, source.language)
    title = f"*{markup.inline(shown.text)}*"
    if shown.is_fallback:
        marker = ctx._("(in {language})").format(language=ctx.language(shown.lang))
        title = (f'<span lang="{markup.attr(shown.lang)}">{title}</span> '
                 f'<small class="pb-lang">{markup.inline(marker)}</small>')
    parts = [title, markup.inline(ctx.term("source_types", source.type)), markup.inline(source.publisher)]
    if source.year:
        parts.append(str(source.year))
    if source.url:
        parts.append(f"[{markup.inline(source.url)}]({markup.url(source.url)})")
    if source.consulted:
        parts.append(markup.inline(ctx._("consulted on {date}").format(date=ctx.date(source.consulted))))
    return ", ".join(parts)


def links(ctx: Context, record: Record, values: list[Link]) -> str:
    """External links of a record, labelled (or shown as their address)."""
    lines = []
    for link in values:
        label = ctx.inline(link.label, record) if link.label else markup.inline(link.url)
        lines.append(f"- [{label}]({markup.url(link.url)})")
    return "\n".join(lines)


def project_link(ctx: Context, here: str, project: Project) -> str:
    """A link to a project, with its acronym when its name does not hold it."""
    link = ctx.record_link(here, project)
    if i18n.fold(project.acronym) in i18n.fold(ctx.title(project)):
        return link
    return f"{link} ({markup.inline(project.acronym)})"


def reviewed(ctx: Context, record: Record) -> str:
    """The last-reviewed line, when known."""
    if not record.last_reviewed:
        return ""
    text = ctx._("Last reviewed on {date}.").format(date=ctx.date(record.last_reviewed))
    return f'<p class="pb-reviewed">{html.escape(text)}</p>'


HISTORY_LINES = 10
"""The most recent changes a record's history section lists (older ones are counted)."""


def history(ctx: Context, record: Record) -> str:
    """The "History" section: first and last change from git, one line per change (its commit
    message); a note when the build had no history; nothing for a file not committed yet."""
    if not ctx.build.history.available:
        return section(ctx._("History"), markup.inline(
            ctx._("The change history is not shown: this copy of the site was built without the repository's "
                  "history.")), searchable=False)
    found = ctx.build.history.of(record)
    if found is None:
        return ""
    lead = ctx._("First published on {first}, last changed on {last}.").format(
        first=ctx.date(found.created), last=ctx.date(found.modified))
    lines = [f"- {markup.inline(ctx.date(change.date))}: {markup.inline(change.summary)}"
             for change in found.changes[:HISTORY_LINES]]
    earlier = len(found.changes) - HISTORY_LINES
    if earlier > 0:
        lines.append("- " + markup.inline(ctx.ngettext("… and {n} earlier change", "… and {n} earlier changes",
                                                       earlier)))
    return section(ctx._("History"), markup.inline(lead) + "\n\n" + "\n".join(lines), searchable=False)


def stale_notice(ctx: Context, record: Record) -> str:
    """"Not reviewed since …" when the record was not reviewed for longer than the build's period."""
    if not ctx.build.is_stale(record):
        return ""
    reviewed = review_date(record, ctx.build.history)
    assert reviewed is not None
    text = ctx._("Not reviewed since {date}: some facts may have changed.").format(date=ctx.date(reviewed))
    return f'<p class="pb-stale">{html.escape(text)}</p>'


def terms(ctx: Context, here: str, vocabulary: str, ids: Iterable[str]) -> str:
    """Links to the pages of controlled values."""
    return ", ".join(ctx.term_link(here, vocabulary, value) for value in ids)


def labels(ctx: Context, vocabulary: str, ids: Iterable[str]) -> str:
    """Labels of controlled values that have no page (target groups, actor types)."""
    return ", ".join(markup.inline(ctx.term(vocabulary, value)) for value in ids)


def search_entry(ctx: Context, type: str, cities: Iterable[City] = (), named: Iterable[Record] = (),
                 countries: Iterable[str] = (), filters: Mapping[str, Iterable[str]] | None = None) -> str:
    """The front matter that puts a record's page in the site's search (:func:`sitesearch.entry`).

    ``type`` is the record type's label in the page language; ``cities`` are shown with the
    result (with their countries, and ``countries``); the names of the ``named`` records in
    the other languages find the page too.
    """
    cities = list(cities)
    codes = [*(c.country for c in cities), *countries]
    entry = sitesearch.entry(type, cities=[ctx.title(c) for c in cities],
                             countries=[ctx.country(code) for code in codes],
                             names=other_names(ctx.lang, named),
                             region=[ctx.region(c.region) for c in cities], **(filters or {}))
    return front_matter(pagefind=entry)


def facets(ctx: Context, **ids: Iterable[str]) -> dict[str, list[str]]:
    """Filter values (labels in the page language) of levels, themes and concerns: ``level=["primary"]``."""
    return {key: [ctx.term(key + "s", value) for value in values] for key, values in ids.items()}


# --- practice ------------------------------------------------------------------------------


def practice_page(ctx: Context, practice: Practice) -> str:
    """The page of a practice."""
    here = paths.practice(practice.id)
    kb = ctx.kb
    cities = [kb.cities[c] for c in practice.cities]
    title, summary, description = (ctx.text(t, practice) for t in
                                   (practice.title, practice.summary, practice.description))
    city_links = ", ".join(f"{ctx.record_link(here, c)} ({ctx.country_link(here, c.country)})" for c in cities)
    project_links = ", ".join(project_link(ctx, here, kb.projects[p]) for p in practice.projects)
    evaluation = markup.inline(ctx.term("evidence_levels", practice.evaluation.level))
    rows = [
        (ctx.ngettext("City", "Cities", len(cities)), city_links),
        (ctx._("Projects"), project_links),
        (ctx._("Prevention levels"), terms(ctx, here, "levels", practice.levels)),
        (ctx._("Themes"), terms(ctx, here, "themes", practice.themes)),
        (ctx._("Concerns addressed"), terms(ctx, here, "concerns", practice.concerns)),
        (ctx._("Target groups"), labels(ctx, "target_groups", practice.target_groups)),
        (ctx._("Period"), markup.inline(period(ctx, practice.period, practice.status == "ongoing"))
         or unstated(ctx)),
        (ctx._("Status"), markup.inline(ctx.term("statuses", practice.status)) if practice.status != "unknown"
         else unstated(ctx)),
        (ctx._("Evidence"), evaluation),
    ]
    if practice.short_entry:
        rows.append((ctx._("Note"), markup.inline(ctx._("The source only names this practice."))))
    actors = "\n".join(f"- {ctx.inline(a.name, practice)} · {markup.inline(ctx.term('actor_types', a.type))}"
                       for a in practice.actors)
    return join([
        search_entry(ctx, ctx._("Practice"), cities, named=cities,
                     filters=facets(ctx, level=practice.levels, theme=practice.themes, concern=practice.concerns)),
        markup.heading(1, title.text),
        stale_notice(ctx, practice),
        ctx.banner(title, summary, description),
        ctx.block(practice.summary, practice, banner=False, css_class="pb-text pb-summary"),
        facts(rows),
        section(ctx._("Description"), ctx.block(practice.description, practice, banner=False)),
        *(section(ctx._(heading), ctx.block(text, practice)) for heading, text in
          ((N_("Results reported"), practice.results), (N_("Lessons learned"), practice.lessons),
           (N_("Next steps"), practice.next_steps)) if text is not None),
        section(ctx._("Evaluation"), evaluation_section(ctx, practice)),
        section(ctx._("Adapted from"), adapted_from(ctx, here, practice)),
        section(ctx._("Adapted by"), adapted_by(ctx, here, practice), searchable=False),
        section(ctx._("Actors"), actors),
        section(ctx._("Links"), links(ctx, practice, practice.links), searchable=False),
        section(ctx._("In the guides"), illustrated_steps(ctx, here, practice), searchable=False),
        section(ctx._("Sources"), sources(ctx, practice), searchable=False),
        section(ctx._("Related practices"), related(ctx, here, practice), searchable=False),
        history(ctx, practice),
        reviewed(ctx, practice),
    ])


def evaluation_section(ctx: Context, practice: Practice) -> str:
    """The evidence level, what it means and does not mean (in plain words, on every page),
    what the source reports as evidence, and the note."""
    level = practice.evaluation.level
    term = ctx.kb.taxonomy.evidence_levels[level]
    parts = [f"**{markup.inline(ctx.term('evidence_levels', level))}**: "
             f"{markup.inline(ctx.definition('evidence_levels', level))}",
             f'<p class="pb-evidence-meaning">{html.escape(term.meaning_in(ctx.lang), quote=False)}</p>']
    if practice.evaluation.evidence is not None:
        label = ctx._("What the source reports as evidence")
        parts.append(f"**{markup.inline(label)}**: " + ctx.inline(practice.evaluation.evidence, practice))
    if practice.evaluation.note is not None:
        parts.append(ctx.block(practice.evaluation.note, practice))
    return join(parts)


def cited(ctx: Context, found: Iterable[Source]) -> str:
    """Short citations: ``(source: *title*, section “…”)``."""
    items = [source_citation(ctx, ctx.kb.sources[s.source]) + ", "
             + markup.inline(ctx._("section “{section}”").format(section=s.section)) for s in found]
    return "<small>" + markup.inline(ctx._("source:")) + " " + "; ".join(items) + "</small>"


def adapted_from(ctx: Context, here: str, practice: Practice) -> str:
    """What the practice was adapted from, each origin with the source that says so."""
    lines = []
    for origin in practice.adapted_from:
        if origin.practice is not None:
            found = ctx.kb.practices[origin.practice]
            cities = ", ".join(markup.inline(ctx.title(ctx.kb.cities[c])) for c in found.cities)
            name = f"{ctx.record_link(here, found)} ({cities})"
        else:
            assert origin.method is not None and origin.organisation is not None
            name = f"{ctx.inline(origin.method, practice)} ({markup.inline(origin.organisation)})"
        lines.append(f"- {name} · {cited(ctx, origin.sources)}")
    return "\n".join(lines)


def adapted_by(ctx: Context, here: str, practice: Practice) -> str:
    """The practices adapted from this one: derived from their own ``adapted_from``."""
    lines = []
    for adopter in ctx.kb.graph.adopters(practice):
        cities = ", ".join(markup.inline(ctx.title(ctx.kb.cities[c])) for c in adopter.cities)
        lines.append(f"- {ctx.record_link(here, adopter)} ({cities})")
    return "\n".join(lines)
def illustrated_steps(ctx: Context, here: str, practice: Practice) -> str:
    """The guide steps this practice illustrates, each linked to its place on the guide's page."""
    lines = []
    for ref in ctx.kb.steps_of(practice.id):
        guide = ctx.link(here, paths.guide(ref.guide.id), ctx.inline(ref.guide.title, ref.guide))
        if ref.step is None or ref.number is None:
            lines.append("- " + fill(ctx._("This practice illustrates the guide {guide} as a whole."), guide=guide))
            continue
        step = ctx.link(here, paths.guide(ref.guide.id) + "#" + ref.step.id, ctx.inline(ref.step.title, ref.guide))
        lines.append("- " + fill(ctx._("This practice illustrates step {number} of {guide}: {step}"),
                                 number=str(ref.number), guide=guide, step=step))
    return "\n".join(lines)


def fill(template: str, **parts: str) -> str:
    """A translated sentence as inline Markdown, its ``{name}`` placeholders replaced by Markdown ``parts``
    (links): the sentence itself is escaped, the parts are not."""
    text = markup.inline(template)
    for name, value in parts.items():
        text = text.replace("\\{" + name + "\\}", value)
    return text


def related(ctx: Context, here: str, practice: Practice) -> str:
    """The practices most like this one, with what they share."""
    lines = []
    for found in ctx.kb.related_practices(practice.id, top=RELATED_COUNT):
        shared = [_shared_label(ctx, kind, value) for kind in PRACTICE_KINDS for value in found.shared.get(kind, ())]
        common = markup.inline(ctx._("in common: {items}").format(items=", ".join(shared[:4])))
        lines.append(f"- {ctx.record_link(here, found.practice)} · <small>{common}</small>")
    if not lines:
        return ""
    best = ctx.kb.related_practices(practice.id, top=1)[0].practice
    compare = urlencode([("practice", practice.id), ("practice", best.id)])
    compare_with = markup.inline(ctx._("Compare with…"))
    # Markdown links (to the pages' Markdown files): every engine resolves them to the pages' addresses.
    return "\n".join(lines) + f"\n\n[{compare_with}]({paths.relative(here, paths.COMPARE)}?{compare})\n" \
        "{: .pb-peers__tools }"


def _shared_label(ctx: Context, kind: str, value: str) -> str:
    if kind == "projects":
        return ctx.kb.projects[value].acronym
    if kind == "cities":
        return ctx.title(ctx.kb.cities[value])
    return ctx.term(kind, value)


# --- city ------------------------------------------------------------------------------------

PARTNERSHIP_SECTIONS: tuple[tuple[str, str], ...] = (
    ("risk_landscape", N_("Risk landscape")),
    ("main_priority", N_("Main priority of the partnership")),
    ("actors_and_coordination", N_("Actors and coordination body")),
    ("actors_to_involve", N_("Other actors to involve")),
    ("main_contribution", N_("Main contribution to prevention")),
    ("project_effect", N_("Effect of the icommit project")),
    ("future_priorities", N_("Priorities for the future")),
    ("advice", N_("Advice to other partnerships")),
)
"""The icommit partnership profile's fields and their headings (msgids, translated at use)."""


def city_page(ctx: Context, city: City) -> str:
    """The page of a city: profile, position, partnership, practices, projects, peer cities."""
    here = paths.city(city.id)
    kb = ctx.kb
    practices = ctx.sort_records(kb.practices_of_city(city.id))
    projects = ctx.sort_records(kb.projects_of_city(city.id))
    project_list = "\n".join(f"- {project_link(ctx, here, p)}" for p in projects)
    name = ctx.text(city.names, city)
    summary = ctx.text(city.summary, city) if city.summary else None
    networks = ", ".join(
        markup.inline(ctx.term("networks", m.network) + (" " + ctx._("(since {year})").format(year=m.since)
                                                           if m.since else ""))
        for m in city.networks)
    position = _position(ctx, city)
    rows = [
        (ctx._("Names"), _names(ctx, city)),
        (ctx._("Country"), ctx.country_link(here, city.country)),
        (ctx._("Region"), ctx.region_link(here, city.region)),
        (ctx._("Kind of authority"), markup.inline(ctx.term("authority_kinds", city.kind))),
        (ctx._("Networks"), networks),
        (ctx._("Concerns"), terms(ctx, here, "concerns", city.concerns)),
        (ctx._("Position"), markup.inline(position) + " · " + ctx.link(here, paths.MAP, markup.inline(ctx._("map")))),
    ]
    frameworks = kb.frameworks_of_country(city.country)
    if frameworks:
        rows.append((ctx._("National framework"), ", ".join(ctx.record_link(here, f) for f in frameworks)))
    return join([
        search_entry(ctx, ctx.ngettext("City", "Cities", 1), [city], named=[city],
                     filters=facets(ctx, concern=city.concerns)),
        markup.heading(1, name.text),
        stale_notice(ctx, city),
        ctx.banner(name, *([summary] if summary else [])),
        ctx.block(city.summary, city, banner=False, css_class="pb-text pb-summary")
        if city.summary else "",
        facts(rows),
        section(ctx.ngettext("{n} practice", "{n} practices", len(practices)),
                "\n".join(ctx.practice_item(here, p, city.id) for p in practices), searchable=False),
        section(ctx._("Projects"), project_list, searchable=False),
        partnership(ctx, city),
        section(ctx._("Peer cities"), peers(ctx, here, city), searchable=False),
        section(ctx._("Sources"), sources(ctx, city), searchable=False),
        history(ctx, city),
        reviewed(ctx, city),
    ])


def _names(ctx: Context, city: City) -> str:
    """Each name with the languages it is written in (``Malines (français) · Mechelen (anglais…)``),
    or ``""`` when the city has one name in every language."""
    by_name: dict[str, list[str]] = {}
    for lang, name in city.names.root.items():
        by_name.setdefault(name, []).append(ctx.language(lang))
    if len(by_name) == 1:
        return ""
    return " · ".join(f"{markup.inline(name)} ({markup.inline(', '.join(langs))})" for name, langs in by_name.items())


def _position(ctx: Context, city: City) -> str:
    """``51,0257° N, 4,4776° E``, with the compass points of the page language."""
    lat, lon = city.coordinates.lat, city.coordinates.lon
    north_south = ctx._("{degrees}° N") if lat >= 0 else ctx._("{degrees}° S")
    east_west = ctx._("{degrees}° E") if lon >= 0 else ctx._("{degrees}° W")
    return (north_south.format(degrees=ctx.decimal(abs(lat))) + ", "
            + east_west.format(degrees=ctx.decimal(abs(lon))))


def partnership(ctx: Context, city: City) -> str:
    """The icommit multi-agency partnership profile, when the city has one."""
    if city.partnership is None:
        return ""
    texts = [getattr(city.partnership, field) for field, _heading in PARTNERSHIP_SECTIONS]
    shown = [ctx.text(text, city) for text in texts]
    one_banner = len({(t.is_fallback, t.lang) for t in shown}) == 1  # one notice for the whole profile
    parts = [markup.heading(2, ctx._("Multi-agency partnership (icommit profile)"))]
    if one_banner:
        parts.append(ctx.banner(shown[0]))
    for text, (_field, heading) in zip(texts, PARTNERSHIP_SECTIONS, strict=True):
        parts.append(markup.heading(3, ctx._(heading)))
        parts.append(ctx.block(text, city, banner=not one_banner))
    return "\n\n".join(part for part in parts if part)


def peers(ctx: Context, here: str, city: City) -> str:
    """The cities most like this one, with the reasons in the page language (:meth:`KnowledgeBase.peers`)."""
    lines = []
    found = ctx.kb.peers(city.id, top=RELATED_COUNT, lang=ctx.lang)
    for peer in found:
        reasons = " · ".join(markup.inline(reason.text) for reason in peer.reasons)
        lines.append(f"- **{ctx.record_link(here, peer.city)}** ({ctx.country_link(here, peer.city.country)})  \n"
                     f'    <span class="pb-reasons">{reasons}</span>')
    if not lines:
        return ""
    intro = markup.inline(ctx._("Cities with the most in common with this one, and why."))
    if few_comparable(found):
        intro = markup.inline(ctx._("Few comparable cities in the knowledge base: the cities below have "
                                    "little in common with this one."))
    name = city.heading_in(ctx.lang)
    compare = urlencode([("city", city.id), *(("city", peer.city.id) for peer in found[:1])])
    compare_with = markup.inline(ctx._("Compare with…"))
    plan_from = markup.inline(ctx._("Plan a study visit from {city}").format(city=name))
    # Markdown links (to the pages' Markdown files): every engine resolves them to the pages' addresses.
    tools = (f"[{compare_with}]({paths.relative(here, paths.COMPARE)}?{compare}) · "
             f"[{plan_from}]({paths.relative(here, paths.PLANNER)}?{urlencode({'from': city.id})})\n"
             "{: .pb-peers__tools }")
    return f"{intro}\n\n" + "\n".join(lines) + "\n\n" + tools


# --- project ---------------------------------------------------------------------------------


def project_page(ctx: Context, project: Project) -> str:
    """The page of a project: partners and practices."""
    here = paths.project(project.id)
    kb = ctx.kb
    name, summary, description = (ctx.text(t, project) for t in (project.name, project.summary, project.description))
    partner_cities = ", ".join(ctx.record_link(here, c)
                               for c in ctx.sort_records(kb.cities[c] for c in project.partner_cities))
    practices = ctx.sort_records(kb.practices_of_project(project.id))
    rows = [
        (ctx._("Acronym"), markup.inline(project.acronym)),
        (ctx._("Period"), markup.inline(period(ctx, project.period)) or unstated(ctx)),
        (ctx._("Coordinator"), markup.inline(project.coordinator or "")),
        (ctx._("Funder"), ctx.inline(project.funder, project) if project.funder else ""),
        (ctx._("Partner cities"), partner_cities),
        (ctx._("Partner organisations"), ", ".join(markup.inline(o) for o in project.partner_organisations)),
    ]
    return join([
        search_entry(ctx, ctx._("Project"), [kb.cities[c] for c in project.partner_cities],
                     named=[project, *(kb.cities[c] for c in project.partner_cities)]),
        markup.heading(1, name.text),
        stale_notice(ctx, project),
        ctx.banner(name, summary, description),
        ctx.block(project.summary, project, banner=False, css_class="pb-text pb-summary"),
        facts(rows),
        section(ctx._("Description"), ctx.block(project.description, project, banner=False)),
        section(ctx.ngettext("{n} practice", "{n} practices", len(practices)),
                "\n".join(ctx.practice_item(here, p) for p in practices), searchable=False),
        section(ctx._("Links"), links(ctx, project, project.links), searchable=False),
        section(ctx._("Sources"), sources(ctx, project), searchable=False),
        history(ctx, project),
        reviewed(ctx, project),
    ])


# --- framework -------------------------------------------------------------------------------


def framework_page(ctx: Context, framework: Framework) -> str:
    """The page of a country framework: the mandate national law or policy gives cities."""
    here = paths.framework(framework.id)
    title, summary, description = (ctx.text(t, framework) for t in
                                   (framework.title, framework.summary, framework.description))
    cities = ctx.sort_records(ctx.kb.cities_of_country(framework.country))
    rows = [
        (ctx._("Country"), ctx.country_link(here, framework.country)),
        (ctx._("Prevention levels"), terms(ctx, here, "levels", framework.levels)),
        (ctx._("Themes"), terms(ctx, here, "themes", framework.themes)),
        (ctx._("Cities of this country"), ", ".join(ctx.record_link(here, c) for c in cities)),
    ]
    return join([
        search_entry(ctx, ctx._("National framework"), countries=[framework.country],
                     filters=facets(ctx, level=framework.levels, theme=framework.themes)),
        markup.heading(1, title.text),
        stale_notice(ctx, framework),
        ctx.banner(title, summary, description),
        ctx.block(framework.summary, framework, banner=False, css_class="pb-text pb-summary"),
        facts(rows),
        section(ctx._("Description"), ctx.block(framework.description, framework, banner=False)),
        section(ctx._("Sources"), sources(ctx, framework), searchable=False),
        history(ctx, framework),
        reviewed(ctx, framework),
    ])


# --- guide -----------------------------------------------------------------------------------


def guide_page(ctx: Context, guide: Guide) -> str:
    """The page of a guide: its steps in order and, under each, the practices that show it."""
    here = paths.guide(guide.id)
    title, summary = ctx.text(guide.title, guide), ctx.text(guide.summary, guide)
    shown = [title, summary, *(ctx.text(t, guide) for s in guide.steps for t in (s.title, s.text))]
    cities = ctx.sort_records(ctx.kb.neighbours(guide).cities)
    rows = [
        (ctx._("Prevention levels"), terms(ctx, here, "levels", guide.levels)),
        (ctx._("Themes"), terms(ctx, here, "themes", guide.themes)),
        (ctx.ngettext("City", "Cities", len(cities)), ", ".join(ctx.record_link(here, c) for c in cities)),
    ]
    did_it = markup.attr(ctx._("Cities that did it:"))
    steps = []
    for number, step in enumerate(guide.steps, 1):
        heading = ctx._("{number}. {title}").format(number=number, title=ctx.text(step.title, guide).text)
        parts = [markup.heading(2, heading, anchor=step.id), ctx.block(step.text, guide, banner=False)]
        if step.practices:
            examples = "\n".join(ctx.practice_item(here, ctx.kb.practices[p]) for p in step.practices)
            parts.append(markup.unsearched(f'<p class="pb-examples">{did_it}</p>\n\n{examples}'))
        steps.append("\n\n".join(parts))
    whole = "\n".join(ctx.practice_item(here, ctx.kb.practices[p]) for p in guide.practices)
    return join([
        search_entry(ctx, ctx._("Guide"), filters=facets(ctx, level=guide.levels, theme=guide.themes)),
        markup.heading(1, title.text),
        stale_notice(ctx, guide),
        ctx.banner(*shown),
        ctx.block(guide.summary, guide, banner=False, css_class="pb-text pb-summary"),
        facts(rows, searchable=False),
        ctx.block(guide.description, guide, banner=False) if guide.description else "",
        *steps,
        section(ctx._("Practices that illustrate the whole guide"), whole, searchable=False),
        section(ctx._("Recommended resources"), references(ctx, guide), searchable=False),
        section(ctx._("Sources"), sources(ctx, guide), searchable=False),
        history(ctx, guide),
        reviewed(ctx, guide),
    ])


def references(ctx: Context, guide: Guide) -> str:
    """The resources a guide recommends: title, publisher, year and the address the source gives."""
    lines = []
    for reference in guide.references:
        title = f"*{markup.inline(reference.title)}*"
        if reference.url:
            title = f"[{title}]({markup.url(reference.url)})"
        details = [markup.inline(part) for part in (reference.publisher, str(reference.year or "")) if part]
        lines.append("- " + ", ".join([title, *details]))
    return "\n".join(lines)


PAGES: dict[type[Record], Callable[[Context, Any], str]] = {
    Practice: practice_page, City: city_page, Project: project_page, Framework: framework_page, Guide: guide_page}
"""The page generator of each record type (every type of :data:`pracbase.models.RECORD_TYPES`)."""


def page(ctx: Context, record: Record) -> str:
    """The page of any record."""
    return PAGES[type(record)](ctx, record)
