"""A run's totals: what Summary counts is what its definition says, for any mix of results."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rcml.core.findings import Finding, Severity
from rcml.lint.result import FileResult, Summary

findings = st.builds(
    Finding,
    line=st.integers(1, 9),
    column=st.integers(1, 9),
    code=st.sampled_from(["RCML101", "RCML205", "RCML401", "RCML603"]),
    severity=st.sampled_from(list(Severity)),
    message=st.just("m"),
)
results = st.builds(
    FileResult,
    path=st.sampled_from(["a.xml", "b.xml"]),
    findings=st.lists(findings, max_size=5).map(tuple),
    read_error=st.none() | st.just("permission denied"),
    skipped=st.booleans(),
)


@given(st.lists(results, max_size=8), st.sampled_from(list(Severity)))
def test_summary_counts_what_the_results_say(batch: list[FileResult], fail_on: Severity) -> None:
    summary = Summary(fail_on=fail_on)
    for result in batch:
        summary.add(result)
    kept = [r for r in batch if not r.skipped]
    every = [f for r in kept for f in r.findings]
    assert summary.files == len(kept) and summary.skipped == len(batch) - len(kept)
    assert summary.unreadable == sum(r.read_error is not None for r in kept)
    assert summary.counts == {s.value: sum(f.severity is s for f in every) for s in Severity}
    assert all(type(key) is str for key in summary.counts)  # the keys stay plain strings
    assert summary.failing == sum(len(r.failing(fail_on)) for r in kept)
    assert summary.by_rule == {
        code: sum(f.code == code for f in every) for code in {f.code for f in every}
    }
