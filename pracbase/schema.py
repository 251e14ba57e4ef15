"""JSON Schemas of the record types, generated from the pydantic models.

Editors use them to complete and check records as one types (VS Code's YAML extension
reads the ``# yaml-language-server: $schema=…`` first line of each template); other tools
use them to check the data. They are generated, never hand-kept, so they cannot drift
from the validator: a test fails when the committed copies in ``schemas/`` are stale.

The schemas follow draft-07 (what editors support) and are a little looser than the
validator: they cannot check references between records, the order of a period's years,
or Babel's lists of language and country codes. ``pracbase validate`` stays the judge.
"""

from __future__ import annotations

import difflib
import html.entities
import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from pracbase import i18n, models
from pracbase._files import write_atomic
from pracbase.errors import NotFoundError
from pracbase.loader import ONE_LANGUAGE_FIELDS, REQUIRED_LANGUAGES
from pracbase.models import FILE_TYPES, Entry, LocalizedText, Record, inner_models
from pracbase.taxonomy import TAXONOMY

DRAFT = "http://json-schema.org/draft-07/schema#"
"""The JSON Schema dialect of the generated schemas (the one editors support)."""

DEFAULT_BASE = "urn:pracbase:"
"""The base of the schemas' ``$id`` when the site's address is unknown (as for JSON-LD ids)."""

LANGUAGES = i18n.SITE_LANGUAGES
"""Languages of the descriptions, in the order they are shown."""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
_INVISIBLE = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
              "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb")
"""The invisible characters models.py refuses, those of the Basic Multilingual Plane (what every regex engine reads)."""
URL_PATTERN = r"^https?://[^\s<>\"" + _INVISIBLE + "]+$"
_OTHER_SCHEME = r"(?![hH][tT][tT][pP][sS]?:|[mM][aA][iI][lL][tT][oO]:)[a-zA-Z][a-zA-Z0-9+.\-]*:"
_NOT_WEB = r"(?!\s*<?\s*(?:[hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:))"
_SAFE = (
    r"(?![\s\S]*[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _INVISIBLE + "])"  # no control or invisible character
    r"(?![\s\S]*</?[a-zA-Z!?])"  # no raw HTML
    r"(?![\s\S]*(?:&(?:lt|LT)|&#0*60(?![0-9])|&#[xX]0*3[cC](?![0-9a-fA-F]));?/?[a-zA-Z!?])"  # nor one behind &lt;
    r"(?![\s\S]*\]\(\s*<?\s*" + _OTHER_SCHEME + ")"  # no inline link but to http(s) or mailto
    r"(?![\s\S]*(?:^|\n) {0,3}\[[^\]\n]+\]:\s*<?" + _OTHER_SCHEME + ")"  # nor a reference link
    r"(?![\s\S]*\S{301})"  # no word longer than models.MAX_WORD_CHARS
)
SAFE_TEXT_PATTERN = rf"^{_SAFE}[\s\S]*\S"
"""What :func:`pracbase.models.check_safe_text` checks, as far as a regular expression can."""



def _alternation(words: list[str]) -> str:
    """A compact regular expression matching exactly ``words`` (a trie of their letters)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [char + walk(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return (body + "?") if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
        return body

    return walk(tree)


_NAMED = _alternation(sorted(name[:-1] for name in html.entities.html5 if name.endswith(";")))
_LEGACY = _alternation(sorted(name for name in html.entities.html5 if not name.endswith(";")))
_KNOWN_REFERENCE = rf"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|{_NAMED}|{_LEGACY}[a-zA-Z0-9]*);"
"""A character reference the page would show as another character (:func:`html.unescape` changes it):
a number, one of HTML's names, or a name starting with one of the names browsers also read without
``;`` (``&ampx;`` shows as ``&x;``). Other ``&name;`` (``S&P;``) show as written, and validate."""

_SHOWN_AS_WRITTEN = (
    r"(?![\s\S]*!\[)"  # no image
    r"(?![\s\S]*\]\(" + _NOT_WEB + ")"  # no inline link but to an http(s) or mailto address
    r"(?![\s\S]*(?:^|\n)(?:[ \t>]|[-*+][ \t]|\d+\.[ \t])*\[[^\[\]\n]*\]:)"  # no reference definition
    r"(?![\s\S]*<[^<> !]+@[^@<> ]+>)"  # no address in angle brackets
    r"(?![\s\S]*" + _KNOWN_REFERENCE + ")"  # no character reference the page would change
)
BODY_PATTERN = (rf"^{_SAFE}{_SHOWN_AS_WRITTEN}"
                rf"(?![\s\S]*(?:^|\n) {{0,3}}(?:#{{1,2}}(?:\s|$)|[=-]{{3,}}\s*(?:\n|$)))[\s\S]*\S")
"""What :func:`pracbase.models.check_body` checks: safe text without level-1 or 2 headings."""

LINE_PATTERN = rf"^{_SAFE}(?!\s*[#>|])(?![\s\S]*\S\s*[\n\r]\s*\S)[\s\S]*\S"
"""What :func:`pracbase.models.check_line` checks: safe text on one line, not starting a block."""

_MESSAGES = {
    "text": ("Texte simple ou Markdown : non vide, sans HTML, liens commençant par https://. / "
             "Plain text or Markdown: not empty, no raw HTML, links starting with https://."),
    "body": ("Texte ou Markdown : non vide, sans HTML, image ni titre # ou ##, liens en https://. / "
             "Text or Markdown: not empty, no HTML, image nor # or ## heading, links starting with https://."),
    "line": ("Une seule ligne, non vide, sans HTML, ne commençant pas par #, > ou |. / "
             "One line, not empty, no HTML, not starting with #, > or |."),
}

_VALUE_DOCS = {"Text": "Texte simple ou Markdown. / Plain text or Markdown.",
               "Line": "Une ligne de texte. / One line of text."}

# Extra JSON Schema for the validator functions of models.py that pydantic cannot see into.
_VALIDATOR_SCHEMAS: dict[Callable[..., Any], dict[str, Any]] = {
    models._check_id: {"pattern": ID_PATTERN},
    models._check_language: {"pattern": LANGUAGE_PATTERN},
    models._check_url: {"pattern": URL_PATTERN, "format": "uri"},
    models.check_safe_text: {"pattern": SAFE_TEXT_PATTERN, "patternErrorMessage": _MESSAGES["text"]},
    models.check_body: {"pattern": BODY_PATTERN, "patternErrorMessage": _MESSAGES["body"]},
    models.check_line: {"pattern": LINE_PATTERN, "patternErrorMessage": _MESSAGES["line"]},
    models._unique: {"uniqueItems": True},
}


class _Generator(GenerateJsonSchema):
    """pydantic's generator, told what the models' own validator functions check."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        json_schema = super().function_after_schema(schema)
        extra = _VALIDATOR_SCHEMAS.get(schema["function"]["function"])
        if extra and "$ref" not in json_schema:
            json_schema = {**json_schema, **extra}
            if json_schema.get("type") == "string" and "pattern" in extra and "minLength" not in json_schema:
                json_schema["minLength"] = 1
        return json_schema


# --- field descriptions (data/fields.yml) ---------------------------------------------------


@cache
def _field_docs() -> dict[str, Any]:
    text = resources.files("pracbase").joinpath("data/fields.yml").read_text(encoding="utf-8")
    docs: dict[str, Any] = yaml.load(text, Loader=yaml.CSafeLoader)
    return docs


def model_doc(model: type[BaseModel]) -> dict[str, str]:
    """What a model is, per language (``{"fr": …, "en": …}``); its docstring if undocumented."""
    entry = _field_docs().get(model.__name__, {}).get("about")
    fallback = (model.__doc__ or model.__name__).strip().splitlines()[0]
    return {lang: (entry or {}).get(lang, fallback) for lang in LANGUAGES}


def field_doc(model: type[BaseModel], field: str) -> dict[str, str]:
    """What ``field`` of ``model`` means, per language; its name if undocumented (a test forbids that)."""
    for cls in model.__mro__:
        entry = _field_docs().get(cls.__name__, {}).get("fields", {}).get(field)
        if entry is not None:
            return {lang: entry[lang] for lang in LANGUAGES}
    return {lang: field.replace("_", " ") for lang in LANGUAGES}


def is_documented(model: type[BaseModel], field: str | None = None) -> bool:
    """Whether ``data/fields.yml`` describes ``model`` (or its ``field``) in every language."""
    if field is None:
        return set(LANGUAGES) <= set(_field_docs().get(model.__name__, {}).get("about", {}))
    return any(set(LANGUAGES) <= set(_field_docs().get(cls.__name__, {}).get("fields", {}).get(field, {}))
               for cls in model.__mro__)


def is_block_text(model: type[BaseModel], field: str) -> bool:
    """Whether ``field`` holds long Markdown, written as a ``|`` block."""
    for cls in model.__mro__:
        entry = _field_docs().get(cls.__name__, {}).get("fields", {}).get(field)
        if entry is not None:
            return bool(entry.get("block"))
    return False


def _bilingual(texts: dict[str, str]) -> str:
    return "\n\n".join(texts[lang] for lang in LANGUAGES)


# --- controlled values ----------------------------------------------------------------------


@cache
def _enum_docs(full: bool = True) -> dict[tuple[str, ...], list[str]]:
    """Each controlled list's values (as a tuple) → one bilingual text per value.

    ``full`` texts hold each label and its definition; short ones the labels only.
    """
    docs: dict[tuple[str, ...], list[str]] = {}
    for vocab in TAXONOMY.vocabularies.values():
        docs[tuple(vocab.ids)] = [
            " / ".join(f"{term.label_in(lang)}: {term.definition_in(lang)}" if full else term.label_in(lang)
                       for lang in LANGUAGES)
            for term in vocab
        ]
    docs[tuple(TAXONOMY.regions)] = [
        " / ".join(i18n.region_name(code, lang) for lang in LANGUAGES) for code in TAXONOMY.regions
    ]
    return docs


def value_labels(values: list[str]) -> list[str] | None:
    """The bilingual label of each value of a controlled list (``Jeunesse / Youth``), if it is one."""
    return _enum_docs(full=False).get(tuple(values))


# --- the schemas ----------------------------------------------------------------------------


def record_types() -> dict[str, type[Entry]]:
    """Every type of file by name (``practice`` → :class:`~pracbase.models.Practice`, ``source``
    → :class:`~pracbase.models.SourceDocument`)."""
    return {model.record_type: model for model in FILE_TYPES}


def field_order(model: type[BaseModel]) -> list[str]:
    """The order of a model's fields in files: for records ``id`` and ``original_language``
    first, then the type's own fields, then ``sources`` and ``last_reviewed`` (a source file:
    ``id``, its own fields, ``last_reviewed``)."""
    names = list(model.model_fields)
    if not issubclass(model, Entry):
        return names
    base = Record if issubclass(model, Record) else Entry
    head = [name for name in ("id", "original_language") if name in base.model_fields]
    tail = [name for name in base.model_fields if name not in head and name != "last_reviewed"] + ["last_reviewed"]
    return head + [name for name in names if name not in head and name not in tail] + tail


def published_path(record_type: str) -> str:
    """Where the site publishes a record type's schema, from its root (``api/schemas/practice.schema.json``)."""
    return f"api/schemas/{record_type}.schema.json"


def schema_id(record_type: str, base: str = DEFAULT_BASE) -> str:
    """A schema's ``$id``: where the site publishes it, from ``base`` (the site's address ending in
    ``/``); ``urn:pracbase:api/schemas/<type>.schema.json`` when the address is unknown."""
    return base + published_path(record_type)


def json_schema(record_type: str, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The JSON Schema of one record type (``practice``, ``city``, ``project``, ``framework``);
    its ``$id`` starts with ``base`` (:func:`schema_id`)."""
    types = record_types()
    if record_type not in types:
        raise NotFoundError("record type", record_type, difflib.get_close_matches(record_type, list(types)))
    model = types[record_type]
    schema = model.model_json_schema(schema_generator=_Generator)
    models_by_name = {m.__name__: m for m in nested_models(model)}
    for name, definition in list(schema.get("$defs", {}).items()):
        nested = models_by_name.get(name)
        if nested is not None and issubclass(nested, LocalizedText):
            value_name = name.removeprefix("Localized")  # Text, Line
            schema["$defs"][name], schema["$defs"][value_name] = _localized(nested, definition, value_name)
        elif nested is not None:
            _describe_model(definition, nested)
    _describe_model(schema, model)
    _one_language_fields(schema, record_type)
    schema["properties"] = {name: schema["properties"][name] for name in field_order(model)}
    for node in _walk(schema):
        _describe_enum(node)
    head = {"$schema": DRAFT, "$id": schema_id(record_type, base), "title": f"pracbase {record_type}"}
    return {**head, **{k: v for k, v in schema.items() if k != "title"}}


def json_schemas(base: str = DEFAULT_BASE) -> dict[str, dict[str, Any]]:
    """The JSON Schema of every record type, by file name (``practice.schema.json``)."""
    return {f"{name}.schema.json": json_schema(name, base) for name in record_types()}


def dumps(schema: dict[str, Any]) -> str:
    """A schema as stable, readable JSON text (what ``schemas/`` holds)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: str | Path) -> list[Path]:
    """Write every schema into ``directory`` (atomically); the paths written."""
    directory = Path(directory)
    written = []
    for name, schema in json_schemas().items():
        write_atomic(directory / name, dumps(schema))
        written.append(directory / name)
    return written


def nested_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every model its fields use, however deep."""
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        for info in current.model_fields.values():
            stack.extend(inner_models(info.annotation))


def _describe_model(definition: dict[str, Any], model: type[BaseModel]) -> None:
    definition["description"] = _bilingual(model_doc(model))
    for name, prop in definition.get("properties", {}).items():
        prop.pop("title", None)
        text = _bilingual(field_doc(model, name))
        if "$ref" in prop:  # draft-07 ignores keywords beside $ref: wrap it
            ref = prop.pop("$ref")
            prop["allOf"] = [{"$ref": ref}]
        prop["description"] = text


def _localized(model: type[BaseModel], generated: dict[str, Any],
               value_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A language map's definition (keys: language codes; fr and en offered) and its value's."""
    values = generated.get("additionalProperties") or next(iter(generated.get("patternProperties", {}).values()))
    values = {**values, "description": _VALUE_DOCS.get(value_name, " / ".join(model_doc(model).values()))}
    names = {code: " / ".join(i18n.language_name(code, lang) for lang in LANGUAGES) for code in LANGUAGES}
    ref = {"$ref": f"#/$defs/{value_name}"}
    definition = {
        "type": "object",
        "description": _bilingual(model_doc(model)),
        "minProperties": 1,
        "required": list(REQUIRED_LANGUAGES),
        "propertyNames": {"pattern": LANGUAGE_PATTERN},
        "properties": {code: {"allOf": [ref], "description": names[code]} for code in LANGUAGES},
        "additionalProperties": ref,
    }
    return definition, values


AS_PRINTED = "AsPrinted"
"""The suffix of a language map's definition whose text may be in one language only (a source's title)."""


def _one_language_fields(schema: dict[str, Any], record_type: str) -> None:
    """Let the fields of :data:`~pracbase.loader.ONE_LANGUAGE_FIELDS` (a source's title) be in any
    one language: their language map without ``required`` (``LocalizedLineAsPrinted``)."""
    for kind, name in sorted(ONE_LANGUAGE_FIELDS):
        prop = schema["properties"].get(name) if kind == record_type else None
        if prop is None:
            continue
        ref = prop["allOf"][0]["$ref"]
        definition_name = ref.rsplit("/", 1)[1]
        exempt = {key: value for key, value in schema["$defs"][definition_name].items() if key != "required"}
        schema["$defs"][definition_name + AS_PRINTED] = exempt
        prop["allOf"] = [{"$ref": f"#/$defs/{definition_name}{AS_PRINTED}"}]
        if f'"{ref}"' not in json.dumps(schema):
            del schema["$defs"][definition_name]


def _describe_enum(node: dict[str, Any]) -> None:
    values = node.get("enum")
    if not values:
        return
    docs = _enum_docs().get(tuple(values))
    if docs is not None:
        node["enumDescriptions"] = docs
        if node.get("description", "").endswith("from pracbase's taxonomy."):
            node.pop("description")  # the generic text of models._term


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
