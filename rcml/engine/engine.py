"""The one validation engine: parse safely, run the XSD, run the rules, return sorted findings.

Everything in rcml that says "valid" (the builder, lint, the server, the call client's
preflight) goes through :func:`validate`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable

from lxml import etree

from rcml.core.document import Document
from rcml.core.errors import InvalidDocumentError
from rcml.core.findings import Finding
from rcml.core.options import Context, Limits, check_context
from rcml.core.reading import read_file_capped
from rcml.engine.cap import cap_findings
from rcml.engine.parse import local_names, parse
from rcml.engine.prefilter import NOTHING_PROVED, URL_RULES, WALK_RULES, Clearance, prefilter
from rcml.engine.xsd import schema_findings
from rcml.rules import Rule, rules_of_stage
from rcml.rules.internal import InternalError
from rcml.schema import Schema, load_schema

DEFAULT_LIMITS = Limits()
_TREE_RULES: tuple[Rule, ...] = tuple(rule() for rule in rules_of_stage("tree"))


_ALL_CODES = frozenset(rule.code for rule in _TREE_RULES)
_NO_URL_CODES = _ALL_CODES - URL_RULES


def _rules_left(verdict: Clearance) -> frozenset[str]:
    """The tree rules that may still find something after the prefilter's verdict."""
    if verdict.schema_clean:
        return WALK_RULES
    if verdict.urls_plain:
        return _NO_URL_CODES
    return _ALL_CODES


@functools.cache
def _dispatch(
    schema: Schema, codes: frozenset[str], context: Context
) -> tuple[dict[str, tuple[Rule, ...]], tuple[Rule, ...]]:
    """For each element name, the tree rules among ``codes`` that asked to see it; and the rules
    with a document-level check, in order. Rules that cannot report in ``context`` are left out."""
    rules = tuple(
        rule
        for rule in _TREE_RULES
        if rule.code in codes and (rule.contexts is None or context in rule.contexts)
    )
    table: dict[str, list[Rule]] = {}
    for rule in rules:
        for tag in rule.tags(schema):
            table.setdefault(tag, []).append(rule)
    documents = tuple(r for r in rules if type(r).check_document is not Rule.check_document)
    return {tag: tuple(rules) for tag, rules in table.items()}, documents


def _tree_findings(doc: Document, codes: frozenset[str] = _ALL_CODES) -> list[Finding]:
    """Run the tree rules among ``codes`` in one walk over the elements, then the
    document-level checks."""
    findings: list[Finding] = []
    dispatch, document_rules = _dispatch(doc.schema, codes, doc.context)
    for element in doc.elements:
        rules = dispatch.get(element.tag)
        if rules:
            for rule in rules:
                found = rule.check_element(doc, element)
                if found:
                    findings.extend(found)
    for rule in document_rules:
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
    return _validate(source, check_context(str(context)), limits, use_prefilter=True)


def _validate(
    source: bytes | str, kind: Context, limits: Limits, *, use_prefilter: bool
) -> list[Finding]:
    """:func:`validate`; ``use_prefilter=False`` runs every rule on every document, which the tests
    compare with the prefiltered run."""
    findings = _all_findings(source, kind, limits, use_prefilter=use_prefilter)
    if len(findings) > 1:
        findings.sort()
        return cap_findings(findings, limits.max_findings)
    return findings


LARGE_DOCUMENT = 1_000
"""Markup (``<``) count above which libxml2's schemas are not run: lxml writes the XPath of each
of their messages, and libxml2 counts the element's preceding siblings for it, so 40,000 faulty
siblings took minutes. The schema rules, which read the same XSD, say what is wrong instead, in
linear time (``tests/engine/test_large.py`` checks that they agree). Real documents hold a few
dozen tags; at this size, the worst document costs libxml2 a few tens of milliseconds."""


def _all_findings(
    source: bytes | str, kind: Context, limits: Limits, *, use_prefilter: bool
) -> list[Finding]:
    schema = load_schema()
    parsed = parse(source, limits)
    findings = parsed.findings
    if parsed.root is None:
        return findings
    local_names(parsed)
    text = parsed.text
    large = len(text) > LARGE_DOCUMENT and text.count(b"<") > LARGE_DOCUMENT
    try:
        verdict = (
            prefilter(parsed.root, kind, schema) if use_prefilter and not large else NOTHING_PROVED
        )
        if verdict.clean:
            return findings
        schema_valid = verdict.schema_clean or (
            not large and schema.xsd.validate(parsed.root.getroottree())
        )
    except etree.Error as exc:  # libxml2 gave up on the tree: a bug, never a traceback
        verdict, schema_valid, large = NOTHING_PROVED, False, True
        findings = [*findings, InternalError.at(1, 1, f"XSD validation failed: {exc}")]
    doc = Document(parsed.root, parsed.text, kind, schema, parsed.amp_fixes)
    try:
        if not schema_valid:
            findings = findings + schema_findings(doc, log=not large)
        return findings + _tree_findings(doc, _rules_left(verdict))
    except Exception as exc:  # rare: find the failing rule, keep the other rules' findings
        findings = list(parsed.findings)
        findings.append(InternalError.at(1, 1, f"validation failed: {type(exc).__name__}: {exc}"))
        if not schema_valid:
            findings += _guarded("XSD", lambda: schema_findings(doc, log=not large))
        for rule in _TREE_RULES:
            if rule.code in _rules_left(verdict):
                findings += _guarded(rule.code, lambda rule=rule: rule.check(doc))  # type: ignore[misc]
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
