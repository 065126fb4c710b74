"""The real corpus: the validator keeps the contract in its manifest's `expect` column.

* no-error: no error-severity finding (warnings and notes are fine);
* error: at least one error;
* any: a bare `&` or USSD extension elements: rcml decides (RCML007 warning, RCML101 error), so at
  least one finding, and never RCML000;
* skip: a template, not a document: only that the validator never crashes on it.
"""

from __future__ import annotations

import pytest

import rcml
from tests.conftest import CORPUS, corpus_params


@pytest.mark.parametrize("row", corpus_params())
def test_corpus_document_meets_its_expectation(row: dict[str, str]) -> None:
    findings = rcml.validate_file(CORPUS / row["file"], context=row["context"])
    errors = [f for f in findings if f.is_error]
    assert all(f.code != "RCML000" for f in findings), findings
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
    expect = row["expect"]
    if expect == "no-error":
        assert errors == [], [str(f) for f in errors]
    elif expect == "error":
        assert errors, "expected at least one error"
    elif expect == "any":
        assert findings, "expected a warning or an error"
