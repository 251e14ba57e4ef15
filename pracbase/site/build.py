"""Build the whole site: one engine build per language, the root page and the ``/api/`` exports.

Each language is first written to disk as a plain project (:mod:`pracbase.site.stage`:
the generated pages, assets, data, templates and a ``mkdocs.yml`` derived from the base
configuration), then built by a site engine (:mod:`pracbase.site.engines`: MkDocs with
Material by default, or Zensical) in strict mode, failing on any warning, and indexed for
the site's search (:mod:`pracbase.site.sitesearch`). Everything is built into a
temporary folder; the finished site replaces the previous one only when every part is
built, so a failed build leaves the previous output as it was.

Output::

    <out>/index.html         picks the reader's language (links without JavaScript)
    <out>/fr/, <out>/en/…    one complete site per language (pracbase.i18n.BUILD_LANGUAGES)
    <out>/api/               every file of pracbase.api: the exports, the record lists, schemas/,
                             datapackage.json and the versioned API v1/ (index, collections, records)
    <out>/404.html           the first language's 404 page (each language has its own: <out>/<lang>/404.html)
    <out>/sitemap.xml        with ``site_url``: every page of every language, with its versions (pracbase.site.sitemap)

Set ``site_url`` in ``mkdocs.yml`` to deploy: MkDocs writes the 404 pages' links from it
(and the sitemaps and canonical links), so they work at any address of the host; without it
their links are relative to their own folder (:func:`write_404_pages`).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pracbase import api, i18n
from pracbase.kb import KnowledgeBase
from pracbase.loader import bundled_path, load
from pracbase.site import engines, markup, sitemap, sitesearch, stage
from pracbase.site.engines import SiteError

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

PLUGIN = stage.PLUGIN

__all__ = ["BuildResult", "SiteError", "build_site", "serve_site"]


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the folder, its languages and its page count per language."""

    out: Path
    languages: tuple[str, ...]
    pages: dict[str, int]


def overrides(config_file: Path, lang: str, kb_path: Path | None = None,
              languages: Sequence[str] = i18n.BUILD_LANGUAGES) -> dict[str, Any]:
    """The MkDocs options that make the base configuration build ``lang``, one of ``languages``.

    ``theme`` (its ``language``) and ``plugins`` (the knowledge base's path, the languages
    the switcher offers) are given whole, as :func:`mkdocs.config.load_config` replaces
    top-level options.
    """
    from mkdocs.utils.yaml import yaml_load

    if lang not in i18n.BUILD_LANGUAGES:
        raise SiteError(f"unknown site language {lang!r}: use one of {', '.join(i18n.BUILD_LANGUAGES)}")
    with open(config_file, encoding="utf-8") as handle:
        base = yaml_load(handle) or {}
    theme = copy.deepcopy(base.get("theme") or {"name": "material"})
    if isinstance(theme, str):
        theme = {"name": theme}
    theme["language"] = lang
    # pracbase generates every page: its own empty docs folder, wherever the configuration lies.
    result: dict[str, Any] = {"theme": theme, "docs_dir": str(resources.files("pracbase.site") / "docs")}
    if base.get("site_url"):
        result["site_url"] = f"{str(base['site_url']).rstrip('/')}/{lang}/"
    if kb_path is not None:
        # As a mapping: MkDocs empties the one-key dicts of a plugin list as it reads them,
        # and `pracbase serve` reads these options again on every rebuild.
        base_plugins = base.get("plugins") or []
        plugins = (dict(copy.deepcopy(base_plugins)) if isinstance(base_plugins, dict)
                   else {_name(p): _options(p) for p in base_plugins})
        plugins[PLUGIN] = {**(plugins.get(PLUGIN) or {}), "path": str(Path(kb_path).resolve()),
                           "languages": list(languages)}
        result["plugins"] = plugins
    return result


def base_config(config_file: Path | None = None) -> Path:
    """The MkDocs configuration to build from: ``config_file``, else ``mkdocs.yml`` in the current
    folder, else the one shipped with pracbase (next to its bundled records)."""
    if config_file is not None:
        return Path(config_file)
    here = Path("mkdocs.yml")
    return here if here.is_file() else bundled_path() / "mkdocs.yml"


def build_site(out: Path, kb_path: Path = Path("."), languages: Sequence[str] = i18n.BUILD_LANGUAGES,
               config_file: Path | None = None, kb: KnowledgeBase | None = None,
               engine: str = engines.DEFAULT_ENGINE) -> BuildResult:
    """Build the site in every one of ``languages`` into ``out``, replacing it only on success.

    ``kb`` is the knowledge base at ``kb_path`` when already loaded; ``engine`` one of
    :data:`pracbase.site.engines.ENGINES`. Raises
    :class:`~pracbase.errors.LoadError` for invalid records and :class:`SiteError` when
    the engine warns or fails; ``out`` is then left untouched.
    """
    config_file = base_config(config_file)
    if not config_file.is_file():
        raise SiteError(f"no MkDocs configuration at {config_file}: give the path of an mkdocs.yml")
    unknown = [lang for lang in languages if lang not in i18n.BUILD_LANGUAGES]
    if unknown:
        raise SiteError(f"unknown site language {unknown[0]!r}: use one of {', '.join(i18n.BUILD_LANGUAGES)}")
    if engine not in engines.ENGINES:
        raise SiteError(f"unknown site engine {engine!r}: use one of {', '.join(engines.ENGINES)}")
    languages = tuple(dict.fromkeys(languages or i18n.BUILD_LANGUAGES))
    kb = kb if kb is not None else load(kb_path)
    build = dataclasses.replace(api_build(Path(config_file), kb_path), languages=languages)
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        pages = {lang: build_language(kb, lang, staging / lang, Path(config_file), languages, build, engine)
                 for lang in languages}
        write_root(staging, languages)
        write_404_pages(staging, languages, _site_url(Path(config_file)))
        sitemap.write_sitemap(staging, languages, _site_url(Path(config_file)))
        write_api(kb, staging / "api", build)
        _replace(out, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out, languages, pages)


def api_build(config_file: Path, kb_path: Path) -> api.Build:
    """What the pages and ``/api/`` of one build share: the identifiers' base (``site_url``), the
    time, the records' git history and the freshness period (the plugin's ``stale_after_months``)."""
    from pracbase.history import read_history

    return api.Build(base=api.base_of(_site_url(config_file)), history=read_history(kb_path),
                     stale_after_months=_plugin_option(config_file, "stale_after_months", api.Build.stale_after_months))


def build_language(kb: KnowledgeBase, lang: str, site_dir: Path, config_file: Path,
                   languages: Sequence[str], shared: api.Build, engine: str = engines.DEFAULT_ENGINE) -> int:
    """Build one language's site into ``site_dir`` with ``engine`` (strict: any warning fails) and
    index it for the site's search; return its page count.

    The language is staged first, in a temporary folder next to ``site_dir``
    (:func:`pracbase.site.stage.write`);
    ``languages`` are the languages built next to it, offered by the language switcher;
    ``shared`` what every language shares (:func:`api_build`).
    """
    folder = Path(tempfile.mkdtemp(prefix=f".stage-{lang}-", dir=site_dir.parent))
    try:
        staged = stage.write(kb, lang, folder, _read_config(config_file), shared, tuple(languages),
                             config_dir=config_file.parent, links=engines.LINKS[engine])
        engines.run(engine, staged)
        os.replace(staged.site_dir, site_dir)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sitesearch.build_index(site_dir, lang, staged.words)
    return sum(1 for _ in site_dir.rglob("index.html"))


def serve_site(lang: str = i18n.SOURCE_LANGUAGE, kb_path: Path = Path("."), config_file: Path | None = None,
               dev_addr: str | None = None) -> None:
    """Serve one language with MkDocs' development server, rebuilding when a record changes.

    When a record breaks while it runs, the site is rebuilt from the last records that loaded,
    the problems printed (``file:line:col: …``) and shown at the top of every page it reloads.

    Responses are gzip-compressed like a real host's (:mod:`pracbase.site.compress`): MkDocs'
    server is swapped for :func:`compressing_server` while it runs.
    """
    from mkdocs.commands import serve as mkdocs_serve

    config_file = base_config(config_file)
    if not config_file.is_file():
        raise SiteError(f"no MkDocs configuration at {config_file}: give the path of an mkdocs.yml")
    load(kb_path)  # report invalid records clearly before starting
    options = overrides(config_file, lang, kb_path)
    options["plugins"][PLUGIN]["keep_last_good"] = True  # a record broken while serving: keep the last good site
    if dev_addr:
        options["dev_addr"] = dev_addr
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    names = vars(mkdocs_serve)  # the server class mkdocs' serve() builds, swapped while it runs
    plain = names["LiveReloadServer"]
    names["LiveReloadServer"] = compressing_server()
    try:
        mkdocs_serve.serve(config_file=str(config_file), **options)
    except OSError as exc:
        address = options.get("dev_addr") or "127.0.0.1:8000"
        raise SiteError(f"cannot serve on {address}: {exc.strerror or exc} "
                        "(give another address with --dev-addr, e.g. 127.0.0.1:8001)") from None
    finally:
        names["LiveReloadServer"] = plain
        logger.removeHandler(handler)


def compressing_server() -> type[LiveReloadServer]:
    """MkDocs' live-reload server, sending gzip-compressed responses to clients that accept them."""
    from mkdocs.livereload import LiveReloadServer

    from pracbase.site.compress import gzip_response

    class CompressingServer(LiveReloadServer):
        def serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            return gzip_response(super().serve_request, environ, start_response)

    return CompressingServer


def write_root(out: Path, languages: Sequence[str]) -> None:
    """The root ``index.html``: links to each language, and a script choosing the reader's."""
    items = "\n".join(f'      <li><a href="{lang}/" hreflang="{lang}" lang="{lang}">'
                      f"{markup.attr(stage.language_label(lang))}</a></li>" for lang in languages)
    default = languages[0]
    codes = json.dumps(list(languages))
    page = f"""<!doctype html>
<html lang="{default}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>pracbase</title>
    <script>
      (function () {{
        var codes = {codes};
        var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) {{
          return String(l).slice(0, 2).toLowerCase();
        }});
        for (var i = 0; i < wanted.length; i++) {{
          if (codes.indexOf(wanted[i]) >= 0) {{ location.replace(wanted[i] + "/"); return; }}
        }}
        location.replace(codes[0] + "/");
      }})();
    </script>
    <style>
      body {{ font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 30rem; padding: 0 1rem; }}
      a {{ color: #3f51b5; font-size: 1.2rem; }}
    </style>
  </head>
  <body>
    <h1>pracbase</h1>
    <ul>
{items}
    </ul>
  </body>
</html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")


def write_404_pages(out: Path, languages: Sequence[str], site_url: str) -> None:
    """The top-level ``404.html`` (the first language's), and every 404 page's links made to work.

    With ``site_url``, MkDocs writes the 404 pages' links from it: they work at any address
    of the host. Without it, it writes them from ``/`` as if each language were the whole
    host (``/assets/…``, ``/../fr/``): they are rewritten relative to the page's own folder.
    """
    first = out / languages[0] / "404.html"
    if not first.is_file():
        return
    written = first.read_text(encoding="utf-8")
    top = written if site_url else relative_links(written, f"{languages[0]}/")
    (out / "404.html").write_text(top, encoding="utf-8")
    if site_url:
        return
    for lang in languages:
        page = out / lang / "404.html"
        if page.is_file():
            page.write_text(relative_links(page.read_text(encoding="utf-8"), ""), encoding="utf-8")


_ROOTED = re.compile(r'(\s(?:href|src|action)=")(/(?!/)[^"]*)"|("base":\s*")(/)"')


def relative_links(page: str, prefix: str) -> str:
    """``page``'s links from ``/`` (MkDocs' 404 pages without ``site_url``), made relative.

    ``prefix`` is the path from the page's folder to the folder ``/`` stood for (``""`` for a
    language's own 404 page, ``"fr/"`` for the top-level copy of the French one).
    """
    def relative(match: re.Match[str]) -> str:
        attribute, target = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        path, _, rest = target.partition("#")
        path, query, search = path.partition("?")
        folder = path.endswith(("/", "/.")) or path == ""
        resolved = posixpath.normpath(prefix + path.lstrip("/") or ".")
        resolved = "./" if resolved == "." and folder else resolved + ("/" if folder and resolved != "." else "")
        return f'{attribute}{resolved}{query}{search}{"#" + rest if rest or "#" in target else ""}"'

    return _ROOTED.sub(relative, page)


def write_api(kb: KnowledgeBase, out: Path, build: api.Build | None = None) -> list[str]:
    """The static files under ``/api/`` (:func:`pracbase.api.write`); the files written."""
    return api.write(kb, out, build or api.Build())


def _replace(out: Path, staging: Path) -> None:
    """Put the finished ``staging`` folder in place of ``out``.

    Builds run side by side (each in its own staging folder); their swaps take turns under a
    lock next to ``out``, so two builds into one folder end with one complete site, the last
    one's, and neither fails on the other's half-done swap.
    """
    with _swap_lock(out):
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _swap_lock(out: Path) -> Iterator[None]:
    """An exclusive lock on ``out``'s swap, between processes (``.<out>.lock`` next to it; POSIX)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one build at a time
        yield
        return
    with open(out.parent / f".{out.name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_config(config_file: Path) -> dict[str, Any]:
    """The base configuration as MkDocs reads it (its ``!ENV`` and ``!relative`` tags resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as handle:
        return dict(yaml_load(handle) or {})


def _site_url(config_file: Path) -> str:
    """The base configuration's ``site_url`` (the 404 pages need it: their links start from it)."""
    return str(_read_config(config_file).get("site_url") or "")


def _plugin_option(config_file: Path, name: str, default: Any) -> Any:
    """An option of the ``pracbase`` plugin in the base configuration (``default`` when unset)."""
    plugins = _read_config(config_file).get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else ((_name(p), _options(p)) for p in plugins)
    return next(((options or {}).get(name, default) for key, options in entries if key == PLUGIN), default)


def _name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _options(entry: Any) -> dict[str, Any]:
    return {} if isinstance(entry, str) else copy.deepcopy(dict(next(iter(entry.values())) or {}))
