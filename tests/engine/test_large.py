"""Large documents: time linear in their size, findings capped with one RCML008 for the rest, and
the schema rules (which judge documents too large for libxml2's messages) say what libxml2 says."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rcml
from rcml.core.findings import Finding, Severity
from rcml.engine import engine
from tests.conftest import CORPUS, corpus_rows
from tests.rules.fixtures import FIXTURES
from tests.strategies import element_trees

ROOT = Path(__file__).resolve().parents[2]
UNCAPPED = rcml.Limits(max_findings=1_000_000)


def _both_ways(data: bytes, context: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """The findings as usual, and as if the document were too large for libxml2's schemas."""
    usual = engine._validate(data, context, UNCAPPED, use_prefilter=True)  # type: ignore[arg-type]
    with monkeypatch.context() as patch:
        patch.setattr(engine, "LARGE_DOCUMENT", -1)
        large = engine._validate(data, context, UNCAPPED, use_prefilter=True)  # type: ignore[arg-type]
    return usual, large


def _assert_same(usual: list[Finding], large: list[Finding]) -> None:
    """Equal but for RCML100, libxml2's own words for what no rule explains, which only libxml2
    can say; and never so that an invalid document passes."""
    assert [f for f in usual if f.code != "RCML100"] == large
    assert any(f.is_error for f in usual) == any(f.is_error for f in large)


def _samples() -> list[tuple[bytes, str]]:
    samples = [(f.bad, f.context) for f in FIXTURES.values() if len(f.bad) < 100_000]
    samples += [(f.good, f.context) for f in FIXTURES.values() if len(f.good) < 100_000]
    samples += [((CORPUS / row["file"]).read_bytes(), row["context"]) for row in corpus_rows()]
    return samples


def test_the_schema_rules_alone_agree_with_libxml2_on_fixtures_and_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = _samples()
    assert len(samples) > 100
    for data, context in samples:
        _assert_same(*_both_ways(data, context, monkeypatch))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(element_trees(max_depth=3), st.sampled_from(["voice", "sms", "ussd"]))
def test_the_schema_rules_alone_agree_with_libxml2_on_any_tree(data: bytes, context: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same(*_both_ways(data, context, monkeypatch))


def _pauses(count: int, separator: str = "\n") -> bytes:
    pauses = separator.join(["<Pause length='x'/>"] * count)
    return f"<Response>{pauses}</Response>".encode()


def test_findings_past_the_cap_become_one_rcml008() -> None:
    findings = rcml.validate(_pauses(600), limits=rcml.Limits(max_findings=100))
    assert [f.code for f in findings] == ["RCML206"] * 100 + ["RCML008"]
    summary = findings[-1]
    assert (summary.line, summary.column) == (101, 8)  # the first finding left out
    assert summary.message == "500 more findings not shown, from here on: RCML206 (500)"
    assert summary.severity is Severity.WARNING  # the worst it stands for: RCML206 warnings
    assert rcml.is_valid(_pauses(600))


def test_the_summary_is_an_error_when_an_error_is_left_out() -> None:
    data = _pauses(10)[: -len("</Response>")] + b"\n<Paws/></Response>"
    findings = rcml.validate(data, limits=rcml.Limits(max_findings=3))
    assert [f.code for f in findings] == ["RCML206"] * 3 + ["RCML008"]
    assert findings[-1].message.endswith("RCML101 (1), RCML206 (7)")
    assert findings[-1].is_error
    assert not rcml.is_valid(data, limits=rcml.Limits(max_findings=3))


def test_exactly_the_cap_needs_no_summary() -> None:
    findings = rcml.validate(_pauses(5), limits=rcml.Limits(max_findings=5))
    assert [f.code for f in findings] == ["RCML206"] * 5


def test_the_cap_must_be_positive() -> None:
    with pytest.raises(ValueError):
        rcml.Limits(max_findings=0)


def test_a_large_document_keeps_exact_positions_and_paths() -> None:
    findings = rcml.validate(_pauses(3000, separator=""), limits=UNCAPPED)
    assert len(findings) == 3000
    last = findings[-1]
    assert (last.line, last.column) == (1, 10 + 19 * 2999 + 8)
    assert last.element == "/Response/Pause[3000]"


# Minutes before (lxml writes the XPath of each libxml2 message, libxml2 counts the element's
# preceding siblings for it; rcml's own paths and positions counted too): seconds now. Run in a
# child process so that a regression fails at the deadline instead of holding up the suite.
_PROBE = textwrap.dedent(
    """
    import json, sys, time, rcml
    out = {}
    for name, separator in (("lines", "\\n"), ("one-line", "")):
        data = ("<Response>" + separator.join(["<Pause length='x'/>"] * 40_000) + "</Response>")
        start = time.perf_counter()
        findings = rcml.validate(data.encode())
        out[name] = [time.perf_counter() - start, len(findings), str(findings[-1])]
    print(json.dumps(out))
    """
)


def test_40000_faulty_siblings_validate_within_a_deadline() -> None:
    deadline = 20.0
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=deadline,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"40,000 faulty siblings took more than {deadline} s to validate")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    for name in ("lines", "one-line"):
        seconds, count, last = out[name]
        assert count == 501
        assert "RCML008 39,500 more findings not shown, from here on: RCML206 (39,500)" in last
        assert seconds < deadline / 2


def test_capping_a_merged_list_folds_the_summaries_it_holds() -> None:
    from rcml.engine.cap import cap_findings

    capped = rcml.validate(_pauses(30), limits=rcml.Limits(max_findings=10))
    assert capped[-1].message.startswith("20 more findings")
    others = [Finding(line, 1, "RCML601", Severity.ERROR, "broken link") for line in (1, 40)]
    merged = cap_findings(sorted(capped + others), 10)
    assert [f.code for f in merged] == ["RCML601"] + ["RCML206"] * 9 + ["RCML008"]
    summary = merged[-1]
    assert summary.message == (
        "22 more findings not shown, from here on: RCML206 (21), RCML601 (1)"
    )
    assert (summary.line, summary.is_error) == (10, True)
    assert cap_findings(merged, 10) == merged  # capping again changes nothing


def test_a_site_caps_each_document_with_its_link_findings(tmp_path: Path) -> None:
    from rcml.site import load_site

    plays = "\n".join(["<Play>nowhere.wav</Play>"] * 30)
    (tmp_path / "a.xml").write_text(f"<Response>{plays}</Response>")
    site = load_site(tmp_path, limits=rcml.Limits(max_findings=10))
    findings = site.findings["a.xml"]
    assert [f.code for f in findings] == ["RCML601"] * 10 + ["RCML008"]
    assert findings[-1].message == "20 more findings not shown, from here on: RCML601 (20)"
