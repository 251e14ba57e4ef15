"""Bytes a reader's browser fetches for the site's search, measured in headless Chromium.

    python scripts/search_bytes.py SITE_DIR --lang fr prison mères

Serves a built site (``pracbase build``) on 127.0.0.1, opens a practice page of ``--lang``
(its search script loaded, nothing of the index yet), focuses the header's search box and
types each query in turn, and prints the bytes fetched from the focus until each query's
results are shown: the size a server gzipping its responses sends (Pagefind's own files
are compressed already; the rest is counted gzipped), headers left out. Used by the
budget test (tests/test_site_search.py) and by scripts/bench.py.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the output clean."""


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1: its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def wire_size(body: bytes) -> int:
    """The bytes a gzipping server sends for ``body`` (not more than the body itself)."""
    return min(len(body), len(gzip.compress(body, 6)))


def query_bytes(site: Path, lang: str, queries: Sequence[str], page: str | None = None,
                browser: Any = None) -> list[int]:
    """Bytes fetched for each of ``queries``, typed one after the other in the header of ``page``.

    ``browser`` is a Playwright Chromium already launched (the tests'); without it, one is
    launched for the measure.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                return query_bytes(site, lang, queries, page, chromium)
            finally:
                chromium.close()
    page_path = page or _a_practice(site / lang)
    with served(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
        try:
            context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
            tab = context.new_page()
            tab.set_default_timeout(120_000)
            fetched: list[Any] = []
            tab.on("requestfinished", lambda request: fetched.append(request))
            tab.goto(f"{lang}/{page_path}", wait_until="networkidle")
            sizes = []
            for query in queries:
                fetched.clear()
                box = tab.locator("#pb-sitesearch-q")
                box.click()
                box.fill(query)
                answered = json.dumps([query, ""], ensure_ascii=False, separators=(",", ":"))
                tab.wait_for_function("(answered) => document.querySelector('.pb-sitesearch__results')"
                                      ".getAttribute('data-answered') === answered", arg=answered)
                tab.wait_for_load_state("networkidle")
                sizes.append(sum(wire_size(request.response().body()) for request in fetched
                                 if request.response() is not None))
            return sizes
        finally:
            context.close()


def _a_practice(lang_root: Path) -> str:
    first = min(path.parent.name for path in (lang_root / "practices").glob("*/index.html")
                if path.parent.name != "all")
    return f"practices/{first}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (pracbase build --out SITE)")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("queries", nargs="+")
    options = parser.parse_args(argv)
    for query, size in zip(options.queries, query_bytes(options.site, options.lang, options.queries), strict=True):
        print(f"{query!r}: {size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
