"""The real corpus: the validator keeps the contract in its manifest's `expect` column.

* no-error: no error-severity finding (warnings and notes are fine);
* error: at least one error;
* any: a bare `&` or USSD extension elements: rcml decides (RCML007 warning, RCML101 error), so at
  least one finding, and never RCML000;
* skip: a template, not a document: only that the validator never crashes on it.

Where the Java code contradicts a label, the code wins, and the exception is listed here with its
citation and the exact finding, so it stays tested (``tests.conftest.CODE_WINS``).
"""

from __future__ import annotations

import pytest

import rcml
from tests.conftest import CODE_WINS, CORPUS, corpus_params


@pytest.mark.parametrize("row", corpus_params())
def test_corpus_document_meets_its_expectation(row: dict[str, str]) -> None:
    findings = rcml.validate_file(CORPUS / row["file"], context=row["context"])
    errors = [f for f in findings if f.is_error]
    if row["file"] in CODE_WINS:  # the exact errors, nothing more
        assert [(f.line, f.column, f.code) for f in errors] == CODE_WINS[row["file"]]
        return
    assert all(f.code != "RCML000" for f in findings), findings
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
    expect = row["expect"]
    if expect == "no-error":
        assert errors == [], [str(f) for f in errors]
    elif expect == "error":
        assert errors, "expected at least one error"
    elif expect == "any":
        assert findings, "expected a warning or an error"
