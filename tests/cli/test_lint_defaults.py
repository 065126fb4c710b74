"""`rcml lint` in a real repository: what a walk leaves out, XML that is not RCML, paths as
given in every format, and the conventions people type without thinking."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rcml.cli import cli
from rcml.core.version import VERSION

ERROR = "<Response>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>\n"
WARN = '<Response>\n  <Say voice="alice">Hi</Say>\n</Response>\n'
POM = '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"/>\n'
LAYOUT = '<LinearLayout xmlns:android="http://schemas.android.com/apk/res/android"/>\n'


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with RCML in app/, and the files of other tools around it."""
    files = {
        ".git/HEAD": "ref: refs/heads/main\n",
        ".gitignore": "generated/\n*.tmp.xml\n",
        "app/menu.xml": ERROR,
        "app/hold.xml": WARN,
        "app/draft.tmp.xml": ERROR,
        "generated/out.xml": ERROR,
        "pom.xml": POM,
        "android/res/layout/main.xml": LAYOUT,
        ".venv/lib/site.xml": ERROR,
        "venv/lib/site.xml": ERROR,
        "node_modules/pkg/a.xml": ERROR,
        "build/a.xml": ERROR,
        "dist/a.xml": ERROR,
        "lib/site-packages/a.xml": ERROR,
        ".tox/py/a.xml": ERROR,
        ".nox/py/a.xml": ERROR,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def test_no_path_lints_the_project_not_its_dependencies(repo: Path) -> None:
    result = run("lint", "--no-cache")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "app/hold.xml:2:8: RCML205 [warning] voice='alice' on <Say> is not accepted; Restcomm "
        "uses 'man' instead (write 'man' or 'woman')",
        "app/menu.xml:3:3: RCML401 [error] <Hangup> ends the call, so the 1 verb(s) after it "
        "never run (move <Say> before <Hangup>, or remove it)",
        "2 document(s) checked: 1 error(s), 1 warning(s), 0 note(s), 2 skipped: not RCML",
    ]


def test_gitignore_can_be_turned_off(repo: Path) -> None:
    flag = run("lint", "--no-cache", "--no-respect-gitignore", "--statistics")
    assert "4 document(s) checked" in flag.stdout
    (repo / "pyproject.toml").write_text("[tool.rcml]\nrespect-gitignore = false\n")
    assert "4 document(s) checked" in run("lint", "--no-cache").stdout
    assert "2 document(s) checked" in run("lint", "--no-cache", "--respect-gitignore").stdout


def test_a_file_named_on_the_command_line_is_always_linted(repo: Path) -> None:
    result = run("lint", "pom.xml", "generated/out.xml", "build/a.xml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pom.xml:2:1: RCML107 [error] the root element is <project>")
    assert lines[1].startswith("generated/out.xml:3:3: RCML401")
    assert lines[-1] == "3 document(s) checked: 3 error(s), 0 warning(s), 0 note(s)"


def test_a_folder_of_other_xml_only_is_skipped_not_failed(repo: Path) -> None:
    result = run("lint", "android")
    assert result.exit_code == 0
    assert result.stdout == (
        "0 document(s) checked: 0 error(s), 0 warning(s), 0 note(s), 1 skipped: not RCML\n"
    )


def test_skipping_holds_with_parallel_runs_and_the_cache(repo: Path) -> None:
    for name in range(70):  # enough for worker processes and the cache
        (repo / "app" / f"ok{name:02d}.xml").write_text("<Response/>")
        (repo / "app" / f"pom{name:02d}.xml").write_text(POM)
    run("lint", "pom.xml", "app/pom00.xml")  # the cache records them as named files
    for jobs in ("1", "2", "2"):
        result = run("lint", "-j", jobs, "-q", "app")
        assert result.exit_code == 1
        assert "RCML107" not in result.stdout
    counted = run("lint", "app").stdout.splitlines()[-1]
    assert counted == (
        "72 document(s) checked: 1 error(s), 1 warning(s), 0 note(s), 70 skipped: not RCML"
    )


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("text", "app/menu.xml:3:3: RCML401"),
        ("json", '"path": "app/menu.xml"'),
        ("sarif", '"uri": "app/menu.xml"'),
        ("junit", 'name="app/menu.xml"'),
        ("github", "file=app/menu.xml,line=3"),
    ],
)
def test_paths_print_as_given_in_every_format(repo: Path, fmt: str, shown: str) -> None:
    for args in ((), (".",), ("./",)):
        result = run("lint", "--no-cache", "--format", fmt, *args)
        assert shown in result.stdout
        assert "./" not in result.stdout.replace("https://", "").replace("http://", "")


def test_site_results_print_as_given(repo: Path) -> None:
    for folder, shown in (
        (".", "app/menu.xml"),
        ("app", "app/menu.xml"),
        ("./app/", "app/menu.xml"),
    ):
        result = run("lint", "--site", folder)
        assert f"{shown}:3:3: RCML401" in result.stdout
        assert "./" not in result.stdout


def test_quiet_prints_the_findings_only(repo: Path) -> None:
    result = run("lint", "-q", "app/menu.xml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [run("lint", "app/menu.xml").stdout.splitlines()[0]]
    assert run("lint", "--quiet", "app/hold.xml", "--fail-on", "error").stdout.count("\n") == 1
    assert run("lint", "-q", "pom.xml", "--select", "RCML3").stdout == ""


def test_statistics_count_findings_per_rule(repo: Path) -> None:
    (repo / "app" / "more.xml").write_text(ERROR)
    result = run("lint", "--no-cache", "--statistics")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "2\tRCML401\tunreachable-verb",
        "1\tRCML205\tinvalid-value",
        "3 document(s) checked: 2 error(s), 1 warning(s), 0 note(s), 2 skipped: not RCML",
    ]
    assert run("lint", "--no-cache", "--statistics", "-q").stdout.count("\n") == 2
    refused = run("lint", "--statistics", "--format", "json")
    assert refused.exit_code == 2 and "Usage:" not in refused.output


def test_stdin_filename_names_standard_input_and_picks_its_settings(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.rcml.per-file-context]\n"waits/*.xml" = "conference-wait"\n'
        '[tool.rcml.per-file-ignores]\n"quiet/*.xml" = ["RCML401"]\n'
    )
    wait = "<Response><Dial>+15550100</Dial></Response>"
    plain = run("lint", "-", input=wait)
    assert plain.exit_code == 0
    named = run("lint", "--stdin-filename", "waits/hold.xml", "-", input=wait)
    assert named.exit_code == 1
    assert named.stdout.startswith("waits/hold.xml:1:")
    assert (
        "waits/hold.xml:1:11: RCML110 [error] <Dial> in a conference-wait document" in named.stdout
    )
    ignored = run("lint", "--stdin-filename", "quiet/menu.xml", "-", input=ERROR)
    assert ignored.exit_code == 0 and "<stdin>" not in ignored.stdout


def test_show_source_shows_a_window_of_a_long_line(repo: Path) -> None:
    say = "<Say>" + "x" * 400_000 + "</Say>"  # a one-line document near the size limit
    (repo / "long.xml").write_text(f"<Response>{say}<Hangup/>{say}<Say>late</Say></Response>")
    result = run("lint", "--show-source", "long.xml")
    finding, source, caret = result.stdout.splitlines()[:3]
    column = int(finding.split(":")[2])
    assert column == len(f"<Response>{say}<Hangup/>") + 1  # the <Say> after <Hangup/>
    assert source.startswith(" 1 | ...") and source.endswith("...")
    assert len(source) < 100
    text = source[len(" 1 | ") :]
    mark = caret[len("   | ") :]
    assert mark.strip() == "^"
    assert text[len(mark) - 1 :].startswith("<Say>xxx")
    assert text[: len(mark) - 1].endswith("</Say><Hangup/>")


def test_version() -> None:
    for flag in ("-V", "--version"):
        result = run(flag)
        assert result.exit_code == 0 and result.stdout == f"rcml, version {VERSION}\n"


def test_python_dash_m_rcml(repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rcml", "lint", "-q", "app/menu.xml"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout.startswith("app/menu.xml:3:3: RCML401")


@pytest.mark.parametrize("command", ["lint", "serve", "build"])
def test_a_missing_folder_is_one_line_without_usage(tmp_path: Path, command: str) -> None:
    args = [command, str(tmp_path / "missing")] + (
        ["-o", str(tmp_path / "out")] * (command == "build")
    )
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "missing" in result.output and "Usage:" not in result.output


def test_a_port_in_use_is_one_line_without_usage(repo: Path) -> None:
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        (repo / "site").mkdir()
        (repo / "site" / "ok.xml").write_text("<Response/>")
        result = CliRunner().invoke(cli, ["serve", "site", "--port", str(port)])
    finally:
        holder.close()
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert errors == [f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"]
    assert "Usage:" not in result.output


def test_json_paths_match_text_paths(repo: Path) -> None:
    data = json.loads(run("lint", "--no-cache", "--format", "json").stdout)
    assert sorted({item["path"] for item in data}) == ["app/hold.xml", "app/menu.xml"]


def test_shell_completion_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_RCML_COMPLETE", "bash_source")
    script = CliRunner().invoke(cli, [], prog_name="rcml")
    assert "_rcml_completion()" in script.output
    monkeypatch.setenv("_RCML_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", "rcml lint --stat")
    monkeypatch.setenv("COMP_CWORD", "2")
    completed = CliRunner().invoke(cli, [], prog_name="rcml")
    assert completed.output == "plain,--statistics\n"
    docs = (Path(__file__).resolve().parents[2] / "docs" / "lint.md").read_text()
    assert 'eval "$(_RCML_COMPLETE=bash_source rcml)"' in docs


def test_fix_leaves_what_a_walk_skips_alone(repo: Path) -> None:
    (repo / "app" / "case.xml").write_text('<Response><Gather numdigits="1"/></Response>')
    before = {p: p.read_bytes() for p in (repo / "pom.xml", repo / "generated" / "out.xml")}
    result = run("lint", "--fix", "--no-cache")
    assert "skipped: not RCML" in result.stdout
    assert {p: p.read_bytes() for p in before} == before
    assert 'numDigits="1"' in (repo / "app" / "case.xml").read_text()
