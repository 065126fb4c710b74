"""The callee table: files in TOML or JSON, patterns, and one-line errors for what is wrong."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from rcml.local import Callee, CalleeError, Callees, callees_from, load_callees
from rcml.sim import DialOutcome, Input

TOML = """
[default]
action = "busy"
ring = 1

[numbers."sip:alice@*"]
talk = 120
input = ["1", "1234#", "speech:sales", "timeout"]

[numbers."+15550000"]
action = "no-answer"
"""


def test_a_toml_file_and_the_same_table_in_json(tmp_path: Path) -> None:
    toml = tmp_path / "callees.toml"
    toml.write_text(TOML, encoding="utf-8")
    table = load_callees(toml)
    alice = table.lookup("sip:alice@127.0.0.1")
    assert (alice.action, alice.ring, alice.talk) == ("answer", 2.0, 120.0)
    assert alice.input == (Input("digits", "1"), Input("digits", "1234#"),
                           Input("speech", "sales"), Input("timeout"))  # fmt: skip
    assert table.lookup("+15550000").action == "no-answer"
    assert table.lookup("client:bob") == Callee("busy", ring=1.0)  # the default
    as_json = tmp_path / "callees.json"
    as_json.write_text(json.dumps(tomllib.loads(TOML)), encoding="utf-8")
    assert load_callees(as_json) == table


def test_an_exact_number_wins_over_a_pattern_and_patterns_go_in_order() -> None:
    table = Callees({"+1555*": Callee("busy"), "+15550001": Callee("fail"),
                     "+155*": Callee("no-answer")})  # fmt: skip
    assert [table.lookup(n).action for n in ("+15550001", "+15550002", "+15600000")] == [
        "fail", "busy", "answer"]


def test_what_a_dial_sees_of_each_callee() -> None:
    assert Callee("answer", ring=3, talk=20).dial_outcome(2) == DialOutcome("answered", 20, 2, 3)
    assert Callee("busy", ring=1).dial_outcome(1).kind == "busy"
    assert Callee("no-answer").dial_outcome(1).kind == "no-answer"
    assert Callee("fail").dial_outcome(1) == DialOutcome("failed")
    assert Callee().dial_outcome(1).seconds == 14400  # stays up to Restcomm's default timeLimit


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"numbers": {"+1": {"action": "answr"}}}, "numbers.+1: action 'answr': expected one of "
                                                   "answer, busy, no-answer, fail"),
        ({"numbers": {"+1": {"ring": -1}}}, "numbers.+1: ring -1.0: expected seconds, 0 or more"),
        ({"numbers": {"+1": {"ring": "2"}}}, "numbers.+1.ring: expected a number of seconds"),
        ({"numbers": {"+1": {"input": "1"}}}, "numbers.+1.input: expected a list"),
        ({"numbers": {"+1": {"input": ["x"]}}}, "numbers.+1.input: input 'x': expected keys"),
        ({"numbers": {"+1": {"talks": 3}}}, "numbers.+1: unknown key 'talks'"),
        ({"callees": {}}, "callees: unknown key 'callees'"),
        ({"numbers": []}, "callees: numbers must be a table"),
    ],
)
def test_mistakes_are_one_line_errors(data: object, message: str) -> None:
    with pytest.raises(CalleeError) as error:
        callees_from(data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_an_unreadable_file_says_which_and_why(tmp_path: Path) -> None:
    broken = tmp_path / "callees.toml"
    broken.write_text("[numbers\n", encoding="utf-8")
    with pytest.raises(CalleeError, match=r"callees.toml: not valid TOML"):
        load_callees(broken)
    with pytest.raises(CalleeError, match=r"missing.json: No such file"):
        load_callees(tmp_path / "missing.json")
