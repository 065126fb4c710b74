"""Tree rules about attribute values the XSD accepts but Restcomm mishandles."""

from __future__ import annotations

from lxml import etree

from rcml.core.document import Document
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import AttributeSpec, Schema

MAX_HINTS = 50
MAX_HINT_LENGTH = 100


def _as_int(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


class IntegerOutOfRange(Rule):
    """A number that is an integer but makes no sense: zero or negative seconds or counts.

    What it does
    Reports durations (`timeout`, `timeLimit`, `maxLength`, `length`) and counts (`loop`,
    `numDigits`, `maxParticipants`) below 1.

    Why it matters
    Restcomm passes them on unchecked. `loop="0"` loops forever in TwiML but plays once in
    Restcomm (and skips the prompt inside Gather); a zero timeout ends a Dial or Gather at once;
    `maxParticipants="0"` keeps everyone out of the room.

    Example
        <Response><Play loop="0">/hold.wav</Play></Response>

    Use instead
        <Response><Play loop="10">/hold.wav</Play></Response>
    """

    code = "RCML211"
    name = "integer-out-of-range"
    severity = Severity.WARNING

    def tags(self, schema: Schema) -> frozenset[str]:
        return schema.tags_with_kind("seconds", "count")

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for attribute in doc.schema.attributes_with_kind(str(element.tag), "seconds", "count"):
            value = element.get(attribute.name)
            if value is None:
                continue
            number = _as_int(value)
            if number is None or number >= 1:
                continue
            found = found or []
            found.append(self._finding(doc, element, attribute, value))
        return found

    def _finding(
        self, doc: Document, element: etree._Element, attribute: AttributeSpec, value: str
    ) -> Finding:
        name = attribute.name
        if name == "loop":
            parent = element.getparent()
            message = f"loop={value!r} on <{element.tag}>: Restcomm plays it once, not forever"
            if parent is not None and parent.tag == "Gather":
                message += " (inside <Gather> it is skipped)"
            hint = 'write the number of repetitions you want, such as loop="10"'
        else:
            unit = "seconds" if attribute.kind == "seconds" else "a count"
            message = f"{name}={value!r} on <{element.tag}> is {unit} below 1"
            hint = (
                f"use a positive value (default {attribute.default})"
                if attribute.default
                else "use a positive value"
            )
        return self.report(doc, element, message, hint, attribute=name)


class TooManyHints(Rule):
    """Gather `hints` over Restcomm's limits: more than 50 phrases, or a phrase over 100 characters.

    What it does
    Splits `hints` on commas, as Restcomm does, and checks both limits.

    Why it matters
    Restcomm checks the limits when it reaches the Gather and fails to parse the document: the
    call hangs up, after the verbs before the Gather have already run.

    Example
        <Response><Gather input="speech" hints="(a 120-character sentence)"/></Response>

    Use instead
        <Response><Gather input="speech" hints="sales,support,billing"/></Response>
    """

    code = "RCML212"
    name = "too-many-hints"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return schema.tags_with_kind("hints")

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for attribute in doc.schema.attributes_with_kind(str(element.tag), "hints"):
            value = element.get(attribute.name)
            if value is None:
                continue
            phrases = value.split(",")
            problems = []
            if len(phrases) > MAX_HINTS:
                problems.append(
                    (
                        f"hints has {len(phrases)} phrases; Restcomm allows {MAX_HINTS} and "
                        "hangs up",
                        f"keep the {MAX_HINTS} most useful phrases",
                    )
                )
            longest = max(phrases, key=len)
            if len(longest) > MAX_HINT_LENGTH:
                problems.append(
                    (
                        f"a hints phrase is {len(longest)} characters long; Restcomm allows "
                        f"{MAX_HINT_LENGTH} and hangs up",
                        f"shorten {longest[:30]!r}...",
                    )
                )
            for message, hint in problems:
                found = found or []
                found.append(self.report(doc, element, message, hint, attribute=attribute.name))
        return found


RULES: tuple[type[Rule], ...] = (IntegerOutOfRange, TooManyHints)
