"""Findings: what the validator says about a document, as data.

A finding carries a stable rule code, a severity, a 1-based position, the element's path and a
message with an optional fix hint. Findings sort by position, so tests and reporters can rely on
a stable order, and compare by value, so tests can assert exact lists.

A finding may also carry a :class:`Fix`: the edits that resolve it, as ``rcml lint --fix`` applies
them. The fix takes no part in comparing or sorting findings: two findings that say the same
thing at the same place are equal whether or not one of them knows how to fix it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class TextEdit:
    """Replace ``old`` by ``new`` where ``old`` starts: 1-based ``line`` and ``column`` (in
    characters) of the document as written, like a finding's position.

    ``old`` is the exact text expected there: whoever applies the edit checks it first, so an edit
    computed from a position that does not hold is dropped, never applied somewhere else.
    """

    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class Fix:
    """The edits that resolve one finding, applied all together or not at all.

    ``safe``: the fix writes what the author certainly meant (a name in its right case, a list
    with the separator Restcomm reads). An unsafe fix is a likely guess (the closest name) or
    drops something the author wrote; ``rcml lint --fix`` applies it only with
    ``--unsafe-fixes``.
    """

    edits: tuple[TextEdit, ...]
    safe: bool = True


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
    fix: Fix | None = field(default=None, compare=False, repr=False)

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
