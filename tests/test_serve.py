"""``pracbase serve`` answers like a real host (gzip), and keeps the last good site when a record breaks."""

from __future__ import annotations

import gzip
import html
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import wsgiref.util
from pathlib import Path
from typing import Any

from pracbase.site.build import compressing_server
from tests.conftest import ROOT


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return html.unescape(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, wanted: str, process: subprocess.Popen[str], seconds: float = 300) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "pracbase serve stopped"
        page = _get(url)
        if wanted in page:
            return page
        time.sleep(1)
    raise AssertionError(f"{wanted!r} never appeared on {url}")


def test_serve_keeps_the_last_good_site_when_a_record_breaks(tree: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "pracbase.cli", "serve", "--lang", "en", "--path", str(tree),
               "--config", str(ROOT / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    page_url = f"http://127.0.0.1:{port}/practices/alpha-case-meetings/"
    record = tree / "practices" / "alpha-case-meetings.yml"
    good = record.read_text(encoding="utf-8")
    problem = ('practices/alpha-case-meetings.yml:5:7: title.en: expected text, got true/false '
               '(quote it: "yes")')
    try:
        _wait_for(page_url, "Case meetings with the police", process)
        record.write_text(good.replace("en: Case meetings with the police", "en: yes")
                          .replace("It meets every month.", "It meets every week."), encoding="utf-8")
        page = _wait_for(page_url, problem, process)
        assert "Case meetings with the police" in page and "It meets every month." in page  # the last good site
        assert "It meets every week." not in page
        assert "The records have problems: this site shows them as they were before." in page
        assert any(problem in line for line in output), output[-20:]
        record.write_text(good.replace("It meets every month.", "It meets every week."), encoding="utf-8")
        page = _wait_for(page_url, "It meets every week.", process)
        assert problem not in page and "pb-problems" not in page
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_on_a_busy_address_says_so_without_a_traceback(tree: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}"
        result = subprocess.run([sys.executable, "-m", "pracbase.cli", "serve", "--lang", "en", "--path", str(tree),
                                 "--config", str(ROOT / "mkdocs.yml"), "--dev-addr", address],
                                cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"cannot serve on {address}: Address already in use (give another address with --dev-addr" \
        in result.stderr
