"""Full-text search: relevance on the real records, filters, odd queries, the on-disk cache.

The expected hits below were chosen by reading the records (titles, summaries and
descriptions in practices/, cities/, projects/, frameworks/), not by copying the engine's
output: each comment says what in the record makes it an answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import pracbase
from pracbase import _index, search
from pracbase.cli import main
from pracbase.errors import NotFoundError
from pracbase.search import Hit, SearchIndex

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def index(kb: pracbase.KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The real knowledge base's index, built once into a temporary cache."""
    return search.open_index(kb, tmp_path_factory.mktemp("search-cache"))


def keys(hits: list[Hit]) -> list[str]:
    return [f"{hit.type}:{hit.id}" for hit in hits]


# --- relevance ---------------------------------------------------------------------------

RELEVANCE: list[tuple[str, str, list[str]]] = [
    # French, accents left out: Malmö's mothers' groups (fr summary: « Malmö … des mères »)
    ("malmo meres", "fr", ["practice:malmo-mammakraft"]),
    ("malmo mothers", "en", ["practice:malmo-mammakraft"]),
    # en titles: "support on release from prison" (Mechelen), summary "released from prison" (Masaka)
    ("prison release", "en", ["practice:mechelen-prison-protocol", "practice:masaka-prison-leavers-reintegration"]),
    # fr titles: « accompagnement des sorties de prison », « pour la sortie de prison »
    ("sortie de prison", "fr", ["practice:mechelen-prison-protocol",
                                "practice:catalonia-multi-agency-release-case-management"]),
    # the only record with both words is the PREPARE project (« la probation … la réinsertion »)
    ("réinsertion probation", "fr", ["project:prepare"]),
    # « réinsertion » in the titles of Masaka's and Sarcelles's practices, and PREPARE's summary
    ("reinsertion", "fr", ["practice:masaka-prison-leavers-reintegration",
                           "practice:sarcelles-young-offenders-citizenship-training", "project:prepare"]),
    # typos
    ("radicalisaton prison", "fr", ["practice:the-hague-prison-probation-radicalisation-prevention"]),
    ("polarisaton workplace", "en", ["practice:seattle-workplace-hate-polarisation-training"]),
    ("mediaton communautaire", "fr", ["practice:l-hospitalet-de-llobregat-community-mediation"]),
    ("Wegweizer", "fr", ["practice:dusseldorf-wegweiser"]),
    # city names without their accents or in the other language
    ("Dusseldorf", "fr", ["city:dusseldorf", "practice:dusseldorf-wegweiser"]),
    ("Cair jeunes", "fr", ["practice:cair-youth-community-centre"]),
    ("Dabrowa Gornicza", "en", ["city:dabrowa-gornicza", "practice:dabrowa-gornicza-local-prevention-team"]),
    ("La Haye", "fr", ["city:the-hague", "practice:the-hague-returnee-manual"]),
    ("Malines", "fr", ["city:mechelen", "practice:mechelen-prison-protocol"]),
    ("Vilvoorde", "en", ["city:vilvoorde", "practice:vilvoorde-formers-exit-sweden-case-management"]),
    # fr titles: « réfugiés ukrainiens » in Wrocław and Bratislava
    ("refugies ukrainiens", "fr", ["practice:wroclaw-integration-centre",
                                   "practice:bratislava-ukrainian-refugee-crisis-centre"]),
    # project acronyms
    ("PREPARE", "en", ["project:prepare"]),
    ("BOUNCE", "fr", ["project:bounce"]),
    ("LIAISE", "fr", ["project:liaise-1", "project:liaise-2"]),
    ("MotherSchools", "en", ["practice:pristina-motherschools"]),
    ("icommit Luton", "en", ["practice:luton-prevent-multi-agency-partnership"]),
    # phrases
    ('"case meetings"', "en", ["practice:mechelen-case-meetings"]),
    ('"groupes de mères"', "fr", ["practice:malmo-mammakraft"]),  # fr description: « des groupes de mères »
    ('"Exit Sweden"', "en", ["practice:vilvoorde-formers-exit-sweden-case-management",
                             "practice:rotterdam-exit-sweden-probation-training",
                             "practice:sollentuna-probation-exit-sweden-workshop"]),
    ("« Manuel du revenant »", "fr", ["practice:the-hague-returnee-manual"]),
    # found through the other language's text
    ("mothers", "fr", ["practice:malmo-mammakraft", "practice:pristina-motherschools"]),
    ("haine en ligne", "en", ["practice:malmo-safe-digital-cities"]),
    # topics, in both languages
    ("online hate", "en", ["practice:malmo-safe-digital-cities"]),
    ("anti-racism strategy", "en", ["practice:edmonton-anti-racism-strategy"]),
    ("sport jeunes", "fr", ["practice:gostivar-youth-development-through-sport",
                            "practice:kenya-counties-youth-development-through-sport"]),
    ("interfaith council", "en", ["practice:monrovia-interfaith-council"]),
    ("salafisme", "fr", ["practice:augsburg-salafism-prevention-network", "practice:dusseldorf-wegweiser"]),
    ("urbanisme genre", "fr", ["practice:rabat-gender-responsive-urban-planning"]),
    ("restorative justice", "en", ["practice:the-hague-restorative-justice-northern-ireland"]),
    ("returnees", "en", ["practice:the-hague-returnee-manual",
                         "practice:berlin-rehabilitation-reintegration-strategy"]),
    # country frameworks: "what mandate do cities have in country X"
    ("kenya county action plans", "en", ["framework:kenya-county-action-plans"]),
    ("mandat prévention France", "fr", ["framework:france-local-prevention-mandate"]),
    ("Prevent duty", "en", ["framework:uk-prevent-duty"]),
    # a prefix
    ("Wegw*", "en", ["practice:dusseldorf-wegweiser"]),
]


@pytest.mark.parametrize(("query", "lang", "expected"), RELEVANCE, ids=[f"{q}-{lang}" for q, lang, _ in RELEVANCE])
def test_relevance(index: SearchIndex, query: str, lang: str, expected: list[str]) -> None:
    found = keys(index.search(query, lang, limit=5))
    assert set(expected) <= set(found), f"{query!r} ({lang}) top 5: {found}"


def test_enough_relevance_queries_in_both_languages() -> None:
    assert len(RELEVANCE) >= 25
    assert {lang for _, lang, _ in RELEVANCE} == {"fr", "en"}


def test_typo_finds_what_the_right_spelling_finds(index: SearchIndex) -> None:
    right = keys(index.search("radicalisation", "fr", limit=5))
    typo = index.search("radicalisaton", "fr", limit=5)
    assert typo and {hit.match for hit in typo} == {"fuzzy"}
    assert keys(typo)[0] in right
    assert all("radicalisation" in hit.snippet.lower() for hit in typo)


def test_a_typo_is_corrected_once_per_open_index(kb: pracbase.KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    index = search.SearchIndex(kb, _index.build_in_memory(kb), search.Sync("built"))
    calls: list[str] = []
    real = search.corrections

    def counted(reader, fieldname, word, term, n=3):  # type: ignore[no-untyped-def]
        calls.append(word)
        return real(reader, fieldname, word, term, n)

    monkeypatch.setattr(search, "corrections", counted)
    first = keys(index.search("medaition", "en", limit=5))
    asked = len(calls)
    assert first and asked > 0
    assert keys(index.search("medaition", "en", limit=5)) == first
    assert len(calls) == asked  # the second time, the corrections are looked up
    index.close()


def test_accents_do_not_matter(index: SearchIndex) -> None:
    assert keys(index.search("réinsertion", "fr")) == keys(index.search("reinsertion", "fr"))
    assert keys(index.search("Malmö", "en")) == keys(index.search("MALMO", "en"))


def test_exact_hits_come_before_looser_ones(index: SearchIndex) -> None:
    hits = index.search("malmo meres", "fr")
    stages = [search.STAGES.index(hit.match) for hit in hits]
    assert stages == sorted(stages)
    assert hits[0].match == "exact" and len(hits) > 1


@pytest.mark.parametrize(("query", "lang", "first"), [
    ("Malines", "fr", "city:mechelen"),  # the city's French name; its practices only mention it
    ("PREPARE", "en", "project:prepare"),
    ("Dusseldorf", "en", "city:dusseldorf"),
    ("malmo meres", "fr", "practice:malmo-mammakraft"),  # not the city, whose summary retells it
])
def test_first_hit(index: SearchIndex, query: str, lang: str, first: str) -> None:
    assert keys(index.search(query, lang))[0] == first


def test_other_language_only_when_the_first_finds_nothing(index: SearchIndex) -> None:
    assert {hit.match for hit in index.search("mothers", "fr")} == {"other-language"}
    assert {hit.match for hit in index.search("mothers", "en")} == {"exact"}


def test_phrase_is_stricter_than_its_words(index: SearchIndex) -> None:
    phrase = index.search('"Exit Sweden"', "en", limit=50)
    words = index.search("Exit Sweden", "en", limit=50)
    assert 0 < len(phrase) <= len(words)


def test_kb_search_uses_the_open_index(kb: pracbase.KnowledgeBase, index: SearchIndex) -> None:
    assert search.index_of(kb) is index
    assert keys(kb.search("malmo meres"))[0] == "practice:malmo-mammakraft"


# --- hits and snippets ----------------------------------------------------------------------


def test_snippet_is_plain_text_with_markers(index: SearchIndex) -> None:
    hit = index.search("malmo meres", "fr")[0]
    assert "**Malmö**" in hit.snippet and "**mères**" in hit.snippet
    for hit in index.search("prévention radicalisation jeunes", "fr", limit=20):
        assert "<" not in hit.snippet and "](" not in hit.snippet
        assert hit.snippet.count("**") % 2 == 0


def test_snippet_in_the_language_the_hit_was_found_in(index: SearchIndex) -> None:
    hit = index.search("mothers", "fr")[0]
    assert "**mothers**" in hit.snippet
    assert hit.title == hit.record.heading_in("fr")


def test_hit_as_dict(index: SearchIndex) -> None:
    data = index.search("Vilvoorde", "en")[0].as_dict()
    assert {"id", "type", "title", "score", "cities", "snippet", "match"} <= set(data)
    assert json.loads(json.dumps(data)) == data
    assert "vilvoorde" in data["cities"]


# --- filters ---------------------------------------------------------------------------------


def test_filters_restrict_hits(kb: pracbase.KnowledgeBase, index: SearchIndex) -> None:
    hits = index.search("prison", "fr", level="tertiary", limit=50)
    assert hits and all(hit.type in ("practice", "guide") and "tertiary" in hit.record.levels for hit in hits)
    hits = index.search("jeunes", "fr", theme="youth", limit=50)
    assert hits and all("youth" in hit.record.themes for hit in hits)
    hits = index.search("radicalisation", "en", type="city", limit=50)
    assert hits and all(hit.type == "city" for hit in hits)
    hits = index.search("prevention", "en", country="be", limit=50)
    assert hits and all(hit.record.country == "BE" if hit.type == "framework"
                        else any(kb.cities[c].country == "BE" for c in hit.cities) for hit in hits)
    hits = index.search("prevention", "en", region="014", type="practice", limit=50)  # Eastern Africa
    assert hits and all(any(kb.cities[c].region == "014" for c in hit.cities) for hit in hits)
    hits = index.search("mandate", "en", type="framework", country="FR")
    assert keys(hits) == ["framework:france-local-prevention-mandate"]


@pytest.mark.parametrize(("filters", "suggestion"), [
    ({"theme": "yuoth"}, "youth"),
    ({"level": "tertiairy"}, "tertiary"),
    ({"type": "practices"}, "practice"),
    ({"country": "Belgiqe"}, "BE"),
    ({"region": "Europe de l'Oust"}, "155"),
    ({"concern": "far-rigth-extremism"}, "far-right-extremism"),
])
def test_unknown_filter_value_suggests(index: SearchIndex, filters: dict[str, str], suggestion: str) -> None:
    with pytest.raises(NotFoundError) as error:
        index.search("prison", "fr", **filters)
    assert suggestion in error.value.suggestions


def test_filter_values_are_names_in_any_language(index: SearchIndex) -> None:
    """A country, region or theme may be named as the reader knows it: the same hits as its code."""
    def found(**filters: str) -> list[str]:
        return keys(index.search("prevention", "en", limit=50, **filters))

    assert found(country="Belgique") == found(country="Belgium") == found(country="BE") != []
    assert found(region="Western Europe") == found(region="155") != []
    assert found(theme="Youth") == found(theme="jeunesse") == found(theme="youth") != []


def test_unknown_language(index: SearchIndex) -> None:
    with pytest.raises(NotFoundError, match="unknown language 'de'"):
        index.search("prison", "de")


# --- odd queries --------------------------------------------------------------------------------

ODD = ['"', '""', "*", "**", "(", ")", ":", "AND", "OR NOT", '"prison', "title:prison", "prison~2", "^3",
       "\\", "[a TO z]", "prison AND (", "*prison", "{}", "'", "l'extrémisme", "a" * 300, "prison " * 60,
       "🙂", "\x00", "NOT", "-", "+prison -release", "radical*", "p*"]


@pytest.mark.parametrize("query", ODD)
def test_odd_queries_never_raise(index: SearchIndex, query: str) -> None:
    for lang in ("fr", "en"):
        assert isinstance(index.search(query, lang), list)


@pytest.mark.parametrize("query", ["", "   ", "\n", "()", '""', "* * *", "the and of", "?"])
def test_empty_query_has_no_hits(index: SearchIndex, query: str) -> None:
    assert index.search(query, "en") == []


def test_syntax_characters_are_ordinary_text(index: SearchIndex) -> None:
    assert keys(index.search("(malmo) : meres!", "fr"))[:1] == ["practice:malmo-mammakraft"]


# --- the cache --------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_cache_is_reused(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = search.open_index(pracbase.load(tree), cache)
    assert first.sync.status == "built" and len(first.sync.reindexed) == 7
    second = search.open_index(pracbase.load(tree), cache)
    assert second.sync.status == "reused" and second.sync.reindexed == ()
    assert second.sync.directory == first.sync.directory


def test_default_cache_is_under_the_root(tree: Path) -> None:
    kb = pracbase.load(tree)
    assert kb.search("prison", "en")[0].id == "beta-prison-exit"
    assert (tree / ".cache" / "search" / "CURRENT").is_file()


def test_only_the_changed_record_is_reindexed(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    search.open_index(pracbase.load(tree), cache)
    edit(tree / "practices" / "alpha-case-meetings.yml", "It meets every month.", "It meets in a zanzibarique.")
    kb = pracbase.load(tree)
    opened = search.open_index(kb, cache)
    assert opened.sync.status == "updated"
    assert opened.sync.reindexed == ("practice:alpha-case-meetings",)
    assert keys(opened.search("zanzibarique", "en")) == ["practice:alpha-case-meetings"]
    before = '"meets every month"'  # the sentence the edit replaced: no longer in the index
    assert "practice:alpha-case-meetings" not in keys(opened.search(before, "en"))
    assert keys(opened.search("prison", "en"))[0] == "practice:beta-prison-exit"  # the others are still there
    assert search.open_index(pracbase.load(tree), cache).sync.status == "reused"


def test_update_leaves_the_previous_index_intact(tree: Path, tmp_path: Path) -> None:
    """The update works in a hard-linked copy: the index it copied still answers as before."""
    cache = tmp_path / "cache"
    first = search.open_index(pracbase.load(tree), cache)
    first.close()
    edit(tree / "practices" / "beta-prison-exit.yml", "Beta supports people leaving prison.", "Beta runs a xylophone.")
    second = search.open_index(pracbase.load(tree), cache)
    assert second.sync.status == "updated" and second.sync.directory != first.sync.directory
    old = search.SearchIndex(second.kb, _index._open(first.sync.directory), first.sync)
    assert keys(old.search("xylophone", "en")) == []
    assert "practice:beta-prison-exit" in keys(old.search("leaving", "en"))
    assert keys(second.search("xylophone", "en")) == ["practice:beta-prison-exit"]


def test_renamed_city_reindexes_what_names_it(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    search.open_index(pracbase.load(tree), cache)
    edit(tree / "cities" / "alpha.yml", "en: Alpha City}", "en: Alpha Metropolis}")
    opened = search.open_index(pracbase.load(tree), cache)
    assert set(opened.sync.reindexed) == {"city:alpha", "practice:alpha-case-meetings",
                                          "practice:beta-prison-exit", "project:gamma"}
    assert "practice:beta-prison-exit" in keys(opened.search("metropolis", "en"))


def test_removed_record_is_dropped(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    search.open_index(pracbase.load(tree), cache)
    (tree / "frameworks" / "belgium-mandate.yml").unlink()
    opened = search.open_index(pracbase.load(tree), cache)
    assert opened.sync.removed == ("framework:belgium-mandate",) and opened.sync.reindexed == ()
    assert "framework:belgium-mandate" not in keys(opened.search("mandat", "fr", limit=50))


def _crash(tree: Path, cache: Path, patch: str) -> subprocess.CompletedProcess[str]:
    """Open the index of ``tree`` in a fresh process that dies (os._exit) where ``patch`` says."""
    script = "\n".join([
        "import os, sys", "import whoosh.writing", "import pracbase", "from pracbase import _index, search",
        patch,
        "search.open_index(pracbase.load(sys.argv[1]), sys.argv[2])",
    ])
    return subprocess.run([sys.executable, "-c", script, str(tree), str(cache)], capture_output=True, text=True,
                          cwd=ROOT, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})


CRASHES = {
    # the process dies while Whoosh writes the new segment
    "mid-write": "whoosh.writing.SegmentWriter.commit = lambda self, *a, **k: os._exit(3)",
    # the process dies after the new index is complete and renamed, before it is made current
    "before-swap": textwrap.dedent("""\
        write = _index.write_atomic
        def crash(path, text):
            if path.name == "CURRENT":
                os._exit(3)
            write(path, text)
        _index.write_atomic = crash"""),
}


@pytest.mark.parametrize("moment", list(CRASHES))
@pytest.mark.parametrize("kind", ["update", "full build"])
def test_crash_leaves_the_previous_index_current(tree: Path, tmp_path: Path, moment: str, kind: str) -> None:
    cache = tmp_path / "cache"
    before = search.open_index(pracbase.load(tree), cache)
    before.close()
    edit(tree / "practices" / "alpha-case-meetings.yml", "It meets every month.", "It meets in a zanzibarique.")
    if kind == "full build":  # a new format forces a full rebuild in the crashing process
        manifest = before.sync.directory / "manifest.json"
        manifest.write_text(manifest.read_text().replace("pracbase-search/", "pracbase-search/old-"))
    result = _crash(tree, cache, CRASHES[moment])
    assert result.returncode == 3, result.stderr
    assert (cache / "CURRENT").read_text().strip() == before.sync.directory.name
    leftovers = [p.name for p in cache.iterdir() if p.name.startswith(("build-", "ix-"))]
    assert len(leftovers) == 2  # the current index and what the crash left behind
    if kind == "update":  # the previous index is still trusted, and answers
        edit(tree / "practices" / "alpha-case-meetings.yml", "It meets in a zanzibarique.", "It meets every month.")
        reopened = search.open_index(pracbase.load(tree), cache)
        assert reopened.sync.status == "reused"
        assert keys(reopened.search("monthly meets", "en"))[:1] == ["practice:alpha-case-meetings"]
        edit(tree / "practices" / "alpha-case-meetings.yml", "It meets every month.", "It meets in a zanzibarique.")
    recovered = search.open_index(pracbase.load(tree), cache)
    assert recovered.sync.status == ("updated" if kind == "update" else "built")
    assert keys(recovered.search("zanzibarique", "en")) == ["practice:alpha-case-meetings"]


def test_failed_update_gives_way_to_a_rebuild(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    search.open_index(pracbase.load(tree), cache)
    edit(tree / "practices" / "alpha-case-meetings.yml", "It meets every month.", "It meets in a zanzibarique.")

    def fail(*args: object) -> None:
        raise RuntimeError("disk says no")

    monkeypatch.setattr(_index, "_update", fail)
    opened = search.open_index(pracbase.load(tree), cache)
    assert opened.sync.status == "built"
    assert keys(opened.search("zanzibarique", "en")) == ["practice:alpha-case-meetings"]


def test_broken_index_is_rebuilt_not_trusted(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    opened = search.open_index(pracbase.load(tree), cache)
    opened.close()
    postings = sorted(opened.sync.directory.glob("*.pst"))
    assert postings  # the segments' files, one per kind (see _index.COMPOUND)
    postings[0].unlink()
    assert search.open_index(pracbase.load(tree), cache).sync.status == "built"
    rebuilt = search.open_index(pracbase.load(tree), cache)
    terms = sorted(rebuilt.sync.directory.glob("*.trm"))[0]
    rebuilt.close()
    terms.write_bytes(terms.read_bytes()[:-1])  # cut short
    assert search.open_index(pracbase.load(tree), cache).sync.status == "built"
    (cache / "CURRENT").write_text("ix-does-not-exist\n")
    assert search.open_index(pracbase.load(tree), cache).sync.status == "built"


def test_unwritable_cache_or_no_root_indexes_in_memory(tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    opened = search.open_index(pracbase.load(tree), blocker / "cache")
    assert opened.sync.status == "built" and opened.sync.directory is None
    assert opened.search("prison", "en")[0].id == "beta-prison-exit"
    kb = pracbase.KnowledgeBase.from_records(list(pracbase.load(tree)))
    assert kb.search("prison", "en")[0].id == "beta-prison-exit"


def test_analyzer_folds_stems_and_drops_stop_words() -> None:
    fr, en = _index.ANALYZERS["fr"], _index.ANALYZERS["en"]
    assert fr.terms("La réinsertion des mères") == fr.terms("la REINSERTION des meres") == ["reinsert", "mer"]
    assert en.terms("the mothers' groups") == ["mother", "group"]
    assert _index.ANALYZERS[None].terms("Dąbrowa Górnicza, Çair") == ["dabrowa", "gornicza", "cair"]


# --- the command line -------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_search_text(tree: Path) -> None:
    code, out, _ = run("search", "sortie de prison", "--path", str(tree))
    assert code == 0
    assert "Accompagnement à la sortie de prison" in out and "beta-prison-exit" in out and "**" in out


def test_cli_search_json(tree: Path) -> None:
    code, out, _ = run("search", "prison", "--lang", "en", "--json", "--path", str(tree), "--limit", "1")
    assert code == 0
    [hit] = json.loads(out)
    assert hit["id"] == "beta-prison-exit" and hit["type"] == "practice"
    assert hit["cities"] == ["beta", "alpha"] and isinstance(hit["score"], float) and hit["title"]


def test_cli_search_filters(tree: Path) -> None:
    code, out, _ = run("search", "police", "--lang", "en", "--json", "--type", "practice", "--level", "secondary",
                       "--country", "BE", "--region", "155", "--theme", "youth", "--path", str(tree))
    assert code == 0 and [h["id"] for h in json.loads(out)] == ["alpha-case-meetings"]


@pytest.mark.parametrize(("args", "message"), [
    (["--theme", "yuoth"], "unknown theme 'yuoth' (did you mean 'youth'?)"),
    (["--type", "cities"], "did you mean 'city'"),
    (["--country", "XY"], "unknown country 'XY'"),
])
def test_cli_unknown_values_exit_1(tree: Path, args: list[str], message: str) -> None:
    code, _, err = run("search", "prison", "--path", str(tree), *args)
    assert code == 1 and message in err and "Traceback" not in err


def test_cli_search_languages_are_the_records(tree: Path) -> None:
    code, _, err = run("search", "prison", "--path", str(tree), "--lang", "de")
    assert code == 2 and "--lang" in err and "'de'" in err and "Traceback" not in err  # a usage error


def test_cli_empty_query_exits_1(tree: Path) -> None:
    code, _, err = run("search", "  ", "--path", str(tree))
    assert code == 1 and "nothing to search for" in err


def test_cli_no_hits_says_so(tree: Path) -> None:
    code, out, err = run("search", "xylophone", "--path", str(tree))
    assert code == 0 and out == "" and "no record matches 'xylophone'" in err
    code, out, _ = run("search", "xylophone", "--json", "--path", str(tree))
    assert code == 0 and json.loads(out) == []
