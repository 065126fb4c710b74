"""What linting produces: one result per file, and the totals a run reports at the end.

Results are plain picklable data: worker processes send them back to the main process, which hands
them, in the order the files were given, to exactly one reporter. (Named tuples rather than
dataclasses: they are created at import time, and a dataclass costs ten times as much start-up.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rcml.core.findings import Finding, Severity
from rcml.core.report import summary_line

STDIN = "-"


def display_path(path: str) -> str:
    """How a path is shown: standard input as ``<stdin>``, every other path as given."""
    return "<stdin>" if path == STDIN else path


def describe_error(exc: OSError) -> str:
    """How a file that cannot be read is reported: ``permission denied``, ``is a directory``,
    ``not a regular file (a named pipe)``, ``file name too long``."""
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror.lower() if exc.strerror else str(exc)


class FileResult(NamedTuple):
    """The findings for one file (already selected and suppressed), or why it could not be read.

    ``source`` holds the file's text only when a reporter asked to show source lines.
    ``skipped``: found by a walk, and not RCML (its root element is not ``<Response>``); not
    reported, only counted.
    """

    path: str
    findings: Sequence[Finding] = ()
    read_error: str | None = None
    source: str | None = None
    skipped: bool = False

    @property
    def display(self) -> str:
        return display_path(self.path)

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def failing(self, fail_on: Severity) -> list[Finding]:
        """The findings at or above the ``fail_on`` severity."""
        return [f for f in self.findings if f.severity.rank >= fail_on.rank]


class Summary:
    """Totals over a run, filled in as results arrive."""

    def __init__(self, fail_on: Severity = Severity.ERROR) -> None:
        self.fail_on = fail_on
        self._failing = frozenset(s for s in Severity if s.rank >= fail_on.rank)
        self.files = 0
        self.unreadable = 0
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.failing = 0
        self.skipped = 0
        self.by_rule: dict[str, int] = {}

    def add(self, result: FileResult) -> None:
        if result.skipped:
            self.skipped += 1
            return
        self.files += 1
        if not result.findings and result.read_error is None:
            return  # most files: nothing else to count
        if result.read_error is not None:
            self.unreadable += 1
        counts, by_rule, failing = self.counts, self.by_rule, self._failing
        for finding in result.findings:
            severity = finding.severity
            counts[severity] += 1  # a StrEnum member finds its value's key
            by_rule[finding.code] = by_rule.get(finding.code, 0) + 1
            if severity in failing:  # result.failing(self.fail_on), without a list
                self.failing += 1

    @property
    def exit_code(self) -> int:
        """2 when a file could not be read, 1 when a finding reaches ``fail_on``, else 0."""
        if self.unreadable:
            return 2
        return 1 if self.failing else 0

    def line(self) -> str:
        """The one-line summary the text reporter ends with."""
        line = summary_line(self.files, self.counts, self.unreadable)
        return line + (f", {self.skipped} skipped: not RCML" if self.skipped else "")
