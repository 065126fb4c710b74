"""rcml's exceptions: one root, so callers can catch everything rcml raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcml.core.findings import Finding


class RcmlError(Exception):
    """The root of every exception rcml raises on purpose."""


class InvalidDocumentError(RcmlError, ValueError):
    """A document has error-severity findings; they are in ``findings``."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        errors = [f for f in self.findings if f.is_error]
        first = errors[0] if errors else None
        summary = f"{len(errors)} error(s); first: {first}" if first else "invalid document"
        super().__init__(f"invalid RCML: {summary}")
