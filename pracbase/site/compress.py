"""Compressed responses for ``pracbase serve``, as a host such as GitHub Pages sends them.

Readers on slow connections get every text file of the site gzip-compressed by the host
(see "Hosting" in README.md); the local server does the same, so that what is measured
locally (bytes, timings) is what readers get. Only text types above :data:`MIN_SIZE` are
compressed, and only for clients that accept gzip.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from typing import Any

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
"""Content types worth compressing (the site's HTML, CSS, scripts, JSON data and SVG)."""

MIN_SIZE = 1024
"""Smaller bodies are sent as they are: gzip's header would eat most of the saving."""

StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def gzip_response(app: App, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """Call the WSGI ``app``; send its response gzip-compressed when the client and the type allow."""
    if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", "").lower():
        return app(environ, start_response)
    answer: dict[str, Any] = {}

    def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        answer.update(status=status, headers=headers, exc_info=exc_info)
        return lambda data: answer.setdefault("written", []).append(data)

    result = app(environ, capture)
    try:
        body = b"".join([*answer.get("written", []), *result])
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    headers = [(name, value) for name, value in answer["headers"] if name.lower() != "content-length"]
    kind = next((value for name, value in headers if name.lower() == "content-type"), "")
    encoded = any(name.lower() == "content-encoding" for name, _value in headers)
    if len(body) >= MIN_SIZE and kind.startswith(COMPRESSIBLE) and not encoded:
        body = gzip.compress(body, compresslevel=6, mtime=0)
        headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
    headers.append(("Content-Length", str(len(body))))
    start_response(answer["status"], headers, answer["exc_info"])
    return [body]
