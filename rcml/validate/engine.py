"""The one validation engine: parse safely, run the XSD, run the rules, return sorted findings.

Everything in rcml that says "valid" (the builder, lint, the server, the call client's
preflight) goes through :func:`validate`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable

from rcml._io import read_file_capped
from rcml.errors import InvalidDocumentError
from rcml.rules import Rule, rules_of_stage
from rcml.rules.internal import InternalError
from rcml.schema import Schema, load_schema
from rcml.validate.document import Document
from rcml.validate.findings import Finding
from rcml.validate.options import Context, Limits, check_context
from rcml.validate.parse import parse
from rcml.validate.screen import looks_clean
from rcml.validate.xsd import schema_findings

DEFAULT_LIMITS = Limits()
_SCHEMA_RULES: tuple[Rule, ...] = tuple(rule() for rule in rules_of_stage("schema"))
_TREE_RULES: tuple[Rule, ...] = tuple(rule() for rule in rules_of_stage("tree"))


@functools.cache
def _dispatch(schema: Schema) -> dict[str, tuple[Rule, ...]]:
    """For each element name, the tree rules that asked to see it."""
    table: dict[str, list[Rule]] = {}
    for rule in _TREE_RULES:
        for tag in rule.tags(schema):
            table.setdefault(tag, []).append(rule)
    return {tag: tuple(rules) for tag, rules in table.items()}


def _tree_findings(doc: Document) -> list[Finding]:
    """Run every tree rule in one walk over the elements, then the document-level checks."""
    findings: list[Finding] = []
    dispatch = _dispatch(doc.schema)
    for element in doc.elements:
        rules = dispatch.get(element.tag)
        if rules:
            for rule in rules:
                found = rule.check_element(doc, element)
                if found:
                    findings.extend(found)
    for rule in _TREE_RULES:
        found = rule.check_document(doc)
        if found:
            findings.extend(found)
    return findings


def _guarded(code: str, run: Callable[[], Iterable[Finding]]) -> list[Finding]:
    """Run one stage or rule; a bug in it becomes an RCML000 finding, never a traceback."""
    try:
        return list(run())
    except Exception as exc:  # the validator must never crash
        return [InternalError.at(1, 1, f"rule {code} failed: {type(exc).__name__}: {exc}")]


def validate(
    source: bytes | str,
    *,
    context: Context | str = "voice",
    limits: Limits = DEFAULT_LIMITS,
) -> list[Finding]:
    """Every finding for one document, sorted by position.

    ``source`` is the document itself (bytes, or text); use :func:`validate_file` for a path.
    ``context`` is the kind of document (see :data:`rcml.Context`). Never raises for any content;
    raises ValueError only for an unknown context.
    """
    kind = check_context(str(context))
    schema = load_schema()
    parsed = parse(source, limits)
    findings = parsed.findings
    if parsed.root is None:
        return findings
    if not findings and looks_clean(parsed.root, parsed.text, kind, schema):
        return []
    schema_valid = schema.xsd.validate(parsed.root.getroottree())
    doc = Document(parsed.root, parsed.text, kind, schema, parsed.amp_fixes)
    try:
        if not schema_valid:
            findings = findings + schema_findings(doc, _SCHEMA_RULES)
        findings = findings + _tree_findings(doc)
    except Exception as exc:  # rare: find the failing rule, keep the other rules' findings
        findings = list(parsed.findings)
        findings.append(InternalError.at(1, 1, f"validation failed: {type(exc).__name__}: {exc}"))
        if not schema_valid:
            findings += _guarded("XSD", lambda: schema_findings(doc, _SCHEMA_RULES))
        for rule in _TREE_RULES:
            findings += _guarded(rule.code, lambda rule=rule: rule.check(doc))  # type: ignore[misc]
    if len(findings) > 1:
        findings.sort()
    return findings


def validate_file(
    path: str | os.PathLike[str],
    *,
    context: Context | str = "voice",
    limits: Limits = DEFAULT_LIMITS,
) -> list[Finding]:
    """:func:`validate` the file at ``path``. Raises OSError when it cannot be read."""
    data = read_file_capped(path, limits.max_bytes)
    return validate(data, context=context, limits=limits)


def is_valid(
    source: bytes | str, *, context: Context | str = "voice", limits: Limits = DEFAULT_LIMITS
) -> bool:
    """True when the document has no error-severity finding (warnings and notes are allowed)."""
    return not any(f.is_error for f in validate(source, context=context, limits=limits))


def assert_valid(
    source: bytes | str, *, context: Context | str = "voice", limits: Limits = DEFAULT_LIMITS
) -> list[Finding]:
    """Raise InvalidDocumentError if the document has an error; else return its other findings."""
    findings = validate(source, context=context, limits=limits)
    if any(f.is_error for f in findings):
        raise InvalidDocumentError(findings)
    return findings
