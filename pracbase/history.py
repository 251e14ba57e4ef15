"""Each record's change history, read from git, and how fresh its review is.

One ``git log`` over the record folders gives every commit that touched a record file
(its date, its first message line), so a build costs one git call however many records
there are. The history is what git says, never a guess: outside a git repository, or in a
shallow clone (whose oldest commit seems to add every file), :func:`read_history` returns
a history that is *unavailable*, with the reason, and pages and the API then say the dates
are unknown. A file is followed by its path: a renamed record starts a new history.

``last_reviewed`` stays the reviewer's own statement in the record; :func:`review_date` is
the date freshness is judged by (that statement, else the record's first commit) and
:func:`stale_records` lists the records not reviewed for longer than a period
(:data:`STALE_AFTER_MONTHS`, 24 months by default).
"""

from __future__ import annotations

import calendar
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pracbase.models import RECORD_TYPES, Record

STALE_AFTER_MONTHS = 24
"""A record whose last review is older than this many months is stale."""

_FIELD, _COMMIT = "\x1f", "\x1e"


@dataclass(frozen=True)
class Change:
    """One commit that changed a record's file."""

    time: datetime
    """When it was committed (with its time zone)."""
    summary: str
    """The first line of the commit message."""
    commit: str
    """The full commit hash."""

    @property
    def date(self) -> date:
        """The day it was committed."""
        return self.time.date()


@dataclass(frozen=True)
class RecordHistory:
    """The commits that changed one record's file, newest first (never empty)."""

    changes: tuple[Change, ...]

    @property
    def created(self) -> date:
        """The date of the file's first commit."""
        return self.changes[-1].date

    @property
    def modified(self) -> date:
        """The date of the file's last commit."""
        return self.changes[0].date

    @property
    def modified_at(self) -> datetime:
        """The time of the file's last commit."""
        return self.changes[0].time


@dataclass(frozen=True)
class History:
    """The change history of every record file, by path relative to the knowledge base's root."""

    files: dict[str, RecordHistory] = field(default_factory=dict)
    unavailable: str | None = None
    """Why there is no history (``None`` when git gave one): no git, not a repository, a shallow clone."""

    @property
    def available(self) -> bool:
        return self.unavailable is None

    def of(self, record: Record) -> RecordHistory | None:
        """The history of ``record``'s file; ``None`` when unavailable or not committed yet."""
        return self.files.get(record_path(record))

    def modified(self, record: Record) -> date | None:
        """When ``record``'s file last changed in git (``None`` when unknown)."""
        found = self.of(record)
        return found.modified if found else None


def record_path(record: Record) -> str:
    """The path of a record's file relative to the knowledge base's root (``practices/<id>.yml``)."""
    return f"{record.folder}/{record.id}.yml"


def read_history(root: str | Path) -> History:
    """The history of every record file under ``root`` from one ``git log``; unavailable, with the
    reason, when git is missing, ``root`` is not in a repository or the clone is shallow."""
    root = Path(root)
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository")
    except FileNotFoundError:
        return History(unavailable="git is not installed")
    except subprocess.CalledProcessError:
        return History(unavailable="not a git repository")
    if shallow.strip() == "true":
        return History(unavailable="shallow clone (run git fetch --unshallow for the history)")
    try:
        log = _git(root, "-c", "core.quotePath=false", "log", "--relative", "--name-only", "--no-renames",
                   f"--format={_COMMIT}%H{_FIELD}%cI{_FIELD}%s", "--",
                   *(record_type.folder for record_type in RECORD_TYPES))
    except subprocess.CalledProcessError:  # a repository without any commit yet
        return History()
    return History(files=_parse(log))


def _parse(log: str) -> dict[str, RecordHistory]:
    changes: dict[str, list[Change]] = {}
    for block in log.split(_COMMIT)[1:]:
        head, _, names = block.partition("\n")
        commit, day, summary = head.split(_FIELD, 2)
        change = Change(datetime.fromisoformat(day), summary.strip(), commit)
        for name in names.splitlines():
            if name.endswith(".yml"):
                changes.setdefault(name, []).append(change)
    return {name: RecordHistory(tuple(found)) for name, found in changes.items()}


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                          encoding="utf-8").stdout


# --- freshness ------------------------------------------------------------------------------


def review_date(record: Record, history: History) -> date | None:
    """The date a record was last looked at: its ``last_reviewed``, else its first commit (when
    known): a record is reviewed as it is written. ``None`` when neither is known."""
    if record.last_reviewed:
        return record.last_reviewed
    found = history.of(record)
    return found.created if found else None


def months_before(day: date, months: int) -> date:
    """The date ``months`` months before ``day`` (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def is_stale(record: Record, history: History, today: date, months: int = STALE_AFTER_MONTHS) -> bool:
    """Whether ``record`` was last reviewed more than ``months`` months before ``today``."""
    reviewed = review_date(record, history)
    return reviewed is not None and reviewed < months_before(today, months)


@dataclass(frozen=True)
class Stale:
    """A record not reviewed for too long."""

    record: Record
    reviewed: date
    """Its ``last_reviewed``, else the date of its first commit."""
    stated: bool
    """Whether ``reviewed`` is the reviewer's ``last_reviewed`` (else the first commit's date)."""


def stale_records(records: Iterable[Record], history: History, today: date,
                  months: int = STALE_AFTER_MONTHS) -> list[Stale]:
    """The records last reviewed more than ``months`` months before ``today``, oldest review first."""
    found = []
    for record in records:
        if is_stale(record, history, today, months):
            reviewed = review_date(record, history)
            assert reviewed is not None
            found.append(Stale(record, reviewed, record.last_reviewed is not None))
    return sorted(found, key=lambda s: (s.reviewed, s.record.folder, s.record.id))
