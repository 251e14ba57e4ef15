"""A content-keyed cache of validated records: a second load of a tree skips the YAML parser.

Each record file's entry holds what reading it gave: the validated record, or its
problems with their lines. An entry is reused only for the same bytes: the file's
BLAKE2b digest must match (a file whose size, times and inode are unchanged since a
save more than two seconds after its last change is taken as unchanged, as git does).
The whole cache is keyed by everything that decides validity: pracbase's own code, the
taxonomy, and the versions of Python, pydantic, PyYAML and Babel; any change drops it.

The cache lives in ``<root>/.cache/pracbase/records.pickle`` (ignored by git), written
atomically. Since a tree can come from anyone, the file is signed with a secret kept in
the user's own cache folder (``~/.cache/pracbase/secret``): a cache that is corrupt,
stale, foreign or unsigned is ignored, never trusted. Without a writable home, records
are simply not cached.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import pickle
import sys
import time
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pracbase._files import write_atomic
from pracbase.errors import Problem
from pracbase.models import Entry as FileRecord
from pracbase.yamlio import MAX_FILE_BYTES

if TYPE_CHECKING:
    from pracbase.loader import Pending

FOLDER = Path(".cache") / "pracbase"
"""Where a tree's cache is kept, relative to the tree's root."""

FILE_NAME = "records.pickle"

_MAGIC = b"pracbase-records-cache 1\n"
_RACY_NS = 2_000_000_000
"""Files changed less than this before a save are hashed again at the next load."""

_SOURCES = ("cache.py", "errors.py", "i18n.py", "loader.py", "models.py", "taxonomy.py", "yamlio.py",
            "data/taxonomy.yml")
"""The files of pracbase that decide whether a record is valid and what its problems say."""

Stamp = tuple[int, int, int, int]
"""A file's size, modification and change times (ns) and inode."""

Entry = tuple[bytes, Stamp | None, "FileRecord | Pending | None", tuple[Problem, ...]]
"""What reading one file gave: digest of its bytes, trusted stamp, record (or the references of a
file that did not load, or None), problems."""


def digest(data: bytes) -> bytes:
    """The content key of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def stamp(stat: os.stat_result) -> Stamp:
    """The parts of a file's status that change when it is written."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


@cache
def environment_key() -> bytes:
    """A digest of everything a cached record's validity depends on, but the file itself."""
    import babel
    import pydantic
    import pydantic_core
    import yaml

    h = hashlib.blake2b(digest_size=16)
    h.update(_MAGIC + sys.version.encode())
    for module in (pydantic, pydantic_core, yaml, babel):
        h.update(f"{module.__name__}={getattr(module, '__version__', getattr(module, 'VERSION', '?'))};".encode())
    here = resources.files("pracbase")
    for name in _SOURCES:
        h.update(name.encode() + b"\0" + here.joinpath(name).read_bytes())
    return h.digest()


def secret() -> bytes | None:
    """This user's key that signs caches (made on first use); None when it cannot be kept."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "pracbase" / "secret"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made by another process meanwhile
            return secret()
        except OSError:
            return None
        key = os.urandom(32)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key
    except OSError:
        return None
    return key if len(key) == 32 else None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made at once.

    Records hold no reference cycles, yet the collector scans them again and again while
    a large tree loads (unpickling 10,000 records is about three times slower with it).
    On the way out, the objects made meanwhile go straight to the oldest generation
    (``freeze`` then ``unfreeze``: no scan), instead of being scanned by the next young
    collections; this is skipped when the program froze objects of its own.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class RecordCache:
    """The cache of one tree: look files up, record what reading them gave, save once."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.path = path_of(root)
        self._key = key
        self._old: dict[str, Entry] = {}
        self._new: dict[str, Entry] = {}

    @classmethod
    def open(cls, root: Path) -> RecordCache | None:
        """The cache of the tree at ``root`` (empty when missing or untrusted); None when caching is off."""
        key = secret()
        if key is None:
            return None
        cache = cls(root, key)
        cache._old = cache._read()
        return cache

    def _read(self) -> dict[str, Entry]:
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        env_end = len(_MAGIC) + 16
        head = env_end + 32
        if not blob.startswith(_MAGIC) or blob[len(_MAGIC): env_end] != environment_key():
            return {}
        payload = memoryview(blob)[head:]
        if not hmac.compare_digest(self._sign(payload), blob[env_end:head]):
            return {}
        try:
            with gc_paused():
                entries = pickle.loads(payload)
        except Exception:  # signed by us but unreadable (a pracbase build with other classes): start again
            return {}
        return entries if isinstance(entries, dict) else {}

    def _sign(self, payload: bytes | memoryview) -> bytes:
        mac = hmac.new(self._key, environment_key(), "sha256")  # SHA-256 has CPU instructions: twice BLAKE2b's speed
        mac.update(payload)
        return mac.digest()

    def get(self, name: str, file: str, status: os.stat_result) -> tuple[Entry | None, bytes | None]:
        """The entry for ``file`` if its bytes are unchanged, and the bytes when they had to be read."""
        entry = self._old.get(name)
        if entry is None:
            return None, None
        current = stamp(status)
        if entry[1] == current:
            self._new[name] = entry
            return entry, None
        if status.st_size > MAX_FILE_BYTES:
            return None, None
        try:
            with open(file, "rb") as stream:
                data = stream.read()
        except OSError:
            return None, None
        if digest(data) != entry[0]:
            return None, data
        self._new[name] = (entry[0], current, entry[2], entry[3])
        return entry, data

    def put(self, name: str, key: bytes, status: os.stat_result, record: FileRecord | Pending | None,
            problems: list[Problem]) -> None:
        """Remember what reading the file at ``name`` gave: ``key`` is the digest of the bytes read."""
        self._new[name] = (key, stamp(status), record, tuple(problems))

    def save(self) -> None:
        """Write the entries of this load atomically, if any changed; a failure only loses the cache."""
        recent = time.time_ns() - _RACY_NS
        entries = {name: (key, status if status is not None and max(status[1], status[2]) < recent else None,
                          record, problems)
                   for name, (key, status, record, problems) in self._new.items()}
        if {n: e[:2] for n, e in entries.items()} == {n: e[:2] for n, e in self._old.items()}:
            return
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# made by pracbase: a cache, never commit it\n*\n", encoding="utf-8")
            write_atomic(self.path, [_MAGIC + environment_key() + self._sign(payload), payload])


def path_of(root: Path) -> Path:
    """Where the cache of the tree at ``root`` is kept."""
    return root / FOLDER / FILE_NAME


def clear(root: Path) -> None:
    """Remove the cache of the tree at ``root``, if any."""
    with contextlib.suppress(FileNotFoundError):
        path_of(root).unlink()
