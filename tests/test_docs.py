"""The documentation and contributor tooling stay true to the code."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

import pracbase
from pracbase import templates
from pracbase.cli import main
from pracbase.models import FILE_TYPES, RECORD_TYPES
from pracbase.taxonomy import TAXONOMY
from tests.conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CONTRIBUTING.fr.md",
        ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md", *sorted((ROOT / "docs").glob("*.md"))]


def code_in(text: str) -> list[str]:
    """The shell code of a Markdown text: ```sh blocks and inline spans."""
    fenced = re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL))
    return fenced + inline


def section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_every_command_and_option_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"`pracbase {name}` has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"`pracbase {name} {param.opts[0]}` has no help text"


def test_readme_lists_every_command() -> None:
    commands = section((ROOT / "README.md").read_text(encoding="utf-8"), "Command line")
    for name in main.commands:
        assert re.search(rf"pracbase {name}\b", commands), f"`pracbase {name}` is missing from README's command list"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_documented_commands_and_options_exist(doc: Path) -> None:
    for code in code_in(doc.read_text(encoding="utf-8")):
        for line in code.splitlines():
            for command in re.split(r"&&|;", line.split(" # ")[0]):
                match = re.search(r"pracbase ([a-z][a-z-]*)(.*)", command)
                if match is None:
                    continue
                name = match.group(1)
                assert name in main.commands, f"{doc.name}: `pracbase {name}` is not a command"
                known = {opt for param in main.commands[name].params for opt in getattr(param, "opts", [])}
                for option in re.findall(r"(?:^|[\s\[])(--?[a-z][a-z-]*)", match.group(2)):
                    assert option in known, f"{doc.name}: `pracbase {name} {option}` is not an option"


def test_contributing_five_steps(tmp_path: Path) -> None:
    """The five steps of CONTRIBUTING.md, as a new contributor runs them."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", tmp_path / "kb")
    kb = tmp_path / "kb"
    runner = CliRunner()
    assert runner.invoke(main, ["new", "practice", "--id", "alpha-mothers-groups", "--path", str(kb)]).exit_code == 0
    path = kb / "practices" / "alpha-mothers-groups.yml"
    result = runner.invoke(main, ["validate", str(kb)])
    assert result.exit_code == 1 and "practices/alpha-mothers-groups.yml:" in result.stderr
    from tests.test_new import fill

    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(kb)])
    assert result.exit_code == 0 and result.stdout.startswith("OK: 3 practices")
    assert runner.invoke(main, ["fmt", str(path)]).exit_code == 0
    assert runner.invoke(main, ["fmt", "--check", str(kb)]).exit_code == 0


def test_exports_doc_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for model in FILE_TYPES:
        shutil.copytree(ROOT / model.folder, tmp_path / model.folder)
    monkeypatch.chdir(tmp_path)
    example = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "exports.md").read_text(encoding="utf-8"),
                        flags=re.DOTALL)
    assert example
    exec(example.group(1), {})
    assert sorted(p.name for p in (tmp_path / "site" / "api").iterdir()) == [
        "cities.geojson", "pracbase.json", "pracbase.jsonld", "practices.csv"]


def test_workflows_run_the_checks() -> None:
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in ci["jobs"].values() for step in job["steps"]]
    for command in ("pracbase validate --format github --lang \"${{ vars.PRACBASE_LANG || 'fr' }}\"",
                    "pracbase fmt --check", "make test", "make site"):
        assert command in runs
    pages = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert pages[True]["push"]["branches"] == ["main"]  # PyYAML reads the key `on` as true
    uses = {step.get("uses", "").split("@")[0]: step for job in pages["jobs"].values() for step in job["steps"]}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert "actions/deploy-pages" in uses
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pre_commit_runs_pracbase() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["pracbase-validate"]["entry"] == "pracbase validate"
    assert hooks["pracbase-fmt"]["entry"] == "pracbase fmt"
    for model in RECORD_TYPES:
        assert re.search(hooks["pracbase-fmt"]["files"], f"{model.folder}/x.yml")


def test_issue_form_follows_the_taxonomy() -> None:
    path = ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-a-practice.yml"
    assert path.read_text(encoding="utf-8") == templates.issue_form(), "stale: run scripts/issue_form.py"
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"]}
    assert len(fields["themes"]["attributes"]["options"]) == len(TAXONOMY.themes)
    assert fields["themes"]["attributes"]["options"][TAXONOMY.themes.ids.index("youth")] == "Youth / Jeunesse (youth)"
    assert {"title", "cities", "summary", "levels", "themes", "publication", "source"} <= {
        item["id"] for item in form["body"] if item.get("validations", {}).get("required")}


def test_version_is_set_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "pracbase.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", pracbase.__version__)
    assert f"## [{pracbase.__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["--version"])
    assert result.stdout == f"pracbase, version {pracbase.__version__}\n"
