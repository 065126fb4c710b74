"""``--format text``: one line a finding, for people; on a terminal, the source line and a caret."""

from __future__ import annotations

from rcml.core.findings import Finding
from rcml.core.report import finding_line
from rcml.lint.reporters.base import Reporter, register
from rcml.lint.result import FileResult, Summary

_COLORS = {"error": "31", "warning": "33", "info": "36"}


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
        text = line.rstrip("\r\n").expandtabs(1)
        caret = " " * max(0, finding.column - 1) + self._paint("^", _COLORS[finding.severity.value])
        return f" {number} | {text}\n {gutter} | {caret}\n"

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary.line() + "\n")
