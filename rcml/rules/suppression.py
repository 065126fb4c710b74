"""Lint-stage rule about suppression comments (``<!-- rcml: disable=CODE -->``).

``rcml lint`` reads the comments (``rcml.engine.suppress``); this class holds the code and the
documentation of the finding it reports when one of them suppresses nothing.
"""

from __future__ import annotations

from rcml.core.findings import Severity
from rcml.rules.base import Rule


class UnusedSuppression(Rule):
    """A suppression comment disables a code that has no finding where it applies.

    What it does
    Reports each code named in an `<!-- rcml: disable=... -->` comment (the next element and
    what it holds) or an `<!-- rcml: disable-file=... -->` comment (the whole file) for which the
    validator found nothing there, and each code or prefix that names no rule.

    Why it matters
    A suppression outlives the problem it silenced: once the document is fixed, it stays behind
    and will hide the same problem when it comes back, without anyone noticing. A misspelt code
    suppresses nothing at all.

    Example
        <Response>
          <!-- rcml: disable=RCML205 -->
          <Say voice="man">Welcome</Say>
        </Response>

    Use instead
        <Response>
          <Say voice="man">Welcome</Say>
        </Response>
    """

    code = "RCML009"
    name = "unused-suppression"
    severity = Severity.INFO
    stage = "lint"
    fix = "safe"
    fix_note = (
        "Removes the code from the comment, or the whole comment (with its line) when it names "
        "no other; removing a comment that stands inside text, or writing the closest code for "
        "one that names no rule, is an unsafe fix."
    )


RULES: tuple[type[Rule], ...] = (UnusedSuppression,)
