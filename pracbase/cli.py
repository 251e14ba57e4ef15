"""The ``pracbase`` command: a thin click layer over the Python API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from pracbase import __version__
from pracbase.errors import LoadError, PracbaseError
from pracbase.kb import KnowledgeBase
from pracbase.loader import load
from pracbase.loader import validate as validate_tree

F = TypeVar("F", bound=Callable[..., Any])

path_argument = click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))


def friendly(func: F) -> F:
    """Print pracbase's own errors as one clear message and exit 1: never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LoadError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(exc.problems)} problem(s): fix them, then run `pracbase validate`.", err=True)
            sys.exit(1)
        except PracbaseError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def load_or_exit(path: Path) -> KnowledgeBase:
    """Load the knowledge base at ``path`` (errors are reported by :func:`friendly`)."""
    return load(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pracbase")
def main() -> None:
    """pracbase: what cities do to prevent hate, violent extremism and polarisation."""


@main.command()
@path_argument
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@friendly
def validate(path: Path, as_json: bool) -> None:
    """Check every record under PATH; list every problem as file:line: message."""
    problems = validate_tree(path)
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
    if problems:
        if not as_json:
            click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    if not as_json:
        kb = load(path)
        click.echo(f"OK: {len(kb.practices)} practices, {len(kb.cities)} cities, "
                   f"{len(kb.projects)} projects, {len(kb.frameworks)} frameworks.")


@main.command()
@path_argument
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@friendly
def stats(path: Path, as_json: bool) -> None:
    """Counts of records, and of practices per level, theme, concern, region, country and seed."""
    from dataclasses import asdict

    figures = load_or_exit(path).stats()
    if as_json:
        click.echo(json.dumps(asdict(figures), ensure_ascii=False, indent=2))
        return
    click.echo(f"practices   {figures.practices} ({figures.short_entries} short entries)")
    click.echo(f"cities      {figures.cities}")
    click.echo(f"projects    {figures.projects}")
    click.echo(f"frameworks  {figures.frameworks}")
    for title, table in (("per seed file", figures.by_seed), ("per level", figures.by_level),
                         ("per theme", figures.by_theme), ("per concern", figures.by_concern),
                         ("per region (UN M49)", figures.by_region), ("per country", figures.by_country)):
        click.echo(f"\n{title}:")
        for key, count in table.items():
            click.echo(f"  {count:5d}  {key}")


if __name__ == "__main__":
    main()
