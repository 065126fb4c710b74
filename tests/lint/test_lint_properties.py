"""Properties of suppressions, on generated documents."""

from __future__ import annotations

from hypothesis import given, settings

from rcml.core.options import Limits
from rcml.engine import validate
from rcml.lint.runner import lint_bytes
from rcml.rules import RULES_BY_CODE
from tests.strategies import element_trees


@settings(max_examples=30, deadline=None)
@given(element_trees())
def test_disable_file_with_every_reported_code_silences_the_document(doc: bytes) -> None:
    findings = lint_bytes(doc, "voice", Limits())
    assert findings == validate(doc)  # no comment: lint reports what the validator reports
    codes = sorted({f.code for f in findings})
    if not codes:
        return
    silenced = doc + f"\n<!-- rcml: disable-file={','.join(codes)} -->\n".encode()
    assert lint_bytes(silenced, "voice", Limits()) == []


@settings(max_examples=30, deadline=None)
@given(element_trees())
def test_a_code_that_reports_nothing_is_an_unused_suppression(doc: bytes) -> None:
    reported = {f.code for f in lint_bytes(doc, "voice", Limits())}
    unused = next(code for code in RULES_BY_CODE if code not in reported)
    marked = doc + f"\n<!-- rcml: disable-file={unused} -->\n".encode()
    extra = [f for f in lint_bytes(marked, "voice", Limits()) if f.code == "RCML009"]
    assert [f.message for f in extra] == [
        f"rcml: disable-file={unused} suppresses nothing: no {unused} finding in this file"
    ]
