"""Tree rules about attribute values the XSD accepts but Restcomm mishandles."""

from __future__ import annotations

from collections.abc import Iterator

from rcml.rules.base import Rule
from rcml.validate.document import Document
from rcml.validate.findings import Finding, Severity

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

    def check(self, doc: Document) -> Iterator[Finding]:
        for element, attribute, value in doc.attributes_of_kind("seconds", "count"):
            number = _as_int(value)
            if number is None or number >= 1:
                continue
            name = attribute.name
            if name == "loop":
                parent = element.getparent()
                in_gather = parent is not None and parent.tag == "Gather"
                message = f"loop={value!r} on <{element.tag}>: Restcomm plays it once, not forever"
                if in_gather:
                    message += " (inside <Gather> it is skipped)"
                hint = 'write the number of repetitions you want, such as loop="10"'
            else:
                unit = "seconds" if attribute.kind == "seconds" else "a count"
                message = f"{name}={value!r} on <{element.tag}> is {unit} below 1"
                hint = (
                    f"use a positive value (default {attribute.default})"
                    if (attribute.default)
                    else "use a positive value"
                )
            yield self.report(doc, element, message, hint, attribute=name)


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

    def check(self, doc: Document) -> Iterator[Finding]:
        for element, attribute, value in doc.attributes_of_kind("hints"):
            phrases = value.split(",")
            if len(phrases) > MAX_HINTS:
                yield self.report(
                    doc,
                    element,
                    f"hints has {len(phrases)} phrases; Restcomm allows {MAX_HINTS} and hangs up",
                    "keep the 50 most useful phrases",
                    attribute=attribute.name,
                )
            for phrase in phrases:
                if len(phrase) > MAX_HINT_LENGTH:
                    yield self.report(
                        doc,
                        element,
                        f"a hints phrase is {len(phrase)} characters long; "
                        f"Restcomm allows {MAX_HINT_LENGTH} and hangs up",
                        f"shorten {phrase[:30]!r}...",
                        attribute=attribute.name,
                    )
                    break


RULES: tuple[type[Rule], ...] = (IntegerOutOfRange, TooManyHints)
