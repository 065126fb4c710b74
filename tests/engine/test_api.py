"""The public validation API: validate, is_valid, assert_valid, validate_file, findings."""

from __future__ import annotations

from pathlib import Path

import pytest

import rcml
from rcml.core.findings import Finding, Severity

DIRTY = b'<Response>\n  <Say voice="alice">Hi</Say>\n  <Hangup/>\n  <Say>bye</Say>\n</Response>'


def test_validate_returns_sorted_exact_findings() -> None:
    findings = rcml.validate(DIRTY)
    assert [(f.code, f.severity, f.line, f.column, f.element) for f in findings] == [
        ("RCML205", Severity.WARNING, 2, 8, "/Response/Say[1]"),
        ("RCML401", Severity.ERROR, 4, 3, "/Response/Say[2]"),
    ]
    assert findings[0].hint == "did you mean 'man'?" or findings[0].hint.startswith("write")


def test_text_and_bytes_give_the_same_findings() -> None:
    assert rcml.validate(DIRTY.decode()) == rcml.validate(DIRTY)


def test_is_valid_ignores_warnings() -> None:
    assert rcml.is_valid('<Response><Say voice="alice">Hi</Say></Response>')
    assert not rcml.is_valid(DIRTY)


def test_assert_valid_raises_with_the_findings() -> None:
    with pytest.raises(rcml.InvalidDocumentError) as caught:
        rcml.assert_valid(DIRTY)
    assert [f.code for f in caught.value.findings] == ["RCML205", "RCML401"]
    assert "RCML401" in str(caught.value)
    assert isinstance(caught.value, rcml.RcmlError)
    warnings = rcml.assert_valid('<Response><Say voice="alice">Hi</Say></Response>')
    assert [f.code for f in warnings] == ["RCML205"]


def test_validate_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.xml"
    path.write_bytes(DIRTY)
    assert rcml.validate_file(path) == rcml.validate(DIRTY)
    assert rcml.validate_file(str(path)) == rcml.validate(DIRTY)
    with pytest.raises(OSError):
        rcml.validate_file(tmp_path / "missing.xml")


def test_unknown_context_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="voice, sms, ussd, screening, conference-wait"):
        rcml.validate(b"<Response/>", context="fax")


@pytest.mark.parametrize(
    ("context", "codes"),
    [
        ("voice", ["RCML110"]),
        ("ussd", ["RCML110"]),
        ("sms", ["RCML110", "RCML110"]),
        ("screening", ["RCML110"]),
        ("conference-wait", ["RCML110", "RCML110"]),
    ],
)
def test_contexts_decide_which_verbs_run(context: str, codes: list[str]) -> None:
    doc = b"<Response><Say>hi</Say><UssdMessage>menu</UssdMessage></Response>"
    if context == "screening":
        doc = b"<Response><Say>hi</Say><Dial>+15550100</Dial></Response>"
    if context == "conference-wait":
        doc = b"<Response><Say>hi</Say><Pause/><Hangup/></Response>"
    if context == "sms":
        doc = b"<Response><Sms>hi</Sms><Say>x</Say><Play>/a.wav</Play></Response>"
    assert [f.code for f in rcml.validate(doc, context=context)] == codes


def test_findings_sort_by_position_and_compare_by_value() -> None:
    a = Finding(2, 1, "RCML101", Severity.ERROR, "m")
    b = Finding(1, 5, "RCML205", Severity.WARNING, "m")
    assert sorted([a, b]) == [b, a]
    assert a == Finding(2, 1, "RCML101", Severity.ERROR, "m")
    assert a.to_dict() == {
        "line": 2,
        "column": 1,
        "code": "RCML101",
        "severity": "error",
        "message": "m",
        "element": "",
        "hint": None,
    }
    assert str(b) == "1:5: RCML205 m"
    assert Severity.ERROR.rank > Severity.WARNING.rank > Severity.INFO.rank


def test_a_failing_rule_becomes_an_internal_error_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from rcml.rules.dial import DialTextAndNouns

    def broken(self: object, doc: object, element: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(DialTextAndNouns, "check_element", broken)
    findings = rcml.validate(b"<Response><Dial>x<Client>a</Client></Dial></Response>")
    codes = [f.code for f in findings]
    assert codes.count("RCML000") == 2  # the walk failed, then the rule alone
    assert any("RCML111" in f.message and "boom" in f.message for f in findings)
