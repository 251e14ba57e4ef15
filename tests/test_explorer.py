"""The explorer and map: their data agrees with the knowledge base, their pages with the data."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

import pracbase
from pracbase import i18n
from pracbase.facets import FACETS
from pracbase.site import explorer
from pracbase.site.explorer import explorer_data, explorer_page, map_page

ASSETS = Path(explorer.__file__).parent / "assets"


def shout(text: str) -> str:
    """A stand-in translation that makes every string passed through ``_`` recognisable."""
    return f"⟦{text}⟧"


@pytest.fixture(scope="module")
def data_fr(kb: pracbase.KnowledgeBase) -> dict:
    return explorer_data(kb, "fr")


def test_every_practice_once_sorted_by_title(kb: pracbase.KnowledgeBase, data_fr: dict) -> None:
    ids = [p["id"] for p in data_fr["practices"]]
    assert sorted(ids) == sorted(kb.practices)
    assert data_fr["total"] == len(kb.practices)
    titles = [i18n.fold(p["title"]) for p in data_fr["practices"]]
    assert titles == sorted(titles)


def test_practice_fields_follow_the_record(kb: pracbase.KnowledgeBase, data_fr: dict) -> None:
    entry = next(p for p in data_fr["practices"] if len(p["cities"]) > 1)
    practice = kb.practice(entry["id"])
    cities = [kb.cities[c] for c in practice.cities]
    assert entry["title"] == practice.title["fr"]
    assert entry["url"] == f"practices/{practice.id}/"
    assert entry["levels"] == practice.levels and entry["themes"] == practice.themes
    assert entry["concerns"] == practice.concerns and entry["target_groups"] == practice.target_groups
    assert entry["cities"] == practice.cities
    assert set(entry["countries"]) == {c.country for c in cities}
    assert set(entry["regions"]) == {c.region for c in cities}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_facet_counts_match_find_practices(kb: pracbase.KnowledgeBase, lang: str) -> None:
    data = explorer_data(kb, lang)
    assert [(f["key"], f["param"]) for f in data["facets"]] == [
        ("levels", "level"), ("themes", "theme"), ("concerns", "concern"), ("target_groups", "target_group"),
        ("reports", "reports"), ("regions", "region"), ("countries", "country"), ("review", "review")]
    for facet in data["facets"]:
        assert facet["values"], facet["key"]
        if facet["key"] == "review":  # not a query of the knowledge base: tests/test_opendata.py
            continue
        for value in facet["values"]:
            expected = kb.find_practices(**{facet["param"]: value["id"]})
            assert value["count"] == len(expected) > 0, (facet["key"], value["id"])


def test_facet_labels_in_the_language(kb: pracbase.KnowledgeBase) -> None:
    for lang in ("fr", "en"):
        facets = {f["key"]: {v["id"]: v["label"] for v in f["values"]} for f in explorer_data(kb, lang)["facets"]}
        assert facets["levels"]["tertiary"] == kb.taxonomy.levels["tertiary"].label[lang]
        assert facets["countries"]["BE"] == {"fr": "Belgique", "en": "Belgium"}[lang]
        assert facets["regions"]["155"] == i18n.region_name("155", lang)
    countries = [v["label"] for f in explorer_data(kb, "fr")["facets"] if f["key"] == "countries" for v in f["values"]]
    assert countries == sorted(countries, key=i18n.fold)


def test_titles_fall_back_visibly(kb: pracbase.KnowledgeBase) -> None:
    """A language without record translations (German) still lists every practice, marked."""
    data = explorer_data(kb, "de")
    assert len(data["practices"]) == len(kb.practices)
    assert all(p["title_lang"] in ("fr", "en") for p in data["practices"])
    assert not any("title_lang" in p for p in explorer_data(kb, "en")["practices"])


def test_cities_have_coordinates_names_and_urls(kb: pracbase.KnowledgeBase, data_fr: dict) -> None:
    assert {c["id"] for c in data_fr["cities"]} == set(kb.cities)
    malines = next(c for c in data_fr["cities"] if c["id"] == "mechelen")
    assert malines["name"] == "Malines"
    assert malines["url"] == "cities/mechelen/"
    assert (malines["lat"], malines["lon"]) == (kb.city("mechelen").coordinates.lat,
                                                kb.city("mechelen").coordinates.lon)
    assert malines["practices"] == len(kb.find_practices(city="mechelen"))


def test_data_is_json(data_fr: dict) -> None:
    assert json.loads(json.dumps(data_fr, ensure_ascii=False)) == data_fr


def test_explorer_page_passes_every_ui_string_through_gettext(kb: pracbase.KnowledgeBase) -> None:
    page = explorer_page(kb, "fr", shout)
    assert page.startswith("---\nhide:\n  - toc\n---\n")
    for facet in FACETS:
        assert f'data-facet="{facet.key}" data-param="{facet.param}"' in page
    assert f'data-src="{explorer.DATA_PATH}"' in page
    assert 'data-lang="fr"' in page
    text = re.sub(r"<[^>]+>|^---$|^hide:$|^  - toc$|^#\s", " ", page, flags=re.MULTILINE)
    while re.search(r"⟦[^⟦⟧]*⟧", text):  # innermost first: links sit inside sentences
        text = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    assert not re.search(r"[A-Za-z]{3,}", text), text


def test_explorer_page_escapes_translations(kb: pracbase.KnowledgeBase) -> None:
    page = explorer_page(kb, "en", lambda text: text + ' "<b>"')
    assert "<b>" not in page
    assert "&quot;&lt;b&gt;&quot;" in page


def test_map_page_lists_every_city_by_country(kb: pracbase.KnowledgeBase) -> None:
    page = map_page(kb, "fr", lambda text: text)
    assert 'id="pb-map"' in page
    for city in kb.cities.values():
        assert f"](cities/{city.id}.md)" in page, city.id
    belgium = next(line for line in page.splitlines() if line.startswith("- **Belgique**"))
    assert "[Malines](cities/mechelen.md)" in belgium
    count = len(kb.find_practices(city="mechelen"))
    assert f"[Malines](cities/mechelen.md) ({count})" in belgium


def test_assets_are_shipped() -> None:
    for name in ("explorer.js", "map.js", "extra.css", "print.css"):
        assert (ASSETS / name).is_file(), name
    for path in (*explorer.EXTRA_JAVASCRIPT, *explorer.EXTRA_CSS):
        assert (ASSETS / path.removeprefix(explorer.ASSETS_PATH + "/")).is_file(), path


def test_leaflet_is_vendored_with_licence_and_version() -> None:
    vendor = ASSETS / "vendor" / "leaflet"
    version = re.search(r"Leaflet (\d+\.\d+\.\d+)", (vendor / "leaflet.js").read_text(encoding="utf-8")).group(1)
    assert f"Leaflet {version}" in (vendor / "README.md").read_text(encoding="utf-8")
    assert "BSD" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert (vendor / "leaflet.css").is_file()
    assert {p.name for p in (vendor / "images").iterdir()} >= {"marker-icon.png", "layers.png"}


def test_markercluster_is_vendored_unchanged_with_licence_and_version() -> None:
    vendor = ASSETS / "vendor" / "leaflet.markercluster"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    assert re.search(r"Leaflet\.markercluster \d+\.\d+\.\d+ from the npm registry", readme)
    digest = hashlib.sha256((vendor / "leaflet.markercluster.js").read_bytes()).hexdigest()
    assert digest in readme  # the file is the published one, byte for byte
    assert "MIT" in (vendor / "MIT-LICENCE.txt").read_text(encoding="utf-8")
    assert (vendor / "MarkerCluster.css").is_file()
    assert "leaflet.markercluster/" in (ASSETS / "common.js").read_text(encoding="utf-8")


def test_country_shapes_are_vendored_for_the_offline_map() -> None:
    vendor = ASSETS / "vendor" / "world-atlas"
    topo = json.loads((vendor / "countries-110m.json").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and "countries" in topo["objects"]
    assert "world-atlas" in (vendor / "README.md").read_text(encoding="utf-8")
    assert (vendor / "LICENSE").is_file()


def test_no_asset_loads_from_another_host() -> None:
    """Scripts and styles come from the site itself; OpenStreetMap's tiles are the one exception."""
    for path in ASSETS.rglob("*"):
        if path.suffix in (".js", ".css") and "vendor" not in path.parts:
            hosts = set(re.findall(r"https?://([^/\"'\s)]+)", path.read_text(encoding="utf-8")))
            assert hosts <= {"tile.openstreetmap.org", "www.openstreetmap.org"}, (path.name, hosts)


def test_map_page_escapes_translations(kb: pracbase.KnowledgeBase) -> None:
    assert "<b>" not in map_page(kb, "en", lambda text: text + ' "<b>"')
