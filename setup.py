"""Bundle the knowledge base into the wheel: ``pracbase.load_bundled()`` reads this snapshot.

The records stay at the top of the repository (``practices/``, ``cities/``…, the folders named in
``[tool.pracbase] bundle`` of pyproject.toml, with ``mkdocs.yml``); building the package copies
them into ``pracbase/bundled/`` with ``SNAPSHOT.json`` (pracbase's version, the commit, the
record count). Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None  # an sdist has no git history: its PKG-INFO version says which release it is


class BuildWithBundle(build_py):
    """``build_py`` that also copies the records into ``pracbase/bundled/`` of the build."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the working tree itself
            return
        config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pracbase"]
        target = Path(self.build_lib) / "pracbase" / "bundled"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        records = 0
        for name in config["bundle"]:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name)
                records += sum(1 for _ in (target / name).glob("*.yml"))
            else:
                shutil.copyfile(source, target / name)
        version = self.distribution.get_version()
        (target / "SNAPSHOT.json").write_text(json.dumps(
            {"pracbase": version, "commit": _commit(), "records": records}, indent=2) + "\n", encoding="utf-8")


setup(cmdclass={"build_py": BuildWithBundle})
