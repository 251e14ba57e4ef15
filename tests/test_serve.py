"""``pracbase serve`` answers like a real host: text gzip-compressed for clients that accept it."""

from __future__ import annotations

import gzip
import wsgiref.util
from pathlib import Path
from typing import Any

from pracbase.site.build import compressing_server


def request(root: Path, path: str, accept: str = "gzip, deflate, br") -> tuple[str, dict[str, str], bytes]:
    server = compressing_server()(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    try:
        environ: dict[str, Any] = {"PATH_INFO": path, "HTTP_ACCEPT_ENCODING": accept}
        wsgiref.util.setup_testing_defaults(environ)
        answer: dict[str, Any] = {}
        body = b"".join(server.serve_request(environ, lambda status, headers, exc_info=None: answer.update(
            status=status, headers=dict(headers))))
        return answer["status"], answer["headers"], body
    finally:
        server.server_close()


def test_serve_compresses_text_for_clients_that_accept_gzip(tmp_path: Path) -> None:
    page = ("<!doctype html><title>x</title>" + "<p>Mechelen case meetings</p>" * 400).encode()
    (tmp_path / "index.html").write_bytes(page)
    (tmp_path / "data.json").write_text('{"a": "' + "b" * 5000 + '"}', encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG" + bytes(5000))

    status, headers, body = request(tmp_path, "/")
    assert status.startswith("200") and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == page and len(body) < len(page) / 10
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Vary"] == "Accept-Encoding"

    assert request(tmp_path, "/data.json")[1]["Content-Encoding"] == "gzip"
    for plain in ("/tiny.css", "/image.png"):  # too small to gain, or already compressed
        status, headers, body = request(tmp_path, plain)
        assert "Content-Encoding" not in headers and int(headers["Content-Length"]) == len(body)

    status, headers, body = request(tmp_path, "/", accept="identity")  # a client that does not accept gzip
    assert "Content-Encoding" not in headers and body == page
    assert request(tmp_path, "/missing/")[0].startswith("404")
