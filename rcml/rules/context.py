"""Tree rules about the kind of document: which verbs Restcomm runs where (spec §2.0, §3)."""

from __future__ import annotations

from rcml.core.document import Document
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule

_WHAT_HAPPENS = {
    "voice": "the voice interpreter skips it",
    "sms": "the SMS interpreter skips it (notification 14110)",
    "ussd": "the USSD interpreter skips it",
    "screening": "a call-screening document cannot run it (a <Dial> fails the parent call)",
    "conference-wait": "a conference wait document may hold only <Play> and <Say>; "
    "anything else hangs up the call",
}


class VerbNotInContext(Rule):
    """A verb that Restcomm does not run in this kind of document.

    What it does
    Checks every verb against the document's context (`--context`): `voice` (the default),
    `sms`, `ussd`, `screening` (behind a Dial noun's `url`) and `conference-wait` (behind a
    Conference `waitUrl`).

    Why it matters
    Each interpreter runs only its own verbs: USSD verbs are skipped in a call, `<Say>` is
    skipped in an SMS application, `<Dial>` fails a screening document, and any verb but `<Play>`
    and `<Say>` hangs up a caller who is waiting for a conference.

    Example
        (context conference-wait)
        <Response><Play>/music.wav</Play><Hangup/></Response>

    Use instead
        <Response><Play>/music.wav</Play></Response>
    """

    code = "RCML110"
    name = "verb-not-in-context"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        context = doc.context
        if doc.root.tag != doc.schema.root:
            return None
        found = None
        for element in doc.top_verbs:
            spec = doc.schema.elements[str(element.tag)]
            if context in spec.contexts:
                continue
            runs_in = ", ".join(sorted(spec.contexts))
            found = found or []
            found.append(
                self.report(
                    doc,
                    element,
                    f"<{element.tag}> in a {context} document: {_WHAT_HAPPENS[context]}",
                    f"<{element.tag}> runs in {runs_in} documents",
                )
            )
        return found


RULES: tuple[type[Rule], ...] = (VerbNotInContext,)
