"""Every rule: its failing document gets exactly the expected findings, its passing one none."""

from __future__ import annotations

import pytest

import rcml
import rcml.rules
from tests.rules.fixtures import FIXTURES


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_failing_document_is_flagged_at_the_right_place(code: str) -> None:
    fixture = FIXTURES[code]
    findings = rcml.validate(fixture.bad, context=fixture.context)
    assert [(f.line, f.column) for f in findings if f.code == code] == fixture.expect
    assert all(f.code != "RCML000" for f in findings)


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_passing_document_is_clean_of_that_rule(code: str) -> None:
    fixture = FIXTURES[code]
    findings = rcml.validate(fixture.good, context=fixture.context)
    assert [f for f in findings if f.code == code] == []
    assert all(f.code != "RCML000" for f in findings)


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_findings_carry_the_rule_severity_message_and_path(code: str) -> None:
    fixture = FIXTURES[code]
    rule = rcml.rules.RULES_BY_CODE[code]
    for finding in rcml.validate(fixture.bad, context=fixture.context):
        if finding.code != code:
            continue
        assert finding.message
        if code not in ("RCML111", "RCML401", "RCML431"):  # documented downgrades
            assert finding.severity is rule.severity
        if rule.stage != "parse":
            assert finding.element.startswith("/")


def test_verbs_after_a_first_reject_are_a_warning() -> None:
    findings = rcml.validate(b'<Response><Reject reason="busy"/><Dial>+15550100</Dial></Response>')
    assert [(f.code, f.severity.value, f.column) for f in findings] == [("RCML401", "warning", 34)]


@pytest.mark.parametrize(
    "code", sorted(code for code in FIXTURES if rcml.rules.RULES_BY_CODE[code].contexts)
)
def test_a_rule_of_some_contexts_reports_in_those_only(code: str) -> None:
    """The engine skips a rule outside its ``contexts``, and so does ``Rule.check``."""
    from rcml.core.document import Document
    from rcml.core.options import CONTEXTS
    from rcml.engine.parse import local_names, parse
    from rcml.schema import load_schema

    fixture, rule = FIXTURES[code], rcml.rules.RULES_BY_CODE[code]
    assert rule.contexts is not None and fixture.context in rule.contexts
    for context in CONTEXTS:
        codes = {f.code for f in rcml.validate(fixture.bad, context=context)}
        parsed = parse(fixture.bad, rcml.Limits())
        local_names(parsed)
        assert parsed.root is not None
        doc = Document(parsed.root, parsed.text, context, load_schema())
        alone = list(rule().check(doc))
        if context == fixture.context:
            assert alone
        elif context not in rule.contexts:
            assert code not in codes and alone == []
