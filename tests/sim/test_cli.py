"""`rcml simulate` on the command line: output formats and exit statuses 0, 1 and 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli

SITE = Path(__file__).resolve().parents[2] / "templates"
GREETING = str(SITE / "greeting.xml.j2")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["simulate", *args])
    return result.exit_code, result.output


def test_a_normal_call_exits_0_and_reads_like_a_call_log() -> None:
    code, out = run(GREETING, "--input", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["0.0s", "fetch", "POST", "http://localhost/greeting.xml",
                                "->", "200"]
    assert "play       http://localhost/restcomm/audio/hello-world.wav" in out
    assert lines[-1].split()[:3] == ["8.0s", "end", "completed:"]


def test_json_is_one_object_and_two_runs_are_byte_identical() -> None:
    args = (GREETING, "--input", "1", "--dial", "answered:30", "--format", "json")
    code, out = run(*args)
    assert (code, run(*args)) == (0, (0, out))
    data = json.loads(out)
    assert set(data) == {"status", "duration", "events"}
    assert (data["status"], data["duration"]) == ("completed", 39.0)
    assert {e["type"] for e in data["events"]} == {"fetch", "say", "gather", "redirect", "dial",
                                                   "hangup", "end"}
    assert all(isinstance(e["t"], float) for e in data["events"])
    dial = next(e for e in data["events"] if e["type"] == "dial")
    assert (dial["to"], dial["outcome"]) == (["client:alice"], "answered:30")


def test_a_stall_exits_1(tmp_path: Path) -> None:
    (tmp_path / "start.xml").write_text('<Response><Gather><Say>x</Say><Pause/></Gather>'
                                        "</Response>")
    code, out = run(str(tmp_path / "start.xml"), "--input", "1")
    assert code == 1 and "stalled:" in out.splitlines()[-1]


def test_an_error_finding_exits_1_even_when_the_call_ends_normally(tmp_path: Path) -> None:
    (tmp_path / "start.xml").write_text("<Response><Say>hi</Say><Reject/></Response>")
    code, out = run(str(tmp_path / "start.xml"))
    assert code == 1 and "RCML402" in out and "completed:" in out.splitlines()[-1]


def test_the_loop_guard_exits_1(tmp_path: Path) -> None:
    (tmp_path / "start.xml").write_text("<Response><Redirect>start.xml</Redirect></Response>")
    code, out = run(str(tmp_path / "start.xml"), "--max-steps", "5")
    assert code == 1 and "max-steps:" in out


@pytest.mark.parametrize(
    "args",
    [
        ["missing.xml"],
        [GREETING, "--input", "1x"],
        [GREETING, "--dial", "ringing"],
        [GREETING, "--record", "ten"],
        [GREETING, "--context", "sms"],
        [GREETING, "--max-steps", "0"],
        [str(SITE / "restcomm" / "audio" / "hello-world.wav")],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    code, out = run(*args)
    assert code == 2
    assert out.strip().splitlines()[-1].startswith("Error: ")


def test_a_screening_document_runs_in_its_own_interpreter(tmp_path: Path) -> None:
    # The prompt before the Gather: a Say inside it is an error in a screening document (RCML132).
    (tmp_path / "screen.xml").write_text('<Response><Say>Accept?</Say><Gather numDigits="1"/>'
                                         "</Response>")
    code, out = run(str(tmp_path / "screen.xml"), "--context", "screening", "--input", "1")
    assert code == 0
    assert "(called party)" in out and "Restcomm connects the call" in out


def test_hangup_at_cuts_the_call(tmp_path: Path) -> None:
    code, out = run(GREETING, "--input", "1", "--dial", "answered:600", "--hangup-at", "20")
    assert code == 0 and "20.0s  hangup     by caller" in out
