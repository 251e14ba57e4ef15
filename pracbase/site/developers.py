"""The pages for developers: a tutorial, the Python API reference and the command-line reference.

- The tutorial is ``pracbase/site/tutorial.md``, in English in every language: its code is
  run by the tests, so one text is kept true rather than one per language. Its ``##``
  headings are msgids of :data:`TUTORIAL_HEADINGS`, shown in the page language, and its
  body is marked ``lang="en"`` in the other languages.
- The API reference is one page of mkdocstrings directives (``::: pracbase.load``), one per
  name of ``pracbase.__all__``, grouped by :data:`API_SECTIONS`; mkdocstrings renders them
  from the docstrings (with :mod:`pracbase.site.apidoc`), in English.
- The command-line reference is the ``--help`` of every command of :data:`pracbase.cli.main`,
  generated at each build so it cannot drift from the code.

The developer pages stay out of the site's search, which is the practitioners' way to the
records and hubs (:mod:`pracbase.site.sitesearch`): the references' two hundred headings
would crowd their results.
"""

from __future__ import annotations

import re
from importlib import resources

import pracbase
from pracbase.site import markup, paths
from pracbase.site.context import N_, Context

TUTORIAL_HEADINGS: tuple[str, ...] = (
    N_("Install"),
    N_("Load a knowledge base"),
    N_("Look records up"),
    N_("Read a record"),
    N_("Filter practices"),
    N_("Search"),
    N_("Peer cities"),
    N_("Plan a study visit"),
    N_("Export"),
    N_("JSON Schemas"),
    N_("The static files under /api/"),
    N_("Errors"),
)
"""The ``##`` headings of the tutorial (msgids): each is shown in the page language."""

API_SECTIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (N_("Load and query"), (), ("load", "load_bundled", "bundled_path", "validate", "KnowledgeBase", "Stats",
                                "__version__")),
    (N_("Records"), (), ("Record", "Practice", "City", "Project", "Framework", "Guide", "GuideStep", "Reference",
                         "StepRef", "LocalizedText", "LocalizedLine", "Translation", "Source", "Period",
                         "Evaluation", "Actor", "Link", "Coordinates", "Membership", "PartnershipProfile")),
    (N_("Full-text search"), ("pracbase.search",), ("SearchIndex", "Hit")),
    (N_("Links between records"), ("pracbase.graph",), ("Graph", "Neighbours", "Related", "Hub", "CityProfile")),
    (N_("Peer cities and study visits"), ("pracbase.peers", "pracbase.visit"),
     ("Peer", "Reason", "VisitPlan", "VisitStop")),
    (N_("Exports, schemas and templates"), (), ("export_json", "export_csv", "export_jsonld", "export_geojson",
                                                "json_schema", "record_template")),
    (N_("Taxonomy"), (), ("TAXONOMY", "Taxonomy", "Vocabulary", "Term")),
    (N_("Errors"), (), ("PracbaseError", "LoadError", "NotFoundError", "InvalidArgument", "Problem")),
)
"""The API reference's sections: title (msgid), the modules whose docstrings introduce it
(how search ranks, how peers score…), and the names of ``pracbase.__all__`` in it, in
reading order. A public name missing here goes to a last section, so none is left out."""

API_MODULES: tuple[str, ...] = tuple(module for _title, modules, _names in API_SECTIONS for module in modules)
"""The modules whose docstrings the API reference shows."""

def pages(ctx: Context) -> dict[str, str]:
    """The tutorial, the API reference and the command-line reference."""
    return {
        paths.DEVELOPERS: tutorial(ctx),
        paths.PYTHON_API: api_reference(ctx),
        paths.CLI: cli_reference(ctx),
    }


# --- tutorial --------------------------------------------------------------------------------


def tutorial_source() -> str:
    """The tutorial's Markdown, as written (English)."""
    return resources.files("pracbase.site").joinpath("tutorial.md").read_text(encoding="utf-8")


def tutorial(ctx: Context) -> str:
    """The developers' page: what to read, then the tutorial with its headings in the page language."""
    here = paths.DEVELOPERS
    intro, *sections = re.split(r"^## (.+)\n", tutorial_source(), flags=re.MULTILINE)
    parts = [
        markup.heading(1, ctx._("For developers")),
        markup.inline(ctx._("pracbase is also a Python library and a command line: query the records, search them, "
                            "find peer cities, plan visits and export the data for other tools.")),
        "- " + ctx.link(here, paths.PYTHON_API, markup.inline(ctx._("Python API reference")))
        + "\n- " + ctx.link(here, paths.CLI, markup.inline(ctx._("Command-line reference"))),
    ]
    if ctx.lang != "en":
        note = ctx._("The tutorial and the references are in English, the language of the code.")
        parts.append('!!! note ""\n    ' + markup.inline(note))
    parts.append(_english(ctx, intro.split("\n", 1)[1] if intro.startswith("# ") else intro))
    for heading, body in zip(sections[::2], sections[1::2], strict=True):
        if heading not in TUTORIAL_HEADINGS:
            raise ValueError(f"tutorial.md: heading {heading!r} is not in TUTORIAL_HEADINGS (so not translated)")
        parts += [markup.heading(2, ctx._(heading)), _english(ctx, body)]
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"


def _english(ctx: Context, body: str) -> str:
    """Markdown written in English, marked as such on a page in another language."""
    body = body.strip()
    if not body or ctx.lang == "en":
        return body
    return f'<div lang="en" markdown>\n\n{body}\n\n</div>'


# --- API reference ---------------------------------------------------------------------------


def api_sections() -> list[tuple[str, tuple[str, ...], list[str]]]:
    """:data:`API_SECTIONS` limited to the names ``pracbase`` exports, plus a section for the others."""
    public = list(pracbase.__all__)
    sections = [(title, module, [name for name in names if name in public]) for title, module, names in API_SECTIONS]
    listed = {name for _title, _module, names in sections for name in names}
    others = [name for name in public if name not in listed]
    if others:
        sections.append((N_("Other names"), (), others))
    return [(title, module, names) for title, module, names in sections if names]


def api_reference(ctx: Context) -> str:
    """The Python API reference: an mkdocstrings directive per public name, by section."""
    parts = [
        markup.heading(1, ctx._("Python API reference")),
        markup.inline(ctx._("Every public name of the pracbase package, documented from its docstrings. Each is "
                            "imported from pracbase itself (pracbase.load, pracbase.Practice…).")),
    ]
    for title, modules, names in api_sections():
        parts.append(markup.heading(2, ctx._(title)))
        parts += [_directive(module, members=False) for module in modules]  # how the section's functions work
        parts += [_directive(f"pracbase.{name}") for name in names]
    return "\n\n".join(parts) + "\n"


def _directive(identifier: str, **options: bool) -> str:
    """An mkdocstrings directive, with options for this object only."""
    lines = [f"::: {identifier}"]
    if options:
        lines.append("    options:")
        lines += [f"      {key}: {str(value).lower()}" for key, value in options.items()]
    return "\n".join(lines)


# --- command-line reference ------------------------------------------------------------------


def cli_reference(ctx: Context) -> str:
    """The command-line reference: every command's help, as ``pracbase COMMAND --help`` prints it.

    The page holds an ``mkdocs-click`` directive: the Markdown extension reads the click
    commands when the page is rendered, so the site package never imports :mod:`pracbase.cli`
    (which imports the site to build it).
    """
    return "\n\n".join([
        markup.heading(1, ctx._("Command-line reference")),
        markup.inline(ctx._("The help of every pracbase command, as pracbase COMMAND --help prints it.")),
        "::: mkdocs-click\n    :module: pracbase.cli\n    :command: main\n    :prog_name: pracbase\n"
        "    :depth: 1\n    :list_subcommands: true",
    ]) + "\n"
