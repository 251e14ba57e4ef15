"""The developer pages of the site: the tutorial runs, the API and CLI references are complete."""

from __future__ import annotations

import ast
import doctest
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest
from babel.support import NullTranslations
from mkdocstrings._internal.extension import AutoDocProcessor

import pracbase
from pracbase import i18n
from pracbase.cli import main
from pracbase.site import developers, markup, paths
from pracbase.site.context import Context
from pracbase.site.generate import generate
from tests.conftest import ROOT

CODE_BLOCK = re.compile(r"^```(?P<lang>[a-z]+)\n(?P<code>.*?)^```", re.MULTILINE | re.DOTALL)


class Text(HTMLParser):
    """The ids and the text of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.parts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def page(site: Path, lang: str, source: str) -> Text:
    return Text((site / lang / paths.url(source) / "index.html").read_text(encoding="utf-8"))


# --- the tutorial ----------------------------------------------------------------------------


def code_blocks(markdown: str) -> list[tuple[int, str, str]]:
    """The fenced code blocks of ``markdown``: line number, language, code."""
    return [(markdown.count("\n", 0, m.start()) + 2, m["lang"], m["code"]) for m in CODE_BLOCK.finditer(markdown)]


def test_every_python_block_of_the_tutorial_runs(built_site: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The tutorial's ``python`` blocks run and its ``pycon`` blocks print what they show, in
    order, in one namespace, from a folder holding the real records and the built site."""
    # copies: records are never read through a link
    for folder in ("practices", "cities", "projects", "frameworks", "sources"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "site").symlink_to(built_site)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the tutorial's temporary folders
    blocks = [(line, lang, code) for line, lang, code in code_blocks(developers.tutorial_source())
              if lang in ("python", "pycon")]
    assert len(blocks) >= 10
    namespace: dict[str, object] = {"__name__": "tutorial"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    parser = doctest.DocTestParser()
    for line, lang, code in blocks:
        if lang == "python":
            exec(compile(code, f"tutorial.md:{line}", "exec"), namespace)
            continue
        test = parser.get_doctest(code, namespace, f"tutorial.md:{line}", "tutorial.md", line - 1)
        result = runner.run(test, clear_globs=False)
        namespace.update(test.globs)  # DocTest runs in a copy of the namespace
        assert result.failed == 0, f"the pycon block at tutorial.md:{line} does not print what it shows"
    assert not list(ROOT.glob("practices.csv")), "the tutorial wrote into the repository"


def test_tutorial_shell_commands_exist() -> None:
    for _line, lang, code in code_blocks(developers.tutorial_source()):
        for command in re.findall(r"pracbase ([a-z-]+)((?: [^#\n]*)?)", code if lang == "sh" else ""):
            name, options = command
            assert name in main.commands, f"`pracbase {name}` is not a command"
            known = {opt for param in main.commands[name].params for opt in getattr(param, "opts", [])}
            assert set(re.findall(r"--[a-z-]+", options)) <= known, options


def test_tutorial_headings_are_translated_and_its_body_marked_english(small_kb: pracbase.KnowledgeBase) -> None:
    headings = re.findall(r"^## (.+)$", developers.tutorial_source(), flags=re.MULTILINE)
    assert headings and set(headings) <= set(developers.TUTORIAL_HEADINGS)
    french = generate(small_kb, "fr", i18n.translations("fr"))[paths.DEVELOPERS]
    assert french.startswith("# Pour les développeurs")
    assert "## Charger une base de connaissances" in french
    assert '<div lang="en" markdown>' in french and "```pycon" in french
    english = generate(small_kb, "en", i18n.translations("en"))[paths.DEVELOPERS]
    assert "## Load a knowledge base" in english and '<div lang="en"' not in english


def test_unknown_tutorial_heading_fails_the_build(small_kb: pracbase.KnowledgeBase,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(developers, "tutorial_source", lambda: "# T\n\n## Not in the catalogs\n\ntext\n")
    with pytest.raises(ValueError, match="TUTORIAL_HEADINGS"):
        generate(small_kb, "en", i18n.translations("en"))


def test_developer_pages_in_every_language(built_site: Path) -> None:
    titles = {"fr": "Pour les développeurs", "en": "For developers", "de": "Für Entwickler"}
    for lang in i18n.BUILD_LANGUAGES:
        home = (built_site / lang / "index.html").read_text(encoding="utf-8")
        assert 'href="developers/"' in home, f"{lang}: no navigation entry for developers"
        tutorial = page(built_site, lang, paths.DEVELOPERS)
        assert titles[lang] in tutorial.text
        assert "kb = pracbase.load" in tutorial.text
        for developer_page in (paths.DEVELOPERS, paths.PYTHON_API, paths.CLI):  # the search is the practitioners'
            html = (built_site / lang / paths.url(developer_page) / "index.html").read_text(encoding="utf-8")
            assert "data-pagefind-body" not in html, f"{lang}: {developer_page} is in the site's search"


# --- the API reference -----------------------------------------------------------------------


def test_api_reference_documents_every_public_name(built_site: Path) -> None:
    for lang in i18n.BUILD_LANGUAGES:
        reference = page(built_site, lang, paths.PYTHON_API)
        missing = [name for name in pracbase.__all__ if f"pracbase.{name}" not in reference.ids]
        assert missing == [], f"{lang}: not in the API reference: {missing}"


def test_api_reference_reads_as_markdown(built_site: Path) -> None:
    reference = page(built_site, "en", paths.PYTHON_API)
    assert not re.search(r":(class|func|meth|mod|data|attr|exc):", reference.text), "a Sphinx role is left as text"
    # every field of a record is listed with its description from data/fields.yml
    for field in ("id", "sources", "title", "levels", "themes", "cities"):
        owner = "Entry" if field == "id" else "Record" if field == "sources" else "Practice"
        assert f"pracbase.{owner}.{field}" in reference.ids
    assert "Prevention levels the practice works at" in reference.text
    assert not re.search(r"Annotated\[|\b_list\(", reference.text), "a field's type is shown as written in the model"


def test_api_sections_place_every_public_name_once() -> None:
    placed = [name for _title, _module, names in developers.api_sections() for name in names]
    assert sorted(placed) == sorted(pracbase.__all__)
    listed = {name for _title, _module, names in developers.API_SECTIONS for name in names}
    assert listed <= set(pracbase.__all__), f"not public: {sorted(listed - set(pracbase.__all__))}"


def test_record_text_cannot_start_an_mkdocstrings_directive() -> None:
    directive = AutoDocProcessor.regex
    assert directive.search("::: pracbase.load") and directive.search("## ::: os")
    for text in ("::: os", "a\n::: os", ":::: os"):
        assert not directive.search(markup.heading(1, text))
        assert not directive.search(markup.inline(text))


# --- the command-line reference --------------------------------------------------------------


def test_cli_reference_lists_every_command_and_option(built_site: Path) -> None:
    for lang in i18n.BUILD_LANGUAGES:
        text = page(built_site, lang, paths.CLI).text
        sections = re.split(r"^pracbase ([a-z-]+)¶?$", text, flags=re.MULTILINE)
        by_command = dict(zip(sections[1::2], sections[2::2], strict=True))
        assert set(by_command) == set(main.commands), lang
        assert {f"pracbase-{name}" for name in main.commands} <= page(built_site, lang, paths.CLI).ids
        for name, command in main.commands.items():
            first_line = " ".join((command.help or "").split("\n")[0].split())
            assert first_line and first_line in " ".join(by_command[name].split())
            for param in command.params:
                if isinstance(param, click.Option):
                    for option in (*param.opts, *param.secondary_opts):
                        assert re.search(rf"(^|[\s,]){re.escape(option)}\b", by_command[name]), (lang, name, option)


def test_the_site_package_never_imports_the_cli(kb: pracbase.KnowledgeBase) -> None:
    """The command-line reference comes from mkdocs-click at render time: no cycle cli -> site -> cli."""
    for module in sorted((ROOT / "pracbase" / "site").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [f"{node.module}.{alias.name}" for alias in node.names] if isinstance(node, ast.ImportFrom)
                     else [])
            assert not [n for n in names if n == "pracbase.cli" or n.startswith("pracbase.cli.")], module
    assert "::: mkdocs-click" in developers.cli_reference(Context(kb, "en", NullTranslations()))
