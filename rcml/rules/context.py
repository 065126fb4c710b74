"""Tree rules about the kind of document: which verbs Restcomm runs where."""

from __future__ import annotations

import functools

from lxml import etree

from rcml.core.document import Document, text_of
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import Schema

_WHAT_HAPPENS = {
    "voice": "the voice interpreter skips it",
    "sms": "the SMS interpreter skips it (notification 14110)",
    "ussd": "the USSD interpreter skips it",
    "screening": "the call-screening interpreter skips it",
    "conference-wait": "a conference wait document may hold only <Play> and <Say>; "
    "anything else hangs up the waiting caller",
}
# What a screening document does with the verbs that are worse than skipped.
_IN_SCREENING = {
    "Dial": "a call-screening document cannot dial: the screening fails and Restcomm hangs up "
    "the call",
    "Reject": "the called party has already answered, so <Reject> does nothing; the screening "
    "never ends and Restcomm hangs up the call after 60 seconds",
}


_HINTS = {
    ("screening", "Reject"): "to refuse the call from a screening document, use <Hangup/>",
    ("screening", "Dial"): "dial from the calling document, not from the screening one",
}


def what_happens(tag: str, context: str) -> str:
    """What Restcomm does with a verb it does not run in ``context``."""
    if context == "screening" and tag in _IN_SCREENING:
        return _IN_SCREENING[tag]
    return _WHAT_HAPPENS[context]


class VerbNotInContext(Rule):
    """A verb that Restcomm does not run in this kind of document.

    What it does
    Checks every verb against the document's context (`--context`): `voice` (the default),
    `sms`, `ussd`, `screening` (behind a Dial noun's `url`) and `conference-wait` (behind a
    Conference `waitUrl`).

    Why it matters
    Each interpreter runs only its own verbs: USSD verbs are skipped in a call
    (BaseVoiceInterpreter.java:607-612), `<Say>` is skipped in an SMS application
    (SmsInterpreter.java:414-416), and any verb but `<Play>` and `<Say>` hangs up a caller who
    is waiting for a conference (VoiceInterpreter.java:971-977). In a screening document
    (SubVoiceInterpreter.java:331-359) `<Dial>` fails the call, and `<Reject>` does nothing on the
    called party, who has already answered (Call.java:2006-2010): the screening never ends and
    Restcomm hangs up after its 60-second wait (VoiceInterpreter.java:3599-3611).

    Example
        (context conference-wait)
        <Response><Play>/music.wav</Play><Hangup/></Response>

    Use instead
        <Response><Play>/music.wav</Play></Response>
    """

    code = "RCML110"
    cleared_by = "strict-schema"
    name = "verb-not-in-context"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        context = doc.context
        if doc.root.tag != doc.schema.root:
            return None
        found = None
        runs_here = _verbs_of(doc.schema, context)
        for element in doc.top_verbs:
            if element.tag in runs_here:
                continue
            spec = doc.schema.elements[str(element.tag)]
            runs_in = ", ".join(sorted(spec.contexts))
            found = found or []
            found.append(
                self.report(
                    doc,
                    element,
                    f"<{element.tag}> in a {context} document: "
                    f"{what_happens(str(element.tag), context)}",
                    _HINTS.get((context, str(element.tag)))
                    or f"<{element.tag}> runs in {runs_in} documents",
                )
            )
        return found


@functools.cache
def _verbs_of(schema: Schema, context: str) -> frozenset[str]:
    """The verbs Restcomm runs in ``context``."""
    return frozenset(tag for tag, spec in schema.elements.items() if context in spec.contexts)


def _speaks(verb: etree._Element) -> bool:
    """A Play or Say with something to play: empty ones are skipped."""
    return verb.tag in ("Play", "Say") and bool(text_of(verb))


class WaitDocumentWithoutAudio(Rule):
    """A conference wait document with nothing to play: the waiting caller is hung up.

    What it does
    Reports a conference-wait document (`--context conference-wait`: the document behind a
    Conference `waitUrl`) that holds no `<Play>` or `<Say>` with something to play.

    Why it matters
    Restcomm collects the audio of the wait document's Play and Say verbs and loops it while the
    caller waits; when the document ends with nothing collected it hangs the call up
    (VoiceInterpreter.java:926-953, 1062-1070).

    Example
        (context conference-wait)
        <Response/>

    Use instead
        <Response><Play>/music/hold.wav</Play></Response>
    """

    code = "RCML130"
    cleared_by = "strict-schema"
    name = "wait-document-without-audio"
    severity = Severity.ERROR
    contexts = frozenset({"conference-wait"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        if doc.root.tag != doc.schema.root:
            return None
        if any(_speaks(verb) for verb in doc.top_verbs):
            return None
        return [
            self.report(
                doc,
                doc.root,
                "this conference wait document has no <Play> or <Say> with something to play: "
                "Restcomm hangs up the waiting caller",
                "add <Play>/music.wav</Play> or <Say>Please wait</Say>",
            )
        ]


class IgnoredInWaitDocument(Rule):
    """A `loop` in a conference wait document: Restcomm ignores it.

    What it does
    Reports `loop` on `<Play>` and `<Say>` in a conference-wait document.

    Why it matters
    Restcomm plays the wait document's audio in a loop of its own, 32767 times, whatever `loop`
    says (VoiceInterpreter.java:3069-3073, 3251-3253).

    Example
        (context conference-wait)
        <Response><Play loop="3">/music/hold.wav</Play></Response>

    Use instead
        <Response><Play>/music/hold.wav</Play></Response>
    """

    code = "RCML133"
    cleared_by = "strict-schema"
    name = "loop-in-wait-document"
    severity = Severity.WARNING
    contexts = frozenset({"conference-wait"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        found = [
            self.report(
                doc,
                verb,
                f"Restcomm ignores loop on <{verb.tag}> in a conference wait document: it loops "
                "the wait audio until the caller stops waiting",
                "remove loop",
                attribute="loop",
            )
            for verb in doc.top_verbs
            if verb.tag in ("Play", "Say") and verb.get("loop") is not None
        ]
        return found or None


class SayInScreeningGather(Rule):
    """A `<Say>` inside `<Gather>` in a call-screening document: Restcomm may hang up.

    What it does
    Reports each `<Say>` prompt of a `<Gather>` in a screening document (`--context screening`:
    the document behind a Dial noun's `url`).

    Why it matters
    The screening interpreter looks a Gather's spoken prompt up in its speech cache and, unlike
    the voice interpreter, hangs up when it is not there yet (SubVoiceInterpreter.java:318-327),
    that is, every time a text is spoken for the first time. When the prompt is cached, the
    Gather reads its own attributes (action, timeout, numDigits ...) from the Say instead
    (BaseVoiceInterpreter.java:1218-1219, 1561-1562), so the input is dropped.

    Example
        (context screening)
        <Response><Gather action="/accept" numDigits="1"><Say>Press 1 to accept</Say></Gather>
        </Response>

    Use instead
        <Response><Gather action="/accept" numDigits="1"><Play>/prompts/accept.wav</Play>
        </Gather></Response>
    """

    code = "RCML132"
    cleared_by = "strict-schema"
    name = "say-in-screening-gather"
    severity = Severity.ERROR
    contexts = frozenset({"screening"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        found = [
            self.report(
                doc,
                say,
                "<Say> inside <Gather> in a call-screening document: Restcomm hangs up the call "
                "when the speech is not in its cache yet, and otherwise reads the Gather's "
                "attributes from the Say",
                "record the prompt and <Play> it, or <Say> it before the <Gather>",
            )
            for gather in doc.top_verbs
            if gather.tag == "Gather"
            for say in gather.iterchildren("Say")
            if text_of(say)
        ]
        return found or None


class ScreeningAnswerIgnored(Rule):
    """A screening document that expects an answer from its application: Restcomm ignores it.

    What it does
    In a call-screening document (`--context screening`), reports `<Redirect>` and the `action`
    of `<Gather>`, `<Record>` and `<Sms>`.

    Why it matters
    The screening interpreter requests the URL but keeps running its own document
    (SubVoiceInterpreter.java:493-519): after a `<Redirect>`, a Record `action` or an Sms
    `action` the next verb of this document runs and the answer is never run (an error for
    Redirect, whose target was the point; a warning for the others, whose request is still
    made). A Gather's input never reaches its action: with a `<Say>` prompt the Gather reads its
    attributes from the Say (BaseVoiceInterpreter.java:1561-1562), otherwise the action's answer
    leaves the screening stuck (no transition from "finish gathering" to "ready",
    SubVoiceInterpreter.java:108-148) until Restcomm hangs up after 60 seconds
    (VoiceInterpreter.java:3599-3611).

    Example
        (context screening)
        <Response><Redirect>/screen-step-2.xml</Redirect></Response>

    Use instead
        The whole screening in one document, ending normally to connect the call or with
        `<Hangup/>` to refuse it.
    """

    code = "RCML431"
    cleared_by = "strict-schema"
    name = "screening-answer-ignored"
    severity = Severity.ERROR
    contexts = frozenset({"screening"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        found: list[Finding] = []
        for verb in doc.top_verbs:
            tag = verb.tag
            if tag == "Redirect" and text_of(verb):
                found.append(
                    self.report(
                        doc,
                        verb,
                        "<Redirect> in a call-screening document: Restcomm requests the URL but "
                        "ignores the answer and runs the next verb of this document",
                        "put the screening in one document",
                    )
                )
            elif tag in ("Gather", "Record", "Sms") and (verb.get("action") or "").strip():
                found.append(self._action(doc, verb))
        return found or None

    def _action(self, doc: Document, verb: etree._Element) -> Finding:
        if verb.tag == "Gather":
            return self.report(
                doc,
                verb,
                "a <Gather> action in a call-screening document never gets the input: Restcomm "
                "reads the Gather from its <Say> prompt, or stalls on the action's answer until "
                "it hangs up the call after 60 seconds",
                "screen with <Play> prompts and <Hangup/>, or screen in the calling document",
                attribute="action",
            )
        return self.report(
            doc,
            verb,
            f"<{verb.tag}> action in a call-screening document: Restcomm requests it but ignores "
            "the answer and runs the next verb of this document",
            "remove action, or expect the next verb to run",
            attribute="action",
            severity=Severity.WARNING,
        )


SCREENING_SECONDS = 60  # VoiceInterpreter.java:3599-3601: Restcomm waits this long for the end


class ScreeningTooLong(Rule):
    """A call-screening document that pauses for 60 seconds or more: Restcomm hangs up first.

    What it does
    Adds up the `length` of the `<Pause>` verbs of a call-screening document (inside `<Gather>`
    too; 1 second when absent) and reports it when it reaches 60 seconds.

    Why it matters
    Restcomm waits at most 60 seconds for a screening document to end; after that it hangs the
    call up (VoiceInterpreter.java:3596-3613).

    Example
        (context screening)
        <Response><Say>One moment</Say><Pause length="60"/></Response>

    Use instead
        <Response><Say>One moment</Say><Pause length="5"/></Response>
    """

    code = "RCML432"
    cleared_by = "strict-schema"
    name = "screening-too-long"
    severity = Severity.ERROR
    contexts = frozenset({"screening"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        total = 0
        for pause in doc.of("Pause"):
            total += _seconds(pause.get("length"))
            if total >= SCREENING_SECONDS:
                return [
                    self.report(
                        doc,
                        pause,
                        f"the call-screening document pauses for {total} seconds by here; "
                        f"Restcomm hangs up the call after {SCREENING_SECONDS} seconds",
                        f"keep the screening under {SCREENING_SECONDS} seconds",
                    )
                ]
        return None


def _seconds(value: str | None) -> int:
    """A Pause length as Restcomm reads it: 1 when absent, empty or not an integer."""
    try:
        return int(value.strip()) if value and value.strip() else 1
    except ValueError:
        return 1


RULES: tuple[type[Rule], ...] = (
    VerbNotInContext,
    WaitDocumentWithoutAudio,
    IgnoredInWaitDocument,
    SayInScreeningGather,
    ScreeningAnswerIgnored,
    ScreeningTooLong,
)
