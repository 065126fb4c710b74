"""Tree rules about the order of verbs: what never runs, and what never reaches the application."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from rcml.core.document import Document, text_of
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import Schema


def _ends_document(verb: etree._Element) -> str | None:
    """Why nothing after this verb runs, or None if later verbs may run."""
    if verb.tag == "Hangup":
        return "<Hangup> ends the call"
    if verb.tag == "Redirect" and text_of(verb):
        return "<Redirect> replaces this document"
    if verb.tag == "Sms" and verb.get("action"):
        return "the answer to <Sms action> replaces this document"
    return None


class UnreachableVerb(Rule):
    """Verbs after `<Hangup>`, `<Redirect>`, `<Sms action>` or a first `<Reject>`: they never run.

    What it does
    Reports the first verb that follows a verb which ends the call or replaces the document.
    After a `<Reject>` that is the first verb, the finding is a warning: Restcomm rejects a
    ringing inbound call there, but skips Reject on a call that is already answered (an outbound
    call, for instance), and then goes on with the next verb.

    Why it matters
    Restcomm never reaches those verbs; they are dead code that readers take for part of the
    flow (a goodbye message after the hang-up, a fallback after a redirect).

    Example
        <Response><Redirect>/next.xml</Redirect><Say>Goodbye</Say></Response>

    Use instead
        <Response><Say>Goodbye</Say><Redirect>/next.xml</Redirect></Response>
    """

    code = "RCML401"
    name = "unreachable-verb"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        return list(self._scan(doc)) or None

    def _scan(self, doc: Document) -> Iterator[Finding]:
        verbs = doc.top_verbs
        if len(verbs) > 1 and verbs[0].tag == "Reject" and doc.context in ("voice", "screening"):
            yield self.report(
                doc,
                verbs[1],
                f"<Reject> rejects a ringing call, so the {len(verbs) - 1} verb(s) after it run "
                "only on calls that were already answered",
                "put the verbs for answered calls in another document",
                severity=Severity.WARNING,
            )
            return
        for position, verb in enumerate(verbs):
            reason = _ends_document(verb)
            if reason is None or position + 1 >= len(verbs):
                continue
            dead = verbs[position + 1 :]
            yield self.report(
                doc,
                dead[0],
                f"{reason}, so the {len(dead)} verb(s) after it never run",
                f"move <{dead[0].tag}> before <{verb.tag}>, or remove it",
            )
            return


class RejectNotFirst(Rule):
    """A `<Reject>` after a verb that answers the call: Restcomm skips it.

    What it does
    Reports a Reject preceded by any verb other than `<Pause>` (the only verb that does not
    answer a ringing call).

    Why it matters
    Reject works only on a ringing call. Every other verb answers the call first, after which
    Restcomm silently skips Reject, and the caller is billed for an answered call.

    Example
        <Response><Say>We are closed</Say><Reject reason="busy"/></Response>

    Use instead
        <Response><Reject reason="busy"/></Response>
    """

    code = "RCML402"
    name = "reject-not-first"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        return list(self._scan(doc)) or None

    def _scan(self, doc: Document) -> Iterator[Finding]:
        if doc.context not in ("voice", "screening"):
            return
        answered_by: etree._Element | None = None
        for verb in doc.top_verbs:
            if verb.tag == "Reject" and answered_by is not None:
                yield self.report(
                    doc,
                    verb,
                    f"<{answered_by.tag}> answers the call before <Reject>, so "
                    "Restcomm skips the Reject",
                    "make <Reject> the first verb",
                )
                return
            if verb.tag not in ("Pause", "Reject"):
                answered_by = answered_by if answered_by is not None else verb


class InputWithoutAction(Rule):
    """A `<Gather>` or `<Record>` without `action`: the input never reaches the application.

    What it does
    Reports Gather and Record elements that have no `action` attribute.

    Why it matters
    Unlike TwiML, Restcomm does not post to the current document when `action` is missing: the
    digits, speech or recording are dropped and the next verb runs.

    Example
        <Response><Gather numDigits="1"><Say>Press 1</Say></Gather></Response>

    Use instead
        <Response><Gather numDigits="1" action="/menu"><Say>Press 1</Say></Gather></Response>
    """

    code = "RCML403"
    name = "input-without-action"
    severity = Severity.WARNING

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Gather", "Record"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        if element.get("action") is not None:
            return None
        what = "digits and speech" if element.tag == "Gather" else "recording"
        return [
            self.report(
                doc,
                element,
                f"<{element.tag}> has no action: Restcomm drops the {what} and runs the next verb",
                'add action="/where-the-input-goes"',
            )
        ]


RULES: tuple[type[Rule], ...] = (UnreachableVerb, RejectNotFirst, InputWithoutAction)
