"""Suppression comments: silence given codes for one element, or for a whole file.

The syntax (documented in the README and in RCML009's page)::

    <!-- rcml: disable=RCML205 -->               the next element, and everything inside it
    <!-- rcml: disable=RCML205,RCML4 reason -->  several codes or prefixes; any text after them
    <!-- rcml: disable-file=RCML403 -->          the whole file, wherever the comment stands

"The next element" is the first element that starts after the comment, in document order. A code
(or prefix) that suppresses nothing, names no rule, or a comment that starts with ``rcml:`` but is
not understood, is reported as RCML009 (info). Documents without the text ``rcml:`` pay nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from rcml.core.document import Document
from rcml.core.findings import Finding, Fix, TextEdit
from rcml.core.names import did_you_mean
from rcml.core.options import Context, Limits
from rcml.core.positions import text_position
from rcml.engine.engine import validate
from rcml.engine.parse import parse
from rcml.rules.suppression import UnusedSuppression
from rcml.schema import load_schema

MARKER = b"rcml:"
_COMMENT = re.compile(r"<!--\s*rcml:(?P<body>.*?)-->", re.DOTALL)
_BODY = re.compile(
    r"\s*(?P<kind>disable-file|disable)\s*=\s*"
    r"(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)(?:\s+.*)?\s*\Z",
    re.DOTALL,
)
_SYNTAX_HINT = "write <!-- rcml: disable=CODE --> or <!-- rcml: disable-file=CODE -->"

ElementLocator = Callable[[tuple[int, int]], "tuple[tuple[int, int], str, str] | None"]
"""Given a position, the next element starting at or after it: ((line, column), path, tag)."""


@dataclass
class Directive:
    """One suppression comment."""

    kind: str  # "disable" or "disable-file"
    selectors: tuple[str, ...]
    line: int
    column: int
    end: tuple[int, int]  # (line, column) just after the comment
    used: set[str] = field(default_factory=set)
    target: tuple[tuple[int, int], str, str] | None = None  # next element: position, path, tag
    codes: TextEdit | None = None  # the codes as written (new: to be filled in), for fixes
    removal: Fix | None = None  # the fix that removes the whole comment

    def without(self, selector: str, instead: str | None = None) -> Fix | None:
        """The fix that drops ``selector`` from this comment (the whole comment if it is the only
        one), or with ``instead`` writes that code in its place (unsafe: a guess)."""
        if self.codes is None:
            return None
        items = self.codes.old.split(",")
        if instead is not None:
            kept = [instead if item.strip().upper() == selector else item for item in items]
        else:
            kept = [item for item in items if item.strip().upper() != selector]
        if not kept:
            return self.removal
        if kept == items:
            return None
        new = ",".join([kept[0].lstrip(), *kept[1:]])
        edit = TextEdit(self.codes.line, self.codes.column, self.codes.old, new)
        return Fix((edit,), safe=instead is None)


def _removal(text: str, start: int, end: int) -> Fix:
    """The fix that removes the comment from ``start`` to ``end``: with its line when it stands
    alone on it. Safe when only white space separates it from the markup around it, so that no
    text run Restcomm reads is joined to another (and none is, when it stands between elements)."""
    before = text.rfind(">", 0, start) + 1
    after = text.find("<", end)
    after = len(text) if after < 0 else after
    safe = not text[before:start].strip() and not text[end:after].strip()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if not text[line_start:start].strip() and line_end >= 0 and not text[end:line_end].strip():
        start, end = line_start, line_end + 1  # alone on its line(s): the line goes too
    line, column = text_position(text, start)
    return Fix((TextEdit(line, column, text[start:end], ""),), safe)


def find_directives(text: str) -> tuple[list[Directive], list[Finding]]:
    """The suppression comments in ``text``, and RCML009 findings for those not understood."""
    directives: list[Directive] = []
    problems: list[Finding] = []
    for match in _COMMENT.finditer(text):
        line, column = text_position(text, match.start())
        body = _BODY.match(match.group("body"))
        if body is None:
            snippet = " ".join(match.group(0).split())[:80]
            problems.append(
                UnusedSuppression.at(
                    line, column, f"suppression comment not understood: {snippet}", _SYNTAX_HINT
                )
            )
            continue
        selectors = tuple(c.strip().upper() for c in body.group("codes").split(","))
        codes_at = match.start("body") + body.start("codes")
        directives.append(
            Directive(
                body.group("kind"),
                selectors,
                line,
                column,
                text_position(text, match.end()),
                codes=TextEdit(*text_position(text, codes_at), body.group("codes"), ""),
                removal=_removal(text, match.start(), match.end()),
            )
        )
    return directives, problems


def _covers(directive: Directive, finding: Finding) -> bool:
    if directive.kind == "disable-file":
        return True
    if directive.target is None:
        return False
    (line, _), path, _ = directive.target
    if finding.element:
        return finding.element == path or finding.element.startswith(path + "/")
    return finding.line == line


def apply(
    findings: Sequence[Finding],
    directives: list[Directive],
    codes: Sequence[str],
    locate: ElementLocator | None,
) -> list[Finding]:
    """``findings`` without the suppressed ones, plus RCML009 for what suppressed nothing.

    ``locate`` finds the element after a ``disable`` comment; None when the document has no
    tree (it is not well-formed), in which case only ``disable-file`` applies and unused
    ``disable`` comments are not reported (their element cannot be known).
    """
    for directive in directives:
        if directive.kind == "disable" and locate is not None:
            directive.target = locate(directive.end)
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for directive in directives:
            for selector in directive.selectors:
                if finding.code.startswith(selector) and _covers(directive, finding):
                    directive.used.add(selector)
                    suppressed = True
        if not suppressed:
            kept.append(finding)
    kept.extend(_unused(directives, codes, locate is not None))
    return kept


def _unused(directives: list[Directive], codes: Sequence[str], located: bool) -> list[Finding]:
    found: list[Finding] = []
    for directive in directives:
        for selector in directive.selectors:
            if selector in directive.used:
                continue
            at = (directive.line, directive.column)
            comment = f"rcml: {directive.kind}={selector}"
            if not any(code.startswith(selector) for code in codes):
                guess = did_you_mean(selector, codes)
                hint = f"did you mean {guess}?" if guess else "see `rcml rules` for the codes"
                message = f"{comment}: {selector} names no rule"
                fix = directive.without(selector, guess) if guess else None
                found.append(UnusedSuppression.at(*at, message, hint, fix=fix))
            elif directive.kind == "disable-file":
                found.append(
                    UnusedSuppression.at(
                        *at,
                        f"{comment} suppresses nothing: no {selector} finding in this file",
                        "remove it",
                        fix=directive.without(selector),
                    )
                )
            elif not located:
                continue
            elif directive.target is None:
                found.append(
                    UnusedSuppression.at(
                        *at,
                        f"{comment} has no element after it",
                        "put it just before an element",
                        fix=directive.without(selector),
                    )
                )
            else:
                found.append(
                    UnusedSuppression.at(
                        *at,
                        f"{comment} suppresses nothing: no {selector} finding on "
                        f"<{directive.target[2]}>",
                        "remove it",
                        fix=directive.without(selector),
                    )
                )
    return found


def _locator(data: bytes, context: Context, limits: Limits) -> ElementLocator | None:
    """The next-element finder for ``data``, or None when it has no tree."""
    parsed = parse(data, limits)
    if parsed.root is None:
        return None
    doc = Document(parsed.root, parsed.text, context, load_schema(), parsed.amp_fixes)
    elements = [(doc.position(e), doc.path(e), etree.QName(e).localname) for e in doc.elements]
    starts = [position for position, _, _ in elements]

    def locate(after: tuple[int, int]) -> tuple[tuple[int, int], str, str] | None:
        index = bisect.bisect_left(starts, after)
        return elements[index] if index < len(elements) else None

    return locate


def suppress(
    data: bytes, findings: list[Finding], context: Context, limits: Limits
) -> list[Finding]:
    """``findings`` with the document's suppression comments applied (see rcml.lint.suppress)."""
    from rcml.rules import RULES_BY_CODE

    # columns count from after a byte order mark, as the parser's positions do
    directives, problems = find_directives(data.decode("utf-8", "replace").removeprefix("\ufeff"))
    if not directives and not problems:
        return findings
    locate = None
    if any(d.kind == "disable" for d in directives):
        locate = _locator(data, context, limits)
    kept = apply(findings, directives, list(RULES_BY_CODE), locate)
    return sorted(kept + problems)


def check_document(data: bytes, context: Context, limits: Limits) -> list[Finding]:
    """Validate one document and apply its suppression comments: what every command reports."""
    findings = validate(data, context=context, limits=limits)
    if MARKER in data:
        findings = suppress(data, findings, context, limits)
    return findings
