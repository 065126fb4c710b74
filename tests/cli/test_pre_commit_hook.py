"""The pre-commit hook definition: the id, the command and the files it selects."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def _field(name: str) -> str:
    match = re.search(rf"^  {name}: (.+)$", HOOKS.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{name} missing from .pre-commit-hooks.yaml"
    return match.group(1).strip()


def test_hook_id_and_command() -> None:
    assert re.search(r"^- id: rcml-lint$", HOOKS.read_text(encoding="utf-8"), re.MULTILINE)
    assert _field("entry") == "rcml lint --force-exclude" and _field("language") == "python"


def test_hook_selects_documents_and_templates_only() -> None:
    files = re.compile(_field("files"))
    assert files.search("app/menu.xml") and files.search("templates/greet.xml.j2")
    assert not files.search("app/menu.xml.bak") and not files.search("notes.j2")


def test_hook_command_accepts_the_file_names_pre_commit_passes(tmp_path: Path) -> None:
    ok, bad = tmp_path / "ok.xml", tmp_path / "bad.xml.j2"
    ok.write_text("<Response/>")
    bad.write_text("<Response>{{ missing }}</Response>")
    args = shlex.split(_field("entry"))[1:]
    result = CliRunner().invoke(cli, [*args, str(ok), str(bad)])
    assert result.exit_code == 1 and "RCML604" in result.stdout


def test_hook_skips_what_a_walk_skips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pre-commit names every changed .xml file: a Maven pom.xml, an Android layout, files the
    configuration excludes are skipped as in `rcml lint` of the folder, not reported."""
    files = {
        "pom.xml": "<project><modelVersion>4.0.0</modelVersion></project>",
        "res/layout/main.xml": "<LinearLayout/>",
        "vendor/menu.xml": "<Response><Hangup/><Say>x</Say></Response>",
        "app/menu.xml": "<Response><Say>Hi</Say></Response>",
        "pyproject.toml": '[tool.rcml]\nexclude = ["vendor/"]\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    args = shlex.split(_field("entry"))[1:]
    named = ["pom.xml", "res/layout/main.xml", "vendor/menu.xml", "app/menu.xml"]
    result = CliRunner().invoke(cli, [*args, *named])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == (
        "1 document(s) checked: 0 error(s), 0 warning(s), 0 note(s), 2 skipped: not RCML\n"
    )
