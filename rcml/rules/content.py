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
    neither text nor nouns, and a Dial noun without text (a noun with a `<Video>` child takes its
    destination from `name` instead: see `video-without-name`).

    Why it matters
    Restcomm skips empty Say, Play, Redirect and Dial (the caller hears nothing where the author
    expected something), and an empty Sms body stops the document. A noun reads `name` only when
    it holds a `<Video>`: without one, an empty Number, Client, Sip or Uri makes the interpreter
    fail while it prepares the dial, and the call stalls (VoiceInterpreter.java:2396-2406,
    2497-2500); an empty Conference joins a room named "null", the same room for every such call
    (VoiceInterpreter.java:2286-2289, 2301-2306).

    Example
        <Response><Say></Say><Play/><Dial><Client name="alice"/></Dial></Response>

    Use instead
        <Response><Say>Welcome</Say><Play>/welcome.wav</Play><Dial><Client>alice</Client></Dial>
        </Response>
    """

    code = "RCML501"
    cleared_by = "strict-schema"
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
        elif any(child.tag == "Video" for child in element):
            return None  # the destination is the name (RCML113)
        else:
            message, hint = _empty_noun(tag, element.get("name"))
        return [self.report(doc, element, message, hint)]


def _empty_noun(tag: str, name: str | None) -> tuple[str, str]:
    """The message and hint for a noun with no text and no Video."""
    shown = name.strip() if name and name.strip() else "..."
    if name is None:
        what = f"<{tag}> has no text"
    else:
        what = f"<{tag}> has no text, and Restcomm reads name={name!r} only with a <Video> child"
    if tag == "Conference":
        return (
            f"{what}: Restcomm names the room 'null', so every such call joins the same room",
            f"write the room name as text: <Conference>{shown}</Conference>",
        )
    return (
        f"{what}: Restcomm finds no destination, fails, and the call stalls",
        f"write the destination as text: <{tag}>{shown}</{tag}>",
    )


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
    cleared_by = "url-walk-and-strict-schema"
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


def _java_text(element: etree._Element) -> str:
    """An element's text as Restcomm appends it to a USSD message: empty reads "null"."""
    return text_of(element) or "null"


def ussd_message(doc: Document) -> str:
    """The USSD text Restcomm builds (UssdInterpreter.java:903-915, 971-984): the top-level
    messages joined by new lines, then, with no separator, the first UssdCollect's children
    (whatever their names) joined by new lines, or its own text when it has no children. An
    empty message reads "null"."""
    text = "\n".join(_java_text(m) for m in doc.root.iterchildren("UssdMessage"))
    collect = _first(doc, "UssdCollect")
    if collect is not None:
        children = list(collect.iterchildren(etree.Element))
        if children:
            text += "\n".join(_java_text(c) for c in children)
        else:
            text += text_of(collect)
    return text


def java_length(text: str) -> int:
    """The length Java's String.length() gives: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


class UssdMessageTooLong(Rule):
    """A USSD message longer than Restcomm allows: 182 characters in English, 80 otherwise.

    What it does
    Builds the message as Restcomm does and checks its length against the first `<Language>`:
    the `<UssdMessage>` texts joined by new lines, then the lines of the first `<UssdCollect>`
    appended with no separator between the two, an empty line counted as "null", and length
    measured as Java does (in UTF-16 units: an emoji counts two).

    Why it matters
    Restcomm replaces a message that is too long by an error text and records error 11100
    (UssdInterpreter.java:917-931): the subscriber never sees the menu. "en" in any case allows
    182 characters, any other language 80 (UssdInterpreter.java:168-169, 895-901).

    Example
        (context ussd)
        <Response><Language>fr</Language><UssdMessage>(100 characters)</UssdMessage></Response>

    Use instead
        Shorter messages, or a menu split over several documents with `<UssdCollect>`.
    """

    code = "RCML503"
    cleared_by = "strict-schema"
    name = "ussd-message-too-long"
    severity = Severity.ERROR
    contexts = frozenset({"ussd"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        language = _first(doc, "Language")
        code = text_of(language) if language is not None else "en"
        if not code:
            return None  # the interpreter fails before it counts (RCML530)
        limit = USSD_LIMIT_ENGLISH if code.lower() == "en" else USSD_LIMIT_OTHER
        length = java_length(ussd_message(doc))
        if length > limit:
            anchor = next(iter(doc.of("UssdMessage")), doc.root)
            return [
                self.report(
                    doc,
                    anchor,
                    f"the USSD message is {length} characters; Restcomm allows {limit} for "
                    f"language {code!r} and sends an error text instead",
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
    cleared_by = "strict-schema"
    name = "repeated-ussd-verb"
    severity = Severity.ERROR
    contexts = frozenset({"ussd"})

    def check_document(self, doc: Document) -> list[Finding] | None:
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


class UssdEmptyLanguage(Rule):
    """An empty `<Language>` in a USSD document: the interpreter fails and no reply is sent.

    What it does
    Reports a first `<Language>` with no text (later ones are skipped anyway).

    Why it matters
    Restcomm reads the language of the first `<Language>` and compares it with "en"; an empty
    element has no text, so the comparison fails inside the interpreter
    (UssdInterpreter.java:891-895): the message is never built and the subscriber never gets a
    reply.

    Example
        (context ussd)
        <Response><Language/><UssdMessage>Balance: 10 EUR</UssdMessage></Response>

    Use instead
        <Response><Language>en</Language><UssdMessage>Balance: 10 EUR</UssdMessage></Response>
    """

    code = "RCML530"
    cleared_by = "strict-schema"
    name = "ussd-empty-language"
    severity = Severity.ERROR
    contexts = frozenset({"ussd"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        language = _first(doc, "Language")
        if language is None or text_of(language):
            return None
        return [
            self.report(
                doc,
                language,
                "an empty <Language> makes Restcomm's USSD interpreter fail: the subscriber never "
                "gets a reply",
                "write the language, such as <Language>en</Language>, or remove the element",
            )
        ]


class UssdNullText(Rule):
    """An empty USSD message line: the subscriber reads "null".

    What it does
    Reports `<UssdMessage>` elements with no text, in the document and in the first
    `<UssdCollect>` (whose children all count as lines, whatever their names).

    Why it matters
    Restcomm appends each line's text to the message without checking it; an empty element has no
    text, and Java appends that as the word "null" (UssdInterpreter.java:971-978).

    Example
        (context ussd)
        <Response><UssdMessage>Welcome</UssdMessage><UssdMessage/></Response>

    Use instead
        <Response><UssdMessage>Welcome</UssdMessage></Response>
    """

    code = "RCML531"
    cleared_by = "strict-schema"
    name = "ussd-null-text"
    severity = Severity.WARNING
    contexts = frozenset({"ussd"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        lines = list(doc.root.iterchildren("UssdMessage"))
        collect = _first(doc, "UssdCollect")
        if collect is not None:
            lines.extend(collect.iterchildren(etree.Element))
        found = [
            self.report(
                doc,
                line,
                f"an empty <{line.tag}> shows the text 'null' to the subscriber",
                "write the line, or remove the element",
            )
            for line in lines
            if not text_of(line)
        ]
        return found or None


class UssdMessageAfterCollect(Rule):
    """A `<UssdMessage>` after the `<UssdCollect>`: it is shown before the menu, not after.

    What it does
    Reports top-level `<UssdMessage>` elements that follow the first `<UssdCollect>`.

    Why it matters
    Restcomm gathers the document's messages first and appends the UssdCollect's lines after
    them, whatever the order in the document (UssdInterpreter.java:903-915): the text the author
    put after the menu appears above it.

    Example
        (context ussd)
        <Response>
          <UssdCollect action="/menu"><UssdMessage>1 Balance</UssdMessage></UssdCollect>
          <UssdMessage>Reply with a number</UssdMessage>
        </Response>

    Use instead
        <Response>
          <UssdCollect action="/menu">
            <UssdMessage>1 Balance</UssdMessage><UssdMessage>Reply with a number</UssdMessage>
          </UssdCollect>
        </Response>
    """

    code = "RCML532"
    cleared_by = "strict-schema"
    name = "ussd-message-after-collect"
    severity = Severity.WARNING
    contexts = frozenset({"ussd"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        collect = _first(doc, "UssdCollect")
        if collect is None:
            return None
        after = list(collect.itersiblings("UssdMessage"))
        if not after:
            return None
        return [
            self.report(
                doc,
                after[0],
                f"Restcomm shows the {len(after)} <UssdMessage> line(s) after <UssdCollect> "
                "before the menu's lines",
                "move them into the <UssdCollect>, or before it",
            )
        ]


RULES: tuple[type[Rule], ...] = (
    EmptyVerb,
    DroppedTextRun,
    UssdMessageTooLong,
    RepeatedUssdVerb,
    UssdEmptyLanguage,
    UssdNullText,
    UssdMessageAfterCollect,
)
