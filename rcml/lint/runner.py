"""Validate each target; a file that cannot be read is a result too, never an exception."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from rcml._io import read_capped, read_file_capped
from rcml.lint.files import LintTarget
from rcml.validate import Finding, Limits, validate
from rcml.validate.options import Context


@dataclass(frozen=True)
class FileResult:
    """The findings for one document, or why it could not be read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    read_error: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def read_target(target: LintTarget, limits: Limits) -> bytes:
    """The bytes of one target (at most one byte over the size cap, which is enough to refuse)."""
    if target.is_stdin:
        return read_capped(sys.stdin.buffer, limits.max_bytes)
    return read_file_capped(target.path, limits.max_bytes)


def lint_target(target: LintTarget, context: Context, limits: Limits) -> FileResult:
    """Lint one document."""
    try:
        data = read_target(target, limits)
    except OSError as exc:
        return FileResult(target.path, read_error=exc.strerror or str(exc))
    return FileResult(target.path, validate(data, context=context, limits=limits))


def lint_targets(
    targets: list[LintTarget], *, context: Context = "voice", limits: Limits | None = None
) -> list[FileResult]:
    """Lint every target, in order."""
    limits = limits or Limits()
    return [lint_target(t, context, limits) for t in targets]
