"""Tree rules about text content: empty verbs, text Restcomm drops, and USSD message limits."""

from __future__ import annotations

from lxml import etree

from rcml.core.document import Document, text_of, text_runs
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import Schema

USSD_LIMIT_ENGLISH = 182
USSD_LIMIT_OTHER = 80

# Verbs that need text: what Restcomm does with one that has none, and the fix (RCML501; the
# builder refuses such a verb at the call).
EMPTY_TEXT = {
    "Say": ("Restcomm skips a <Say> with no text", "write the words to speak"),
    "Play": ("Restcomm skips a <Play> with no URL", "write the URL of the audio file"),
    "Redirect": ("Restcomm skips a <Redirect> with no URL", "write the URL of the next document"),
    "Fax": ("<Fax> has no URL of a document to send", "write the URL of the document"),
    "Sms": ("an <Sms> with no body stops the document (error 14103)", "write the message"),
}


class EmptyVerb(Rule):
    """A verb or noun with nothing to do: no text, no URL, no destination.

    What it does
    Reports `<Say>`, `<Play>`, `<Redirect>`, `<Fax>` and `<Sms>` without text, a `<Dial>` with
    neither text nor nouns, and a Dial noun with neither a destination nor a `name`.

    Why it matters
    Restcomm skips empty Say, Play, Redirect and Dial (the caller hears nothing where the author
    expected something), and an empty Sms body stops the document.

    Example
        <Response><Say></Say><Play/></Response>

    Use instead
        <Response><Say>Welcome</Say><Play>/welcome.wav</Play></Response>
    """

    code = "RCML501"
    name = "empty-verb"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset(EMPTY_TEXT) | {"Dial"} | schema.noun_set

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if text_of(element):
            return None
        tag = str(element.tag)
        if tag in EMPTY_TEXT:
            message, hint = EMPTY_TEXT[tag]
            parent = element.getparent()
            if tag in ("Say", "Play") and parent is not None and parent.tag == "Gather":
                message = (
                    f"an empty <{tag}> inside <Gather> upsets Restcomm's prompt loop: as the last "
                    "prompt the Gather never starts (silence), before another prompt that prompt "
                    "plays twice"
                )
        elif tag == "Dial":
            nouns = doc.schema.noun_set
            if any(c.tag in nouns for c in element):
                return None
            message = "Restcomm skips a <Dial> with no destination"
            hint = "add a noun such as <Number> or <Client>"
        elif element.get("name"):
            return None
        else:
            message, hint = f"<{tag}> has no destination", f"write it: <{tag}>...</{tag}>"
        return [self.report(doc, element, message, hint)]


class DroppedTextRun(Rule):
    """Text split in several runs: Restcomm keeps only the last one.

    What it does
    Reports elements whose text is split by a comment or a child element into more than one
    non-blank run, for example `<Say>Hello <!-- name --> world</Say>`.

    Why it matters
    Restcomm's parser keeps only the last text run of an element, so `Hello` is never spoken.

    Example
        <Response><Say>Your code is <!-- generated --> 1234</Say></Response>

    Use instead
        <Response><Say>Your code is 1234</Say><!-- generated --></Response>
    """

    code = "RCML502"
    name = "dropped-text-run"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset(name for name, spec in schema.elements.items() if spec.text_allowed)

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if len(element) == 0:
            return None
        runs = text_runs(element)
        if len(runs) < 2:
            return None
        dropped = ", ".join(repr(r) for r in runs[:-1])
        return [
            self.report(
                doc,
                element,
                f"Restcomm keeps only the last text of <{element.tag}> ({runs[-1]!r}) and "
                f"drops {dropped}",
                "write the text as one run, with comments outside the element",
            )
        ]


def _first(doc: Document, tag: str) -> etree._Element | None:
    found = [e for e in doc.of(tag) if e.getparent() is doc.root]
    return found[0] if found else None


def ussd_message(doc: Document) -> str:
    """The USSD text Restcomm builds: top-level messages, then the first UssdCollect's."""
    lines = [text_of(m) for m in doc.root.iterchildren("UssdMessage")]
    collect = _first(doc, "UssdCollect")
    if collect is not None:
        children = [text_of(c) for c in collect.iterchildren(etree.Element)]
        lines.extend(children if children else [text_of(collect)])
    return "\n".join(line for line in lines if line)


class UssdMessageTooLong(Rule):
    """A USSD message longer than Restcomm allows: 182 characters in English, 80 otherwise.

    What it does
    Builds the message as Restcomm does (all `<UssdMessage>` texts joined by new lines, then
    those of the first `<UssdCollect>`) and checks its length against the first `<Language>`.

    Why it matters
    Restcomm replaces a message that is too long by an error text and records error 11100: the
    subscriber never sees the menu.

    Example
        (context ussd)
        <Response><Language>fr</Language><UssdMessage>(100 characters)</UssdMessage></Response>

    Use instead
        Shorter messages, or a menu split over several documents with `<UssdCollect>`.
    """

    code = "RCML503"
    name = "ussd-message-too-long"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        if doc.context != "ussd":
            return None
        language = _first(doc, "Language")
        code = text_of(language) if language is not None else "en"
        limit = USSD_LIMIT_ENGLISH if code.lower() == "en" else USSD_LIMIT_OTHER
        message = ussd_message(doc)
        if len(message) > limit:
            anchor = next(iter(doc.of("UssdMessage")), doc.root)
            return [
                self.report(
                    doc,
                    anchor,
                    f"the USSD message is {len(message)} characters; Restcomm allows "
                    f"{limit} for language {code!r}",
                    "shorten the messages",
                )
            ]
        return None


class RepeatedUssdVerb(Rule):
    """A second `<Language>` or `<UssdCollect>`: Restcomm uses only the first.

    What it does
    Reports every Language and UssdCollect after the first one of the document.

    Why it matters
    Restcomm's USSD interpreter skips them, so their language or menu never reaches the
    subscriber.

    Example
        (context ussd)
        <Response>
          <UssdCollect action="/a">...</UssdCollect><UssdCollect action="/b">...</UssdCollect>
        </Response>

    Use instead
        One UssdCollect per document; continue the dialogue in the document behind its action.
    """

    code = "RCML504"
    name = "repeated-ussd-verb"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        if doc.context != "ussd":
            return None
        found: list[Finding] = []
        for tag in ("Language", "UssdCollect"):
            repeated = [e for e in doc.of(tag) if e.getparent() is doc.root][1:]
            found.extend(
                self.report(
                    doc,
                    element,
                    f"Restcomm uses only the first <{tag}>; it skips this one",
                    f"remove this <{tag}>",
                )
                for element in repeated
            )
        return found or None


RULES: tuple[type[Rule], ...] = (EmptyVerb, DroppedTextRun, UssdMessageTooLong, RepeatedUssdVerb)
