"""The taxonomy: one source of truth, complete labels, Babel names for places."""

from __future__ import annotations

from pracbase import TAXONOMY, i18n

BRIEF_THEMES = {"local-diagnosis", "strategy-mandate", "multi-agency", "national-local", "training", "youth",
                "schools-education", "families-parenting", "prison-exit-reintegration", "community-engagement",
                "interfaith", "online-digital", "counter-narratives", "migration-integration",
                "anti-racism-hate-crime", "sport", "culture", "urban-planning", "employment", "mental-health",
                "gender", "mediation", "public-spaces-protection", "monitoring-evaluation"}


def test_every_term_has_fr_and_en_label_and_definition() -> None:
    for vocabulary in TAXONOMY.vocabularies.values():
        assert len(vocabulary) > 0
        for term in vocabulary:
            for lang in ("fr", "en"):
                assert term.label.get(lang), (vocabulary.name, term.id, lang)
                assert term.definition.get(lang), (vocabulary.name, term.id, lang)
            # an unquoted comma inside {fr: …, en: …} splits the text into extra keys
            assert all(i18n.is_language(k) for k in (*term.label, *term.definition)), (vocabulary.name, term.id)


def test_brief_values_present() -> None:
    assert TAXONOMY.levels.ids == ["primary", "secondary", "tertiary"]
    assert set(TAXONOMY.themes.ids) >= BRIEF_THEMES
    assert {"islamist-extremism", "far-right-extremism", "extreme-misogyny", "polarisation",
            "anti-lgbtq", "xenophobia", "gang-recruitment"} <= set(TAXONOMY.concerns.ids)


def test_ids_are_kebab_case_and_labels_unique() -> None:
    for vocabulary in TAXONOMY.vocabularies.values():
        for lang in ("fr", "en"):
            labels = [t.label[lang] for t in vocabulary]
            assert len(labels) == len(set(labels)), (vocabulary.name, lang)
        for term in vocabulary:
            assert term.id == term.id.lower() and " " not in term.id


def test_suggestions() -> None:
    assert TAXONOMY.themes.suggest("yuoth") == ["youth"]
    assert TAXONOMY.levels.suggest("tertiairy")[0] == "tertiary"


def test_region_names_come_from_babel() -> None:
    assert i18n.region_name("155", "fr") == "Europe de l’Ouest"
    assert i18n.region_name("155", "en") == "Western Europe"
    for code in TAXONOMY.regions:
        assert i18n.region_name(code, "fr") != code


def test_country_and_language_names() -> None:
    assert i18n.country_name("BE", "fr") == "Belgique"
    assert i18n.language_name("nl", "fr") == "néerlandais"
    assert i18n.fold("Malmö") == "malmo" and i18n.fold("Čair") == "cair"


def test_source_types() -> None:
    assert TAXONOMY.source_types.ids == ["publication", "web-page", "city-document", "project-report", "evaluation"]
    assert not hasattr(TAXONOMY, "publications")  # one place per idea: sources are files in sources/
