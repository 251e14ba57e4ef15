"""The site's search: one Pagefind index per language, over that language's built HTML.

Pagefind (PyPI ``pagefind[bin]``, the ``site`` extra: its binary ships in the wheel) reads
the pages of one language's site and writes a static, chunked index into
``<site>/pagefind/``; the browser then fetches only the chunks a query needs, so the
first query costs about the same at 100 or 10,000 practices, and the full text of every
record is searched.

What goes in (the page templates mark it, see ``overrides/main.html``): only the pages
whose front matter carries a ``pagefind`` entry (:func:`entry`), records and hubs, and
in them only the content region (``data-pagefind-body``) without its lists of other
pages, links and sources (``data-pagefind-ignore``). The entry gives each page its
record type, city and country (shown with the results) and the explorer's facets as
Pagefind filters. Each language's index is built with that language's stemmer
(``--force-language``); Pagefind itself folds accents and matches word beginnings.

Pagefind does not correct typos, so next to the index each language gets the words of
its indexed pages (:func:`vocabulary`, accent-folded, most frequent first), split by
first letter into ``pagefind/words/<letter>.json``: when a query finds few pages, the
search box fetches the lists of its words' first letters and retries with the closest
known words (``Roterdam`` → ``rotterdam``).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pracbase import i18n
from pracbase.errors import PracbaseError
from pracbase.facets import FACETS

BUNDLE = "pagefind"
"""The folder of each language's site that holds its index and Pagefind's script."""

def filter_names() -> tuple[str, ...]:
    """The Pagefind filters: the record type and the facets' parameters (:data:`pracbase.facets.FACETS`);
    their values are labels in the page language."""
    return ("type", *(f.param for f in FACETS))

EXCLUDED = (".headerlink",)
"""Parts of the content region that are not words of the page (the headings' ``¶`` links)."""

WORDS = "words"
"""The folder of the bundle holding the vocabulary, one JSON list per first letter."""

_WORD = re.compile(r"[^\W\d_]{4,}")
"""A word worth correcting: four letters or more (shorter ones are matched as word beginnings)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's own interfaces, which the site does not use (it has its own, ``assets/search.js``)."""


class SearchIndexError(PracbaseError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True)
class IndexStats:
    """What Pagefind indexed in one language."""

    pages: int
    words: int
    filters: int


def executable() -> Path:
    """The Pagefind binary shipped in the ``pagefind_bin`` wheel."""
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexError("the site's search needs Pagefind: pip install 'pracbase[site]' "
                               "(or pip install 'pagefind[bin]')") from None
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the Pagefind package has no binary for this platform ({exc}): "
                               "reinstall 'pagefind[bin]'") from None


def build_index(site_dir: Path, lang: str, words: dict[str, list[str]] | None = None) -> IndexStats:
    """Index the pages of one language's built site into ``site_dir/pagefind/``, with its ``words``
    (:func:`vocabulary`) for the search box's typo correction."""
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--force-language", lang, "--exclude-selectors", ",".join(EXCLUDED)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the {lang} site:\n{(result.stderr or result.stdout)[-2000:]}")
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    if words:
        folder = site_dir / BUNDLE / WORDS
        folder.mkdir(exist_ok=True)
        for key, chunk in words.items():
            (folder / f"{key}.json").write_text(json.dumps(chunk, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")
    return IndexStats(*(_count(result.stdout, what) for what in ("pages", "words", "filters")))


def vocabulary(texts: Iterable[str]) -> dict[str, list[str]]:
    """The accent-folded words of ``texts`` (four letters or more), by first letter, most frequent first.

    A word's frequency is the number of texts holding it; keys are ``a``…``z``, or ``_``
    for words starting with another letter.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({i18n.fold(word) for word in _WORD.findall(text)})
    chunks: dict[str, list[str]] = {}
    for word, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        chunks.setdefault(word[0] if "a" <= word[0] <= "z" else "_", []).append(word)
    return chunks


def _count(output: str, what: str) -> int:
    found = re.findall(rf"Indexed (\d+) {what}", output)
    return int(found[-1]) if found else 0


def entry(type: str, *, cities: Iterable[str] = (), countries: Iterable[str] = (),
          names: Iterable[str] = (), **filters: Iterable[str]) -> dict[str, Any]:
    """The front matter entry that puts a page in the search index.

    ``type`` is the record type's label; ``cities`` and ``countries`` are shown with the
    result; ``names`` are other words that should find the page (a city's names in the
    other languages: ``Mechelen`` finds Malines' pages on the French site); ``filters``
    are the values of :func:`filter_names` (labels in the page language).
    """
    unknown = set(filters) - set(filter_names())
    if unknown:
        raise ValueError(f"unknown search filters: {', '.join(sorted(unknown))}")
    cities, countries = _unique(cities), _unique(countries)
    values = {"type": [type], **{key: _unique(found) for key, found in filters.items()}}
    values["country"] = _unique([*values.get("country", []), *countries])
    meta = {"type": type, "city": ", ".join(cities), "country": ", ".join(countries)}
    return {"meta": {key: value for key, value in meta.items() if value},
            "filters": {key: value for key, value in values.items() if value},
            "names": " ".join(_unique(names))}


def is_searched(page: str) -> bool:
    """Whether the Markdown ``page`` carries a search entry (:func:`entry`) in its front matter."""
    return page.startswith("---\npagefind: ")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
