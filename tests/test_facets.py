"""The facet registry: one edit to ``pracbase.facets.FACETS`` reaches every output that groups by value."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.support import NullTranslations

import pracbase
from pracbase import export, facets
from pracbase.errors import NotFoundError
from pracbase.facets import Facet, facet
from pracbase.search import open_index
from pracbase.site import hubs
from pracbase.site.context import Context
from pracbase.site.explorer import explorer_data, explorer_page

STATUS = Facet("statuses", "status", "status", "Status", "statuses", pages=True,
               title="Statuses", intro="Whether a practice still runs.")
"""A facet that is not one today: the taxonomy's statuses, held by ``Practice.status``."""


@pytest.fixture
def with_status(kb: pracbase.KnowledgeBase) -> Iterator[pracbase.KnowledgeBase]:
    """The real records, in a fresh knowledge base built after registering :data:`STATUS` (and nothing else)."""
    facets.FACETS.append(STATUS)
    try:
        yield pracbase.KnowledgeBase.from_records(list(kb))
    finally:
        facets.FACETS.remove(STATUS)


def test_a_new_facet_reaches_every_output(with_status: pracbase.KnowledgeBase, tmp_path: Path) -> None:
    kb = with_status
    ongoing = sorted(p.id for p in kb.practices.values() if p.status == "ongoing")
    assert len(ongoing) >= 2  # the records have ongoing practices, and others

    # the query API and the graph's hubs
    assert [p.id for p in kb.find_practices(status="ongoing")] == ongoing
    assert [p.id for p in kb.graph.hub("status", "ongoing").practices] == ongoing

    # hub pages: an index of statuses and a page per status, listing its practices
    pages = hubs.pages(Context(kb, "en", NullTranslations()))
    assert "statuses/index.md" in pages and pages["statuses/index.md"].startswith("# Statuses")
    page = pages["statuses/ongoing.md"]
    assert all(f"../practices/{practice_id}.md" in page for practice_id in ongoing)
    assert "../practices/" + next(p.id for p in kb.practices.values() if p.status != "ongoing") + ".md" not in page

    # the explorer's data and form
    data = explorer_data(kb, "en")
    status = next(f for f in data["facets"] if f["key"] == "statuses")
    assert status["param"] == "status"
    assert {v["id"]: v["count"] for v in status["values"]}["ongoing"] == len(ongoing)
    assert all(p["statuses"] == [kb.practices[p["id"]].status] for p in data["practices"])
    assert 'data-facet="statuses" data-param="status"' in explorer_page(kb, "en", lambda s: s)

    # search filters (and a value named by its label)
    index = open_index(kb, tmp_path / "search")
    try:
        hits = index.search("prevention", "en", type="practice", status="Ongoing", limit=100)
        assert hits and {hit.id for hit in hits} <= set(ongoing)
        with pytest.raises(NotFoundError) as error:
            index.search("prevention", "en", status="ongoin")
        assert error.value.suggestions == ["ongoing"]
    finally:
        index.close()

    # exports: a CSV column, and schema.org's ``about``
    rows = list(csv.DictReader(io.StringIO(export.to_csv(kb))))
    assert {row["id"]: row["statuses"] for row in rows} == {p.id: p.status for p in kb.practices.values()}
    graph = json.loads(export.to_jsonld(kb))["@graph"]
    node = next(n for n in graph if n.get("identifier") == ongoing[0])
    assert {"@id": "urn:pracbase:taxonomy/statuses/ongoing"} in node["about"]


def test_without_the_new_facet_nothing_has_it(kb: pracbase.KnowledgeBase) -> None:
    """The counter-check of the test above: the outputs have no status facet today."""
    assert "statuses" not in {f["key"] for f in explorer_data(kb, "en")["facets"]}
    assert "statuses" not in next(csv.reader(io.StringIO(export.to_csv(kb))))
    with pytest.raises(NotFoundError, match="unknown filter 'status'"):
        kb.find_practices(status="ongoing")


@pytest.mark.parametrize(("name", "value", "code"), [
    ("country", "Belgium", "BE"), ("country", "belgique", "BE"), ("country", "be", "BE"),
    ("region", "Western Europe", "155"), ("region", "Europe de l’Ouest", "155"), ("region", "155", "155"),
    ("theme", "Jeunesse", "youth"), ("theme", "youth", "youth"), ("level", "tertiary prevention", "tertiary"),
])
def test_one_resolver_takes_codes_and_names_in_any_language(name: str, value: str, code: str) -> None:
    assert facet(name).resolve(value) == code


@pytest.mark.parametrize(("name", "value", "suggestion"), [
    ("country", "Belgum", "BE"), ("region", "Westen Europe", "155"), ("theme", "yoth", "youth")])
def test_the_resolver_suggests_the_closest_values(name: str, value: str, suggestion: str) -> None:
    with pytest.raises(NotFoundError) as error:
        facet(name).resolve(value)
    assert error.value.value == value and suggestion in error.value.suggestions
