"""The words of peer and visit reasons: phrases, lists of values, value names and numbers.

Every phrase is an English msgid of the interface catalogs (``pracbase/locale``), the ones
the site uses: French and German reasons come from there, with their plural forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.lists import format_list
from babel.numbers import format_decimal

from pracbase import i18n
from pracbase.errors import InvalidArgument

if TYPE_CHECKING:
    from pracbase.kb import KnowledgeBase

REASON_ITEMS = 4
"""Most values named in one reason; the rest are counted ("and 2 more")."""

PHRASE_LANGUAGES: tuple[str, ...] = i18n.BUILD_LANGUAGES
"""Languages the reasons and terminal texts are written in: those with an interface catalog."""

_SHARED_WORD: dict[str, str] = {"en": "last", "fr": "first"}
"""Grammar, not words: in these languages a list of labels that all share their last word
(English) or first word (French) names it once: ``far-right and Islamist extremism``,
``prévention primaire et secondaire``."""

_LOWERCASE_LABELS: dict[str, tuple[str, ...]] = {"en": ("Islamist",), "fr": ()}
"""Grammar, not words: languages whose labels start in lower case inside a sentence, each
with the label words that keep their capital there (German keeps every noun's capital)."""


@dataclass(frozen=True)
class Words:
    """The interface words in one language, from the gettext catalogs the site uses.

    ``words._("same country: {items}")`` and ``words.ngettext(…)`` are extracted by ``make
    messages`` like the site's own; lists are Babel's (``a, b and c``, ``a, b et c``).
    """

    lang: str

    def _(self, message: str) -> str:
        """``message`` (an English msgid) in this language."""
        return i18n.translations(self.lang).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form for ``n`` in this language (``{n}`` left to fill)."""
        return i18n.translations(self.lang).ngettext(singular, plural, n)

    def join(self, items: list[str]) -> str:
        """``a, b and c``; ``a; b; c`` when an item holds a comma; the tail counted past a few items.

        Labels that all share their last word (English) or first word (French) name it once.
        """
        shown, rest = items[:REASON_ITEMS], len(items) - REASON_ITEMS
        if rest > 0:
            shown = [*shown, self.ngettext("{n} more", "{n} more", rest).format(n=rest)]
        if len(shown) == 1:
            return shown[0]
        if any("," in item or self.list(["", ""]) in item for item in shown):  # "," or " and " inside
            return self._("; ").join(shown)
        words = [item.split(" ") for item in shown]
        side = _SHARED_WORD.get(self.lang) if rest <= 0 and all(len(w) > 1 for w in words) else None
        if side == "last" and len({w[-1] for w in words}) == 1:
            return self.list([" ".join(w[:-1]) for w in words]) + " " + words[0][-1]
        if side == "first" and len({w[0] for w in words}) == 1:
            return words[0][0] + " " + self.list([" ".join(w[1:]) for w in words])
        return self.list(shown)

    def list(self, items: list[str]) -> str:
        """Babel's list of ``items`` in this language: ``a, b and c``."""
        return format_list(items, locale=self.lang)

    def label(self, kb: KnowledgeBase, kind: str, value: str) -> str:
        """A value's name inside a sentence: a taxonomy label (in lower case where the
        language writes it so), a project's acronym, a network's label."""
        if kind == "projects":
            return kb.projects[value].acronym if value in kb.projects else value
        vocabulary = kb.taxonomy.vocabularies[kind]
        if value not in vocabulary:
            return value
        term = vocabulary[value]
        written_in = next(code for code in i18n.fallback_order(self.lang, "en") if code in term.label)
        text = term.label[written_in]
        first = text.split(" ", 1)[0]
        if kind == "networks" or written_in not in _LOWERCASE_LABELS or first in _LOWERCASE_LABELS[written_in] \
                or sum(c.isupper() for c in first) > 1:
            return text
        return text[:1].lower() + text[1:]

    def number(self, value: float) -> str:
        """A score written the language's way, one decimal (``87.5``, ``87,5``)."""
        return format_decimal(value, format="#,##0.0", locale=self.lang)


def words(lang: str) -> Words:
    """The words of ``lang``; :class:`NotFoundError` when it is not one of :data:`PHRASE_LANGUAGES`."""
    return Words(i18n.check_language(lang, PHRASE_LANGUAGES))


def shared(words: Words, kind: str, n: int) -> str:
    """The sentence of a peer reason of ``kind`` naming ``n`` shared values (``{items}`` left to fill)."""
    if kind == "concerns":
        return words.ngettext("both face {items}", "both face {items}", n)
    if kind == "themes":
        return words.ngettext("both work on {items}", "both work on {items}", n)
    if kind == "levels":
        return words.ngettext("both run {items}", "both run {items}", n)
    if kind == "projects":
        return words.ngettext("both in the {items} project", "both in the {items} projects", n)
    if kind == "networks":
        return words.ngettext("same network: {items}", "same networks: {items}", n)
    if kind == "practices":
        return words.ngettext("a practice in common: {items}", "practices in common: {items}", n)
    if kind == "lineage":
        return words.ngettext("both adapted {items}", "both adapted {items}", n)
    if kind == "transfers":
        return words.ngettext("a practice adapted from one to the other: {items}",
                              "practices adapted from one to the other: {items}", n)
    if kind == "target_groups":
        return words.ngettext("both work with {items}", "both work with {items}", n)
    if kind == "kind":
        return words._("same kind of authority: {items}")
    if kind == "framework":
        return words.ngettext("same national framework: {items}", "same national frameworks: {items}", n)
    if kind == "language":
        return words.ngettext("official language in common: {items}", "official languages in common: {items}", n)
    if kind == "country":
        return words._("same country: {items}")
    if kind == "region":
        return words._("same region: {items}")
    raise InvalidArgument(f"no sentence for a shared {kind!r}")
