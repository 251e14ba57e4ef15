"""The models: strictness, multilingual text with visible fallback, typed helpers."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from pracbase import City, LocalizedText, Practice, Project, Source, i18n
from pracbase.models import Invalid, check_safe_text


def practice(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "x-practice", "title": {"fr": "Titre", "en": "Title"}, "summary": {"fr": "Résumé"},
        "description": {"fr": "Texte"}, "cities": ["x"], "levels": ["primary"], "themes": ["youth"],
        "sources": [{"source": "scn-guide", "section": "Chapitre 1"}],
    }
    data.update(changes)
    return data


def test_fallback_is_visible() -> None:
    text = LocalizedText({"fr": "Bonjour"})
    assert text.get("fr") == ("Bonjour", "fr", "fr")
    shown = text.get("en")
    assert shown.text == "Bonjour" and shown.is_fallback and shown.lang == "fr"


def test_fallback_prefers_original_language() -> None:
    text = LocalizedText({"en": "Hello", "nl": "Hallo"})
    assert text.get("it", original="nl").lang == "nl"  # a language without its own order
    assert text.get("it").lang == "en"


def test_fallback_order_is_set_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    text = LocalizedText({"fr": "Bonjour", "en": "Hello"})
    assert text.get("de", original="fr").lang == "en"  # de → en → fr, whatever the original
    assert i18n.fallback_order("de", "fr") == ["de", "en", "fr"]
    monkeypatch.setitem(i18n.FALLBACKS, "de", ("fr", "en"))
    assert text.get("de", original="en").lang == "fr"


def test_defaults() -> None:
    p = Practice.model_validate(practice())
    assert p.status == "unknown" and p.evaluation.level == "none-stated"
    assert p.period.start is None and p.projects == [] and not p.short_entry
    assert p.heading_in("en") == "Title"


def test_models_are_frozen() -> None:
    p = Practice.model_validate(practice())
    with pytest.raises(ValidationError) as caught:
        p.status = "completed"  # type: ignore[misc]
    assert caught.value.errors()[0]["loc"] == ("status",) and p.status != "completed"


@pytest.mark.parametrize("field, value", [
    ("levels", []), ("themes", ["youth", "youth"]), ("cities", []), ("short_entry", "yes"),
    ("period", {"start": 2015.5}), ("status", "finished"), ("sources", []),
])
def test_invalid_values(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        Practice.model_validate(practice(**{field: value}))
    assert {error["loc"][0] for error in caught.value.errors()} == {field}  # that field, and only it


def test_source_names_a_source_record() -> None:
    source = Source(source="scn-guide", section="Annexe II", page=12)
    assert (source.source, source.section, source.page) == ("scn-guide", "Annexe II", 12)
    with pytest.raises(ValidationError):
        Source.model_validate({"source": "Scn Guide", "section": "Annexe II"})


def test_city_kind_and_membership() -> None:
    city = City.model_validate({
        "id": "x", "names": {"fr": "X"}, "country": "FR", "region": "155",
        "coordinates": {"lat": 48.8, "lon": 2.3}, "kind": "county",
        "networks": [{"network": "efus", "since": 1990}],
        "sources": [{"source": "efus-brochure", "section": "X"}],
    })
    assert city.kind == "county" and city.member_of("efus") and not city.member_of("strong-cities")


def test_project_heading() -> None:
    project = Project.model_validate({
        "id": "p", "acronym": "P", "name": {"en": "Project"}, "summary": {"en": "S"},
        "description": {"en": "D"}, "sources": [{"source": "prepare", "section": "X"}],
    })
    assert project.heading_in("fr") == "Project"


@pytest.mark.parametrize("text", [
    "Visit [us](https://example.org).", "Write to [us](mailto:info@example.org).", "a < b and c > d",
    "Data: 30 people", "See [the guide][1].\n\n[1]: https://example.org",
])
def test_safe_text_accepted(text: str) -> None:
    assert check_safe_text(text) == text


@pytest.mark.parametrize("text", [
    "<img src=x onerror=alert(1)>", "&lt;script&gt;alert(1)&lt;/script&gt;", "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))", "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>", "[x]: vbscript:msgbox", "<!-- hidden -->", "   ", "bell\x07",
])
def test_unsafe_text_refused(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        check_safe_text(text)
    assert caught.value.message and caught.value.hint  # what is wrong, and how to fix it
