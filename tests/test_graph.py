"""The link graph: neighbours, hubs, city profiles and related practices, computed once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pracbase
from pracbase.graph import overlap
from tests.conftest import FIXTURES

PEERS = FIXTURES / "peers"


@pytest.fixture(scope="module")
def fkb() -> pracbase.KnowledgeBase:
    """The peer-city fixture tree (see tests/fixtures/peers/README.md)."""
    return pracbase.load(PEERS)


def ids(records: object) -> list[str]:
    return [r.id for r in records]  # type: ignore[attr-defined]


def test_graph_is_computed_once(fkb: pracbase.KnowledgeBase) -> None:
    assert fkb.graph is fkb.graph


def test_neighbours_of_each_record_type(fkb: pracbase.KnowledgeBase) -> None:
    practice = fkb.neighbours(fkb.practice("twin-a-exit"))
    assert ids(practice.cities) == ["twin-a"]
    assert ids(practice.projects) == ["pair"]
    assert ids(practice.frameworks) == ["be-mandate"]

    city = fkb.neighbours(fkb.city("twin-b"))
    assert ids(city.practices) == ["twin-b-exit"]
    assert ids(city.projects) == ["pair"]
    assert ids(city.frameworks) == ["be-mandate"]

    project = fkb.neighbours(fkb.project("PAIR"))
    assert ids(project.cities) == ["twin-a", "twin-b"]
    assert ids(project.practices) == ["twin-a-exit", "twin-b-exit"]
    assert ids(project.frameworks) == ["be-mandate"]

    framework = fkb.neighbours(fkb.framework("be-mandate"))
    assert ids(framework.cities) == ["group-f", "twin-a", "twin-b"]
    assert ids(framework.practices) == ["group-f-exit", "twin-a-exit", "twin-b-exit"]

    assert fkb.neighbours(fkb.city("lonely-e")).frameworks == ()


def test_hubs(fkb: pracbase.KnowledgeBase) -> None:
    hub = fkb.graph.hub("theme", "prison-exit-reintegration")
    assert ids(hub.practices) == ["far-d-prison", "group-f-exit", "twin-a-exit", "twin-b-exit"]
    assert ids(hub.cities) == ["far-d", "group-f", "twin-a", "twin-b"]
    assert ids(fkb.graph.hub("region", "155").cities) == ["group-f", "near-c", "twin-a", "twin-b"]
    assert ids(fkb.graph.hub("country", "NL").practices) == ["near-c-youth"]
    # a city's own concerns put it in the hub even without a practice on it
    assert "near-c" in ids(fkb.graph.hub("concern", "islamist-extremism").cities)
    assert fkb.graph.hub("theme", "sport").practices[0].id == "lonely-e-sport"
    assert fkb.graph.hub("theme", "gender").practices == ()
    with pytest.raises(ValueError, match="unknown hub kind"):
        fkb.graph.hub("colour", "blue")


def test_city_profile_joins_city_and_practice_values(kb: pracbase.KnowledgeBase) -> None:
    profile = kb.graph.profiles["luton"]
    assert set(kb.city("luton").concerns) <= profile.concerns
    assert "intercommunal-tension" in profile.concerns  # from a practice, not the city record
    assert profile.projects == {"icommit"}
    assert profile.levels == {"primary", "secondary"}


def test_related_practices_by_construction(fkb: pracbase.KnowledgeBase) -> None:
    related = fkb.related_practices("twin-a-exit", top=10)
    assert [r.practice.id for r in related][:2] == ["twin-b-exit", "group-f-exit"]
    assert related[0].shared == {
        "projects": ("pair",), "themes": ("multi-agency", "prison-exit-reintegration"),
        "concerns": ("extreme-misogyny", "far-right-extremism"), "target_groups": ("offenders-prisoners",),
        "levels": ("tertiary",)}
    assert "twin-a-exit" not in [r.practice.id for r in related]
    assert "lonely-e-sport" not in [r.practice.id for r in related]  # shares nothing
    assert all(0 < r.score <= 1 for r in related)
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_related_unknown_practice(fkb: pracbase.KnowledgeBase) -> None:
    with pytest.raises(pracbase.NotFoundError) as caught:
        fkb.related_practices("twin-a-exi")
    assert caught.value.suggestions[0] == "twin-a-exit"


def test_related_practices_share_what_they_say(kb: pracbase.KnowledgeBase) -> None:
    """On the real data: every shared item is really in both practices."""
    for practice in kb.practices.values():
        for related in kb.related_practices(practice.id):
            assert related.practice.id != practice.id
            assert related.shared, (practice.id, related.practice.id)
            for kind, values in related.shared.items():
                assert set(values) <= set(getattr(practice, kind)) & set(getattr(related.practice, kind))


def test_graph_never_rereads_files(tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(PEERS, copy)
    kb = pracbase.load(copy)
    shutil.rmtree(copy)
    assert kb.related_practices("twin-a-exit")[0].practice.id == "twin-b-exit"
    assert kb.peers("twin-a")[0].city.id == "twin-b"
    assert kb.neighbours(kb.city("twin-a")).practices[0].id == "twin-a-exit"


def test_overlap() -> None:
    def one(_: str) -> float:
        return 1.0

    assert overlap({"a", "b"}, {"a", "b"}, one) == pytest.approx(1.0)
    assert overlap({"a"}, {"b"}, one) == 0.0
    assert overlap({"a", "b"}, {"a"}, one) == pytest.approx(1 / 2 ** 0.5)
