"""Atomic file writes: a temporary file in the target's folder, then a rename.

A reader (or a crash) never sees half a file. ``exclusive`` refuses to replace an
existing file, atomically: the temporary file is hard-linked to the target name, which
fails when the name is taken, so two writers can never clobber each other.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def write_atomic(path: Path, text: str | bytes | Sequence[bytes], *, exclusive: bool = False) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends), or bytes (one piece or several), to ``path`` atomically.

    The data reaches the disk (fsync) before the rename. With ``exclusive``, raise
    :class:`FileExistsError` when ``path`` exists. An existing file's permissions are kept.
    """
    path = Path(path)
    if exclusive and path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if isinstance(text, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            with os.fdopen(fd, "wb") as binary:
                for piece in (text,) if isinstance(text, bytes) else text:
                    binary.write(piece)
                binary.flush()
                os.fsync(binary.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
        if exclusive:
            _link_exclusive(temp, path)
        else:
            os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _link_exclusive(temp: str, path: Path) -> None:
    """Give ``temp`` the name ``path`` unless it is taken (FileExistsError)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: exclusive create, then copy
        with open(path, "x", encoding="utf-8", newline="\n") as handle, \
                open(temp, encoding="utf-8", newline="\n") as source:
            handle.write(source.read())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
