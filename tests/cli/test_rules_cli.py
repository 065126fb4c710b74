"""`rcml rules` and `rcml rule CODE`."""

from __future__ import annotations

from click.testing import CliRunner

from rcml.cli import cli
from rcml.rules import ALL_RULES


def test_rules_lists_every_rule_once() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [rule.code for rule in ALL_RULES]
    (line,) = [line for line in lines if line.startswith("RCML009 ")]
    assert line.split()[:3] == ["RCML009", "unused-suppression", "info"]


def test_rule_prints_the_docstring_by_code_or_name() -> None:
    by_code = CliRunner().invoke(cli, ["rule", "rcml009"])
    by_name = CliRunner().invoke(cli, ["rule", "unused-suppression"])
    assert by_code.exit_code == by_name.exit_code == 0
    assert by_code.stdout == by_name.stdout
    assert by_code.stdout.startswith("RCML009 unused-suppression (info)\n\n")
    assert "What it does" in by_code.stdout and "Use instead" in by_code.stdout


def test_unknown_rule_suggests_and_exits_2() -> None:
    result = CliRunner().invoke(cli, ["rule", "unused-supression"])
    assert result.exit_code == 2
    assert "Did you mean unused-suppression?" in result.stderr


def test_rule_ends_with_whether_and_how_it_fixes() -> None:
    fixed = CliRunner().invoke(cli, ["rule", "RCML202"]).stdout
    assert fixed.endswith("\n\nFix: safe. Writes the attribute name in its right case.\n")
    assert CliRunner().invoke(cli, ["rule", "RCML403"]).stdout.endswith("\n\nFix: none.\n")
