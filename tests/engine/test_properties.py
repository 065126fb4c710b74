"""Properties: the validator never crashes, and every finding is well placed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rcml
import rcml.rules
from rcml.core.options import CONTEXTS
from tests.strategies import element_trees

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(findings: list[rcml.Finding]) -> None:
    assert findings == sorted(findings)
    for finding in findings:
        assert finding.code != "RCML000", finding
        assert finding.line >= 1 and finding.column >= 1
        assert finding.code in rcml.rules.RULES_BY_CODE
        assert finding.message


@SETTINGS
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    _check(rcml.validate(data))


@SETTINGS
@given(st.text(max_size=500))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check(rcml.validate(text))


@SETTINGS
@given(element_trees(), st.sampled_from(CONTEXTS))
def test_never_raises_on_arbitrary_trees(data: bytes, context: str) -> None:
    _check(rcml.validate(data, context=context))


@SETTINGS
@given(element_trees(root=None))
def test_never_raises_on_trees_with_any_root(data: bytes) -> None:
    _check(rcml.validate(data))


@SETTINGS
@given(element_trees())
def test_positions_point_inside_the_document(data: bytes) -> None:
    lines = data.decode("utf-8").split("\n")
    for finding in rcml.validate(data):
        assert finding.line <= len(lines)
        assert finding.column <= len(lines[finding.line - 1]) + 1
