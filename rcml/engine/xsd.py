"""Run the XSD, and say what libxml2 found in rcml's codes and plain words.

libxml2 stops judging an element's content at the first unexpected child, so its log alone is
incomplete. When the XSD rejects a document, the schema-stage rules (which read the same XSD's
tables) therefore run over the whole tree; each libxml2 message is translated to the same rule's
finding, so the two agree and nothing is reported twice. A message no rule explains is passed on
as RCML100 rather than lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from rcml.core.document import Document
from rcml.core.findings import Finding
from rcml.rules.attributes import attribute_findings, classify_attribute, missing_attribute
from rcml.rules.structure import (
    IgnoredText,
    RootNotResponse,
    SchemaViolation,
    classify_element,
    element_findings,
)

_ATTRIBUTE = re.compile(r"Element '(?P<element>[^']+)', attribute '(?P<attribute>[^']+)': ")
_REQUIRED = re.compile(r"Element '[^']+': The attribute '(?P<attribute>[^']+)' is required")
# libxml2 rejects white space inside elements declared empty; Restcomm does not care.
_HARMLESS = SchemaViolation.at(1, 1, "white space in an empty element")
_ELEMENT = re.compile(r"Element '(?P<element>[^']+)': (?P<what>.*)", re.DOTALL)
_NAMED = re.compile(r"Element '(?P<element>[^']+)'")  # messages about elements and attributes


def schema_findings(doc: Document, *, log: bool = True) -> list[Finding]:
    """Findings for a document the XSD rejects: the schema rules' and libxml2's, merged.

    With ``log`` (the default), call it only after ``doc.schema.xsd.validate()`` returned False:
    it reads that error log. Without, the schema rules alone speak.
    """
    findings: dict[tuple[str, int, int, str], Finding] = {}
    for finding in schema_rule_findings(doc):
        findings.setdefault(_key(finding), finding)
    if log:
        covered = {finding.element for finding in findings.values()}
        for finding in _translate(doc, doc.schema.xsd.error_log, covered):
            findings.setdefault(_key(finding), finding)
    return list(findings.values())


def schema_rule_findings(doc: Document) -> list[Finding]:
    """What the ``check()`` of every schema-stage rule finds, with each family of rules (element
    placement, attributes) judged once for all its rules rather than once per rule
    (``tests/engine/test_xsd.py`` holds it to the rules' own checks)."""
    return [
        *element_findings(doc),
        *IgnoredText().check(doc),
        *RootNotResponse().check(doc),
        *attribute_findings(doc),
    ]


class _Messages:
    """What a run of translations shares: the elements by line, and the text findings, each
    computed once however many messages libxml2 wrote."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._by_line: dict[int, list[etree._Element]] | None = None
        self._ignored_text: dict[str, Finding] | None = None

    def element_at(self, path: str | None, line: int, name: str | None) -> etree._Element | None:
        """The element a libxml2 message is about: by its line and name when that is unambiguous
        (cheap), else by the message's XPath."""
        if name is not None:
            candidates = [e for e in self.doc.root.iter("{*}" + name) if _line(e) == line]
            if len(candidates) == 1:
                return candidates[0]
        if path:
            try:
                found = self.doc.root.getroottree().xpath(path)
            except etree.XPathError:
                found = None
            if isinstance(found, list) and found and isinstance(found[0], etree._Element):
                return found[0]
        if self._by_line is None:
            self._by_line = {}
            for element in self.doc.elements:
                self._by_line.setdefault(_line(element), []).append(element)
        on_line = self._by_line.get(line)
        return on_line[0] if on_line else None

    def ignored_text(self, element: etree._Element) -> Finding | None:
        if self._ignored_text is None:
            self._ignored_text = {f.element: f for f in IgnoredText().check(self.doc)}
        return self._ignored_text.get(self.doc.path(element))


def _line(element: etree._Element) -> int:
    line: object = element.sourceline
    return line if isinstance(line, int) else 0


def _translate(
    doc: Document, log: etree._ListErrorLog, covered: set[str] | frozenset[str] = frozenset()
) -> Iterator[Finding]:
    """Each libxml2 message as a finding. Messages about an element whose path is in
    ``covered`` are skipped: the schema rules, reading the same XSD, already said it."""
    messages = _Messages(doc)
    for entry in log:
        named = _NAMED.match(entry.message)
        name = named.group("element").rpartition("}")[2] if named else None
        element = messages.element_at(entry.path, entry.line, name)
        if covered and element is not None and doc.path(element) in covered:
            continue
        finding = _translate_one(messages, entry.message, element) if element is not None else None
        if finding is _HARMLESS:
            continue
        if finding is None:
            line, column = doc.position(element) if element is not None else (entry.line, 1)
            yield SchemaViolation.at(
                line,
                column,
                _plain(entry.message),
                element=doc.path(element) if element is not None else "",
            )
        else:
            yield finding


def _translate_one(messages: _Messages, message: str, element: etree._Element) -> Finding | None:
    doc = messages.doc
    spec = doc.schema.elements.get(element.tag)
    attribute = _ATTRIBUTE.match(message)
    if attribute and spec is not None:
        return classify_attribute(doc, element, spec, attribute.group("attribute"))
    required = _REQUIRED.match(message)
    if required:
        return missing_attribute(doc, element, required.group("attribute"))
    match = _ELEMENT.match(message)
    if not match:
        return None
    what = match.group("what")
    if what.startswith("No matching global declaration"):
        return next(RootNotResponse().check(doc), None)
    if what.startswith("Character content"):
        if not (element.text or "").strip() and len(element) == 0:
            return _HARMLESS  # only white space, which Restcomm trims away
        return messages.ignored_text(element)
    if what.startswith("Element content is not allowed"):
        child = next(element.iterchildren(etree.Element), None)
        return classify_element(doc, child) if child is not None else None
    if what.startswith("This element is not expected"):
        return classify_element(doc, element)
    return None


def _plain(message: str) -> str:
    """libxml2's wording, shortened: no trailing period, no schema-internal type names."""
    message = message.strip().rstrip(".")
    message = re.sub(r"\{[^}]*\}", "", message)
    return message[:1].lower() + message[1:]


def _key(finding: Finding) -> tuple[str, int, int, str]:
    return finding.code, finding.line, finding.column, finding.message
