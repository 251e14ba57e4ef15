"""One error type for every problem pracbase finds in the records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, Self


def N_(message: str) -> str:
    """Mark a message for the catalogs (``make messages``); it is translated when shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form for the catalogs; the number shown (``count``) chooses the form."""
    return singular, plural


class Wording(NamedTuple):
    """A problem's message and hint as English msgids of the catalogs, with the values to fill in.

    A value that is itself a :class:`Wording` (a type word such as "a list") is translated
    before it is filled in; ``plural`` is the message's plural msgid, chosen by the value ``count``.
    """

    message: str
    hint: str | None
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None

    @classmethod
    def of(cls, message: str | tuple[str, str], hint: str | None = None, /, **values: object) -> Wording:
        """A wording from msgids marked with :func:`N_` (or :func:`Nn_`) and the values they name."""
        if isinstance(message, tuple):
            return cls(message[0], hint, tuple(values.items()), message[1])
        return cls(message, hint, tuple(values.items()))

    def text(self, lang: str) -> tuple[str, str | None]:
        """The message and hint in ``lang`` (English when the catalog has no translation)."""
        from pracbase import i18n

        catalog = i18n.translations(lang)
        values = {key: value.text(lang)[0] if isinstance(value, Wording) else value for key, value in self.values}
        if self.plural is not None:
            message = catalog.ngettext(self.message, self.plural, int(str(values["count"])))
        else:
            message = catalog.gettext(self.message)
        return (message.format(**values),
                catalog.gettext(self.hint).format(**values) if self.hint else None)


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in one file: where it is, what is wrong and how to fix it."""

    path: str
    line: int | None
    column: int | None
    message: str
    hint: str | None = None
    wording: Wording | None = field(default=None, compare=False, repr=False)
    """The message's msgids, for :meth:`in_language`: every problem pracbase finds has one (see :meth:`worded`)."""

    @classmethod
    def worded(cls, path: str, line: int | None, column: int | None, wording: Wording) -> Problem:
        """A problem whose message and hint are catalog msgids (see :meth:`in_language`)."""
        message, hint = wording.text("en")
        return cls(path, line, column, message, hint, wording)

    @classmethod
    def of(cls, path: str, line: int | None, column: int | None, message: str | tuple[str, str],
           hint: str | None = None, /, **values: object) -> Problem:
        """A problem worded with msgids marked by :func:`N_` and the values they name (``Wording.of``)."""
        return cls.worded(path, line, column, Wording.of(message, hint, **values))

    def in_language(self, lang: str) -> Problem:
        """The problem with its message and hint in ``lang``, where the catalogs translate them."""
        if self.wording is None or lang == "en":
            return self
        message, hint = self.wording.text(lang)
        return replace(self, message=message, hint=hint)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.text()}"

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message,
                "hint": self.hint}

    def as_github(self, path: str | None = None, also: Problem | None = None) -> str:
        """The problem as a GitHub Actions annotation on its line (``path`` overrides the file).

        ``also`` is the same problem in another language (English), given on the next line
        of the annotation when its text differs: contributors write French or English.
        """
        props = [f"file={_escape(path or self.path, True)}"]
        if self.line is not None:
            props.append(f"line={self.line}")
            if self.column is not None:
                props.append(f"col={self.column}")
        props.append("title=pracbase validate")
        message = self.text()
        if also is not None and also.text() != message:
            message += "\n" + also.text()
        return f"::error {','.join(props)}::{_escape(message)}"

    def text(self) -> str:
        """The message, with the hint in parentheses."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


def _escape(text: str, property: bool = False) -> str:
    """Escape text for a GitHub Actions workflow command (a property value also escapes : and ,)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


class PracbaseError(Exception):
    """Base class of every error pracbase raises on purpose.

    One made with :meth:`of` carries its message as a catalog msgid (:attr:`wording`), for
    :meth:`in_language`; ``str()`` gives it in English.
    """

    wording: Wording | None = None

    @classmethod
    def of(cls, message: str, /, **values: object) -> Self:
        """The error with a message marked with :func:`N_` and the values it names."""
        wording = Wording.of(message, None, **values)
        error = cls(wording.text("en")[0])
        error.wording = wording
        return error

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` (as written when it has no wording)."""
        return self.wording.text(lang)[0] if self.wording is not None else str(self)


class LoadError(PracbaseError):
    """The records could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def to_json(self) -> str:
        """Every problem as a JSON list, for tools and CI annotations."""
        return json.dumps([p.as_dict() for p in self.problems], ensure_ascii=False, indent=2)


class NotFoundError(PracbaseError, LookupError):
    """A name given by the user matches no record or taxonomy value."""

    def __init__(self, kind: str, value: str, suggestions: list[str]) -> None:
        self.kind, self.value, self.suggestions = kind, value, suggestions
        text = f"unknown {kind} {value!r}"
        if suggestions:
            text += " (did you mean " + ", ".join(repr(s) for s in suggestions) + "?)"
        super().__init__(text)


class InvalidArgument(PracbaseError, ValueError):
    """An argument given to pracbase is out of range or inconsistent with the others.

    The message says what is wrong and how to fix it, in the library's own terms (a
    parameter's name, never a command-line flag): the CLI shows it as a usage error.
    """


def sort_key(p: Problem) -> tuple[str, int, int, str]:
    """Order problems by file, line, column and message."""
    return (p.path, p.line or 0, p.column or 0, p.message)


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, POSIX-style, for messages."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
