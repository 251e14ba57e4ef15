"""Shared fixtures: the repository, the small valid tree, tree builders, the built site in a browser.

The browser fixtures serve the built site on 127.0.0.1 and refuse every request to another
host, so the tests run offline. Playwright never downloads a browser: it drives
``/usr/bin/chromium``. In CI (``CI`` set) a missing Chromium is a failure; on a
developer's machine without it, the browser tests skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pracbase

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"


@pytest.fixture(scope="session")
def kb() -> pracbase.KnowledgeBase:
    """The real knowledge base of the repository, loaded once."""
    return pracbase.load(ROOT)


@pytest.fixture(scope="session")
def small_kb() -> pracbase.KnowledgeBase:
    """The small valid fixture tree."""
    return pracbase.load(VALID)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture tree."""
    target = tmp_path / "kb"
    shutil.copytree(VALID, target)
    return target


def overlay(base: Path, case: Path) -> None:
    """Copy every file of ``case`` (but its expected.txt) over ``base``."""
    for file in case.rglob("*"):
        if file.is_file() and not (file.name.startswith("expected") and file.suffix == ".txt"):
            target = base / file.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)


@pytest.fixture(autouse=True)
def _no_record_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI caches records by default: tests run it without, and keep the signing key out of $HOME."""
    monkeypatch.setenv("PRACBASE_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI speaks the environment's language: tests run it in English unless they set one."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, every language, built once per session by ``pracbase build`` (strict mode)."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "build", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


# --- the built site in a browser --------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 and yield its address, until closed."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1."""
    yield from serve(built_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, launched once."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    """A fresh desktop page (empty cache) that may only reach the local site."""
    yield from _page(browser, site_url, DESKTOP)


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[Any]:
    """The same on a phone's screen (390×844, touch)."""
    yield from _page(browser, site_url, PHONE, has_touch=True, is_mobile=True)


def _page(browser: Any, site_url: str, viewport: dict[str, int], **options: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, base_url=site_url, **options)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    errors: list[str] = []
    page = context.new_page()
    page.set_default_timeout(60_000)  # generous: a busy 2-core CI machine builds the search index slowly
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
