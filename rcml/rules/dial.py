"""Tree rules about `<Dial>` and its nouns: what Restcomm actually dials."""

from __future__ import annotations

from lxml import etree

from rcml.core.document import Document, text_of
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import Schema


class DialTextAndNouns(Rule):
    """A `<Dial>` with both text and nouns: Restcomm dials the text and drops the nouns.

    What it does
    Reports a Dial whose own text (the shorthand destination) stands beside child nouns.

    Why it matters
    When Dial has text, Restcomm turns it into a single Number, Client or Sip and ignores every
    child element: the nouns you wrote are never called. Text without a letter or digit (often
    left over from a template) is reported as a warning: it cannot be a destination.

    Example
        <Response><Dial>+15550100<Client>alice</Client></Dial></Response>

    Use instead
        <Response><Dial><Number>+15550100</Number><Client>alice</Client></Dial></Response>
    """

    code = "RCML111"
    name = "dial-text-and-nouns"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Dial"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if len(element) == 0:
            return None
        text = text_of(element)
        nouns = doc.schema.noun_set
        dropped = [c.tag for c in element if c.tag in nouns]
        if not text or not dropped:
            return None
        if not any(ch.isalnum() for ch in text):
            return [
                self.report(
                    doc,
                    element,
                    f"stray text {text!r} in <Dial> beside its nouns; Restcomm may "
                    "take it for a destination and drop the nouns",
                    "remove the stray text",
                    severity=Severity.WARNING,
                )
            ]
        names = ", ".join(f"<{t}>" for t in dropped)
        return [
            self.report(
                doc,
                element,
                f"Restcomm dials the text {text!r} and drops the nouns {names}",
                f"put {text!r} in its own noun, or remove it",
            )
        ]


class ConferenceWithOtherNouns(Rule):
    """A `<Conference>` in a Dial with other nouns: Restcomm uses only the Conference.

    What it does
    Reports a Dial that holds a Conference together with other nouns, or more than one
    Conference.

    Why it matters
    When a Dial holds a Conference, Restcomm joins that conference and ignores every other noun,
    so nobody else is called.

    Example
        <Response><Dial><Conference>room</Conference><Client>alice</Client></Dial></Response>

    Use instead
        <Response><Dial><Conference>room</Conference></Dial></Response>
    """

    code = "RCML112"
    name = "conference-with-other-nouns"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Dial"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if len(element) < 2:
            return None
        nouns = doc.schema.noun_set
        children = [c for c in element if c.tag in nouns]
        conferences = [c for c in children if c.tag == "Conference"]
        if not conferences or len(children) == 1:
            return None
        others = [c for c in children if c is not conferences[0]]
        return [
            self.report(
                doc,
                others[0],
                f"Restcomm joins the first <Conference> and ignores the other "
                f"{len(others)} noun(s) of this <Dial>",
                "use one <Dial> per conference, and separate <Dial>s for other calls",
            )
        ]


class VideoWithoutName(Rule):
    """A noun with a `<Video>` child but no `name` attribute.

    What it does
    Reports Client, Sip, Number, Uri and Conference elements that hold `<Video>` without `name`.

    Why it matters
    With a Video child Restcomm ignores the noun's text and reads the destination from `name`;
    without it the interpreter fails and the call is dropped.

    Example
        <Response><Dial><Client>alice<Video enable="true"/></Client></Dial></Response>

    Use instead
        <Response><Dial><Client name="alice"><Video enable="true"/></Client></Dial></Response>
    """

    code = "RCML113"
    name = "video-without-name"
    severity = Severity.ERROR

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Video"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        noun = element.getparent()
        if noun is None or noun.tag not in doc.schema.noun_set or noun.get("name"):
            return None
        text = text_of(noun)
        return [
            self.report(
                doc,
                noun,
                f"<{noun.tag}> holds <Video> but has no 'name'; Restcomm ignores its text "
                "and fails",
                f'write <{noun.tag} name="{text or "..."}">',
            )
        ]


RULES: tuple[type[Rule], ...] = (DialTextAndNouns, ConferenceWithOtherNouns, VideoWithoutName)
