"""The ``pracbase`` command: a thin click layer over the Python API."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from pracbase import __version__, i18n
from pracbase.errors import N_, InvalidArgument, LoadError, Nn_, PracbaseError, Wording, relative
from pracbase.history import STALE_AFTER_MONTHS
from pracbase.kb import KnowledgeBase
from pracbase.loader import load, read_tree
from pracbase.models import FILE_TYPES
from pracbase.site.engines import DEFAULT_ENGINE, ENGINES

F = TypeVar("F", bound=Callable[..., Any])

path_argument = click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))


def friendly(func: F) -> F:
    """Print pracbase's own errors as one clear message and exit 1: never a traceback.

    A bad argument (:class:`InvalidArgument`) is click's own error, as a bad option is.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidArgument as exc:
            raise click.ClickException(str(exc)) from None
        except LoadError as exc:
            lang = command_language()
            for problem in exc.problems:
                click.echo(str(problem.in_language(lang)), err=True)
            click.echo(say(lang, Nn_("{count} problem: fix it, then run `pracbase validate`.",
                                     "{count} problems: fix them, then run `pracbase validate`."),
                           count=len(exc.problems)), err=True)
            sys.exit(1)
        except PracbaseError as exc:
            lang = command_language()
            click.echo(say(lang, N_("error: {message}"), message=exc.in_language(lang)), err=True)
            sys.exit(1)

    return cast(F, wrapper)


def message_language() -> str:
    """The language of problem messages from the environment's locale (``fr_FR.UTF-8`` → ``fr``), else English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(variable, "").split(":"):
            code = value.split("_")[0].split(".")[0].lower()
            if code in i18n.BUILD_LANGUAGES:
                return code
            if code and variable != "LANGUAGE":
                return "en"  # the first locale set decides, as gettext does (C, POSIX: English)
    return "en"


def command_language() -> str:
    """The language of the running command's messages: its ``--lang`` when given and one of the
    catalogs' (fr, en, de), else the environment's locale."""
    from click.core import ParameterSource

    context = click.get_current_context(silent=True)
    if context is not None and context.get_parameter_source("lang") is ParameterSource.COMMANDLINE:
        lang = context.params.get("lang")
        if lang in i18n.BUILD_LANGUAGES:
            return str(lang)
    return message_language()


def say(lang: str, message: str | tuple[str, str], /, **values: object) -> str:
    """A sentence of the CLI in ``lang``, from a msgid marked with ``N_`` (or ``Nn_`` and a ``count``)."""
    return Wording.of(message, None, **values).text(lang)[0]


def record_counts(lang: str, kb: KnowledgeBase) -> str:
    """How many records of each kind ``kb`` holds, in words: "2 practices, 1 city, …"."""
    kinds = ((Nn_("{count} practice", "{count} practices"), kb.practices),
             (Nn_("{count} city", "{count} cities"), kb.cities),
             (Nn_("{count} project", "{count} projects"), kb.projects),
             (Nn_("{count} framework", "{count} frameworks"), kb.frameworks),
             (Nn_("{count} guide", "{count} guides"), kb.guides),
             (Nn_("{count} source", "{count} sources"), kb.sources))
    return ", ".join(say(lang, words, count=len(records)) for words, records in kinds)


def require_site_extra() -> None:
    """Stop with the install command when the site's packages (the ``site`` extra) are missing."""
    missing = [name for name in ("mkdocs", "material", "mkdocstrings") if importlib.util.find_spec(name) is None]
    if missing:
        raise click.ClickException(f"building the site needs {', '.join(missing)}, which this install lacks: "
                                   "pip install 'pracbase[site]'")


def load_or_exit(path: Path) -> KnowledgeBase:
    """Load the knowledge base at ``path`` (errors are reported by :func:`friendly`)."""
    return load(path, cache=use_cache(), workers=None)


def use_cache() -> bool:
    """Whether this command keeps validated records in PATH/.cache/pracbase/ (unless --no-cache)."""
    context = click.get_current_context(silent=True)
    return not (context and context.find_root().params.get("no_cache"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pracbase")
@click.option("--no-cache", is_flag=True, envvar="PRACBASE_NO_CACHE",
              help="Parse every record again instead of reusing those of unchanged files, "
                   "kept in PATH/.cache/pracbase/ (also: PRACBASE_NO_CACHE=1).")
def main(no_cache: bool) -> None:
    """pracbase: what cities do to prevent hate, violent extremism and polarisation."""


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH | FILE...]", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON (same as --format json).")
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text: file:line: message; json: for tools; github: annotations for "
                                      "GitHub Actions (::error file=…,line=…::message).")
@click.option("--lang", type=click.Choice(i18n.BUILD_LANGUAGES),
              help="Language of the messages (fr, en, de). Default: the environment's locale "
                   "(LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English. With --format github, "
                   "an annotation in another language than English gives the English text after it.")
@friendly
def validate(paths: tuple[Path, ...], as_json: bool, output: str, lang: str | None) -> None:
    """Check every record under PATH (default: the current folder), or only the record FILEs given,
    against the whole tree they belong to; list every problem as file:line: message."""
    path, only = validation_scope(paths)
    records, problems = read_tree(path, cache=use_cache(), workers=None)
    if only is not None:
        problems = [p for p in problems if p.path in only]
    lang = lang or message_language()
    english = problems
    problems = [p.in_language(lang) for p in problems]
    as_json = as_json or output == "json"
    if output == "github":  # file paths relative to the working directory, as GitHub expects
        for problem, original in zip(problems, english, strict=True):
            inside = problem.path != path.as_posix()
            click.echo(problem.as_github(relative(path / problem.path, Path.cwd()) if inside else None,
                                         also=original))
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    elif output != "github":
        for problem in problems:
            click.echo(str(problem), err=True)
    if problems:
        if not as_json:
            click.echo(say(lang, Nn_("{count} problem found.", "{count} problems found."), count=len(problems)),
                       err=True)
        sys.exit(1)
    if not as_json:
        counts = record_counts(lang, KnowledgeBase.from_records(records))
        if only is not None:
            click.echo(say(lang, N_("OK: {files} (checked with {counts})."), files=", ".join(sorted(only)),
                           counts=counts))
        else:
            click.echo(say(lang, N_("OK: {counts}."), counts=counts))


def validation_scope(paths: tuple[Path, ...]) -> tuple[Path, set[str] | None]:
    """The tree to read and, when record files are given, their names as problems give them.

    Files are checked in the context of their whole tree: references to cities, projects and
    sources in other files resolve, and only the given files' problems are listed.
    """
    if not paths:
        return Path("."), None
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0], None
    folders = {model.folder for model in FILE_TYPES}
    roots: set[Path] = set()
    names: set[str] = set()
    for given in paths:
        if given.is_dir():
            raise PracbaseError.of(N_("{path} is a folder: give one folder, or record files"), path=given.as_posix())
        if not given.is_file():
            raise PracbaseError.of(N_("{path}: no such file"), path=given.as_posix())
        if given.parent.name not in folders:
            raise PracbaseError.of(N_("{path} is not in a record folder ({folders})"), path=given.as_posix(),
                                   folders=", ".join(f"{name}/" for name in sorted(folders)))
        roots.add(given.parent.parent)
        names.add(f"{given.parent.name}/{given.name}")
    if len({root.resolve() for root in roots}) > 1:
        raise PracbaseError.of(N_("the files given belong to different trees: check one tree at a time"))
    return roots.pop(), names


@main.command()
@path_argument
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@friendly
def stats(path: Path, as_json: bool) -> None:
    """Counts of records, and of practices per level, theme, concern, region, country and source."""
    from dataclasses import asdict

    figures = load_or_exit(path).stats()
    if as_json:
        click.echo(json.dumps(asdict(figures), ensure_ascii=False, indent=2))
        return
    click.echo(f"practices   {figures.practices} ({figures.short_entries} short entries)")
    click.echo(f"cities      {figures.cities}")
    click.echo(f"projects    {figures.projects}")
    click.echo(f"frameworks  {figures.frameworks}")
    click.echo(f"sources     {figures.sources}")
    for title, table in (("records per source", figures.by_source), ("per level", figures.by_level),
                         ("per theme", figures.by_theme), ("per concern", figures.by_concern),
                         ("per region (UN M49)", figures.by_region), ("per country", figures.by_country)):
        click.echo(f"\n{title}:")
        for key, count in table.items():
            click.echo(f"  {count:5d}  {key}")


path_option = click.option("--path", default=".", show_default=True,
                           type=click.Path(file_okay=False, path_type=Path),
                           help="Folder that holds practices/, cities/, projects/, frameworks/ and guides/.")
lang_option = click.option("--lang", default=i18n.DEFAULT_LANGUAGE, show_default=True,
                           type=click.Choice(i18n.BUILD_LANGUAGES), help="Language of the names and reasons.")


@main.command()
@click.argument("city")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 1000), help="How many cities to list.")
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the peers as JSON.")
@path_option
@friendly
def peers(city: str, top: int, lang: str, as_json: bool, path: Path) -> None:
    """Cities most like CITY (an id or a name in any language), with the reasons."""
    from pracbase.terminal import describe_peers

    kb = load_or_exit(path)
    found = kb.peers(city, top=top, lang=lang)
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in found], ensure_ascii=False, indent=2))
    else:
        click.echo(describe_peers(kb.city(city), found, lang))


@main.command()
@click.option("--from", "from_city", metavar="CITY", help="The visiting city: its concerns guide the choice.")
@click.option("--theme", "themes", multiple=True, metavar="THEME", help="A theme to see (repeat for several).")
@click.option("--level", help="A prevention level: primary, secondary or tertiary.")
@click.option("--concern", "concerns", multiple=True, metavar="CONCERN",
              help="A concern the practices address (far-right-extremism…; repeat for several).")
@click.option("--near", metavar="CITY", help="Only host cities around this city.")
@click.option("--radius-km", type=click.FloatRange(min=0, min_open=True),
              help="Radius around --near (default 300 km), or around --from.")
@click.option("--region", metavar="REGION", help="Only host cities in this UN M49 region (code or name, 155 or "
              "'Western Europe').")
@click.option("--days", default=3, show_default=True, type=click.IntRange(1, 30), help="Length of the visit.")
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the stops as JSON.")
@path_option
@friendly
def visit(from_city: str | None, themes: tuple[str, ...], level: str | None, concerns: tuple[str, ...],
          near: str | None, radius_km: float | None, region: str | None, days: int, lang: str, as_json: bool,
          path: Path) -> None:
    """Plan a study visit: host cities with the practices to see, as a route by day."""
    from pracbase.terminal import describe_plan

    kb = load_or_exit(path)
    plan = kb.plan_visit(from_city=from_city, themes=themes, level=level, concern=concerns, near=near,
                         radius_km=radius_km, days=days, lang=lang, region=region)
    if as_json:
        click.echo(json.dumps(plan.as_list(), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_plan(kb, plan))


RECORD_TYPE = click.Choice([model.record_type for model in FILE_TYPES])


@main.command()
@click.option("--out", default="schemas", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the schemas to.")
@friendly
def schema(out: Path) -> None:
    """Write the JSON Schema of every record type (practice.schema.json, …) for editors and tools."""
    from pracbase.schema import write_schemas

    for written in write_schemas(out):
        click.echo(f"wrote {relative(written, Path.cwd())}")


@main.command()
@click.argument("record_type", metavar="practice|city|project|framework|source", type=RECORD_TYPE)
@click.option("--id", "record_id", help="The new record's id, also its file name (mechelen-case-meetings). "
                                        "Without it, the template is printed instead.")
@path_option
@friendly
def new(record_type: str, record_id: str | None, path: Path) -> None:
    """Write a commented template of a new record to its folder; never overwrites a file."""
    from pracbase.templates import new_record, template

    if record_id is None:
        click.echo(template(record_type), nl=False)
        return
    written = new_record(record_type, record_id, path)
    click.echo(f"wrote {relative(written, Path.cwd())}: fill it in, then run `pracbase validate`")


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing: list the files that would change, each with the "
                                           "diff that formatting would apply; exit 1 if any.")
@click.option("--lang", type=click.Choice(i18n.BUILD_LANGUAGES),
              help="Language of the messages (fr, en, de). Default: the environment's locale, else English.")
@friendly
def fmt(paths: tuple[Path, ...], check: bool, lang: str | None) -> None:
    """Lay out record files one way (field order, quoting, indentation) keeping every comment and value.

    PATH is a record file or a folder (default: every record under the current folder).
    """
    from pracbase.fmt import format_diff, format_paths

    lang = lang or message_language()
    report = format_paths(paths or (Path("."),), check=check)
    for changed in report.changed:
        name = relative(changed, Path.cwd())
        click.echo(say(lang, N_("would reformat {file}") if check else N_("reformatted {file}"), file=name))
        if check:
            click.echo(format_diff(changed, name), nl=False)
    for skipped, reason in report.skipped.items():
        click.echo(say(lang, N_("{file}: not formatted: {reason}"), file=relative(skipped, Path.cwd()),
                       reason=reason.in_language(lang)), err=True)
    done = say(lang, Nn_("{count} file would be reformatted", "{count} files would be reformatted") if check
               else Nn_("{count} file reformatted", "{count} files reformatted"), count=len(report.changed))
    parts = [done, say(lang, Nn_("{count} unchanged", "{count} unchanged"), count=len(report.unchanged))]
    if report.skipped:
        parts.append(say(lang, Nn_("{count} skipped", "{count} skipped"), count=len(report.skipped)))
    summary = ", ".join(parts) + "."
    click.echo(summary, err=True)
    if report.skipped or (check and report.changed):
        sys.exit(1)


@main.command()
@click.option("--format", "output", type=click.Choice(["json", "csv", "jsonld", "geojson"]), default="json",
              show_default=True, help="json: every record; csv: a row per practice; jsonld: schema.org; "
                                      "geojson: a point per city.")
@click.option("--lang", help="Give texts in this language only (fr, en…), falling back visibly to another. "
                             "Default: every language.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (atomically). Default: standard output.")
@path_option
@friendly
def export(output: str, lang: str | None, out: Path | None, path: Path) -> None:
    """Export the knowledge base as JSON, CSV, JSON-LD (schema.org) or GeoJSON for other tools."""
    from pracbase import export as exports

    kb = load_or_exit(path)
    if out is None:
        click.echo(exports.export(kb, output, lang), nl=False)
    else:
        click.echo(f"wrote {relative(exports.write_export(kb, output, out, lang), Path.cwd())}", err=True)


@main.command()
@path_argument
@click.option("--months", default=STALE_AFTER_MONTHS, show_default=True, type=click.IntRange(1, 1200),
              help="A record is stale when not reviewed for more than this many months.")
@click.option("--json", "as_json", is_flag=True, help="Print the stale records as JSON.")
@friendly
def stale(path: Path, months: int, as_json: bool) -> None:
    """List the records not reviewed for more than --months months (last_reviewed, else the
    record's first commit), oldest first."""
    from datetime import date

    from pracbase.history import read_history, record_path, stale_records

    kb = load_or_exit(path)
    history = read_history(path)
    today = date.today()
    found = stale_records(kb, history, today, months)
    if as_json:
        click.echo(json.dumps({
            "months": months, "today": today.isoformat(),
            "history": {"available": history.available, "note": history.unavailable},
            "stale": [{"type": s.record.record_type, "id": s.record.id, "path": record_path(s.record),
                       "reviewed": s.reviewed.isoformat(), "from": "last_reviewed" if s.stated else "first_commit"}
                      for s in found]}, ensure_ascii=False, indent=2))
        return
    if not history.available:
        click.echo(f"no git history ({history.unavailable}): records without last_reviewed are not judged", err=True)
    for item in found:
        source = "last_reviewed" if item.stated else "first commit"
        click.echo(f"{record_path(item.record)}: not reviewed since {item.reviewed.isoformat()} ({source})")
    click.echo(f"{len(found)} record(s) not reviewed for more than {months} months.", err=True)


@main.command()
@path_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"), show_default=True,
              help="Folder to write the archive and its checksum into.")
@click.option("--base-url", default=None, help="The site's address, the base of the JSON-LD ids and schema $id "
                                               "(default: urn:pracbase:).")
@friendly
def release(path: Path, out: Path, base_url: str | None) -> None:
    """Write the versioned data archive (JSON, CSV, JSON-LD, GeoJSON, data package, schemas,
    CITATION.cff) with SHA-256 checksums into --out."""
    from pracbase.api import base_of
    from pracbase.release import write_release

    target = write_release(load_or_exit(path), path, out, base_of(base_url))
    click.echo(f"wrote {relative(target, Path.cwd())} and {relative(target, Path.cwd())}.sha256")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="Folder to write the site into (replaced only when the build succeeds).")
@click.option("--path", "kb_path", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The knowledge base: the folder holding practices/, cities/…")
@click.option("--lang", "languages", multiple=True, type=click.Choice(i18n.BUILD_LANGUAGES),
              help="Build only this language (repeat for several).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The base MkDocs configuration (default: mkdocs.yml here, else the one shipped with pracbase).")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="The site engine: MkDocs with Material, or Zensical, their successor "
                   "(pip install 'pracbase[zensical]'; see docs/site-engines.md).")
@friendly
def build(out: Path, kb_path: Path, languages: tuple[str, ...], config_file: Path | None, engine: str) -> None:
    """Build the static site, every language, into site/ (strict: any warning fails)."""
    require_site_extra()
    from pracbase.site.build import build_site

    result = build_site(out, kb_path, languages, config_file, load_or_exit(kb_path), engine=engine)
    built = ", ".join(f"/{lang}/ ({n} pages)" for lang, n in result.pages.items())
    click.echo(f"Site built with {engine} in {result.out}: {built}, /api/")


@main.command()
@click.option("--lang", default=i18n.SOURCE_LANGUAGE, show_default=True, type=click.Choice(i18n.BUILD_LANGUAGES),
              help="The language to serve.")
@click.option("--path", "kb_path", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The knowledge base: the folder holding practices/, cities/…")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The base MkDocs configuration (default: mkdocs.yml here, else the one shipped with pracbase).")
@click.option("--dev-addr", default=None, help="Address to serve on (default 127.0.0.1:8000).")
@friendly
def serve(lang: str, kb_path: Path, config_file: Path | None, dev_addr: str | None) -> None:
    """Serve one language of the site locally, rebuilding when a record changes."""
    require_site_extra()
    from pracbase.site.build import serve_site

    serve_site(lang, kb_path, config_file, dev_addr)


@main.command()
@click.argument("query")
@click.option("--lang", default=i18n.SOURCE_LANGUAGE, show_default=True, type=click.Choice(i18n.SITE_LANGUAGES),
              help="Language of the query and of the results: the records' languages.")
@click.option("--type", "record_type", help="Only records of this type: practice, city, project, framework or guide.")
@click.option("--level", help="Only records of this prevention level: primary, secondary or tertiary.")
@click.option("--theme", help="Only records with this theme (a taxonomy id such as youth).")
@click.option("--region", help='Only records in this UN M49 region (a code such as "155", Western Europe).')
@click.option("--country", help="Only records in this country (an ISO code such as BE).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@path_option
@friendly
def search(query: str, lang: str, record_type: str | None, level: str | None, theme: str | None,
           region: str | None, country: str | None, limit: int, as_json: bool, path: Path) -> None:
    """Search practices, cities, projects, frameworks and guides for QUERY, in French or English.

    Typos and missing accents are forgiven; "quoted words" are a phrase.
    """
    from pracbase.search import ParsedQuery
    from pracbase.terminal import format_hits, no_hits_message

    if not ParsedQuery.parse(query):
        raise PracbaseError(no_hits_message(query))
    hits = load_or_exit(path).search(query, lang, type=record_type, level=level, theme=theme, region=region,
                                     country=country, limit=limit)
    if as_json:
        click.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
    else:
        click.echo(format_hits(hits) if hits else no_hits_message(query, lang), err=not hits)


if __name__ == "__main__":
    main()
