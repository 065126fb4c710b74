"""Findings: what the validator says about a document, as data.

A finding carries a stable rule code, a severity, a 1-based position, the element's path and a
message with an optional fix hint. Findings sort by position, so tests and reporters can rely on
a stable order, and compare by value, so tests can assert exact lists.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Severity(enum.StrEnum):
    """How bad a finding is. The meaning is fixed across every rule:

    * ``error``: not XML, not RCML, or Restcomm fails, hangs up, or skips what the author wrote;
    * ``warning``: Restcomm runs it but ignores or replaces a value;
    * ``info``: style and portability.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: larger is worse."""
        return _RANKS[self]

    def __str__(self) -> str:
        return self.value


_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in one document."""

    line: int
    column: int
    code: str
    severity: Severity
    message: str
    element: str = ""  # the element's path, such as /Response/Gather[1]/Say[1]
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with stable keys."""
        return {
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "element": self.element,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        text = f"{self.line}:{self.column}: {self.code} {self.message}"
        return f"{text} ({self.hint})" if self.hint else text
