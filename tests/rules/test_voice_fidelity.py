"""Verdicts on voice verbs as Restcomm's own code decides them (docs/restcomm-behaviour.md)."""

from __future__ import annotations

import pytest

import rcml


def found(doc: str, context: str = "voice") -> list[tuple[str, str, int]]:
    return [(f.code, f.severity.value, f.column) for f in rcml.validate(doc, context=context)]


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ("<Say>a</Say><Pause/>", [("RCML411", "error", 43)]),
        ("<Pause/>", [("RCML411", "error", 31)]),
        ("<Say>a</Say><Pause/><Pause/>", [("RCML411", "error", 51)]),
        ("<Pause/><Say>a</Say>", []),
        ("<Say>a</Say><Pause/><Play>/b.wav</Play>", []),
        ("", []),
    ],
    ids=["trailing", "only-pause", "two-trailing", "leading", "between", "no-children"],
)
def test_a_trailing_pause_in_gather_is_dead_air(
    children: str, expected: list[tuple[str, str, int]]
) -> None:
    doc = f'<Response><Gather action="/g">{children}</Gather></Response>'
    assert found(doc) == expected


def test_an_empty_prompt_in_gather_is_explained_as_what_restcomm_does() -> None:
    findings = rcml.validate('<Response><Gather action="/g"><Say>a</Say><Say/></Gather></Response>')
    assert [(f.code, f.column) for f in findings] == [("RCML501", 43)]
    assert "never starts" in findings[0].message


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ('<Dial action="/d">+15550100</Dial><Say>bye</Say>', [("RCML412", "warning", 45)]),
        (
            '<Dial action="/d"><Client>a</Client></Dial><Gather/>',
            [("RCML403", "warning", 54), ("RCML412", "warning", 54)],
        ),
        # An empty Dial action is present: when the dial ends nothing is requested and no next
        # verb is asked for, the call stalls (VoiceInterpreter.java:2658, 2787-2788): RCML220.
        ('<Dial action="">+15550100</Dial><Say>bye</Say>', [("RCML220", "error", 17)]),
        ('<Dial action="/d"/><Say>bye</Say>', [("RCML501", "error", 11)]),
        ('<Record action="/r"/><Say>bye</Say>', [("RCML412", "warning", 32)]),
        ("<Record/><Say>bye</Say>", [("RCML403", "warning", 11)]),
    ],
    ids=["dial", "dial-nouns", "dial-empty-action", "dial-nothing-to-dial", "record", "no-action"],
)
def test_verbs_after_an_action_never_run(doc: str, expected: list[tuple[str, str, int]]) -> None:
    assert found(f"<Response>{doc}</Response>") == expected


def test_an_empty_action_is_present_not_absent() -> None:
    doc = '<Response><Gather action=" "><Say>a</Say></Gather><Record action=""/></Response>'
    assert found(doc) == [("RCML220", "error", 19), ("RCML220", "error", 59)]
    assert found('<Response><Sms action=" ">hi</Sms><Say>next</Say></Response>') == []


@pytest.mark.parametrize(
    ("hints", "expected"),
    [
        (",".join(["w"] * 50) + ",,,", []),  # Java's split drops the trailing empty items
        (",".join(["w"] * 51), [("RCML212", "error", 31)]),
        ("\U0001f600" * 51, [("RCML212", "error", 31)]),  # 102 UTF-16 code units
        ("\U0001f600" * 50, []),
        (" ", []),
    ],
    ids=["trailing-commas", "51-phrases", "astral-102-units", "astral-100-units", "blank"],
)
def test_hints_are_counted_as_java_splits_them(
    hints: str, expected: list[tuple[str, str, int]]
) -> None:
    doc = f'<Response><Gather action="/g" hints="{hints}"><Say>a</Say></Gather></Response>'
    assert found(doc) == expected


def test_a_bad_fax_url_stops_the_interpreter_like_play() -> None:
    assert found("<Response><Fax>https://example.com/a doc.pdf</Fax></Response>") == [
        ("RCML301", "error", 11)
    ]


def test_a_trailing_pause_in_a_gather_that_never_runs_is_a_warning() -> None:
    doc = (
        '<Response><Record action="/r"/>'
        '<Gather action="/g"><Say>a</Say><Pause/></Gather></Response>'
    )
    assert found(doc) == [("RCML412", "warning", 32), ("RCML411", "warning", 64)]
