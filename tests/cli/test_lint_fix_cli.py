"""`rcml lint --fix`, `--diff` and `--unsafe-fixes` through click's CliRunner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rcml.cli import cli

FIXABLE = (
    '<Response>\n  <say voice="Man">Hi</say>\n  <Dial timout="10">+15550100</Dial>\n</Response>\n'
)
SAFE_FIXED = (
    '<Response>\n  <Say voice="man">Hi</Say>\n  <Dial timout="10">+15550100</Dial>\n</Response>\n'
)
ALL_FIXED = (
    '<Response>\n  <Say voice="man">Hi</Say>\n  <Dial timeout="10">+15550100</Dial>\n</Response>\n'
)
CLEAN = "<Response>\n  <Say>Hi</Say>\n</Response>\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "menu.xml").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "app" / "clean.xml").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def lint(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["lint", *args], input=input, catch_exceptions=False)


def test_fix_writes_the_safe_fixes_and_reports_what_remains(project: Path) -> None:
    result = lint("--fix", "app")
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == SAFE_FIXED
    assert result.stdout.splitlines() == [
        "app/menu.xml:3:9: RCML201 [warning] <Dial> has no attribute 'timout'; Restcomm ignores "
        "it (did you mean 'timeout'?)",
        "2 document(s) checked: 0 error(s), 1 warning(s), 0 note(s)",
        "Fixed 2 findings; 1 more is fixable with --unsafe-fixes.",
    ]
    assert result.exit_code == 0


def test_fix_twice_changes_nothing_the_second_time(project: Path) -> None:
    lint("--fix", "app")
    stat = os.stat(project / "app" / "menu.xml")
    result = lint("--fix", "app")
    assert result.stdout.splitlines()[-1] == (
        "No safe fix to apply; 1 finding is fixable with --unsafe-fixes."
    )
    assert os.stat(project / "app" / "menu.xml").st_mtime_ns == stat.st_mtime_ns  # not written


def test_unsafe_fixes_apply_the_rest(project: Path) -> None:
    result = lint("--fix", "--unsafe-fixes", "app")
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == ALL_FIXED
    assert result.stdout.splitlines()[-1] == "Fixed 3 findings."
    assert result.exit_code == 0


def test_fixed_findings_no_longer_fail_the_run(project: Path) -> None:
    (project / "app" / "menu.xml").write_text("<Response><say>Hi</say></Response>\n", "utf-8")
    assert lint("app").exit_code == 1  # RCML102 is an error
    result = lint("--fix", "app")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Fixed 1 finding."


def test_diff_prints_the_fixes_writes_nothing_and_exits_1(project: Path) -> None:
    result = lint("--diff", "app")
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == FIXABLE
    assert result.stdout == (
        "--- app/menu.xml\n+++ app/menu.xml\n@@ -1,4 +1,4 @@\n <Response>\n"
        '-  <say voice="Man">Hi</say>\n+  <Say voice="man">Hi</Say>\n'
        '   <Dial timout="10">+15550100</Dial>\n </Response>\n'
    )
    assert result.stderr == "Would fix 2 findings; 1 more is fixable with --unsafe-fixes.\n"
    assert result.exit_code == 1


def test_diff_exits_0_when_there_is_nothing_to_fix(project: Path) -> None:
    result = lint("--diff", "app/clean.xml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Nothing to fix.\n")


def test_diff_with_unsafe_fixes_shows_them_too(project: Path) -> None:
    result = lint("--diff", "--unsafe-fixes", "app/menu.xml")
    assert '+  <Dial timeout="10">+15550100</Dial>\n' in result.stdout
    assert result.exit_code == 1


def test_fix_of_standard_input_writes_the_document_to_standard_output(project: Path) -> None:
    result = lint("--fix", "-", input=FIXABLE)
    assert result.stdout == SAFE_FIXED
    assert result.stderr.splitlines()[-1] == (
        "Fixed 2 findings; 1 more is fixable with --unsafe-fixes."
    )
    assert "<stdin>:3:9: RCML201" in result.stderr


def test_fix_of_a_clean_standard_input_passes_it_through(project: Path) -> None:
    result = lint("--fix", "-", input=CLEAN)
    assert (result.exit_code, result.stdout) == (0, CLEAN)


def test_machine_formats_stay_parseable_and_say_the_rest_on_stderr(project: Path) -> None:
    result = lint("--fix", "--format", "json", "app")
    findings = json.loads(result.stdout)
    assert [f["code"] for f in findings] == ["RCML201"]
    assert result.stderr == "Fixed 2 findings; 1 more is fixable with --unsafe-fixes.\n"


def test_templates_are_linted_but_not_fixed(project: Path) -> None:
    template = project / "app" / "menu.xml.j2"
    template.write_text('<Response><Say voice="Man">{{ "Hi" }}</Say></Response>\n', "utf-8")
    result = lint("--fix", "app/menu.xml.j2")
    assert template.read_text(encoding="utf-8").startswith('<Response><Say voice="Man">')
    assert "RCML205" in result.stdout
    assert result.stdout.splitlines()[-2:] == [
        "Nothing to fix.",
        "1 template (*.xml.j2) not fixed: fix the template source by hand",
    ]


def test_unsafe_fixes_alone_is_a_usage_error(project: Path) -> None:
    result = lint("--unsafe-fixes", "app")
    assert result.exit_code == 2
    assert result.stderr == "Error: --unsafe-fixes applies with --fix or --diff\n"


def test_only_selected_rules_are_fixed(project: Path) -> None:
    lint("--fix", "--select", "RCML102", "app")
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == (
        '<Response>\n  <Say voice="Man">Hi</Say>\n  <Dial timout="10">+15550100</Dial>\n'
        "</Response>\n"
    )


def test_a_suppressed_finding_is_not_fixed(project: Path) -> None:
    text = "<Response>\n  <!-- rcml: disable=RCML102 -->\n  <say>Hi</say>\n</Response>\n"
    (project / "app" / "menu.xml").write_text(text, "utf-8")
    lint("--fix", "app/menu.xml")
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == text


def test_a_file_that_cannot_be_written_is_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("rcml.lint.fix.open", refuse, raising=False)
    result = lint("--fix", "app/menu.xml")
    assert result.exit_code == 2
    assert result.stderr == "app/menu.xml: cannot write the fixes: permission denied\n"
    assert result.stdout.splitlines()[-2:] == [
        "1 document(s) checked: 1 error(s), 1 warning(s), 0 note(s)",
        "Nothing to fix.",
    ]
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == FIXABLE


def test_the_cache_never_returns_findings_of_the_file_before_its_fix(project: Path) -> None:
    # 32 files make a run use the cache; the fixed file keeps its size and (seconds later) would
    # keep its time stamp's second: only its content says it changed
    for n in range(40):
        (project / "app" / f"doc{n}.xml").write_text(CLEAN, encoding="utf-8")
    path = project / "app" / "menu.xml"
    path.write_text('<Response><Say voice="Man">Hi</Say></Response>\n', "utf-8")
    old = os.stat(path).st_mtime_ns - 10**10
    os.utime(path, ns=(old, old))
    assert "RCML205" in lint("app").stdout  # recorded, by its time stamp
    assert "RCML205" not in lint("--fix", "app").stdout
    assert "RCML205" not in lint("app").stdout


def test_sites_are_checked_not_fixed(project: Path) -> None:
    result = lint("--fix", "--site", "app")
    assert (project / "app" / "menu.xml").read_text(encoding="utf-8") == FIXABLE
    assert result.stdout.splitlines()[-1] == (
        "sites (--site) are checked, not fixed: name their folders to fix them"
    )
