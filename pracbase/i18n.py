"""Languages: which ones the site speaks, language-code checks, Babel names, fallback."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, localedata

SITE_LANGUAGES: tuple[str, ...] = ("fr", "en")
"""Languages the site and the records are complete in, in order of preference."""

SOURCE_LANGUAGE = "fr"
"""The language of the seed documents: the fallback of last resort."""

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
    return locale(lang).territories.get(code, code)


def region_name(code: str, lang: str) -> str:
    """The name of a UN M49 region in ``lang`` (``155`` → ``Europe de l’Ouest``)."""
    return locale(lang).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    """The name of a language in ``lang`` (``nl`` → ``néerlandais``)."""
    return locale(lang).languages.get(code, code)


@cache
def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code that Babel names."""
    return len(code) == 2 and code.isupper() and code in locale("en").territories


def country_codes() -> list[str]:
    """Every ISO 3166-1 alpha-2 code Babel names, sorted."""
    return sorted(c for c in locale("en").territories if len(c) == 2 and c.isalpha())


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
