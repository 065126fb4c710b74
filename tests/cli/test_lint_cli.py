"""`rcml lint` through click's CliRunner: every option and every exit code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rcml.cli import cli

VALID = "<Response>\n  <Say>Hi</Say>\n</Response>\n"
WARN = '<Response>\n  <Say voice="alice">Hi</Say>\n</Response>\n'
ERROR = "<Response>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>\n"
INFO = "<Response>\n  <!-- rcml: disable=RCML205 -->\n  <Say>Hi</Say>\n</Response>\n"
WAIT = (
    "<Response>\n  <Play>http://example.com/a.wav</Play>\n  <Dial>+15550100</Dial>\n</Response>\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one document of each kind; the current folder; CI unset."""
    files = {
        "valid.xml": VALID,
        "warn.xml": WARN,
        "error.xml": ERROR,
        "info.xml": INFO,
        "waits/hold.xml": WAIT,
        "t.xml.j2": '{#- rcml-samples: [{"N": "x"}] -#}\n<Response><Say>{{ N }}</Say></Response>\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def lint(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["lint", *args], input=input, catch_exceptions=False)


def codes(result: Result) -> list[str]:
    return [line.split(" ")[1] for line in result.stdout.splitlines() if ": RCML" in line]


def test_clean_file_exits_0(project: Path) -> None:
    result = lint("valid.xml")
    assert result.exit_code == 0
    assert result.stdout == "1 document(s) checked: 0 error(s), 0 warning(s), 0 note(s)\n"


def test_error_exits_1_and_warnings_do_not(project: Path) -> None:
    assert lint("error.xml").exit_code == 1
    assert lint("warn.xml").exit_code == 0


def test_no_path_means_the_current_folder(project: Path) -> None:
    result = lint()
    assert result.exit_code == 1
    assert "6 document(s) checked" in result.stdout


def test_fail_on(project: Path) -> None:
    assert lint("--fail-on", "warning", "warn.xml").exit_code == 1
    assert lint("--fail-on", "warning", "info.xml").exit_code == 0
    assert lint("--fail-on", "info", "info.xml").exit_code == 1
    assert lint("--fail-on", "fatal", "info.xml").exit_code == 2


def test_select_ignore_extend_select(project: Path) -> None:
    assert codes(lint("--select", "RCML2", "warn.xml", "error.xml")) == ["RCML205"]
    assert codes(lint("--ignore", "RCML4,RCML2", "warn.xml", "error.xml")) == []
    assert codes(lint("--select", "RCML0", "--extend-select", "rcml401", "error.xml")) == [
        "RCML401"
    ]
    assert lint("--ignore", "RCML4", "error.xml").exit_code == 0


def test_unknown_selector_is_a_one_line_error(project: Path) -> None:
    result = lint("--select", "RCML2055", "warn.xml")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --select: 'RCML2055' matches no rule code; did you mean RCML205?\n"
    )


def test_context_option_and_per_file_context(project: Path) -> None:
    assert codes(lint("waits/hold.xml")) == []
    assert codes(lint("--context", "conference-wait", "waits/hold.xml")) == ["RCML110"]
    (project / "pyproject.toml").write_text(
        '[tool.rcml.per-file-context]\n"waits/*.xml" = "conference-wait"\n'
    )
    assert codes(lint("waits/hold.xml")) == ["RCML110"]
    assert codes(lint("--context", "voice", "waits/hold.xml")) == []


def test_pyproject_config_and_command_line_precedence(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.rcml]\nignore = ["RCML401"]\nfail-on = "warning"\n'
        '[tool.rcml.per-file-ignores]\n"warn.xml" = ["RCML205"]\n'
    )
    assert lint("error.xml").exit_code == 0
    assert lint("warn.xml").exit_code == 0  # per-file ignore
    assert lint("info.xml").exit_code == 0
    assert lint("--select", "RCML4", "error.xml").exit_code == 1  # command line wins
    assert lint("--fail-on", "info", "info.xml").exit_code == 1
    assert lint("--no-config", "error.xml").exit_code == 1


def test_config_option(project: Path) -> None:
    (project / "strict.toml").write_text('fail-on = "info"\n')
    assert lint("--config", "strict.toml", "info.xml").exit_code == 1
    missing = lint("--config", "nope.toml", "info.xml")
    assert missing.exit_code == 2
    assert missing.stderr == "Error: nope.toml: no such configuration file\n"


def test_broken_config_is_exit_2_without_traceback(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.rcml]\nselct = ['RCML2']\n")
    result = lint("valid.xml")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "unknown key 'selct'; did you mean 'select'?" in result.stderr
    assert "Traceback" not in result.output


def test_exclude(project: Path) -> None:
    result = lint("--exclude", "waits", "--exclude", "e*.xml", ".")
    assert "4 document(s) checked" in result.stdout and result.exit_code == 0


def test_formats(project: Path) -> None:
    items = json.loads(lint("--format", "json", "warn.xml").stdout)
    assert [(i["path"], i["code"]) for i in items] == [("warn.xml", "RCML205")]
    sarif = json.loads(lint("--format", "sarif", "warn.xml").stdout)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "RCML205"
    assert "<testcase" in lint("--format", "junit", "warn.xml").stdout
    assert lint("--format", "github", "warn.xml").stdout.startswith(
        "::warning file=warn.xml,line=2,col=8,title=RCML205 [warning]::"
    )
    assert lint("--format", "yaml", "warn.xml").exit_code == 2


def test_output_file(project: Path) -> None:
    result = lint("--format", "sarif", "-o", "out.sarif", "error.xml")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads((project / "out.sarif").read_text())["version"] == "2.1.0"
    bad = lint("-o", str(project / "no" / "such" / "dir" / "x"), "error.xml")
    assert bad.exit_code == 2 and "cannot write" in bad.stderr


def test_show_source_and_color(project: Path) -> None:
    shown = lint("--show-source", "warn.xml").stdout
    assert ' 2 |   <Say voice="alice">Hi</Say>\n   |        ^\n' in shown
    assert " | " not in lint("--no-show-source", "warn.xml").stdout
    assert "\x1b[" in lint("--color", "warn.xml").stdout
    assert "\x1b[" not in lint("--no-color", "warn.xml").stdout
    assert "\x1b[" not in lint("warn.xml").stdout  # not a terminal


def test_jobs(project: Path) -> None:
    assert lint("-j", "2", ".").stdout == lint("--jobs", "1", ".").stdout
    assert lint("-j", "0", ".").exit_code == 2


def test_progress_flag_never_touches_stdout(project: Path) -> None:
    result = lint("--progress", "-j", "1", ".")
    assert "\r[" in result.stderr and "\r" not in result.stdout
    assert lint("--no-progress", ".").stderr == ""
    assert lint(".").stderr == ""  # not a terminal: no bar


def test_stdin(project: Path) -> None:
    result = lint("-", input=ERROR)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:3:3: RCML401 [error]")


def test_missing_path_and_empty_folder_exit_2(project: Path) -> None:
    missing = lint("nope.xml")
    assert missing.exit_code == 2
    assert missing.stderr == "Error: nope.xml: no such file or directory\n"
    (project / "empty").mkdir()
    empty = lint("empty")
    assert empty.exit_code == 2
    assert empty.stderr == "Error: empty: no *.xml or *.xml.j2 documents in this directory\n"


def test_unreadable_file_exits_2_with_the_others_still_reported(project: Path) -> None:
    os.symlink(project / "missing", project / "dangling.xml")
    result = lint(".")
    assert result.exit_code == 2
    assert "./dangling.xml: cannot read: no such file or directory\n" in result.stdout
    assert "RCML401" in result.stdout


def test_binary_file_is_a_finding(project: Path) -> None:
    (project / "blob.xml").write_bytes(b"\x00\x01\xff\xfe\x00garbage")
    result = lint("blob.xml")
    assert result.exit_code == 1 and codes(result) == ["RCML003"]


def test_help_teaches_with_examples() -> None:
    result = CliRunner().invoke(cli, ["lint", "--help"])
    assert result.exit_code == 0
    for text in ("Examples:", "--select", "--fail-on", "--jobs", "rcml: disable=RCML205"):
        assert text in result.stdout


def test_cache_options(project: Path) -> None:
    many = project / "many"
    many.mkdir()
    for i in range(40):
        (many / f"d{i}.xml").write_text(ERROR)
        os.utime(many / f"d{i}.xml", (1_000_000_000, 1_000_000_000))
    first = lint("many")
    assert (project / ".rcml_cache" / "rcml-lint-cache" / ".gitignore").exists()
    assert lint("many").stdout == first.stdout and first.exit_code == 1
    assert lint("--no-cache", "--cache-dir", "elsewhere", "many").stdout == first.stdout
    assert not (project / "elsewhere").exists()
    assert lint("--cache-dir", "elsewhere", "many").stdout == first.stdout
    assert list((project / "elsewhere" / "rcml-lint-cache").glob("lint-*.json"))


def test_explicit_show_source_applies_to_an_output_file(project: Path) -> None:
    lint("--show-source", "-o", "report.txt", "warn.xml")
    assert " 2 |   <Say voice=" in (project / "report.txt").read_text()
    lint("-o", "plain.txt", "warn.xml")
    assert " | " not in (project / "plain.txt").read_text()


def test_no_color_environment_variable(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in lint("warn.xml").stdout
    assert "\x1b[" in lint("--color", "warn.xml").stdout  # an explicit flag wins
