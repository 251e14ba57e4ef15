"""Peer cities and the study-visit planner: answers known by construction, true reasons on the
real data, and the ``peers`` and ``visit`` commands."""

from __future__ import annotations

import itertools
import json
import math

import pytest
from click.testing import CliRunner

import pracbase
from pracbase import i18n
from pracbase import peers as peers_module
from pracbase.cli import main
from pracbase.geo import languages_of
from pracbase.models import City
from pracbase.visit import MAX_HOP_KM, STOPS_PER_DAY
from tests.conftest import FIXTURES, ROOT

PEERS = FIXTURES / "peers"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def fkb() -> pracbase.KnowledgeBase:
    """The peer-city fixture tree (see tests/fixtures/peers/README.md)."""
    return pracbase.load(PEERS)


def km(a: City, b: City) -> float:
    """Haversine distance, written out again so the tests do not trust the module's own."""
    p1, p2 = math.radians(a.coordinates.lat), math.radians(b.coordinates.lat)
    dp, dl = p2 - p1, math.radians(b.coordinates.lon - a.coordinates.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# --- peers, known by construction ---------------------------------------------------------


def test_twins_rank_first_for_each_other(fkb: pracbase.KnowledgeBase) -> None:
    assert fkb.peers("twin-a")[0].city.id == "twin-b"
    assert fkb.peers("twin-b")[0].city.id == "twin-a"
    top = fkb.peers("twin-a")[0]
    assert top.score > 85 and top.solid
    # Their two-city project says most; the theme and level a third city shares say nothing here.
    assert [r.kind for r in top.reasons] == ["projects", "country", "concerns", "framework", "themes", "distance"]
    assert top.distance_km == pytest.approx(km(fkb.city("twin-a"), fkb.city("twin-b")), abs=0.1)


def test_city_with_nothing_in_common_ranks_last(fkb: pracbase.KnowledgeBase) -> None:
    found = fkb.peers("twin-a", top=10)
    # near-c (100 km, same region, Dutch in common) before far-d, 6,500 km away, whose prison
    # theme and tertiary level three of the five cities share: values that distinguish nobody.
    assert [p.city.id for p in found] == ["twin-b", "near-c", "far-d", "lonely-e"]
    assert [r.kind for r in found[-1].reasons] == ["distance"]
    assert [r.kind for r in found[-2].reasons] == ["distance"]
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert peers_module.few_comparable(found)  # one solid peer: few comparable cities


def test_groups_are_never_peers(fkb: pracbase.KnowledgeBase) -> None:
    for city in ("twin-a", "twin-b", "near-c", "group-f"):
        assert "group-f" not in [p.city.id for p in fkb.peers(city, top=10)]


def test_top_limits_the_answer(fkb: pracbase.KnowledgeBase) -> None:
    assert len(fkb.peers("twin-a", top=2)) == 2
    assert len(fkb.peers("twin-a", top=100)) == 4


def test_reasons_in_english(fkb: pracbase.KnowledgeBase) -> None:
    assert [r.text for r in fkb.peers("twin-a")[0].reasons] == [
        "both in the PAIR project",
        "same country: Belgium",
        "both face extreme misogyny and far-right extremism",
        "same national framework: Mandate of Belgian cities",
        "both work on multi-agency cooperation and case management",
        "13 km apart",
    ]
    assert [r.text for r in fkb.peers("twin-a")[1].reasons] == [
        "same region: Western Europe", "official language in common: Dutch", "100 km apart"]


def test_reasons_in_french(fkb: pracbase.KnowledgeBase) -> None:
    assert [r.text for r in fkb.peers("twin-a", lang="fr")[0].reasons] == [
        f"projet commun{NBSP}: PAIR",
        f"même pays{NBSP}: Belgique",
        f"préoccupations communes{NBSP}: misogynie extrémiste et extrémisme d'extrême droite",
        f"même cadre national{NBSP}: Mandat des villes belges",
        f"thème commun{NBSP}: coopération multi-agences et gestion de cas",
        f"distantes de 13{NBSP}km",
    ]


def test_reasons_in_german(fkb: pracbase.KnowledgeBase) -> None:
    """German sentences from the catalog, with the taxonomy's German labels."""
    assert [r.text for r in fkb.peers("twin-a", lang="de")[0].reasons] == [
        "gemeinsames Projekt: PAIR",
        "dasselbe Land: Belgien",
        "gemeinsame Anliegen: Extreme Frauenfeindlichkeit und Rechtsextremismus",
        "derselbe nationale Rahmen: Mandate of Belgian cities",
        "gemeinsames Thema: Behördenübergreifende Zusammenarbeit und Fallmanagement",
        "13 km voneinander entfernt",
    ]


def test_shared_words_are_named_once(kb: pracbase.KnowledgeBase) -> None:
    vilvoorde = next(p for p in kb.peers("mechelen") if p.city.id == "vilvoorde")
    levels = next(r for r in vilvoorde.reasons if r.kind == "levels")
    assert levels.text == "both run secondary and tertiary prevention"
    vilvoorde_fr = next(p for p in kb.peers("mechelen", lang="fr") if p.city.id == "vilvoorde")
    levels_fr = next(r for r in vilvoorde_fr.reasons if r.kind == "levels")
    assert levels_fr.text == f"niveaux de prévention communs{NBSP}: prévention secondaire et tertiaire"


def test_city_by_any_name(fkb: pracbase.KnowledgeBase, kb: pracbase.KnowledgeBase) -> None:
    expected = fkb.peers("twin-a")
    for name in ("Elder Twin", "elder twin", "Jumelle-Aînée", "jumelle-ainee", "Oudste Tweeling"):
        assert fkb.peers(name) == expected
    assert kb.peers("malines") == kb.peers("Mechelen") == kb.peers("mechelen")


def test_unknown_city_and_language(fkb: pracbase.KnowledgeBase) -> None:
    with pytest.raises(pracbase.NotFoundError) as caught:
        fkb.peers("twin-c")
    assert "twin-a" in caught.value.suggestions
    with pytest.raises(pracbase.NotFoundError, match="unknown language 'xx'"):
        fkb.peers("twin-a", lang="xx")
    with pytest.raises(pracbase.NotFoundError) as caught:
        fkb.plan_visit(lang="fre")
    assert caught.value.suggestions == ["fr"]


def test_peer_as_dict(fkb: pracbase.KnowledgeBase) -> None:
    data = fkb.peers("twin-a")[0].as_dict()
    assert data["id"] == "twin-b" and data["name"] == "Younger Twin" and data["solid"] is True
    assert data["reasons"][-1] == "13 km apart"
    assert {d["kind"] for d in data["details"]} >= {"projects", "concerns", "distance"}  # type: ignore[union-attr]


# --- peers on the real data: every reason is true of the records -----------------------------


def facts(kb: pracbase.KnowledgeBase, city: City) -> dict[str, set[str]]:
    """What the records say about a city, read straight from them (not from the graph)."""
    practices = [p for p in kb.practices.values() if city.id in p.cities]
    return {
        "concerns": set(city.concerns) | {c for p in practices for c in p.concerns},
        "themes": {t for p in practices for t in p.themes},
        "levels": {v for p in practices for v in p.levels},
        "projects": {p.id for p in kb.projects.values() if city.id in p.partner_cities}
        | {pr for p in practices for pr in p.projects},
        "networks": {m.network for m in city.networks},
        "target_groups": {t for p in practices for t in p.target_groups},
        "practices": {p.id for p in practices},
        "kind": {city.kind},
        "lineage": {(f"practice:{o.practice}" if o.practice else "model:" + i18n.fold(o.organisation or ""))
                    for p in practices for o in p.adapted_from},
        "transfers": {f"{o.practice}>{p.id}" for p in kb.practices.values() for o in p.adapted_from
                      if o.practice and (city.id in p.cities or city.id in kb.practices[o.practice].cities)},
    }


def test_every_reason_is_true_of_the_records(kb: pracbase.KnowledgeBase) -> None:
    checked = 0
    for city in kb.cities.values():
        mine = facts(kb, city)
        for peer in kb.peers(city.id):
            theirs = facts(kb, peer.city)
            assert peer.city.id != city.id and peer.city.kind != "group"
            for reason in peer.reasons:
                checked += 1
                if reason.kind in mine:
                    assert reason.values, reason
                    assert set(reason.values) <= mine[reason.kind] & theirs[reason.kind], (city.id, reason)
                    if reason.kind in ("concerns", "themes", "levels"):
                        vocabulary = kb.taxonomy.vocabularies[reason.kind]
                        for value in reason.values[:4]:  # the sentence names the first four
                            for word in vocabulary[value].label_in("en").split():
                                assert word.lower() in reason.text.lower(), (reason, word)
                    if reason.kind == "projects":
                        assert all(kb.projects[v].acronym in reason.text for v in reason.values[:4])
                    if reason.kind == "transfers":  # one city holds the origin, the other the adopter
                        for value in reason.values:
                            origin, adopter = (kb.practices[x].cities for x in value.split(">"))
                            assert (city.id in origin and peer.city.id in adopter) \
                                or (city.id in adopter and peer.city.id in origin), (city.id, reason)
                elif reason.kind == "country":
                    assert reason.values == (city.country,) == (peer.city.country,)
                elif reason.kind == "region":
                    assert city.country != peer.city.country
                    assert reason.values == (city.region,) == (peer.city.region,)
                elif reason.kind == "framework":
                    assert city.country == peer.city.country
                    assert set(reason.values) == {f.id for f in kb.frameworks.values() if f.country == city.country}
                elif reason.kind == "language":
                    assert city.country != peer.city.country
                    assert set(reason.values) <= set(languages_of(city)) & set(languages_of(peer.city))
                else:
                    assert reason.kind == "distance"
                    assert float(reason.values[0]) == pytest.approx(km(city, peer.city), abs=0.1)
                    assert f"{math.floor(peer.distance_km + 0.5):,} km apart" == reason.text
    assert checked > 500


def test_luton_and_mechelen_are_each_others_peers(kb: pracbase.KnowledgeBase) -> None:
    luton = kb.peers("luton")
    assert luton[0].city.id == "mechelen"
    assert "both in the icommit project" in [r.text for r in luton[0].reasons]
    # Mechelen's own peers are led by cities that share its prison and case work; Luton stays among them.
    assert "luton" in [p.city.id for p in kb.peers("malines", top=10)]


# --- the study-visit planner --------------------------------------------------------------


def test_radius_excludes_the_far_city(fkb: pracbase.KnowledgeBase) -> None:
    plan = fkb.plan_visit(themes=["prison-exit-reintegration"], near="twin-a", radius_km=200)
    assert {s.city.id for s in plan.stops} == {"twin-a", "twin-b"}
    assert plan.others == []
    unbounded = fkb.plan_visit(themes=["prison-exit-reintegration"])
    assert {s.city.id for s in unbounded.stops} == {"twin-a", "twin-b"}  # the two close together
    assert [s.city.id for s in unbounded.others] == ["far-d"]


def test_groups_never_host(fkb: pracbase.KnowledgeBase) -> None:
    plan = fkb.plan_visit(themes=["prison-exit-reintegration"])
    assert "group-f" not in [s.city.id for s in (*plan.stops, *plan.others)]


def test_visiting_city_needs_come_first(fkb: pracbase.KnowledgeBase) -> None:
    plan = fkb.plan_visit(from_city="Elder Twin", themes=["prison-exit-reintegration"])
    ranked = sorted((*plan.stops, *plan.others), key=lambda s: s.rank)
    assert [s.city.id for s in ranked] == ["twin-b", "far-d"]
    assert "twin-a" not in [s.city.id for s in ranked]  # nobody visits themselves
    assert [r.text for r in ranked[0].reasons] == [
        "1 practice on prison, probation, exit and reintegration",
        "faces extreme misogyny and far-right extremism, like Elder Twin",
        "in the PAIR project with Elder Twin",
        "13 km from Elder Twin",
    ]


def test_days_and_stops(fkb: pracbase.KnowledgeBase) -> None:
    one_day = fkb.plan_visit(themes=["prison-exit-reintegration"], near="twin-a", days=1)
    assert [s.day for s in one_day.stops] == [1, 1]
    assert one_day.stops[0].city.id == "twin-a" and one_day.stops[0].hop_km is None  # starts at --near
    assert one_day.stops[1].hop_km == pytest.approx(km(fkb.city("twin-a"), fkb.city("twin-b")), abs=0.1)
    three = fkb.plan_visit(themes=["prison-exit-reintegration"], near="twin-a", days=3)
    assert [s.day for s in three.stops] == [1, 2]


def test_filters_by_label_level_and_concern(fkb: pracbase.KnowledgeBase) -> None:
    youth = fkb.plan_visit(themes=["Jeunesse"])
    assert youth.themes == ("youth",) and [s.city.id for s in youth.stops] == ["near-c"]
    tertiary = fkb.plan_visit(level="tertiary", concern="gang-recruitment")
    assert [s.city.id for s in tertiary.stops] == ["far-d"]
    assert fkb.plan_visit(themes=["gender"]).stops == []


@pytest.mark.parametrize(("kwargs", "kind", "suggestion"), [
    ({"themes": ["prison"]}, "theme", "prison-exit-reintegration"),
    ({"themes": ["yuoth"]}, "theme", "youth"),
    ({"level": "tertiairy"}, "level", "tertiary"),
    ({"concern": "far-right"}, "concern", "far-right-extremism"),
    ({"near": "twin-c"}, "city", "twin-a"),
    ({"from_city": "elder twinn"}, "city", "twin-a"),
])
def test_unknown_values_suggest(fkb: pracbase.KnowledgeBase, kwargs: dict[str, object], kind: str,
                                suggestion: str) -> None:
    with pytest.raises(pracbase.NotFoundError) as caught:
        fkb.plan_visit(**kwargs)  # type: ignore[arg-type]
    assert caught.value.kind == kind
    assert suggestion in caught.value.suggestions


def test_bad_visit_options(fkb: pracbase.KnowledgeBase) -> None:
    with pytest.raises(pracbase.PracbaseError, match="needs a centre"):
        fkb.plan_visit(radius_km=100)
    with pytest.raises(pracbase.PracbaseError, match="at least one day"):
        fkb.plan_visit(days=0)


def test_languages_from_babel(kb: pracbase.KnowledgeBase) -> None:
    assert languages_of(kb.city("mechelen")) == ["nl", "fr", "de"]
    assert languages_of(kb.city("rotterdam")) == ["nl"]
    assert "ca" in languages_of(kb.city("catalonia"))  # regional, and the record names itself in Catalan
    assert languages_of(kb.city("cardiff")) == ["en", "cy"]
    assert languages_of(kb.city("luton")) == ["en"]
    stop = kb.plan_visit(themes=["prison-exit-reintegration"], near="mechelen", radius_km=20, lang="fr").stops[0]
    assert stop.language_names == ["néerlandais", "français", "allemand"]


def test_prison_visit_near_rotterdam(kb: pracbase.KnowledgeBase) -> None:
    rotterdam = kb.city("rotterdam")
    plan = kb.plan_visit(themes=["prison-exit-reintegration"], near="rotterdam", radius_km=200)
    assert {"the-hague", "rotterdam"} <= {s.city.id for s in plan.stops}
    assert len(plan.stops) <= STOPS_PER_DAY * plan.days
    assert [s.day for s in plan.stops] == sorted(s.day for s in plan.stops)  # type: ignore[type-var]
    for stop in (*plan.stops, *plan.others):
        assert km(rotterdam, stop.city) <= 200
        assert stop.practices
        for practice in stop.practices:
            assert "prison-exit-reintegration" in practice.themes and stop.city.id in practice.cities
    for a, b in itertools.combinations(plan.stops, 2):
        assert km(a.city, b.city) <= MAX_HOP_KM


def test_route_without_centre_stays_within_reach(kb: pracbase.KnowledgeBase) -> None:
    for days in (1, 2, 3):
        plan = kb.plan_visit(themes=["prison-exit-reintegration"], days=days)
        assert 0 < len(plan.stops) <= STOPS_PER_DAY * days
        for a, b in itertools.combinations(plan.stops, 2):
            assert km(a.city, b.city) <= MAX_HOP_KM
        for day in range(1, days + 1):
            assert sum(s.day == day for s in plan.stops) <= STOPS_PER_DAY


# --- the commands -------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_peers_command_json() -> None:
    code, out, _ = run("peers", "twin-a", "--path", str(PEERS), "--json", "--top", "2")
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == ["twin-b", "near-c"]
    for item in data:
        assert {"id", "name", "score", "reasons", "distance_km"} <= set(item)
        assert all(isinstance(r, str) for r in item["reasons"])


def test_peers_command_names_give_the_same_answer() -> None:
    answers = {run("peers", name, "--path", str(ROOT), "--json")[1] for name in ("malines", "Mechelen", "mechelen")}
    assert len(answers) == 1
    assert json.loads(answers.pop())[0]["id"]


def test_peers_command_text_in_french() -> None:
    code, out, _ = run("peers", "Jumelle-Aînée", "--path", str(PEERS), "--lang", "fr")
    assert code == 0
    assert out.startswith("Villes comparables à Jumelle-Aînée (Belgique)")
    assert f"distantes de 13{NBSP}km" in out


def test_visit_command_json() -> None:
    code, out, _ = run("visit", "--theme", "prison-exit-reintegration", "--near", "twin-a", "--radius-km", "200",
                       "--days", "1", "--path", str(PEERS), "--json")
    assert code == 0
    data = json.loads(out)
    assert [(d["city"], d["day"]) for d in data] == [("twin-a", 1), ("twin-b", 1)]
    for stop in data:
        assert {"city", "name", "practices", "reasons", "languages", "day"} <= set(stop)
        assert stop["languages"] == ["nl", "fr", "de"]
    assert data[0]["practices"] == ["twin-a-exit"]


def test_visit_command_text() -> None:
    code, out, _ = run("visit", "--theme", "prison-exit-reintegration", "--from", "twin-a", "--path", str(PEERS))
    assert code == 0
    assert "Day 1" in out and "Younger Twin (Belgium)" in out and "Also worth a visit" in out
    assert "languages of Belgium: Dutch, French, German" in out  # the country's, not said to be the city's


@pytest.mark.parametrize(("args", "message"), [
    (["peers", "nowhere"], "unknown city 'nowhere'"),
    (["peers", "malinnes"], "did you mean 'mechelen'?"),
    (["visit", "--theme", "prison"], "did you mean 'prison-exit-reintegration'?"),
    (["visit", "--level", "tertiairy"], "unknown level 'tertiairy'"),
    (["visit", "--near", "rotterdamm"], "did you mean 'rotterdam'?"),
    (["visit", "--radius-km", "100"], "a radius needs a centre"),
])
def test_commands_refuse_bad_input_clearly(args: list[str], message: str) -> None:
    code, _out, err = run(*args, "--path", str(ROOT))
    assert code == 1
    assert message in err


def test_brief_commands_on_the_real_data() -> None:
    for args in (["peers", "luton"], ["peers", "malines"],
                 ["visit", "--theme", "prison-exit-reintegration", "--near", "rotterdam", "--radius-km", "200"]):
        code, out, _ = run(*args, "--path", str(ROOT))
        assert code == 0 and out.strip()
