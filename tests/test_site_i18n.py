"""The site's interface catalogs: complete, translated, compiled in memory; languages in one place."""

from __future__ import annotations

import re
import tokenize
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from pracbase import i18n
from tests.conftest import ROOT

PACKAGE = ROOT / "pracbase"
LOCALE = PACKAGE / "locale"
CATALOG_LANGUAGES = [lang for lang in i18n.BUILD_LANGUAGES if lang != "en"]
"""Languages needing a catalog: every site language but English, the language of the msgids."""

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def code_messages() -> set[str | tuple[str, ...]]:
    """Every msgid the code uses, extracted by Babel as ``make messages`` does (babel.cfg)."""
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=[("pracbase/**.py", "python")], keywords=DEFAULT_KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def test_languages_are_listed_in_one_place() -> None:
    assert i18n.BUILD_LANGUAGES == i18n.SITE_LANGUAGES + i18n.UI_LANGUAGES
    assert {path.name for path in LOCALE.iterdir() if path.is_dir()} == set(CATALOG_LANGUAGES)


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_catalog_has_every_message_of_the_code_translated(lang: str) -> None:
    entries = {message.id if isinstance(message.id, str) else tuple(message.id): message
               for message in catalog(lang) if message.id}
    missing = code_messages() - set(entries)
    assert missing == set(), f"run `make messages` and translate: {sorted(map(str, missing))}"
    untranslated = [key for key, message in entries.items()
                    if message.fuzzy or not all(message.string if isinstance(message.string, tuple)
                                                else [message.string])]
    assert untranslated == []


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= expected | set(PLACEHOLDER.findall(ids[0])), message.id
            assert expected - {"{n}"} <= set(PLACEHOLDER.findall(string)), message.id


def test_no_message_hides_inside_an_f_string() -> None:
    """Babel cannot see a gettext call inside an f-string on Python 3.11: it would never be translated."""
    hidden = []
    for path in PACKAGE.rglob("*.py"):
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                if (token.type == tokenize.STRING and re.match(r"(?i)[rb]*f", token.string)
                        and re.search(r"\b(_|gettext|ngettext|N_)\(", token.string)):
                    hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert hidden == []


def test_catalogs_compile_in_memory() -> None:
    assert i18n.translations("fr").gettext("Home") == "Accueil"
    assert i18n.translations("de").gettext("Home") == "Startseite"
    assert i18n.translations("fr").ngettext("{n} practice", "{n} practices", 2) == "{n} pratiques"
    assert i18n.translations("en").gettext("Home") == "Home"
    assert not list(LOCALE.rglob("*.mo"))


def test_babel_config_covers_the_package() -> None:
    assert "[python: pracbase/**.py]" in (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert Path(ROOT / "Makefile").read_text(encoding="utf-8").count("pybabel") >= 2
