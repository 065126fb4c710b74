"""How findings print as text: one format for every command (lint, serve, build)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rcml.core.findings import Finding


def finding_line(path: str, finding: Finding) -> str:
    """``path:line:col: CODE [severity] message (hint)``: the plain format, stable for scripts."""
    hint = f" ({finding.hint})" if finding.hint else ""
    return (
        f"{path}:{finding.line}:{finding.column}: {finding.code} "
        f"[{finding.severity.value}] {finding.message}{hint}"
    )


def summary_line(documents: int, counts: Mapping[str, int], unreadable: int = 0) -> str:
    """``N document(s) checked: E error(s), W warning(s), I note(s)``."""
    text = (
        f"{documents} document(s) checked: {counts.get('error', 0)} error(s), "
        f"{counts.get('warning', 0)} warning(s), {counts.get('info', 0)} note(s)"
    )
    return text + (f", {unreadable} unreadable" if unreadable else "")


def text_report(files: Iterable[tuple[str, Sequence[Finding]]]) -> str:
    """Every finding of ``files`` (path, findings) as ``rcml lint`` prints it, then the summary."""
    lines: list[str] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    documents = 0
    for path, findings in files:
        documents += 1
        for finding in findings:
            counts[finding.severity.value] += 1
            lines.append(finding_line(path, finding))
    lines.append(summary_line(documents, counts))
    return "\n".join(lines) + "\n"
