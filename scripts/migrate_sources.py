"""One-off migration (issue 15): a record's source entry names a source record, not a publication.

``- publication: scn-guide`` becomes ``- source: scn-guide`` in every record file given (or in
practices/, cities/, projects/ and frameworks/ under the current folder): a line edit that keeps
every comment and the layout. Run it once on a branch written before ``sources/`` existed::

    python scripts/migrate_sources.py            # the records of the repository
    python scripts/migrate_sources.py tests/fixtures/valid/practices/*.yml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ENTRY = re.compile(rb"^([ \t]*(?:- )?)publication:(?=\s)", re.MULTILINE)
FOLDERS = ("practices", "cities", "projects", "frameworks")


def migrate(data: bytes) -> bytes:
    """The bytes with every ``publication:`` key of a source entry renamed ``source:`` (any encoding)."""
    return _ENTRY.sub(rb"\1source:", data)


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or [f for folder in FOLDERS for f in sorted(Path(folder).glob("*.yml"))]
    changed = 0
    for file in files:
        data = file.read_bytes()
        new = migrate(data)
        if new != data:
            file.write_bytes(new)
            changed += 1
    print(f"{changed} of {len(files)} files migrated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
