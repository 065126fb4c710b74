"""Suppression comments: next element, whole file, unused and malformed ones (RCML009)."""

from __future__ import annotations

from rcml.core.options import Limits
from rcml.lint.runner import lint_bytes


def codes(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.code) for f in lint_bytes(text.encode(), "voice", Limits())]


def test_without_comments_the_findings_are_the_validators() -> None:
    doc = '<Response>\n  <Say voice="alice">Hi</Say>\n  <Say voice="alice">Hi</Say>\n</Response>\n'
    assert codes(doc) == [(2, 8, "RCML205"), (3, 8, "RCML205")]


def test_disable_covers_only_the_next_element() -> None:
    doc = (
        "<Response>\n"
        "  <!-- rcml: disable=RCML205 -->\n"
        '  <Say voice="alice">Hi</Say>\n'
        '  <Say voice="alice">Hi</Say>\n'
        "</Response>\n"
    )
    assert codes(doc) == [(4, 8, "RCML205")]


def test_disable_covers_what_the_element_holds() -> None:
    doc = (
        "<Response>\n"
        "  <!-- rcml: disable=RCML2 the IVR vendor needs these -->\n"
        '  <Gather numDigits="1" action="/menu">\n'
        '    <Say voice="alice">Hi</Say>\n'
        "  </Gather>\n"
        '  <Say voice="alice">Bye</Say>\n'
        "</Response>\n"
    )
    assert codes(doc) == [(6, 8, "RCML205")]


def test_disable_file_covers_the_whole_document_wherever_it_stands() -> None:
    doc = (
        '<Response>\n  <Say voice="alice">Hi</Say>\n  <Hangup/>\n  <Say>Bye</Say>\n'
        "  <!-- rcml: disable-file=RCML205, RCML401 -->\n</Response>\n"
    )
    assert codes(doc) == []


def test_unused_suppressions_are_reported_as_info() -> None:
    doc = (
        "<Response>\n"
        "  <!-- rcml: disable=RCML205,RCML401 -->\n"
        '  <Say voice="alice">Hi</Say>\n'
        "  <!-- rcml: disable-file=RCML301 -->\n"
        "</Response>\n"
    )
    findings = lint_bytes(doc.encode(), "voice", Limits())
    assert [(f.line, f.column, f.code, f.severity.value) for f in findings] == [
        (2, 3, "RCML009", "info"),
        (4, 3, "RCML009", "info"),
    ]
    assert findings[0].message == (
        "rcml: disable=RCML401 suppresses nothing: no RCML401 finding on <Say>"
    )
    assert findings[1].message == (
        "rcml: disable-file=RCML301 suppresses nothing: no RCML301 finding in this file"
    )


def test_unknown_codes_and_malformed_comments() -> None:
    doc = (
        "<Response>\n"
        "  <!-- rcml: disable=RCML2055 -->\n"
        "  <Say>Hi</Say>\n"
        "  <!-- rcml: disabel=RCML205 -->\n"
        "  <!-- rcml: disable=RCML205 -->\n"
        "</Response>\n"
    )
    findings = lint_bytes(doc.encode(), "voice", Limits())
    assert [(f.line, f.code) for f in findings] == [(2, "RCML009"), (4, "RCML009"), (5, "RCML009")]
    assert findings[0].message == "rcml: disable=RCML2055: RCML2055 names no rule"
    assert findings[0].hint == "did you mean RCML205?"
    assert findings[1].message.startswith("suppression comment not understood")
    assert findings[2].message == "rcml: disable=RCML205 has no element after it"


def test_a_broken_document_honours_disable_file_only() -> None:
    doc = "<Response>\n<!-- rcml: disable-file=RCML001 -->\n<!-- rcml: disable=RCML205 -->\n<Say>"
    assert codes(doc) == []  # the next-element comment cannot be placed: not reported either


def test_positions_after_a_bare_ampersand_still_match() -> None:
    doc = (
        "<Response>\n"
        "  <!-- rcml: disable=RCML205 -->\n"
        '  <Say voice="alice">Tom & Jerry</Say>\n'
        "</Response>\n"
    )
    assert codes(doc) == [(3, 26, "RCML007")]
