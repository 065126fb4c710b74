"""Reporters: turn lint results into text for people or JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Callable

from rcml.lint.runner import FileResult


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def report_text(results: list[FileResult]) -> str:
    """``path:line:col: CODE message (hint)``, one line a finding, then a summary line."""
    lines: list[str] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        name = _display(result.path)
        if result.read_error:
            lines.append(f"{name}: cannot read: {result.read_error}")
            continue
        for finding in result.findings:
            counts[finding.severity.value] += 1
            hint = f" ({finding.hint})" if finding.hint else ""
            lines.append(
                f"{name}:{finding.line}:{finding.column}: {finding.code} "
                f"[{finding.severity.value}] {finding.message}{hint}"
            )
    checked = len(results)
    summary = (
        f"{checked} document(s) checked: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} note(s)"
    )
    lines.append(summary)
    return "\n".join(lines) + "\n"


def report_json(results: list[FileResult]) -> str:
    """One JSON array of finding objects (with ``path``); unreadable files as RCML-IO objects."""
    items: list[dict[str, object]] = []
    for result in results:
        if result.read_error:
            items.append(
                {
                    "path": _display(result.path),
                    "line": 0,
                    "column": 0,
                    "code": "IO",
                    "severity": "error",
                    "message": f"cannot read: {result.read_error}",
                    "element": "",
                    "hint": None,
                }
            )
            continue
        for finding in result.findings:
            item: dict[str, object] = {"path": _display(result.path)}
            item.update(finding.to_dict())
            items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


REPORTERS: dict[str, Callable[[list[FileResult]], str]] = {
    "text": report_text,
    "json": report_json,
}
