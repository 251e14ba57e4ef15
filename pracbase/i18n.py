"""Languages: which ones the site speaks, language-code checks, Babel names, fallback."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale, localedata

if TYPE_CHECKING:
    from babel.support import NullTranslations

SITE_LANGUAGES: tuple[str, ...] = ("fr", "en")
"""Languages the site and the records are complete in, in order of preference."""

UI_LANGUAGES: tuple[str, ...] = ("de",)
"""Languages only the site's interface is translated into (a catalog under ``pracbase/locale``):
their site shows each record in a fallback language, under a visible banner. Adding a
language is its catalog plus its code here."""

BUILD_LANGUAGES: tuple[str, ...] = SITE_LANGUAGES + UI_LANGUAGES
"""Every language the site is built in, one MkDocs build each: ``/fr/``, ``/en/``, ``/de/``."""

SOURCE_LANGUAGE = "fr"
"""The language of the seed documents: the fallback of last resort."""

DEFAULT_LANGUAGE = "en"
"""The language of the Python API when none is given: names, reasons, search."""


def check_language(lang: str, available: Iterable[str] = BUILD_LANGUAGES) -> str:
    """``lang`` when it is one of ``available``; :class:`~pracbase.errors.NotFoundError` naming
    the closest otherwise. The one check of a language argument, in the API and the CLI."""
    choices = tuple(available)
    if lang in choices:
        return lang
    from pracbase.errors import NotFoundError

    folded = str(lang).strip().lower()
    if folded in choices:
        return folded
    close = [code for code in choices if code[:1] == folded[:1]]
    raise NotFoundError("language", str(lang), close or list(choices))


_CODE = re.compile(r"^[a-z]{2,3}$")


@cache
def is_language(code: str) -> bool:
    """Whether ``code`` is an ISO 639 language code that Babel knows (``fr``, ``nl``)."""
    return bool(_CODE.match(code)) and localedata.exists(code)


@cache
def locale(lang: str) -> Locale:
    """Babel's locale for a language code."""
    return Locale.parse(lang)


def country_name(code: str, lang: str) -> str:
    """The name of an ISO 3166-1 country in ``lang`` (``BE`` → ``Belgique``)."""
    return str(locale(lang).territories.get(code, code))


def region_name(code: str, lang: str) -> str:
    """The name of a UN M49 region in ``lang`` (``155`` → ``Europe de l’Ouest``)."""
    return str(locale(lang).territories.get(code, code))


def language_name(code: str, lang: str) -> str:
    """The name of a language in ``lang`` (``nl`` → ``néerlandais``)."""
    return str(locale(lang).languages.get(code, code))


@cache
def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code that Babel names."""
    return len(code) == 2 and code.isupper() and code in locale("en").territories


def country_codes() -> list[str]:
    """Every ISO 3166-1 alpha-2 code Babel names, sorted."""
    return sorted(c for c in map(str, locale("en").territories) if len(c) == 2 and c.isalpha())


def fallback_order(lang: str, original: str | None = None) -> list[str]:
    """Languages to try for ``lang``: itself, the record's original, then the site languages."""
    order = [lang]
    for candidate in (original, *SITE_LANGUAGES):
        if candidate and candidate not in order:
            order.append(candidate)
    return order


def fold(text: str) -> str:
    """Lowercase ASCII-folded text for matching (``Malmö`` → ``malmo``, ``Čair`` → ``cair``)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ø", "o").replace("ł", "l")


@cache
def translations(lang: str) -> NullTranslations:
    """The gettext translations of the site's interface in ``lang``, compiled from its catalog.

    Catalogs are ``pracbase/locale/<lang>/LC_MESSAGES/messages.po`` (msgids are English);
    they are compiled in memory, so no binary file is committed. A language without a
    catalog (English) gets the msgids themselves.
    """
    from importlib import resources
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    catalog_file = resources.files("pracbase").joinpath(f"locale/{lang}/LC_MESSAGES/messages.po")
    if not catalog_file.is_file():
        return NullTranslations()
    with catalog_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)
