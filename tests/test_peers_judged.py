"""Peers a study-visit organiser would expect: a judged list, written from the records.

For ten cities of different regions, sizes and kinds of authority, the list below says which
peers an organiser of a study visit would expect to be proposed, and which they would not act
on, with the reason, read from the city records, their practices and projects (not from
what the code returns). The peer score (``pracbase.peers``) is judged against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import pracbase
from pracbase import peers as peer_module

TOP = 5


@dataclass(frozen=True)
class Judgement:
    """What an organiser expects among the ``TOP`` peers of ``city``."""

    city: str
    why: str
    first: tuple[str, ...] = ()           # the best peer is one of these
    expected: tuple[str, ...] = ()        # at least ``at_least`` of these are in the top
    at_least: int = 1
    excluded: tuple[str, ...] = ()        # none of these is in the top
    thin: bool | None = None              # whether the page should admit few comparable cities


JUDGED: tuple[Judgement, ...] = (
    Judgement(
        "busia",
        "A Kenyan border municipality with one practice: a learning visit to Cape Town. Cape Town "
        "is the city it learned from; its nearest comparable towns are across the border in "
        "Uganda (Masaka, Koboko). Polish, Bosnian, Pakistani or Spanish places 5,000 km away share "
        "nothing but values most cities have, and its profile is too thin for a confident list.",
        first=("cape-town",), expected=("cape-town", "masaka", "koboko"), at_least=2,
        excluded=("dabrowa-gornicza", "brcko-district", "sindh", "kumanovo", "malaga", "new-south-wales"),
        thin=True),
    Judgement(
        "masaka",
        "A Ugandan town working on youth employment and prison leavers. Koboko (Uganda) and Busia "
        "(on the Kenyan border) are the East African towns an organiser would pair it with; a "
        "whole Australian state is neither comparable nor reachable.",
        expected=("koboko", "busia"), at_least=2, excluded=("new-south-wales", "victoria", "british-columbia")),
    Judgement(
        "mechelen",
        "A Flemish city with a rich icommit partnership profile. Luton is its icommit partner; "
        "Vilvoorde, 15 km away, is the other Flemish city of the knowledge base with practices; "
        "Liège is the Belgian city with most projects in common.",
        first=("luton", "vilvoorde"), expected=("luton", "vilvoorde", "liege"), at_least=2),
    Judgement(
        "luton",
        "An English town with the richest risk landscape. Mechelen is its icommit partner; "
        "London and Cardiff are the British cities with practices (Greater Manchester is a "
        "metropolitan authority, a different scale).",
        first=("mechelen",), expected=("mechelen", "london", "cardiff"), at_least=2),
    Judgement(
        "malmo",
        "A Swedish city in Efus and four European projects. The other Swedish municipalities "
        "(Solna, Sollentuna, Landskrona, its Bounce partner next door) and its Nordic neighbours "
        "are what an organiser would look at first.",
        expected=("solna", "sollentuna", "landskrona", "aalborg", "helsinki"), at_least=2),
    Judgement(
        "new-south-wales",
        "An Australian state: its peers are states and provinces, first Victoria, the other "
        "Australian state, then British Columbia (a Canadian province), not towns.",
        first=("victoria",), expected=("victoria", "british-columbia"), at_least=2,
        excluded=("masaka", "busia", "koboko")),
    Judgement(
        "kumanovo",
        "A North Macedonian municipality with Community Action Teams. Čair and Gostivar (North "
        "Macedonia) and the Western Balkan towns facing violent extremism and polarisation "
        "(Novi Pazar, Pristina, Cerrik, Brčko) are its natural peers.",
        expected=("cair", "gostivar", "novi-pazar", "pristina", "cerrik", "brcko-district"), at_least=3),
    Judgement(
        "isiolo-county",
        "A Kenyan county sharing a youth and sport practice with Kwale and Nakuru counties: those "
        "two counties are its peers before any city.",
        first=("kwale-county", "nakuru-county"), expected=("kwale-county", "nakuru-county"), at_least=2),
    Judgement(
        "seattle",
        "A US city training its staff against hate and polarisation. New York City shares both "
        "concerns; the other North American cities (US and Canada) come next.",
        first=("new-york-city",),
        expected=("new-york-city", "stamford", "columbus", "aurora", "edmonton", "toronto"), at_least=3),
    Judgement(
        "rotterdam",
        "A Dutch city in Efus, Liaise and PREPARE. The Hague, 20 km away, shares its network and "
        "both projects; other Dutch and Flemish cities follow.",
        first=("the-hague",),
        expected=("the-hague", "amsterdam", "groningen", "eindhoven", "vilvoorde", "mechelen"), at_least=2),
)


@pytest.mark.parametrize("judgement", JUDGED, ids=[j.city for j in JUDGED])
def test_peers_match_what_an_organiser_expects(kb: pracbase.KnowledgeBase, judgement: Judgement) -> None:
    found = kb.peers(judgement.city, top=TOP)
    ids = [peer.city.id for peer in found]
    report = f"{judgement.city}: {ids}"
    if judgement.first:
        assert ids[0] in judgement.first, report
    assert len(set(ids) & set(judgement.expected)) >= judgement.at_least, report
    assert not set(ids) & set(judgement.excluded), report
    if judgement.thin is not None:
        assert peer_module.few_comparable(found) == judgement.thin, report


def test_no_printed_reason_is_a_near_universal_value(kb: pracbase.KnowledgeBase) -> None:
    """A reason names only values that distinguish: none most cities share."""
    index = kb.peer_index
    for city in kb.cities.values():
        if city.kind == "group":
            continue
        for peer in kb.peers(city.id, top=TOP):
            for reason in peer.reasons:
                if reason.kind in index.shares:
                    for value in reason.values:
                        assert index.shares[reason.kind][value] <= peer_module.PRINTED_SHARE, \
                            (city.id, peer.city.id, reason.kind, value)


def test_thin_profiles_score_low(kb: pracbase.KnowledgeBase) -> None:
    """Busia's one practice links it to Cape Town; nothing else in its profile says much."""
    busia = kb.peers("busia", top=TOP)
    luton = kb.peers("luton", top=TOP)
    assert busia[0].score < luton[0].score
    assert [peer.city.id for peer in busia if peer.solid] in ([], ["cape-town"])


def test_place_alone_never_makes_a_solid_peer(kb: pracbase.KnowledgeBase) -> None:
    """Being near, in the same country or speaking the same language is not evidence of likeness."""
    place = {"distance", "country", "framework", "region", "language"}
    checked = 0
    for city in kb.cities.values():
        if city.kind == "group":
            continue
        for peer in kb.peers(city.id, top=20):
            if {reason.kind for reason in peer.reasons} <= place:
                assert not peer.solid, (city.id, peer.city.id, peer.score)
                checked += 1
    assert checked > 100
