"""Glue between suppression comments and a parsed document: where "the next element" is."""

from __future__ import annotations

import bisect

from rcml.core.findings import Finding
from rcml.core.options import Context, Limits
from rcml.lint.suppress import ElementLocator, apply, find_directives


def _locator(data: bytes, context: Context, limits: Limits) -> ElementLocator | None:
    """The next-element finder for ``data``, or None when it has no tree."""
    from lxml import etree

    from rcml.core.document import Document
    from rcml.engine.parse import parse
    from rcml.schema import load_schema

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

    directives, problems = find_directives(data.decode("utf-8", "replace"))
    if not directives and not problems:
        return findings
    locate = None
    if any(d.kind == "disable" for d in directives):
        locate = _locator(data, context, limits)
    kept = apply(findings, directives, list(RULES_BY_CODE), locate)
    return sorted(kept + problems)
