"""Where each page lives: its Markdown source path, relative to a language's docs root.

A page ``practices/<id>.md`` is served at ``practices/<id>/``. Every language site has the
same paths, so the language switcher keeps the reader on the same page. Links between
pages are relative ``.md`` paths, which MkDocs checks and rewrites.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
ABOUT = "about.md"
CONTRIBUTE = "contribute.md"
EXPLORER = "explorer.md"
MAP = "map.md"
TRANSFERS = "transfers.md"
PLANNER = "visit.md"
COMPARE = "compare.md"
DEVELOPERS = "developers/index.md"
PYTHON_API = "developers/api.md"
CLI = "developers/cli.md"

PRACTICES = "practices/index.md"
CITIES = "cities/index.md"
PROJECTS = "projects/index.md"
FRAMEWORKS = "frameworks/index.md"
GUIDES = "guides/index.md"
LEVELS = "levels/index.md"  # facet_index("levels"): the facets with pages are pracbase.facets.page_facets()
THEMES = "themes/index.md"
CONCERNS = "concerns/index.md"
REGIONS = "regions/index.md"
COUNTRIES = "countries/index.md"

API = "api/"
"""The JSON exports, at the root of the whole site (next to ``/fr/``, ``/en/``)."""


def practice(id: str) -> str:
    """The page of a practice."""
    return record("practices", id)


def city(id: str) -> str:
    """The page of a city."""
    return record("cities", id)


def project(id: str) -> str:
    """The page of a project."""
    return record("projects", id)


def framework(id: str) -> str:
    """The page of a country framework."""
    return record("frameworks", id)


def guide(id: str) -> str:
    """The page of a guide."""
    return record("guides", id)


def record(folder: str, id: str) -> str:
    """The page of any record, by its type's folder (``practices``) and id."""
    return f"{folder}/{id}.md"


def facet_index(key: str) -> str:
    """The index page of a facet with pages (``themes/index.md``)."""
    return f"{key}/index.md"


def term(key: str, id: str) -> str:
    """The page of one value of a facet with pages (``themes/youth.md``)."""
    return f"{key}/{id}.md"


def level(id: str) -> str:
    """The page of a prevention level."""
    return term("levels", id)


def theme(id: str) -> str:
    """The page of a theme."""
    return term("themes", id)


def concern(id: str) -> str:
    """The page of a concern."""
    return term("concerns", id)


def region(code: str) -> str:
    """The page of a UN M49 region."""
    return f"regions/{code}.md"


def country(code: str) -> str:
    """The page of a country (lowercase ISO code in the path)."""
    return f"countries/{code.lower()}.md"


def numbered(page: str, number: int) -> str:
    """Page ``number`` of a long list whose first page is ``page``.

    ``themes/youth.md`` continues at ``themes/youth/2.md``; an index, ``practices/index.md``,
    at ``practices/all/2.md`` (a folder, so it never collides with a record's page).
    """
    if number == 1:
        return page
    stem = page.removesuffix(".md")
    stem = stem.removesuffix("index") + "all" if stem.endswith("/index") else stem
    return f"{stem}/{number}.md"


def relative(source: str, target: str) -> str:
    """The relative link from page ``source`` to page ``target`` (both docs-root paths)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def url(page: str) -> str:
    """The URL of a page relative to its language's site root (``practices/x.md`` → ``practices/x/``)."""
    if page == HOME:
        return ""
    stem = page.removesuffix(".md")
    stem = stem.removesuffix("/index") if stem.endswith("/index") else stem
    return f"{stem}/"


def href(source: str, target: str) -> str:
    """The URL of page ``target`` relative to the URL of page ``source`` (for raw HTML links)."""
    return posixpath.relpath(url(target) or ".", url(source) or ".") + "/"
