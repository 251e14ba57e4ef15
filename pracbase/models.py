"""The records: pydantic models of practices, cities, projects, country frameworks and guides.

Models are strict (a year is a number, a region code a quoted string), refuse unknown
fields, and check controlled values against the taxonomy with a suggestion. They are
frozen: a loaded knowledge base is a value, safe to share.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, ClassVar, NamedTuple, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from pracbase import i18n
from pracbase.errors import N_, Wording
from pracbase.taxonomy import TAXONOMY

MAX_TEXT_CHARS = 20_000
"""Longest text accepted in one language of one field."""

MAX_LIST_ITEMS = 200
"""Longest list accepted in one field."""


class Invalid(ValueError):
    """A value error with a fix hint; pracbase's error formatter shows both.

    ``at`` is where inside the checked value the problem is (``(1, "id")``: the second
    item's id), so that the message points at that line rather than the value's first;
    ``offset`` is the character of the text at fault, for a message pointing at its column.
    """

    def __init__(self, message: str, hint: str | None = None, /, *, at: tuple[str | int, ...] = (),
                 offset: int | None = None, **values: object) -> None:
        self.wording = Wording.of(message, hint, **values)
        """The message and hint as catalog msgids (marked with ``N_``) and their values."""
        self.message, self.hint = self.wording.text("en")
        super().__init__(self.message)
        self.at, self.offset = at, offset


# --- plain checks -------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG = re.compile(r"</?[a-zA-Z!?]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+)|<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>",
                          re.MULTILINE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE_BMP = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
                            "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_INVISIBLE = re.compile(_INVISIBLE_BMP.pattern[:-1] + "\U000110bd\U000110cd\U00013430-\U00013438"
                        "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
"""Format characters (Unicode category Cf) and line/paragraph separators (Zl, Zp): invisible, yet
they change how a text displays (U+202E reverses it) or what search finds. The set is Unicode 14's;
``tests/test_contract.py`` checks it against the running Python's Unicode database."""
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
"""Any character beyond the Basic Multilingual Plane: only then is :data:`_INVISIBLE` (slow) searched,
after its quick BMP part, :data:`_INVISIBLE_BMP`."""
_IMAGE = re.compile(r"!\[[^\n]{0,40}")
_REFERENCE = re.compile(r"^(?:[ \t>]|[-*+][ \t]|\d+\.[ \t])*\[[^\[\]]*\]:", re.MULTILINE)
"""A reference definition (``[x]: https://…``): the page shows its links, never the line itself."""
_AUTOMAIL = re.compile(r"<[^<> !]+@[^@<> ]+>")
"""An e-mail address in angle brackets, which Python-Markdown turns into a link (``<a@b.c>``)."""
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z0-9]+);")
"""A character reference as Python-Markdown reads it: the page would show the character, other outputs the code."""
_BIG_HEADING = re.compile(r"^ {0,3}(#{1,2}(\s|$)|[=-]{3,}\s*$)", re.MULTILINE)
_LONG_WORD = re.compile(r"\S{301}")

MAX_WORD_CHARS = 300
"""Longest run of characters without a space: longer ones break the page layout."""


def _check_id(value: str) -> str:
    if not _ID.match(value):
        foreign = next((c for c in value if ord(c) > 127), None)
        if foreign is not None:
            raise Invalid(N_("{value} is not lowercase kebab-case ASCII"),
                          N_("it contains {char} ({name}): use only letters a-z, digits and hyphens"),
                          value=repr(value), char=repr(foreign),
                          name=unicodedata.name(foreign, f"U+{ord(foreign):04X}"))
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower().encode("ascii", "ignore").decode()).strip("-")
        raise Invalid(N_("{value} is not lowercase kebab-case ASCII"),
                      N_("use letters a-z, digits and single hyphens, e.g. {suggestion}") if suggestion
                      else N_("use letters a-z, digits and single hyphens"),
                      value=repr(value), suggestion=repr(suggestion))
    return value


def _check_visible(value: str) -> None:
    """Refuse the invisible characters of :data:`_INVISIBLE`, naming the first."""
    invisible = _INVISIBLE_BMP.search(value) or (_INVISIBLE.search(value) if _ASTRAL.search(value) else None)
    if invisible:
        char = invisible.group()
        raise Invalid(N_("text contains the invisible character U+{code:04X} ({name})"),
                      N_("remove it: unseen, it changes how the text displays or what search finds"),
                      offset=invisible.start(), code=ord(char), name=unicodedata.name(char, "format character"))


def check_safe_text(value: str) -> str:
    """Refuse raw HTML, control characters and links with a scheme other than http(s)/mailto."""
    if not value.strip():
        raise Invalid(N_("text is empty"), N_("write the text: every text is written in French (fr) and English (en)"))
    if len(value) > MAX_TEXT_CHARS:
        raise Invalid(N_("text is too long ({length:,} characters; the limit is {limit:,})"),
                      N_("summarise it: link to the full document instead"), length=len(value), limit=MAX_TEXT_CHARS)
    if _CONTROL.search(value):
        raise Invalid(N_("text contains a control character"), N_("remove invisible control characters"))
    _check_visible(value)
    word = _LONG_WORD.search(value)
    if word:
        raise Invalid(N_("a word of more than {limit} characters would break the page layout"),
                      N_("add spaces, or link to long addresses with [text](https://…)"), limit=MAX_WORD_CHARS)
    unescaped = html.unescape(value)
    tag = _TAG.search(unescaped)
    if tag:
        snippet = unescaped[tag.start(): tag.start() + 20].split(">")[0]
        raise Invalid(N_("raw HTML is not allowed in text ({snippet}…)"),
                      N_("use Markdown (**bold**, *italics*, [text](https://…)) instead of HTML"),
                      snippet=repr(snippet))
    for match in _LINK_TARGET.finditer(unescaped):
        target = re.sub(r"[\s\x00-\x1f]", "", next(g for g in match.groups() if g is not None))
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
            raise Invalid(N_("link with scheme '{scheme}:' is not allowed"),
                          N_("links must start with https:// (or http://, mailto:)"), scheme=scheme.group(1))
    return value


def check_line(value: str) -> str:
    """A title or name: safe text on one line that does not start a Markdown block."""
    check_safe_text(value)
    if "\n" in value.strip() or "\r" in value.strip():
        raise Invalid(N_("a title or name must be on one line"), N_("remove the line break"))
    if value.lstrip().startswith(("#", ">", "|")):
        raise Invalid(N_("a title or name cannot start with #, > or |"), N_("start with a word"))
    return value


def check_body(value: str) -> str:
    """Markdown body text: safe, shown as written, and no level-1 or level-2 headings (the page owns those).

    What the site's renderer (:mod:`pracbase.site.markup`) would drop or change is refused
    here: images, links that are not http(s)/mailto addresses, reference definitions,
    character references.
    """
    check_safe_text(value)
    image = _IMAGE.search(value)
    if image:
        raise Invalid(N_("images are not shown on the site ({image}…)"),
                      N_("a remote image would track readers: remove it, or link to it with [text](https://…)"),
                      offset=image.start(), image=repr(image.group()))
    for match in _LINK_TARGET.finditer(value):
        group = next(i for i, g in enumerate(match.groups(), 1) if g is not None)
        target = match.group(group).strip()
        if not target.lower().startswith(("http://", "https://", "mailto:")):
            raise Invalid(N_("link to {target} is not an http(s) or mailto address: "
                             "the site would show it as plain text"),
                          N_("write the full address, starting with https:// (or mailto:)"), offset=match.start(group),
                          target=repr(target))
    automail = _AUTOMAIL.search(value)
    if automail:
        raise Invalid(N_("an address in angle brackets ({address}) would become a link the page shows differently"),
                      N_("write the link as [text](mailto:…), or remove the < >"), offset=automail.start(),
                      address=repr(automail.group()))
    reference = _REFERENCE.search(value)
    if reference:
        raise Invalid(N_("reference definition {reference} would not show on the page"),
                      N_("write the link where it is used: [text](https://…)"), offset=reference.start(),
                      reference=repr(reference.group().strip()))
    entity = next((m for m in _ENTITY.finditer(value) if html.unescape(m.group()) != m.group()), None)
    if entity:  # a reference the browser knows (not S&P;)
        shown = html.unescape(entity.group())
        raise Invalid(N_("character reference {entity} would show as {shown} on the page "
                         "but as written in search and exports"),
                      N_("write the character itself: {shown}"), offset=entity.start(),
                      entity=repr(entity.group()), shown=repr(shown))
    if _BIG_HEADING.search(value):
        raise Invalid(N_("headings of level 1 or 2 (#, ##, --- or === underlines) would break the page layout"),
                      N_("use ### for a sub-heading and *** for a separator"))
    return value


def _check_language(code: str) -> str:
    if not i18n.is_language(code):
        if " " in code or "," in code:
            raise Invalid(N_("unknown language code {code}"),
                          N_("a text with a comma inside {{fr: …, en: …}} must be quoted: {{fr: \"a, b\", en: \"…\"}}"),
                          code=repr(code))
        raise Invalid(N_("unknown language code {code}"), N_("use an ISO 639-1 code such as 'fr', 'en', 'nl', 'de'"),
                      code=repr(code))
    return code


def _check_country(code: str) -> str:
    if not i18n.is_country(code):
        close = [c for c in i18n.country_codes() if c == code.upper()]
        raise Invalid(N_("unknown country code {code}"),
                      N_("did you mean {close}?") if close else N_("use an ISO 3166-1 alpha-2 code such as 'BE'"),
                      code=repr(code), close=repr(close[0]) if close else "")
    return code


def _check_region(code: str) -> str:
    if code not in TAXONOMY.regions:
        raise Invalid(N_("unknown region {code}"),
                      N_("use a UN M49 sub-region code from taxonomy.yml, quoted, e.g. \"155\" (Western Europe)"),
                      code=repr(code))
    return code


def _check_file_name(value: str) -> str:
    if "/" in value or "\\" in value or value.startswith("."):
        raise Invalid(N_("file {value} is not a plain file name"), N_("write the file's name only, without a folder"),
                      value=repr(value))
    return value


def _check_url(value: str) -> str:
    _check_visible(value)
    if not re.match(r"^https?://[^\s<>\"]+$", value):
        raise Invalid(N_("link {value} is not an http(s) address"), N_("write the full address, starting with https://"),
                      value=repr(value))
    return value


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        key = value.unique_key() if isinstance(value, _Model) else value
        if key in seen:
            shown = value.unique_label() if isinstance(value, _Model) else repr(value)
            raise Invalid(N_("{value} is listed twice"), N_("remove the repeated value"), at=(index,), value=shown)
        seen.add(key)
    return values


_UNKNOWN_VALUE = {"level": N_("unknown level {value}"), "theme": N_("unknown theme {value}"),
                  "concern": N_("unknown concern {value}"), "target group": N_("unknown target group {value}"),
                  "actor type": N_("unknown actor type {value}"), "status": N_("unknown status {value}"),
                  "evidence level": N_("unknown evidence level {value}"),
                  "authority kind": N_("unknown authority kind {value}"), "network": N_("unknown network {value}"),
                  "source type": N_("unknown source type {value}")}
"""The message for a value outside a vocabulary, by the vocabulary's name: one sentence each, to translate whole."""


def _in(vocabulary: str) -> AfterValidator:
    """The check that a string is a value of one taxonomy vocabulary, with a suggestion on error."""
    vocab = TAXONOMY.vocabularies[vocabulary]

    def check(value: str) -> str:
        if value not in vocab:
            close = vocab.suggest(value)
            hint = N_("did you mean {close}?") if close else N_("allowed values: {allowed}")
            raise Invalid(_UNKNOWN_VALUE.get(vocab.name, N_("unknown {vocabulary} {value}")), hint,
                          vocabulary=vocab.name, value=repr(value), close=repr(close[0]) if close else "",
                          allowed=", ".join(vocab.ids[:12]) + (", …" if len(vocab) > 12 else ""))
        return value

    return AfterValidator(check)


def _enum(vocabulary: str) -> WithJsonSchema:
    """The JSON Schema of a value of one taxonomy vocabulary: its ids."""
    vocab = TAXONOMY.vocabularies[vocabulary]
    return WithJsonSchema({"type": "string", "enum": vocab.ids,
                           "description": f"A {vocab.name} from pracbase's taxonomy."})


_MAX_ITEMS = Field(max_length=MAX_LIST_ITEMS)
_UNIQUE = AfterValidator(_unique)


# --- field types --------------------------------------------------------------------

RecordId = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_check_id)]
LanguageCode = Annotated[str, AfterValidator(_check_language)]
SafeText = Annotated[str, AfterValidator(check_body)]
LineText = Annotated[str, Field(max_length=500), AfterValidator(check_line)]
PlainName = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(check_line)]
CountryCode = Annotated[str, AfterValidator(_check_country),
                        WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$",
                                        "description": "ISO 3166-1 alpha-2 country code."})]
RegionCode = Annotated[str, AfterValidator(_check_region),
                       WithJsonSchema({"type": "string", "enum": list(TAXONOMY.regions),
                                       "description": "UN M49 sub-region code, quoted."})]
Url = Annotated[str, AfterValidator(_check_url)]
Year = Annotated[int, Field(ge=1900, le=2100)]
ReviewDate = Annotated[date, Field(strict=False)]

Level = Annotated[str, _in("levels"), _enum("levels")]
Theme = Annotated[str, _in("themes"), _enum("themes")]
Concern = Annotated[str, _in("concerns"), _enum("concerns")]
TargetGroup = Annotated[str, _in("target_groups"), _enum("target_groups")]
ActorType = Annotated[str, _in("actor_types"), _enum("actor_types")]
Status = Annotated[str, _in("statuses"), _enum("statuses")]
EvidenceLevel = Annotated[str, _in("evidence_levels"), _enum("evidence_levels")]
AuthorityKind = Annotated[str, _in("authority_kinds"), _enum("authority_kinds")]
Network = Annotated[str, _in("networks"), _enum("networks")]
SourceType = Annotated[str, _in("source_types"), _enum("source_types")]
FileName = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_file_name),
                     WithJsonSchema({"type": "string", "pattern": "^[^/\\\\.][^/\\\\]*$",
                                     "description": "A plain file name, without a folder."})]


class Translation(NamedTuple):
    """A text in one language, saying whether it is a fallback from another.

    ``text`` is in ``lang``; ``requested`` is the language asked for.
    """

    text: str
    lang: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        """True when the text is not in the requested language."""
        return self.lang != self.requested


class LocalizedText(RootModel[dict[LanguageCode, SafeText]]):
    """A text in several languages: ``{fr: "…", en: "…"}``.

    ``text["en"]`` is the English text (``KeyError`` if there is none), ``"en" in text``
    whether there is one, and :meth:`get` a text in any language, with a fallback.
    """

    model_config = ConfigDict(strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_split_text(cls, value: Any) -> Any:
        if isinstance(value, dict) and any(v is None for v in value.values()) \
                and not all(isinstance(k, str) and i18n.is_language(k) for k in value):
            raise Invalid(N_("an unquoted comma split the text into pieces"),
                          N_('quote text that holds a comma: {{fr: "a, b", en: "a, b"}}'))
        return value

    @field_validator("root")
    @classmethod
    def _not_empty(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise Invalid(N_("no text given"), N_("write at least `fr:` and `en:`"))
        return value

    def get(self, lang: str, original: str | None = None) -> Translation:
        """The text in ``lang``, or the visible fallback (original language first)."""
        for code in i18n.fallback_order(lang, original):
            if code in self.root:
                return Translation(self.root[code], code, lang)
        code, text = next(iter(self.root.items()))
        return Translation(text, code, lang)

    def __getitem__(self, lang: str) -> str:
        return self.root[lang]

    def __contains__(self, lang: object) -> bool:
        return lang in self.root

    @property
    def languages(self) -> list[str]:
        """The languages this text is written in."""
        return list(self.root)


class LocalizedLine(LocalizedText):
    """A title or name in several languages: each on one line."""

    root: dict[LanguageCode, LineText]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def unique_key(self) -> Any:
        """What makes two items of a list the same item (a repeated one is refused)."""
        return self.model_dump_json()

    def unique_label(self) -> str:
        """The item, as a message names it."""
        return repr(self.unique_key())


class Source(_Model):
    """Where a fact comes from: a source record (``sources/<id>.yml``), its section (and page)."""

    source: RecordId = Field(description="Id of a source record: its file name in sources/, without .yml.")
    section: PlainName = Field(description="Heading or box title in the source.")
    page: Annotated[int, Field(ge=1, le=5000)] | None = None

    def unique_key(self) -> Any:
        return (self.source, self.section, self.page)

    def unique_label(self) -> str:
        return f"source {self.source!r}, section {self.section!r}" + (f", page {self.page}" if self.page else "")


class Period(_Model):
    """Years a practice or project ran; either end may be unknown."""

    start: Year | None = None
    end: Year | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise Invalid(N_("period ends ({end}) before it starts ({start})"), N_("swap start and end"),
                          end=self.end, start=self.start)
        return self


class Evaluation(_Model):
    """How far a practice's results were checked, and what the source reports as evidence."""

    level: EvidenceLevel = "none-stated"
    note: LocalizedText | None = None
    evidence: LocalizedText | None = Field(None, description="What the source reports as evidence "
                                           "(a survey, participant numbers, an evaluation report), in a few words.")


class Lineage(_Model):
    """What a practice was adapted from: another practice of the knowledge base, or an
    external model (an organisation's method), with the sources that say so.

    Give either ``practice`` (an id) or ``organisation`` and ``method``.
    """

    model_config = ConfigDict(json_schema_extra={"oneOf": [  # null-aware: the JSON export writes every field
        {"required": ["practice"], "properties": {"practice": {"type": "string"}, "organisation": {"type": "null"},
                                                  "method": {"type": "null"}}},
        {"required": ["organisation", "method"],
         "properties": {"organisation": {"type": "string"}, "method": {"type": "object"},
                        "practice": {"type": "null"}}}]})

    practice: RecordId | None = Field(None, description="Id of the practice this one was adapted from.")
    organisation: PlainName | None = Field(None, description="Organisation whose model was adapted "
                                           "(for a model outside the knowledge base).")
    method: LocalizedLine | None = Field(None, description="Name of the external model or method adapted.")
    sources: Annotated[list[Source], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _one_origin(self) -> Lineage:
        if self.practice is not None and (self.organisation is not None or self.method is not None):
            raise Invalid(N_("a lineage names either a practice or an external model, not both"),
                          N_("keep `practice:` for a practice of the knowledge base, or "
                             "`organisation:` and `method:` for an outside model"))
        if self.practice is None and (self.organisation is None or self.method is None):
            raise Invalid(N_("a lineage needs `practice:`, or both `organisation:` and `method:`"),
                          N_("write `practice: <id>` or `organisation: <name>` with `method: {{fr: …, en: …}}`"))
        return self

    @property
    def key(self) -> str:
        """What two practices adapted from one origin share: ``practice:<id>`` or ``model:<organisation>``."""
        if self.practice is not None:
            return "practice:" + self.practice
        return "model:" + i18n.fold(self.organisation or "")


def _unique_lineage(values: list[Lineage]) -> list[Lineage]:
    seen: set[str] = set()
    for value in values:
        if value.key in seen:
            origin = value.practice or value.organisation
            raise Invalid(N_("{origin} is listed twice in adapted_from"),
                          N_("list each origin once, with all its sources"), origin=repr(origin))
        seen.add(value.key)
    return values


class Actor(_Model):
    """An organisation taking part in a practice, and its kind."""

    name: LocalizedLine
    type: ActorType

    def unique_key(self) -> Any:
        return tuple(sorted(self.name.root.items()))

    def unique_label(self) -> str:
        return f"actor {next(iter(self.name.root.values()))!r}"


class Link(_Model):
    """A web page about a record."""

    url: Url
    label: LocalizedLine | None = None

    def unique_key(self) -> Any:
        return self.url

    def unique_label(self) -> str:
        return f"link {self.url!r}"


class Coordinates(_Model):
    """Latitude and longitude of a city centre, in decimal degrees."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class Membership(_Model):
    """A city's membership of a network (Efus, Strong Cities)."""

    network: Network
    since: Year | None = None

    def unique_key(self) -> Any:
        return self.network

    def unique_label(self) -> str:
        return f"network {self.network!r}"


class PartnershipProfile(_Model):
    """The icommit profile of a city's multi-agency prevention partnership."""

    risk_landscape: LocalizedText
    main_priority: LocalizedText
    actors_and_coordination: LocalizedText
    actors_to_involve: LocalizedText
    main_contribution: LocalizedText
    project_effect: LocalizedText
    future_priorities: LocalizedText
    advice: LocalizedText


class Entry(_Model):
    """Fields every file of the knowledge base has: records and the sources they cite."""

    record_type: ClassVar[str]
    folder: ClassVar[str]

    id: RecordId
    last_reviewed: ReviewDate | None = None

    @property
    def heading(self) -> LocalizedText:
        """The entry's title or name, in every language."""
        raise NotImplementedError


class SourceDocument(Entry):
    """A document records cite: a publication, a web page, a city's own document, a report…

    It is kept once, in ``sources/<id>.yml``, and cited by id from any number of records
    (``sources: [{source: <id>, section: …}]``).
    """

    record_type: ClassVar[str] = "source"
    folder: ClassVar[str] = "sources"

    type: SourceType
    language: LanguageCode
    title: LocalizedLine
    publisher: PlainName
    year: Year | None = None
    consulted: ReviewDate | None = None
    url: Url | None = None
    file: FileName | None = None

    @field_validator("title")
    @classmethod
    def _title_as_printed(cls, value: LocalizedLine, info: ValidationInfo) -> LocalizedLine:
        language = info.data.get("language")
        if language is not None and language not in value:
            raise Invalid(N_("the title is not given in the source's language ({language})"),
                          N_("add `{code}:` under `title:` with the title as printed"),
                          language=repr(language), code=language)
        return value

    @field_validator("url")
    @classmethod
    def _consulted(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and "consulted" in info.data and info.data["consulted"] is None:
            raise Invalid(N_("a source with a url needs the date it was consulted"),
                          N_("add `consulted: YYYY-MM-DD`, the day you read the page, above `url:`"))
        return value

    @property
    def heading(self) -> LocalizedText:
        return self.title

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` where given, else as printed (in the source's language)."""
        return self.title.get(lang, self.language).text


class Record(Entry):
    """Fields every record has. The ``id`` is the file name stem and the URL."""

    original_language: LanguageCode = "fr"
    sources: Annotated[list[Source], Field(min_length=1, max_length=MAX_LIST_ITEMS), _UNIQUE]

    def heading_in(self, lang: str) -> str:
        """The record's title or name in ``lang`` (or its fallback)."""
        return self.heading.get(lang, self.original_language).text

    @property
    def linked_cities(self) -> tuple[str, ...]:
        """Ids of the cities the record is about: a practice's, a city itself, a project's partners."""
        return ()


class Practice(Record):
    """A practice, initiative or programme run by one or more local authorities."""

    record_type: ClassVar[str] = "practice"
    folder: ClassVar[str] = "practices"

    short_entry: bool = Field(False, description="True when the source only names the practice.")
    title: LocalizedLine
    summary: LocalizedText
    description: LocalizedText
    cities: Annotated[list[RecordId], _MAX_ITEMS, _UNIQUE, Field(min_length=1)]
    projects: Annotated[list[RecordId], _MAX_ITEMS, _UNIQUE] = []
    levels: Annotated[list[Level], _MAX_ITEMS, _UNIQUE, Field(min_length=1)]
    themes: Annotated[list[Theme], _MAX_ITEMS, _UNIQUE, Field(min_length=1)]
    concerns: Annotated[list[Concern], _MAX_ITEMS, _UNIQUE] = []
    target_groups: Annotated[list[TargetGroup], _MAX_ITEMS, _UNIQUE] = []
    actors: Annotated[list[Actor], Field(max_length=MAX_LIST_ITEMS), _UNIQUE] = []
    period: Period = Period()
    status: Status = "unknown"
    evaluation: Evaluation = Evaluation()
    adapted_from: Annotated[list[Lineage], Field(max_length=20), AfterValidator(_unique_lineage)] = []
    results: LocalizedText | None = None
    lessons: LocalizedText | None = None
    next_steps: LocalizedText | None = None
    links: Annotated[list[Link], Field(max_length=MAX_LIST_ITEMS), _UNIQUE] = []

    @property
    def heading(self) -> LocalizedText:
        return self.title

    @property
    def reports(self) -> tuple[str, ...]:
        """What the record reports beyond its description (``results``, ``lessons``, ``transfer``):
        values of the taxonomy's ``reports``, derived from the fields, for the *reports* facet."""
        return tuple(value for value, given in (("results", self.results), ("lessons", self.lessons),
                                                 ("transfer", self.adapted_from)) if given)

    @property
    def linked_cities(self) -> tuple[str, ...]:
        return tuple(self.cities)

    @property
    def actor_types(self) -> list[str]:
        """The distinct kinds of actor involved, in order of first mention."""
        return list(dict.fromkeys(actor.type for actor in self.actors))


class City(Record):
    """A local or regional authority: city, municipality, county, region, state…"""

    record_type: ClassVar[str] = "city"
    folder: ClassVar[str] = "cities"

    names: LocalizedLine
    country: CountryCode
    region: RegionCode
    coordinates: Coordinates
    kind: AuthorityKind = "city"
    networks: Annotated[list[Membership], Field(max_length=20), _UNIQUE] = []
    concerns: Annotated[list[Concern], _MAX_ITEMS, _UNIQUE] = []
    summary: LocalizedText | None = None
    partnership: PartnershipProfile | None = None

    @property
    def heading(self) -> LocalizedText:
        return self.names

    @property
    def linked_cities(self) -> tuple[str, ...]:
        return (self.id,)

    def member_of(self, network: str) -> bool:
        """Whether the city belongs to ``network``."""
        return any(m.network == network for m in self.networks)


class Project(Record):
    """An EU project or network programme."""

    record_type: ClassVar[str] = "project"
    folder: ClassVar[str] = "projects"

    acronym: PlainName
    name: LocalizedLine
    summary: LocalizedText
    description: LocalizedText
    period: Period = Period()
    coordinator: PlainName | None = None
    funder: LocalizedText | None = None
    partner_cities: Annotated[list[RecordId], _MAX_ITEMS, _UNIQUE] = []
    partner_organisations: Annotated[list[PlainName], _MAX_ITEMS, _UNIQUE] = []
    links: Annotated[list[Link], Field(max_length=MAX_LIST_ITEMS), _UNIQUE] = []

    @property
    def heading(self) -> LocalizedText:
        return self.name

    @property
    def linked_cities(self) -> tuple[str, ...]:
        return tuple(self.partner_cities)


class Framework(Record):
    """A country-level framework: the mandate national law or policy gives cities."""

    record_type: ClassVar[str] = "framework"
    folder: ClassVar[str] = "frameworks"

    country: CountryCode
    title: LocalizedLine
    summary: LocalizedText
    description: LocalizedText
    levels: Annotated[list[Level], _MAX_ITEMS, _UNIQUE] = []
    themes: Annotated[list[Theme], _MAX_ITEMS, _UNIQUE, Field(min_length=1)]

    @property
    def heading(self) -> LocalizedText:
        return self.title


class GuideStep(_Model):
    """One step or principle of a guide, in the guide's order; optionally the practices that show it."""

    id: RecordId = Field(description="The step's id, unique in its guide: its anchor on the guide's page.")
    title: LocalizedLine
    text: LocalizedText
    practices: Annotated[list[RecordId], _MAX_ITEMS, _UNIQUE] = []


class Reference(_Model):
    """A resource a guide recommends (the Strong Cities guide's Annex I): title, publisher, year, address."""

    title: PlainName
    publisher: PlainName | None = None
    year: Year | None = None
    url: Url | None = None


class Guide(Record):
    """The method a source teaches: ordered steps or principles, each linked to the practices that show it."""

    record_type: ClassVar[str] = "guide"
    folder: ClassVar[str] = "guides"

    title: LocalizedLine
    summary: LocalizedText
    description: LocalizedText | None = None
    steps: Annotated[list[GuideStep], Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    practices: Annotated[list[RecordId], _MAX_ITEMS, _UNIQUE] = []
    levels: Annotated[list[Level], _MAX_ITEMS, _UNIQUE] = []
    themes: Annotated[list[Theme], _MAX_ITEMS, _UNIQUE, Field(min_length=1)]
    references: Annotated[list[Reference], Field(max_length=MAX_LIST_ITEMS)] = []

    @field_validator("steps")
    @classmethod
    def _step_ids_unique(cls, steps: list[GuideStep]) -> list[GuideStep]:
        seen: set[str] = set()
        for index, step in enumerate(steps):
            if step.id in seen:
                raise Invalid(N_("two steps have the id {id}"), N_("give each step of a guide its own id"),
                              at=(index, "id"), id=repr(step.id))
            seen.add(step.id)
        return steps

    @property
    def heading(self) -> LocalizedText:
        return self.title

    def step(self, id: str) -> GuideStep:
        """The step with this id (``KeyError`` when the guide has none)."""
        for step in self.steps:
            if step.id == id:
                return step
        raise KeyError(id)

    def number(self, step: GuideStep) -> int:
        """The step's number in the guide, from 1."""
        return next(n for n, s in enumerate(self.steps, 1) if s.id == step.id)

    @property
    def all_practices(self) -> list[str]:
        """Ids of every practice the guide links: the guide's own, then each step's, once each."""
        return list(dict.fromkeys([*self.practices, *(p for s in self.steps for p in s.practices)]))


class StepRef(NamedTuple):
    """A step of a guide, with its guide and number: what a practice illustrates (``kb.steps_of``).

    ``step`` is None when the practice illustrates the guide as a whole.
    """

    guide: Guide
    step: GuideStep | None
    number: int | None


RECORD_TYPES: tuple[type[Record], ...] = (Practice, City, Project, Framework, Guide)
"""Every record type, in the order they are loaded and shown: the one list of them."""

RECORD_TYPE_BY_NAME: dict[str, type[Record]] = {model.record_type: model for model in RECORD_TYPES}
"""Each record type by its name (``practice``, ``city``…)."""

FILE_TYPES: tuple[type[Entry], ...] = (*RECORD_TYPES, SourceDocument)
"""Every kind of file the loader reads: the records, then the sources they cite."""

FILE_TYPE_BY_NAME: dict[str, type[Entry]] = {model.record_type: model for model in FILE_TYPES}
"""Each kind of file by its name (``practice``… ``source``)."""


def inner_models(annotation: Any) -> Iterator[type[BaseModel]]:
    """The models an annotation holds, outermost first (``list[Source] | None`` → Source)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from inner_models(arg)
