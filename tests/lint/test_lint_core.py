"""`rcml lint`, `rcml rules`, `rcml rule`: formats, exit codes and messages (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli

GOOD = "<Response><Say>Hello</Say></Response>"
BAD = '<Response>\n  <Say voice="alice">Hi</Say>\n  <Play></Play>\n</Response>'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.xml").write_text(GOOD)
    (tmp_path / "sub" / "bad.xml").write_text(BAD)
    (tmp_path / "notes.txt").write_text("not a document")
    (tmp_path / ".hidden.xml").write_text("<broken")
    return tmp_path


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.output


def test_text_format_lists_findings_then_a_summary(tree: Path) -> None:
    code, output = run("lint", str(tree))
    bad = tree / "sub" / "bad.xml"
    assert code == 1
    assert output.splitlines() == [
        f"{bad}:2:8: RCML205 [warning] voice='alice' on <Say> is not accepted; Restcomm uses "
        "'man' instead (write 'man' or 'woman')",
        f"{bad}:3:3: RCML501 [error] Restcomm skips a <Play> with no URL (write the URL of the "
        "audio file)",
        "2 document(s) checked: 1 error(s), 1 warning(s), 0 note(s)",
    ]


def test_json_format(tree: Path) -> None:
    code, output = run("lint", "--format", "json", str(tree / "sub"))
    assert code == 1
    items = json.loads(output)
    assert [(i["code"], i["line"], i["column"], i["severity"]) for i in items] == [
        ("RCML205", 2, 8, "warning"),
        ("RCML501", 3, 3, "error"),
    ]
    assert {"path", "line", "column", "code", "severity", "message", "element", "hint"} <= set(
        items[0]
    )
    assert items[0]["path"] == str(tree / "sub" / "bad.xml")


def test_clean_documents_exit_zero(tree: Path) -> None:
    assert run("lint", str(tree / "good.xml")) == (
        0,
        "1 document(s) checked: 0 error(s), 0 warning(s), 0 note(s)\n",
    )


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "w.xml"
    path.write_text('<Response><Say voice="alice">Hi</Say></Response>')
    assert run("lint", str(path))[0] == 0


def test_stdin(tree: Path) -> None:
    code, output = run("lint", "-", input=BAD)
    assert code == 1
    assert output.startswith("<stdin>:2:8: RCML205")


def test_context_option() -> None:
    doc = "<Response><Play>/m.wav</Play><Hangup/></Response>"
    assert run("lint", "--context", "conference-wait", "-", input=doc)[0] == 1
    assert run("lint", "-", input=doc)[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "missing.xml"], "missing.xml: no such file or directory"),
        (["lint", "--context", "fax", "x.xml"], "Invalid value for '--context'"),
        (["lint", "--format", "xml", "x.xml"], "Invalid value for '--format'"),
        (["lint", "--select", "RCML999", "x.xml"], "'RCML999' matches no rule code"),
    ],
)
def test_usage_errors_exit_two_with_one_line(args: list[str], message: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_directory_without_documents_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("lint", str(tmp_path))
    assert code == 2
    assert "no *.xml or *.xml.j2 documents" in output


def test_unreadable_document_exits_two_and_the_others_are_still_checked(tmp_path: Path) -> None:
    (tmp_path / "dangling.xml").symlink_to(tmp_path / "nowhere")  # found, but cannot be read
    (tmp_path / "bad.xml").write_text(BAD)
    code, output = run("lint", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'dangling.xml'}: cannot read: no such file or directory" in output
    assert "RCML501" in output


def test_rules_lists_every_rule() -> None:
    code, output = run("rules")
    assert code == 0
    assert "RCML301  invalid-url" in output
    assert len(output.splitlines()) == len(__import__("rcml.rules").rules.ALL_RULES)


def test_rule_prints_its_documentation() -> None:
    code, output = run("rule", "invalid-url")
    assert code == 0
    assert output.startswith("RCML301 invalid-url (error)")
    for section in ("What it does", "Why it matters", "Example", "Use instead"):
        assert section in output


def test_rule_suggests_a_close_code() -> None:
    code, output = run("rule", "RCML30")
    assert code == 2
    assert "Did you mean" in output
