"""The engines that build a staged language (:mod:`pracbase.site.stage`) into its site.

- ``mkdocs``: MkDocs with Material for MkDocs, the default (the design card's choice).
  Material for MkDocs reaches end of life on 5 May 2027, and MkDocs 1.6 is MkDocs' last
  release.
- ``zensical``: Zensical, their successor by Material's team (PyPI ``zensical``, the
  ``zensical`` extra). It reads the staged ``mkdocs.yml`` and Material's templates; it runs
  only the plugins on its own list, which is why pracbase stages plain Markdown first
  (its plugin would be skipped). ``docs/site-engines.md`` compares the two.

Both build in strict mode: a warning (a broken link, a missing page) fails the build.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pracbase.errors import PracbaseError

if TYPE_CHECKING:
    from pracbase.site.context import LinkBase
    from pracbase.site.stage import Stage

ENGINES = ("mkdocs", "zensical")
"""The site engines ``pracbase build --engine`` accepts."""

DEFAULT_ENGINE = "mkdocs"

LINKS: dict[str, LinkBase] = {"mkdocs": "page", "zensical": "source"}
"""How each engine reads a relative link it cannot resolve to a page (:data:`pracbase.site.context.LinkBase`):
MkDocs leaves it as written, Zensical reads it from the page's Markdown file."""

ZENSICAL_SEARCH_INDEX = "search.json"
"""Zensical's own search index (1.4 MB for the French site), which pracbase does not publish."""

MAX_SHOWN = 20
"""The warnings of a failed build shown in its error (then a count of the rest)."""


class SiteError(PracbaseError):
    """The site could not be built (engine warnings or errors, a bad language, a missing engine)."""


def run(engine: str, staged: Stage) -> None:
    """Build a staged language (:func:`pracbase.site.stage.write`) into its ``site_dir`` with ``engine``."""
    if engine not in ENGINES:
        raise SiteError(f"unknown site engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "mkdocs":
        _mkdocs(staged)
    else:
        _zensical(staged)


def _mkdocs(staged: Stage) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with collected_warnings() as warnings:
        try:
            build(load_config(str(staged.config_file), strict=True))
        except MkDocsException as exc:
            details = "\n".join(warnings[:MAX_SHOWN]) or str(exc)
            raise SiteError(f"the {staged.lang} site failed to build:\n{details}") from None
    if warnings:
        raise SiteError(f"the {staged.lang} site built with {len(warnings)} warning(s):\n" + _shown(warnings))


def _zensical(staged: Stage) -> None:
    if importlib.util.find_spec("zensical") is None:
        raise SiteError("the zensical engine is not installed: pip install 'pracbase[zensical]'")
    config_file = staged.config_file
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config_file)],
                            cwd=config_file.parent, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise SiteError(f"the {staged.lang} site failed to build with zensical:\n" + _shown(lines[-MAX_SHOWN:]))
    # Zensical writes its own search index whatever the configuration says; no page fetches it
    # (the header's search box is pracbase's, over Pagefind's index), so it is not published.
    (staged.site_dir / ZENSICAL_SEARCH_INDEX).unlink(missing_ok=True)


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect the warnings MkDocs, its theme and plugins log (strict mode counts them too)."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collector(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def _shown(lines: list[str]) -> str:
    more = [f"… and {len(lines) - MAX_SHOWN} more"] if len(lines) > MAX_SHOWN else []
    return "\n".join(lines[:MAX_SHOWN] + more)
