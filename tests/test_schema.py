"""The JSON Schemas: in step with the models, accepting every real record, rejecting bad ones."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pracbase
from pracbase import i18n, models, yamlio
from pracbase import schema as schemas
from pracbase.loader import record_files
from pracbase.taxonomy import TAXONOMY
from tests.conftest import INVALID, ROOT, VALID
from tests.test_contract import ACCEPTED as ACCEPTED_CONSTRUCTS
from tests.test_contract import TOKENS as CONTRACT_TOKENS

COMMITTED = ROOT / "schemas"

# Invalid fixtures whose error a JSON Schema cannot see, and why. Every other case must be
# rejected by the schema; these must be accepted (or not parse), so the list stays honest.
BEYOND_A_SCHEMA = {
    "alias": "YAML itself: anchors are resolved before a schema sees the data",
    "duplicate-key": "YAML itself: the parser keeps one of the two keys",
    "duplicate-key-in-list": "YAML itself: the parser keeps one of the two keys",
    "duplicate-key-nested": "YAML itself: the parser keeps one of the two keys",
    "multiple-documents": "YAML itself: several documents",
    "nul-byte": "the file's bytes",
    "empty-file": "YAML itself: no document",
    "no-document": "YAML itself: comments only, no document",
    "merge-key": "YAML itself: a merge key (<<) is resolved before a schema sees the data",
    "mapping-key": "YAML itself: a key that is a mapping has no JSON form",
    "non-utf8": "the file's encoding",
    "python-tag": "YAML itself: a tag",
    "tab-indent": "YAML itself: indentation",
    "yaml-syntax": "YAML itself: syntax",
    "syntax-value-with-colon": "YAML itself: syntax",
    "syntax-indented-under-value": "YAML itself: syntax",
    "syntax-star-outside-block": "YAML itself: syntax",
    "syntax-reserved-first-character": "YAML itself: syntax",
    "syntax-not-an-item": "YAML itself: syntax",
    "syntax-item-misaligned": "YAML itself: syntax",
    "syntax-value-goes-on": "YAML itself: syntax",
    "syntax-field-misaligned": "YAML itself: syntax",
    "syntax-neither-field-nor-text": "YAML itself: syntax",
    "impossible-date": "YAML itself: the date does not exist, so the file does not parse",
    "yaml-extension": "the file name",
    "folder-named-like-a-record": "the file system: a folder where a record file should be",
    "id-mismatch": "the file name",
    "period-reversed": "comparing two fields",
    "unknown-city": "references between records",
    "unknown-partner-city": "references between records",
    "unknown-project": "references between records",
    "lineage-unknown-practice": "references between records",
    "lineage-unknown-source": "references between records",
    "lineage-self": "comparing a field with the record's id",
    "lineage-cycle": "references between records",
    "lineage-repeated": "comparing items of a list (organisation names, ignoring case)",
    "unknown-source": "references between records",
    "unknown-source-new": "references between records",
    "source-url-without-consulted": "comparing two fields",
    "source-title-not-in-language": "comparing two fields",
    "unknown-guide-practice": "references between records",
    "unknown-step-practice": "references between records",
    "duplicate-step-id": "comparing the items of a list by one field (uniqueItems compares whole items)",
    "unknown-country": "Babel's list of countries (the schema checks two capitals)",
    "unknown-language": "Babel's list of languages (the schema checks two or three letters)",
    "lineage-unknown-practice-far": "references between records",
    "yaml-list-unclosed": "YAML itself: syntax",
}


def validator(record_type: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schemas.json_schema(record_type),
                                      format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def as_json(data: Any) -> Any:
    """Record data as an editor sees it: YAML dates are text."""
    return json.loads(json.dumps(data, default=str))


def test_committed_schemas_are_current() -> None:
    expected = {name: schemas.dumps(schema) for name, schema in schemas.json_schemas().items()}
    committed = {path.name: path.read_text(encoding="utf-8") for path in COMMITTED.glob("*.json")}
    assert sorted(committed) == sorted(expected)
    for name, text in expected.items():
        assert committed[name] == text, f"schemas/{name} is stale: run `pracbase schema`"


def test_schemas_are_valid_draft_07() -> None:
    for schema in schemas.json_schemas().values():
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("root", [ROOT, VALID], ids=["real", "fixture"])
def test_every_record_is_accepted(root: Path) -> None:
    validators = {name: validator(name) for name in schemas.record_types()}
    checked = 0
    for model, file in record_files(root):
        data = as_json(yaml.safe_load(file.read_text(encoding="utf-8")))
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message[:120]}"
                  for e in validators[model.record_type].iter_errors(data)]
        assert errors == [], f"{file.relative_to(root)}: {errors}"
        checked += 1
    kb = pracbase.load(root)
    assert checked == len(kb) + len(kb.sources)


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.iterdir() if p.is_dir()))
def test_bad_fixture_is_rejected_where_a_schema_can_tell(case: str) -> None:
    folders = {model.folder: name for name, model in schemas.record_types().items()}
    files = [f for f in (INVALID / case).rglob("*") if f.is_file() and not f.name.startswith("expected")]
    verdicts = []
    for file in files:
        if file.parent.name not in folders:  # not a record file (a folder named like one holds it)
            assert case in BEYOND_A_SCHEMA, f"{case}: {file} is not in a record folder"
            continue
        try:
            data = yamlio.parse(yamlio.read_text(file))
        except yamlio.YamlProblem:
            assert case in BEYOND_A_SCHEMA, f"{case}: does not parse, so the schema cannot see it"
            continue
        errors = list(validator(folders[file.parent.name]).iter_errors(as_json(data)))
        verdicts.append(bool(errors))
    if case in BEYOND_A_SCHEMA:
        assert not any(verdicts), f"{case} is rejected by the schema: remove it from BEYOND_A_SCHEMA"
    else:
        assert verdicts and all(verdicts), f"{case}: the schema accepts a record the validator rejects"


def test_controlled_values_are_enums_with_labels() -> None:
    practice = schemas.json_schema("practice")
    themes = practice["properties"]["themes"]["items"]
    assert themes["enum"] == TAXONOMY.themes.ids
    youth = themes["enumDescriptions"][TAXONOMY.themes.ids.index("youth")]
    assert youth.startswith("Jeunesse: ") and " / Youth: " in youth
    region = schemas.json_schema("city")["properties"]["region"]
    assert region["enumDescriptions"][list(TAXONOMY.regions).index("155")] == "Europe de l’Ouest / Western Europe"


def test_every_field_is_described_in_french_and_english() -> None:
    for model_name, model in schemas.record_types().items():
        for nested in schemas.nested_models(model):
            assert schemas.is_documented(nested), f"{nested.__name__}: no `about` in pracbase/data/fields.yml"
            if issubclass(nested, pracbase.LocalizedText):
                continue
            for field in nested.model_fields:
                assert schemas.is_documented(nested, field), f"{nested.__name__}.{field}: not in data/fields.yml"
                doc = schemas.field_doc(nested, field)
                assert doc["fr"] != doc["en"], f"{model_name}: {field}"
        properties = schemas.json_schema(model_name)["properties"]
        assert all("\n\n" in prop["description"] for prop in properties.values())


def test_taxonomy_texts_are_whole() -> None:
    """Every label and definition has a text in each language the site is built in (fr, en, de)."""
    for vocab in TAXONOMY.vocabularies.values():
        for term in vocab:
            assert set(term.label) == set(i18n.BUILD_LANGUAGES), f"{vocab.name} {term.id}: {term.label}"
            assert set(term.definition) == set(i18n.BUILD_LANGUAGES), f"{vocab.name} {term.id}: {term.definition}"
            assert all(text.strip() for text in (*term.label.values(), *term.definition.values()))


def test_field_order_puts_sources_last() -> None:
    order = schemas.field_order(pracbase.Practice)
    assert order[:3] == ["id", "original_language", "short_entry"]
    assert order[-2:] == ["sources", "last_reviewed"]
    assert list(schemas.json_schema("practice")["properties"]) == order


TEXTS = ["[x]: vbscript:msgbox", "[x]: https://a.b",
         "Texte.", "**bold** [x](https://a.b)", "a < b and 2 > 1", "Mail [us](mailto:a@b.c)", "", "   ",
         "<b>x</b>", "[x](javascript:alert(1))", "[x]( DATA:text/html,1)", "a\x07b", "x" * 301, "a " + "y" * 300,
         "# Title\n\ntext", "text\n## Sub", "text\n### Sub", "Title\n---\n", "a --- b", "> quote", "| a |",
         "two\nlines", "  one line  \n", "#hashtag", "#", "text\n===", "- item\n- item",
         "![x](https://a.b/c.png)", "see [v](//e.org/x)", "[x](page.html)", "[x]()", "[x]( HTTPS://a.b)",
         "caf&eacute;", "&#x202E;", "R&D and S&P 3 & 4", "a\u202eb", "a\u00adb", "a\x85b", "[x]:\n  //e.org",
         "> [r]: https://a.b", "- [r]: https://a.b", "<été@example.org>", "a <3 b@c", "a\rb", ":\r0",
         # references: those the page changes are refused, other &name; show as written
         "S&P;", "S&P; 500", "&x;", "&Amp;", "R&D; and AT&T;", "&ampx;", "&Pr;", "&AMP;", "&#0;",
         "&#X41;", "&#x;", "&aelig", "caf&eacute", "&sup2;", "&frac12x;",
         "&lt;b&gt;", "&ltb", "&LT/b", "&#60;b", "&#060b", "&#601b", "&#x3C;b", "&#x3cb", "a &lt; b", "&lt;3"]


@pytest.mark.parametrize(("pattern", "check"), [
    (schemas.SAFE_TEXT_PATTERN, models.check_safe_text),
    (schemas.BODY_PATTERN, models.check_body),
    (schemas.LINE_PATTERN, models.check_line),
], ids=["text", "body", "line"])
def test_text_patterns_agree_with_the_validator(pattern: str, check: Any) -> None:
    compiled = re.compile(pattern)
    for text in TEXTS:
        try:
            check(text)
            accepted = True
        except ValueError:
            accepted = False
        assert bool(compiled.search(text)) == accepted, repr(text)


# Texts validate accepts, as a contributor writes them: each must pass the schema too (in a
# practice's summary, a body text, and in its title, a line) so that the form never refuses them.
ACCEPTED_BODIES = [*(text for text, _ in ACCEPTED_CONSTRUCTS), "S&P; 500", "AT&T; R&D;", "&x; &Amp; &P;",
                   "a &amp b", "3 < 4 > 2", "[r] et [1]", "*** séparateur", "### Titre\n\ntexte",
                   "Mail [us](mailto:a@b.c)", "deux\nlignes", "é" * 300]
ACCEPTED_LINES = ["S&P; 500", "AT&T; R&D;", "Café « des parents »", "L'été: 2026", "a < b", "No #1 first",
                  "x" * 300, "Titre *en italique*"]


def practice_with(summary: str, title: str = "Titre") -> dict[str, Any]:
    data = yaml.safe_load((VALID / "practices" / "alpha-case-meetings.yml").read_text(encoding="utf-8"))
    data["summary"] = {"fr": summary, "en": summary}
    data["title"] = {"fr": title, "en": title}
    return as_json(data)


@pytest.mark.parametrize("text", ACCEPTED_BODIES)
def test_texts_validate_accepts_pass_the_schema(text: str) -> None:
    models.check_body(text)  # validate accepts it…
    assert list(validator("practice").iter_errors(practice_with(text))) == []  # …and so does the schema


@pytest.mark.parametrize("text", ACCEPTED_LINES)
def test_titles_validate_accepts_pass_the_schema(text: str) -> None:
    models.check_line(text)
    assert list(validator("practice").iter_errors(practice_with("Texte.", title=text))) == []


def test_texts_need_french_and_english_but_a_sources_title() -> None:
    """validate's policy (loader.REQUIRED_LANGUAGES), in the schema: a text without fr or en is refused,
    other languages may be added; a source's title is written in its own language alone."""
    practice = practice_with("Texte.")
    practice["summary"] = {"en": "Text."}
    errors = [(list(e.absolute_path), e.validator, e.message) for e in validator("practice").iter_errors(practice)]
    assert errors == [(["summary"], "required", "'fr' is a required property")]
    practice["summary"] = {"fr": "Texte.", "en": "Text.", "nl": "Tekst."}
    assert list(validator("practice").iter_errors(practice)) == []
    practice["actors"][0]["name"] = {"fr": "Police locale"}
    errors = [(list(e.absolute_path), e.validator, e.message) for e in validator("practice").iter_errors(practice)]
    assert errors == [(["actors", 0, "name"], "required", "'en' is a required property")]
    source = as_json(yaml.safe_load((VALID / "sources" / "icommit-mechelen.yml").read_text(encoding="utf-8")))
    source["title"] = {source["language"]: "Titre tel qu'imprimé"}
    assert list(validator("source").iter_errors(source)) == []
    source["title"] = {}
    assert [e.validator for e in validator("source").iter_errors(source)] == ["minProperties"]


# Pieces of texts but links' (brackets and parentheses): validate reads links with its own
# regular expressions (models._LINK_TARGET, _REFERENCE), which the schema only approximates;
# nor letters written as references ("&#x41;"): "&lt;&#x41;" is a tag to validate, not to the schema.
PIECES = [token for token in CONTRACT_TOKENS if not set(token) & set("[]()") and "x41" not in token] + [
    "S&P;", "&P;", "&ampx;", "&Pr;", "&lt", "&#60;", "&sup2;", "\n# ", "\n## ", "===", "---", "\r", "\u3000"]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join))
def test_generated_texts_get_the_same_verdict_from_the_schema_and_validate(text: str) -> None:
    """Texts built from Markdown's and HTML's pieces (headings, rules, references, tags, spaces of every
    kind): the schema's pattern of a text (a summary, a description) accepts exactly what validate
    accepts, in both directions."""
    try:
        models.check_body(text)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.search(schemas.BODY_PATTERN, text)) == accepted


def test_unknown_record_type() -> None:
    with pytest.raises(pracbase.NotFoundError, match="did you mean 'practice'"):
        schemas.json_schema("practise")


def test_cli_writes_the_schemas(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pracbase.cli import main

    result = CliRunner().invoke(main, ["schema", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schemas.json_schemas())
    assert (tmp_path / "out" / "city.schema.json").read_text(encoding="utf-8") == \
        (COMMITTED / "city.schema.json").read_text(encoding="utf-8")
