"""The rule that reports rcml's own failures, so that a bug never becomes a traceback."""

from __future__ import annotations

from rcml.core.findings import Severity
from rcml.rules.base import Rule


class InternalError(Rule):
    """A rule of rcml failed on this document (a bug in rcml, not in the document).

    What it does
    Reports, instead of crashing, that one rule raised an exception; the other rules still run.

    Why it matters
    The document may or may not be fine, so it is not passed as valid. Please report it with the
    document that caused it.

    Example
        (none: any such finding is a bug in rcml)

    Use instead
        Report the document at the project's issue tracker.
    """

    code = "RCML000"
    name = "internal-error"
    severity = Severity.ERROR
    stage = "parse"


RULES: tuple[type[Rule], ...] = (InternalError,)
