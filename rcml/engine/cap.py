"""The cap on a document's findings: past ``Limits.max_findings``, one RCML008 finding stands for
the rest, so that a generated document with the same mistake on every line is reported in a few
hundred lines, not forty thousand.

Findings of a document are sometimes merged from several lists (a site adds its link findings to
the validator's, a template's renderings each have theirs), each maybe capped already; capping the
merged list folds the summaries it holds into one, so the count stays right.
"""

from __future__ import annotations

import re
from collections import Counter

from rcml.core.findings import Finding, Severity
from rcml.rules.document import TooManyFindings

_COUNT = re.compile(r"(RCML\d{3}) \(([\d,]+)\)")
_HINT = "fix the findings shown and validate again, or raise Limits.max_findings"


def cap_findings(findings: list[Finding], limit: int) -> list[Finding]:
    """``findings`` (sorted) cut to ``limit``, and one more finding that stands for the rest: how
    many, of which rules, at the position of the first one left out, and at the severity of the
    worst of them (so a document whose errors all fall past the cap is still not valid). The
    result is sorted."""
    if len(findings) <= limit:
        return findings
    kept: list[Finding] = []
    hidden: Counter[str] = Counter()
    worst = Severity.INFO
    first: Finding | None = None
    for finding in findings:
        if finding.code == TooManyFindings.code:
            hidden.update(_counts(finding))
        elif len(kept) < limit:
            kept.append(finding)
            continue
        else:
            hidden[finding.code] += 1
        if finding.severity.rank > worst.rank:
            worst = finding.severity
        if first is None or finding < first:
            first = finding
    assert first is not None  # more findings than the cap: one at least was left out
    codes = ", ".join(f"{code} ({count:,})" for code, count in sorted(hidden.items()))
    summary = TooManyFindings.at(
        first.line,
        first.column,
        f"{sum(hidden.values()):,} more findings not shown, from here on: {codes}",
        _HINT,
        severity=worst,
    )
    return sorted([*kept, summary])


def _counts(summary: Finding) -> Counter[str]:
    """The codes and counts an earlier summary stands for (it wrote them in its message)."""
    counts: Counter[str] = Counter()
    for code, count in _COUNT.findall(summary.message):
        counts[code] += int(count.replace(",", ""))
    return counts
