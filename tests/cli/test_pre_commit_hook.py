"""The pre-commit hook definition: the id, the command and the files it selects."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from rcml.cli import cli

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def _field(name: str) -> str:
    match = re.search(rf"^  {name}: (.+)$", HOOKS.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{name} missing from .pre-commit-hooks.yaml"
    return match.group(1).strip()


def test_hook_id_and_command() -> None:
    assert re.search(r"^- id: rcml-lint$", HOOKS.read_text(encoding="utf-8"), re.MULTILINE)
    assert _field("entry") == "rcml lint" and _field("language") == "python"


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
