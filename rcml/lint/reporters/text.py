"""``--format text``: one line a finding, for people; on a terminal, the source line and a caret.

A source line longer than :data:`WINDOW` columns (a whole document on one line, megabytes long)
is shown as a window of that width around the column, cut ends marked with ``...``.
``--statistics`` is :class:`StatisticsReporter`: a count per rule instead of the findings.
"""

from __future__ import annotations

from rcml.core.findings import Finding
from rcml.core.report import finding_line
from rcml.lint.reporters.base import Reporter, register
from rcml.lint.result import FileResult, Summary

_COLORS = {"error": "31", "warning": "33", "info": "36"}
WINDOW = 80
"""Widest source line shown whole; a longer one is shown as this many columns around the caret."""
ELLIPSIS = "..."


def window(text: str, column: int, width: int = WINDOW) -> tuple[str, int]:
    """``text`` cut to about ``width`` columns around ``column`` (1-based), and the column of the
    same character in what is returned. Cut ends are marked with :data:`ELLIPSIS`."""
    if len(text) <= width:
        return text, column
    start = max(0, min(column - 1 - width // 2, len(text) - width))
    stop = start + width
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if stop < len(text) else ""
    return head + text[start:stop] + tail, column - start + len(head)


@register
class TextReporter(Reporter):
    name = "text"
    description = "path:line:col: CODE [severity] message (hint); on a terminal, with the source"
    wants_source = True

    def _paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.info.color else text

    def file(self, result: FileResult) -> None:
        if not result.findings and result.read_error is None:
            return  # most files: nothing to say
        write = self.stream.write
        if result.read_error is not None:
            write(f"{self._paint(result.display, '1')}: cannot read: {result.read_error}\n")
            return
        lines = result.source.split("\n") if self.info.show_source and result.source else None
        for finding in result.findings:
            if not self.info.color:
                write(finding_line(result.display, finding) + "\n")
            else:
                hint = f" ({finding.hint})" if finding.hint else ""
                severity = finding.severity.value
                write(
                    f"{self._paint(result.display, '1')}:{finding.line}:{finding.column}: "
                    f"{self._paint(finding.code, '1;' + _COLORS[severity])} [{severity}] "
                    f"{finding.message}{hint}\n"
                )
            if lines is not None and 0 < finding.line <= len(lines):
                write(self._snippet(lines[finding.line - 1], finding))

    def _snippet(self, line: str, finding: Finding) -> str:
        number = str(finding.line)
        gutter = " " * len(number)
        text, column = window(line.rstrip("\r\n").expandtabs(1), finding.column)
        caret = " " * max(0, column - 1) + self._paint("^", _COLORS[finding.severity.value])
        return f" {number} | {text}\n {gutter} | {caret}\n"

    def finish(self, summary: Summary) -> None:
        if not self.info.quiet:
            self.stream.write(summary.line() + "\n")


class StatisticsReporter(Reporter):
    """``--statistics``: one line per rule with findings, as ruff prints them: the count, the
    code and the rule's name, most frequent first; then the summary line (unless quiet)."""

    name = "statistics"
    description = "count, code and name of each rule with findings"

    def finish(self, summary: Summary) -> None:
        from rcml.rules import RULES_BY_CODE

        rows = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
        width = max((len(str(count)) for _, count in rows), default=1)
        for code, count in rows:
            rule = RULES_BY_CODE.get(code)
            name = rule.name if rule is not None else ""
            self.stream.write(f"{count:>{width}}\t{code}\t{name}\n")
        if not self.info.quiet:
            self.stream.write(summary.line() + "\n")
