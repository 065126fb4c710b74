"""Tree rules about attribute values the XSD accepts but Restcomm mishandles."""

from __future__ import annotations

import functools

from lxml import etree

from rcml.core.document import JAVA_BLANKS, Document
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import AttributeSpec, Schema

MAX_HINTS = 50
MAX_HINT_LENGTH = 100
# Durations and counts: Restcomm parses them with Integer.parseInt and checks no range, so below
# this a value makes no sense (RCML211). The builder refuses the same values.
POSITIVE_KINDS = ("seconds", "count")
LEAST_POSITIVE = 1


def java_split(value: str, separator: str) -> list[str]:
    """Java's ``String.split`` with a plain separator: trailing empty items are dropped."""
    items = value.split(separator)
    while items and not items[-1]:
        items.pop()
    return items


def java_length(text: str) -> int:
    """Java's ``String.length()``: UTF-16 code units, so a character beyond U+FFFF counts 2."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


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
    cleared_by = "strict-schema"
    name = "integer-out-of-range"
    severity = Severity.WARNING

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset(_positive(schema))

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for attribute in _positive(doc.schema)[element.tag]:
            value = element.get(attribute.name)
            if value is None:
                continue
            number = _as_int(value)
            if number is None or number >= LEAST_POSITIVE:
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


@functools.cache
def _positive(schema: Schema) -> dict[str, tuple[AttributeSpec, ...]]:
    """For each element that has some, its attributes that must be positive (RCML211)."""
    return {
        tag: schema.attributes_with_kind(tag, *POSITIVE_KINDS)
        for tag in schema.tags_with_kind(*POSITIVE_KINDS)
    }


class TooManyHints(Rule):
    """Gather `hints` over Restcomm's limits: more than 50 phrases, or a phrase over 100 characters.

    What it does
    Splits `hints` on commas as Restcomm does (Java's `split(",")`: trailing empty items are
    dropped; lengths count UTF-16 code units) and checks both limits (Parser.java:131-141).

    Why it matters
    Restcomm checks the limits when it reaches the Gather and fails to parse the document: the
    call hangs up, after the verbs before the Gather have already run.

    Example
        <Response><Gather input="speech" hints="(a 120-character sentence)"/></Response>

    Use instead
        <Response><Gather input="speech" hints="sales,support,billing"/></Response>
    """

    code = "RCML212"
    cleared_by = "strict-schema"
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
            phrases = java_split(value.strip(JAVA_BLANKS), ",")
            if not phrases:
                continue
            problems = []
            if len(phrases) > MAX_HINTS:
                problems.append(
                    (
                        f"hints has {len(phrases)} phrases; Restcomm allows {MAX_HINTS} and "
                        "hangs up",
                        f"keep the {MAX_HINTS} most useful phrases",
                    )
                )
            longest = max(phrases, key=java_length)
            if java_length(longest) > MAX_HINT_LENGTH:
                problems.append(
                    (
                        f"a hints phrase is {java_length(longest)} characters long; Restcomm "
                        f"allows {MAX_HINT_LENGTH} and hangs up",
                        f"shorten {longest[:30]!r}...",
                    )
                )
            for message, hint in problems:
                found = found or []
                found.append(self.report(doc, element, message, hint, attribute=attribute.name))
        return found


_EMPTY_CONSEQUENCE = {
    ("Gather", "action"): (
        "Restcomm takes it as present: when the caller enters input it records error 11101, "
        "stops the document and hangs up"
    ),
    ("Record", "action"): (
        "Restcomm takes it as present but neither requests it nor runs the next verb: after the "
        "recording the call stalls in silence"
    ),
    ("Email", "to"): "the e-mail cannot be sent and the call stalls in silence",
    ("Email", "from"): "the e-mail cannot be sent and the call stalls in silence",
    ("Dial", "action"): (
        "Restcomm takes it as present: when the dial ends it requests nothing and runs no next "
        "verb, so the call stalls in silence"
    ),
    ("UssdCollect", "action"): (
        "Restcomm takes it as present: it sends the menu but never posts the subscriber's reply"
    ),
}
_EMPTY_FALLBACK = {
    "hangs-up": "Restcomm takes it as present and fails: the call is hung up",
    "stalls": "Restcomm takes it as present and fails: the call stalls in silence",
    "folder": (
        "Restcomm takes it as present and resolves it to the folder of this document, which it "
        "runs as the call-screening document: the screening fails and the call is hung up"
    ),
    "drops-reply": "Restcomm takes it as present and never posts the reply",
    "no-callback": (
        "Restcomm takes it as present and sends the status callbacks to an empty URL: none "
        "arrives"
    ),
}
# What an empty value does, in a few words (the builder's messages), by r:empty.
EMPTY_IN_SHORT = {
    "hangs-up": "the call hangs up",
    "stalls": "the call stalls",
    "folder": "fetches the document's folder as the screening document, which fails",
    "drops-reply": "the reply goes nowhere",
    "no-callback": "no status callback arrives",
}
# Empty values that lose a callback but not the call: warnings.
_EMPTY_WARNINGS = frozenset({"no-callback"})


class EmptyAttribute(Rule):
    """An attribute written but empty where Restcomm takes it as present and then fails.

    What it does
    Reports `action=""` (or blank) on `<Gather>`, `<Record>`, `<Dial>` and `<UssdCollect>`,
    `to=""` or `from=""` on `<Email>`, and `url=""` or `statusCallback=""` on a Dial noun: the
    attributes whose empty value the schema marks `r:empty`.

    Why it matters
    Restcomm trims attribute values and tests whether the attribute exists, not whether it has a
    value. An empty Gather `action` records error 11101 and hangs up as soon as the caller enters
    input (BaseVoiceInterpreter.java:1707-1715); an empty Record `action` neither requests a URL
    nor moves to the next verb (BaseVoiceInterpreter.java:2093-2096, 2173-2177), and an Email
    without a recipient never reports success (VoiceInterpreter.java:808-816): the call stalls.
    So does an empty Dial `action` when the dial ends (VoiceInterpreter.java:2658, 2787-2788). An
    empty noun `url` resolves to the folder of the document, fetched as the screening document
    (VoiceInterpreter.java:3553-3558, UriUtils.java:75-82); an empty UssdCollect `action` sends
    the menu but never posts the reply (UssdInterpreter.java:907, 1005-1008); an empty
    `statusCallback` loses the callbacks only, so that finding is a warning
    (VoiceInterpreter.java:2376-2377, Call.java:599-613).

    Example
        <Response><Gather action=""><Say>Press 1</Say></Gather></Response>

    Use instead
        <Response><Gather action="/menu"><Say>Press 1</Say></Gather></Response>
    """

    code = "RCML220"
    cleared_by = "strict-schema"
    name = "empty-attribute"
    severity = Severity.ERROR
    contexts = frozenset({"voice", "ussd"})  # read from these interpreters' code only

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset(_present_when_empty(schema))

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        spec = doc.schema.elements[str(element.tag)]
        if doc.context == "ussd" and "ussd" not in spec.contexts:
            return None  # an element the USSD interpreter does not read
        found = None
        for attribute in _present_when_empty(doc.schema)[spec.name]:
            value = element.get(attribute.name)
            if value is None or value.strip(JAVA_BLANKS):
                continue
            name, tag = attribute.name, spec.name
            consequence = _EMPTY_CONSEQUENCE.get((tag, name)) or _EMPTY_FALLBACK.get(
                attribute.empty or "", "Restcomm takes it as present and fails"
            )
            if attribute.kind == "url" and attribute.required:
                hint = f'write the URL, as {name}="/next"'
            elif attribute.kind == "url":
                hint = f'write the URL, as {name}="/next", or remove {name} to go on without it'
            else:
                hint = f"write the {name} address"
            found = found or []
            found.append(
                self.report(
                    doc,
                    element,
                    f'{name}="{value}" on <{tag}> is empty: {consequence}',
                    hint,
                    attribute=name,
                    severity=Severity.WARNING if attribute.empty in _EMPTY_WARNINGS else None,
                )
            )
        return found


@functools.cache
def _present_when_empty(schema: Schema) -> dict[str, tuple[AttributeSpec, ...]]:
    """For each element that has some, its attributes whose empty value Restcomm takes as
    present (``r:empty``), in schema order."""
    found = {
        name: tuple(a for a in spec.attributes.values() if a.empty is not None)
        for name, spec in schema.elements.items()
    }
    return {name: attributes for name, attributes in found.items() if attributes}


RULES: tuple[type[Rule], ...] = (IntegerOutOfRange, TooManyHints, EmptyAttribute)
