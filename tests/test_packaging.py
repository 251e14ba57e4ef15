"""Anyone can install pracbase: the locked environment, the sdist, the wheel, and both installs.

The wheel is built from the sdist (so a file missing from either fails here), installed into a
new virtual environment, and used from another folder: the core install loads, validates and
searches the bundled records without MkDocs; ``pracbase[site]`` builds the French site.
Installs take the locked versions (``requirements.lock`` as constraints).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import pracbase
from tests.conftest import ROOT

LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.MULTILINE)
CORE = {"babel", "click", "pydantic", "pyyaml", "ruamel-yaml", "whoosh-reloaded"}
SITE_ONLY = {"mkdocs", "mkdocs-material", "mkdocstrings", "watchdog", "pagefind", "pagefind-bin"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    return {canonical(name): version for name, version in PIN.findall(LOCK.read_text(encoding="utf-8"))}


@pytest.mark.skipif(os.environ.get("PRACBASE_UNLOCKED") == "1", reason="the weekly run tests the newest versions")
def test_environment_is_the_lock() -> None:
    """The tests run against exactly the locked versions (what `make` installed)."""
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differing = {name: (version, installed.get(name)) for name, version in locked().items()
                 if installed.get(name) != version}
    assert differing == {}, "run `make` again: .venv differs from requirements.lock"


def test_lock_covers_every_declared_dependency() -> None:
    """Every dependency pyproject.toml declares (core and extras) is pinned, with hashes."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    names = {canonical(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0]) for d in declared} - {"pracbase"}
    assert names - set(locked()) == set()
    entries = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    unhashed = [e.split()[0] for e in entries if PIN.match(e) and not re.search(r"--hash=sha256:[0-9a-f]{64}", e)]
    assert unhashed == []


def test_library_dependencies_leave_out_the_site() -> None:
    """`pip install pracbase` carries the library only; the site stack is the `site` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {canonical(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    assert core == CORE
    assert {"mkdocs", "mkdocs-material"} <= {canonical(re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0])
                                             for d in project["optional-dependencies"]["site"]}


def test_bundle_lists_every_record_folder() -> None:
    """The wheel's snapshot bundles every folder the loader reads (and the site's configuration)."""
    bundle = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pracbase"]["bundle"]
    folders = {model_folder for model_folder in (path.parts[0] for _model, path in
               ((m, p.relative_to(ROOT)) for m, p in pracbase.loader.record_files(ROOT)))}
    assert folders <= set(bundle) and "mkdocs.yml" in bundle


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})}, timeout=900)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it, with the locked setuptools (no build isolation)."""
    out = tmp_path_factory.mktemp("dist")
    result = run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "deprecat" not in (result.stdout + result.stderr).lower()  # e.g. the old license table
    return out


def wheel(dist: Path) -> Path:
    (found,) = dist.glob("pracbase-*.whl")
    return found


def test_wheel_carries_the_package_data_and_the_records(dist: Path) -> None:
    names = set(zipfile.ZipFile(wheel(dist)).namelist())
    for needed in ("pracbase/py.typed", "pracbase/data/taxonomy.yml", "pracbase/data/fields.yml",
                   "pracbase/locale/fr/LC_MESSAGES/messages.po", "pracbase/site/docs/.gitkeep",
                   "pracbase/bundled/mkdocs.yml", "pracbase/bundled/SNAPSHOT.json"):
        assert needed in names
    assert any(n.startswith("pracbase/site/overrides/") for n in names)
    assert any(n.startswith("pracbase/site/assets/") and n.endswith(".js") for n in names)
    for folder in ("practices", "cities", "projects", "frameworks", "guides"):
        shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith(f"pracbase/bundled/{folder}/")}
        assert shipped == {p.name for p in (ROOT / folder).glob("*.yml")}
    snapshot = json.loads(zipfile.ZipFile(wheel(dist)).read("pracbase/bundled/SNAPSHOT.json"))
    assert snapshot["pracbase"] == pracbase.__version__
    assert snapshot["records"] == sum(len(list((ROOT / f).glob("*.yml")))
                                      for f in ("practices", "cities", "projects", "frameworks", "guides"))
    metadata_text = zipfile.ZipFile(wheel(dist)).read(
        f"pracbase-{pracbase.__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata_text


def venv(tmp_path: Path, requirement: str) -> Path:
    """A new virtual environment with ``requirement`` installed at the locked versions."""
    env = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", env, cwd=tmp_path).returncode == 0
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in locked().items()), encoding="utf-8")
    result = run(env / "bin" / "pip", "install", "--quiet", "-c", constraints, requirement, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return env / "bin"


def installed(bin_dir: Path, cwd: Path) -> set[str]:
    listing = run(bin_dir / "python", "-m", "pip", "list", "--format", "json", cwd=cwd)
    return {canonical(p["name"]) for p in json.loads(listing.stdout)} - {"pip", "setuptools"}


def test_core_install_loads_validates_and_searches(dist: Path, tmp_path: Path) -> None:
    bin_dir = venv(tmp_path, str(wheel(dist)))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    packages = installed(bin_dir, elsewhere)
    assert packages & SITE_ONLY == set()
    assert CORE | {"pracbase"} <= packages and len(packages) <= 20
    script = ("import pracbase; kb = pracbase.load_bundled(); "
              "print(len(kb.practices), kb.city('malines').id, kb.search('familles', lang='fr')[0].type)")
    result = run(bin_dir / "python", "-c", script, cwd=elsewhere)
    assert result.returncode == 0, result.stderr[-3000:]
    count, city, _ = result.stdout.split()
    assert int(count) == len(list((ROOT / "practices").glob("*.yml"))) and city == "mechelen"
    bundled = run(bin_dir / "python", "-c", "import pracbase; print(pracbase.bundled_path())", cwd=elsewhere)
    path = bundled.stdout.strip()
    assert "site-packages" in path
    result = run(bin_dir / "pracbase", "validate", path, cwd=elsewhere)
    assert result.returncode == 0 and result.stdout.startswith("OK"), result.stdout + result.stderr
    result = run(bin_dir / "pracbase", "build", "--path", path, cwd=elsewhere)
    assert result.returncode == 1 and "pip install 'pracbase[site]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_install_builds_the_french_site(dist: Path, tmp_path: Path) -> None:
    bin_dir = venv(tmp_path, f"pracbase[site] @ {wheel(dist).as_uri()}")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = run(bin_dir / "python", "-c", "import pracbase; print(pracbase.bundled_path())", cwd=elsewhere)
    result = run(bin_dir / "pracbase", "build", "--path", path.stdout.strip(), "--lang", "fr", "--out", "site",
                 cwd=elsewhere)
    assert result.returncode == 0, result.stderr[-3000:]
    site = elsewhere / "site"
    page = (site / "fr" / "practices" / "mechelen-case-meetings" / "index.html").read_text(encoding="utf-8")
    assert "Malines" in page
    assert len(json.loads((site / "api" / "practices.json").read_text(encoding="utf-8"))) == len(
        list((ROOT / "practices").glob("*.yml")))
    for asset in ("pracbase.css", "print.css", "explorer.js", "map.js", "search.js", "search.css"):
        assert list((site / "fr").rglob(asset)), asset
    # the site's search: Pagefind's binary, from the pagefind_bin wheel, indexed the French pages
    entry = json.loads((site / "fr" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] > len(list((ROOT / "practices").glob("*.yml")))
    assert 'id="pb-sitesearch-q"' in page


def test_citation_file_names_this_release() -> None:
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["version"] == pracbase.__version__
    assert citation["license"] == "MIT" and citation["title"].startswith("pracbase")
