"""``pracbase release``: a citable, versioned archive of the data, with SHA-256 checksums.

The archive ``pracbase-data-<version>.zip`` holds one folder, ``pracbase-data-<version>/``,
with the data files of :func:`pracbase.api.write_data` (JSON, CSV, JSON-LD, GeoJSON, the
record lists, the JSON Schemas, ``datapackage.json``), ``CITATION.cff``, ``LICENSE`` and
``SHA256SUMS`` (the checksum of every other file, in ``sha256sum -c`` form). Beside the
archive, ``pracbase-data-<version>.zip.sha256`` is the archive's own checksum.

The archive is reproducible: its time is the last commit's (``SOURCE_DATE_EPOCH`` when
set), its entries are sorted and dated with that time, so a release built twice from one
commit has the same checksum. It is written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from pracbase import api
from pracbase._files import write_atomic
from pracbase.errors import PracbaseError
from pracbase.export import DEFAULT_BASE
from pracbase.kb import KnowledgeBase

CITATION = "CITATION.cff"


class ReleaseError(PracbaseError):
    """The release archive could not be made (a missing or inconsistent file)."""


def archive_name(version: str) -> str:
    """``pracbase-data-<version>.zip``."""
    return f"pracbase-data-{version}.zip"


def sha256(path: Path) -> str:
    """The SHA-256 of a file, in hexadecimal."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release_time(root: Path) -> datetime:
    """The release's time: ``SOURCE_DATE_EPOCH``, else the last commit's, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                                   check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC).replace(microsecond=0)


def check_citation(root: Path, version: str) -> str:
    """``CITATION.cff``'s text, after checking its ``version`` is ``version``."""
    path = root / CITATION
    if not path.is_file():
        raise ReleaseError(f"{path}: missing (a release cites the data with it; see the CITATION.cff of pracbase)")
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    if not found or found.group(1) != version:
        line = text[:found.start()].count("\n") + 1 if found else 1
        raise ReleaseError(f"{path}:{line}:1: version is {found.group(1) if found else 'missing'!r}, pracbase is "
                           f"{version!r} (set version: {version} in {CITATION})")
    return text


def write_release(kb: KnowledgeBase, root: Path, out: Path, base: str = DEFAULT_BASE) -> Path:
    """Write the release archive of ``kb`` (from the repository at ``root``) into ``out``; its path."""
    from pracbase import __version__

    root, out = Path(root), Path(out)
    citation = check_citation(root, __version__)
    when = release_time(root)
    folder = f"pracbase-data-{__version__}"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".release-", dir=out) as tmp:
        data = Path(tmp) / folder
        build = api.Build(base=base, generated_at=api.generated_at(when))
        names = api.write_data(kb, data, build)
        (data / CITATION).write_text(citation, encoding="utf-8")
        names.append(CITATION)
        if (root / "LICENSE").is_file():
            (data / "LICENSE").write_bytes((root / "LICENSE").read_bytes())
            names.append("LICENSE")
        names.sort()
        (data / "SHA256SUMS").write_text("".join(f"{sha256(data / name)}  {name}\n" for name in names),
                                         encoding="utf-8")
        partial = Path(tmp) / archive_name(__version__)
        stamp = when.timetuple()[:6]
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in [*names, "SHA256SUMS"]:
                info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (data / name).read_bytes())
        target = out / partial.name
        os.replace(partial, target)
    write_atomic(out / f"{target.name}.sha256", f"{sha256(target)}  {target.name}\n")
    return target
