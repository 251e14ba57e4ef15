"""Shared fixtures: the repository, the small valid tree, and tree builders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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
        if file.is_file() and file.name != "expected.txt":
            target = base / file.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)


@pytest.fixture(autouse=True)
def _no_record_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI caches records by default: tests run it without, and keep the signing key out of $HOME."""
    monkeypatch.setenv("PRACBASE_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, every language, built once per session by ``pracbase build`` (strict mode)."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = subprocess.run([sys.executable, "-m", "pracbase.cli", "build", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return out
