"""Schema-stage structure rules: which elements exist, where they may stand, where text counts.

These say in plain words what ``schemas/rcml.xsd`` says about elements. They run only when the XSD
rejects a document; ``rcml.engine.xsd`` maps each libxml2 message to one of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from lxml import etree

from rcml.core.document import JAVA_BLANKS, Document
from rcml.core.findings import Finding, Severity
from rcml.core.names import TWIML_ELEMENTS, choices, did_you_mean, same_but_case
from rcml.rules._fixes import rename_element
from rcml.rules.base import Rule
from rcml.schema import Schema


class SchemaViolation(Rule):
    """The XSD rejects the document for a reason no more specific rule explains.

    What it does
    Passes on, in plain words, a schema message that the other rules do not translate.

    Why it matters
    Whatever the schema rejects, Restcomm skips, ignores or replaces.

    Example
        (rare; the more specific rules cover the known cases)

    Use instead
        Follow the message, and see `schemas/rcml.xsd` for the element.
    """

    code = "RCML100"
    cleared_by = "strict-schema"
    name = "schema-violation"
    severity = Severity.ERROR
    stage = "schema"


class _PlacementRule(Rule):
    """Shared check(): every element's placement is judged once; each rule keeps its own code."""

    stage = "schema"

    def check(self, doc: Document) -> Iterator[Finding]:
        return (f for f in element_findings(doc) if f.code == self.code)


class UnknownElement(_PlacementRule):
    """An element that is not RCML: Restcomm skips it.

    What it does
    Reports elements whose name is no RCML verb or noun, with the closest RCML name, and explains
    TwiML elements that Restcomm does not implement (`<Enqueue>`, `<Message>`, `<Connect>` ...).

    Why it matters
    Restcomm's parser silently skips unknown elements, so what the author wrote never happens: the
    caller hears nothing, or the call goes straight to the next verb.

    Example
        <Response><Speak>Hello</Speak></Response>

    Use instead
        <Response><Say>Hello</Say></Response>
    """

    code = "RCML101"
    cleared_by = "strict-schema"
    name = "unknown-element"
    severity = Severity.ERROR
    fix = "unsafe"
    fix_note = "Renames the element (start and end tags) to the closest RCML name, if any."


class ElementWrongCase(_PlacementRule):
    """An RCML element written in the wrong case: names are case-sensitive.

    What it does
    Reports `<say>`, `<DIAL>` and the like, which differ from an RCML name only by case.

    Why it matters
    Restcomm matches verb and noun names exactly; `<say>` is an unknown element and is skipped.

    Example
        <Response><say>Hello</say></Response>

    Use instead
        <Response><Say>Hello</Say></Response>
    """

    code = "RCML102"
    cleared_by = "strict-schema"
    name = "element-wrong-case"
    severity = Severity.ERROR
    fix = "safe"
    fix_note = "Writes the element's name in its right case, in its start and end tags."


class MisplacedElement(_PlacementRule):
    """An RCML element where the schema does not allow it.

    What it does
    Reports verbs inside other verbs or inside Dial, a second `<Video>` in a noun, child elements
    of elements that hold only text (`<Say><break/></Say>`), and the like.

    Why it matters
    Restcomm either skips a verb that is the direct child of another verb, or runs it at a
    different moment than the nesting suggests; either way the flow is not what it looks like.

    Example
        <Response><Dial><Say>Connecting</Say><Number>+15550100</Number></Dial></Response>

    Use instead
        <Response><Say>Connecting</Say><Dial><Number>+15550100</Number></Dial></Response>
    """

    code = "RCML103"
    cleared_by = "strict-schema"
    name = "misplaced-element"
    severity = Severity.ERROR


class NounOutsideDial(_PlacementRule):
    """A Dial noun (`Number`, `Client`, `Sip`, `Uri`, `Conference`) outside `<Dial>`.

    What it does
    Reports nouns that stand directly in `<Response>` or in another verb.

    Why it matters
    Restcomm only dials nouns inside `<Dial>`; elsewhere they are skipped and nobody is called.

    Example
        <Response><Client>alice</Client></Response>

    Use instead
        <Response><Dial><Client>alice</Client></Dial></Response>
    """

    code = "RCML104"
    cleared_by = "strict-schema"
    name = "noun-outside-dial"
    severity = Severity.ERROR


class InvalidGatherChild(_PlacementRule):
    """A `<Gather>` child other than `<Say>`, `<Play>` or `<Pause>`.

    What it does
    Reports any other element directly inside Gather.

    Why it matters
    Restcomm ignores other children of Gather; a Gather whose only prompt is such a child may never
    start gathering, and a verb wrapped in it does not run where it stands.

    Example
        <Response><Gather action="/menu"><Dial>+15550100</Dial></Gather></Response>

    Use instead
        <Response><Gather action="/menu"><Say>Press 1 for sales</Say></Gather></Response>
    """

    code = "RCML105"
    cleared_by = "strict-schema"
    name = "invalid-gather-child"
    severity = Severity.ERROR


class IgnoredText(Rule):
    """Text inside an element whose text Restcomm ignores.

    What it does
    Reports non-blank text in `<Response>`, `<Gather>`, `<Record>`, `<Pause>`, `<Hangup>`,
    `<Reject>` and `<Video>`.

    Why it matters
    Restcomm does not speak or use that text. It is often a `<Say>` that was forgotten.

    Example
        <Response><Gather action="/menu">Press 1 for sales</Gather></Response>

    Use instead
        <Response><Gather action="/menu"><Say>Press 1 for sales</Say></Gather></Response>
    """

    code = "RCML106"
    cleared_by = "strict-schema"
    name = "ignored-text"
    severity = Severity.WARNING
    stage = "schema"

    def check(self, doc: Document) -> Iterator[Finding]:
        textless = _textless(doc.schema)
        for element in doc.elements:
            if element.tag in textless and _has_text(element):
                yield self.report(
                    doc,
                    element,
                    f"Restcomm ignores the text inside <{element.tag}>",
                    "wrap text to be spoken in <Say>"
                    if element.tag != "Video"
                    else "remove the text",
                )


class RootNotResponse(Rule):
    """The root element is not `<Response>`.

    What it does
    Reports a document whose root is anything but `<Response>`.

    Why it matters
    Restcomm's parser does not check the root and runs any verbs it finds in the tree, but
    Restcomm's documentation, every RCML tool and every TwiML-world platform require `<Response>`;
    such a document is not RCML.

    Example
        <Say>Hello</Say>

    Use instead
        <Response><Say>Hello</Say></Response>
    """

    code = "RCML107"
    cleared_by = "strict-schema"
    name = "root-not-response"
    severity = Severity.ERROR
    stage = "schema"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.root.tag != doc.schema.root:
            yield self.report(
                doc,
                doc.root,
                f"the root element is <{local_name(doc.root)}>, not <Response>",
                "wrap the document in <Response>...</Response>",
            )


@functools.cache
def _textless(schema: Schema) -> frozenset[str]:
    """The elements whose text Restcomm ignores."""
    return frozenset(tag for tag, spec in schema.elements.items() if not spec.text_allowed)


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace (comments and PIs: their factory's name)."""
    tag = element.tag
    if not isinstance(tag, str):
        return str(tag)
    return tag if tag[:1] != "{" else tag.rpartition("}")[2]


def _has_text(element: etree._Element) -> bool:
    if element.text and element.text.strip(JAVA_BLANKS):
        return True
    return any(child.tail and child.tail.strip(JAVA_BLANKS) for child in element)


def element_findings(doc: Document) -> list[Finding]:
    """Every element-placement finding of the document, computed once for all such rules."""
    found: list[Finding] | None = doc.shared.get("element-findings")
    if found is None:
        found = [f for f in map(lambda e: classify_element(doc, e), doc.elements) if f]
        doc.shared["element-findings"] = found
    return found


def classify_element(doc: Document, element: etree._Element) -> Finding | None:
    """The structure finding for one element, if its name or place is wrong (None if fine).

    The root is left to RootNotResponse; children of unknown elements are not judged again.
    """
    parent = element.getparent()
    if parent is None:
        return None
    schema = doc.schema
    parent_spec = schema.elements.get(parent.tag)
    if parent_spec is None:
        return None
    tag = local_name(element)
    if element.tag not in schema.elements:
        right = same_but_case(tag, schema.elements)
        if right is not None:
            return ElementWrongCase().report(
                doc,
                element,
                f"<{tag}> is not RCML: element names are case-sensitive",
                f"write <{right}>",
                fix=rename_element(doc, element, right),
            )
        note = TWIML_ELEMENTS.get(tag)
        if note is not None:
            return UnknownElement().report(doc, element, f"{note}; Restcomm skips it")
        guess = did_you_mean(tag, schema.elements)
        return UnknownElement().report(
            doc,
            element,
            f"<{tag}> is not an RCML element; Restcomm skips it",
            f"did you mean <{guess}>?" if guess else None,
            fix=rename_element(doc, element, guess, safe=False) if guess else None,
        )
    if tag in parent_spec.children:
        if tag in parent_spec.single_children and doc.rank(element) > 1:
            return MisplacedElement().report(
                doc, element, f"<{parent.tag}> may hold only one <{tag}>", f"keep one <{tag}>"
            )
        return None
    allowed = parent_spec.children
    if tag in schema.nouns and parent.tag != "Dial":
        return NounOutsideDial().report(
            doc,
            element,
            f"<{tag}> is a Dial noun; outside <Dial> Restcomm skips it",
            f"wrap it: <Dial><{tag}>...</{tag}></Dial>",
        )
    if parent.tag == "Gather":
        return InvalidGatherChild().report(
            doc,
            element,
            f"<Gather> may hold only {choices(f'<{a}>' for a in allowed)}, not <{tag}>",
            f"move <{tag}> before or after the <Gather>",
        )
    where = (
        f"may hold only {choices(f'<{a}>' for a in allowed)}" if allowed else ("holds only text")
    )
    hint = None
    if schema.elements[tag].is_verb:
        hint = f"move <{tag}> out, directly into <Response>"
    return MisplacedElement().report(
        doc, element, f"<{tag}> is not allowed in <{parent.tag}>, which {where}", hint
    )


RULES: tuple[type[Rule], ...] = (
    SchemaViolation,
    UnknownElement,
    ElementWrongCase,
    MisplacedElement,
    NounOutsideDial,
    InvalidGatherChild,
    IgnoredText,
    RootNotResponse,
)
