"""The new contributor's path, end to end, in a copy of the tree: a city, a practice and a web source
pracbase has never seen, from `pracbase new` to the built site, the search and the exports.

The texts are made up for the test (a fictional parents' café); they are not knowledge-base content.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pracbase.cli import main

CITED = "  - source: grenoble-parents-cafe-page\n    section: Le café des parents"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def fill(path: Path, replacements: list[tuple[str, str]]) -> None:
    """Fill in a template as a contributor does: each placeholder line replaced by its value."""
    text = path.read_text(encoding="utf-8")
    for pattern, value in replacements:
        text, count = re.subn(pattern, value, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"{path.name}: no line matches {pattern!r}"
    path.write_text(text, encoding="utf-8")


def test_a_practice_from_a_new_city_with_a_new_web_source(tree: Path, tmp_path: Path) -> None:
    root = str(tree)
    # 1. The practice first, as the contributor did: validate names what to create.
    assert run("new", "practice", "--id", "grenoble-parents-cafe", "--path", root)[0] == 0
    fill(tree / "practices" / "grenoble-parents-cafe.yml", [
        (r'^title:\n  fr: ""\n  en: ""', "title:\n  fr: Café des parents\n  en: Parents' café"),
        (r'^summary:\n  fr: ""\n  en: ""', "summary:\n  fr: Un café où les parents parlent de leurs inquiétudes."
                                           "\n  en: A café where parents talk about their worries."),
        (r"^description:\n  fr: \|\n  en: \|\n", "description:\n  fr: |\n    Les parents se retrouvent chaque mois.\n"
                                              "  en: |\n    Parents meet every month.\n"),
        (r"^cities: \[\]", "cities: [grenoble]"),
        (r"^levels: \[\]", "levels: [primary]"),
        (r"^themes: \[\]", "themes: [families-parenting]"),
        (r'^  - source: ""\n    section: ""', CITED),
    ])
    code, _, err = run("validate", root)
    assert code == 1
    assert "cities: unknown city 'grenoble' (create cities/grenoble.yml with `pracbase new city --id grenoble`)" in err
    assert ("sources.0.source: unknown source 'grenoble-parents-cafe-page' (create "
            "sources/grenoble-parents-cafe-page.yml with `pracbase new source --id grenoble-parents-cafe-page`)") in err
    # 2. The city and the source, as the hints say.
    assert run("new", "city", "--id", "grenoble", "--path", root)[0] == 0
    fill(tree / "cities" / "grenoble.yml", [
        (r'^names:\n  fr: ""\n  en: ""', "names:\n  fr: Grenoble\n  en: Grenoble"),
        (r'^country: ""', "country: FR"), (r'^region: ""', 'region: "155"'),
        (r"^  lat: null\n  lon: null", "  lat: 45.19\n  lon: 5.72"),
        (r'^  - source: ""\n    section: ""', CITED),
    ])
    assert run("new", "source", "--id", "grenoble-parents-cafe-page", "--path", root)[0] == 0
    fill(tree / "sources" / "grenoble-parents-cafe-page.yml", [
        (r'^type: ""', "type: web-page"), (r'^language: ""', "language: fr"),
        (r'^title:\n  fr: ""\n  en: ""', "title:\n  fr: Le café des parents\n  en: The parents' café"),
        (r'^publisher: ""', "publisher: Ville de Grenoble"),
        (r'^# url: ""', "url: https://www.example.org/cafe-des-parents"),
    ])
    # 3. Validate, the one file and the whole tree; lay the files out.
    code, out, err = run("validate", str(tree / "practices" / "grenoble-parents-cafe.yml"))
    assert (code, err) == (0, ""), err
    code, out, err = run("validate", root)
    assert (code, out) == (0, "OK: 3 practices, 3 cities, 1 project, 1 framework, 1 guide, 5 sources.\n"), err
    assert run("fmt", root)[0] == 0 and run("fmt", "--check", root)[0] == 0
    # 4. The site: the practice is on its city's page and cites the web source.
    out_dir = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pracbase.cli", "build", "--path", root, "--out", str(out_dir),
                            "--lang", "fr"], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    city_page = (out_dir / "fr" / "cities" / "grenoble" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../practices/grenoble-parents-cafe/"' in city_page and "Café des parents" in city_page
    practice_page = (out_dir / "fr" / "practices" / "grenoble-parents-cafe" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.example.org/cafe-des-parents"' in practice_page
    assert "Le café des parents</em>" in practice_page and "Page web, Ville de Grenoble" in practice_page
    assert "data-pagefind-body" in practice_page  # the page is indexed by the site's search
    indexed = sum("data-pagefind-body" in page.read_text(encoding="utf-8") for page in (out_dir / "fr").rglob("*.html"))
    entry = json.loads((out_dir / "fr" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == indexed
    # 5. The search and the exports.
    code, out, _ = run("search", "cafe des parents", "--path", root, "--json")
    assert code == 0 and json.loads(out)[0]["id"] == "grenoble-parents-cafe"
    code, out, _ = run("export", "--format", "csv", "--lang", "en", "--path", root)
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "grenoble-parents-cafe")
    assert (row["cities"], row["sources"]) == ("grenoble", "grenoble-parents-cafe-page: Le café des parents")
    code, out, _ = run("export", "--format", "json", "--path", root)
    source = next(s for s in json.loads(out)["sources"] if s["id"] == "grenoble-parents-cafe-page")
    assert (source["type"], source["url"], source["publisher"]) == (
        "web-page", "https://www.example.org/cafe-des-parents", "Ville de Grenoble")
