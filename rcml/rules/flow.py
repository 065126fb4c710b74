"""Tree rules about the order of verbs: what never runs, and what never reaches the application."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from lxml import etree

from rcml.core.document import JAVA_BLANKS, Document, text_of
from rcml.core.findings import Finding, Severity
from rcml.rules.base import Rule
from rcml.schema import Schema


def _ends_document(verb: etree._Element) -> str | None:
    """Why nothing after this verb runs, or None if later verbs may run."""
    if verb.tag == "Hangup":
        return "<Hangup> ends the call"
    if verb.tag == "Redirect" and text_of(verb):
        return "<Redirect> replaces this document"
    if verb.tag == "Sms" and (verb.get("action") or "").strip(JAVA_BLANKS):
        return "the answer to <Sms action> replaces this document"
    return None


# The screening interpreter fetches a Redirect's URL or an Sms action but keeps its own parser,
# so the answer is ignored and the next verb runs (SubVoiceInterpreter.java:493-519).
_ANSWER_IGNORED_IN_SCREENING = frozenset({"Redirect", "Sms"})


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
    cleared_by = "strict-schema"
    name = "unreachable-verb"
    severity = Severity.ERROR

    def check_document(self, doc: Document) -> list[Finding] | None:
        return list(self._scan(doc)) or None

    def _scan(self, doc: Document) -> Iterator[Finding]:
        verbs = doc.top_verbs
        # A screening document runs on a leg that has already answered: Reject does nothing
        # there (RCML110 says so), so the first-Reject warning is for voice documents only.
        if len(verbs) > 1 and verbs[0].tag == "Reject" and doc.context == "voice":
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
            if doc.context == "screening" and verb.tag in _ANSWER_IGNORED_IN_SCREENING:
                continue  # the answer is ignored there and the next verb runs (RCML431)
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
    cleared_by = "strict-schema"
    name = "reject-not-first"
    severity = Severity.ERROR
    contexts = frozenset({"voice"})  # in screening documents Reject does nothing (RCML110)

    def check_document(self, doc: Document) -> list[Finding] | None:
        return list(self._scan(doc)) or None

    def _scan(self, doc: Document) -> Iterator[Finding]:
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
    cleared_by = "strict-schema"
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


def replaced_by_action(verb: etree._Element, nouns: frozenset[str]) -> bool:
    """Whether the answer to this verb's ``action`` replaces the document once the verb ends: a
    `<Record>`, or a `<Dial>` that dials something, with a non-blank action."""
    if verb.tag not in ("Dial", "Record") or not (verb.get("action") or "").strip(JAVA_BLANKS):
        return False
    return verb.tag == "Record" or bool(text_of(verb)) or any(c.tag in nouns for c in verb)


class VerbAfterAction(Rule):
    """Verbs after a `<Dial action>` or `<Record action>`: the action's answer replaces them.

    What it does
    Reports the first verb after a Dial (with something to dial) or a Record whose `action` is
    set, in a voice document.

    Why it matters
    When the dial or the recording ends, Restcomm requests the action and runs the document it
    answers instead of the rest of this one (VoiceInterpreter.java:2825-2827 and
    BaseVoiceInterpreter.java:2157-2168, then VoiceInterpreter.java:1964-1975): the verbs after
    it never run. Real documents put a `<Gather>` or a goodbye after `<Record action>` and never
    hear it. A warning: the document runs, without those verbs.

    Example
        <Response><Record action="/saved"/><Say>Thank you</Say></Response>

    Use instead
        <Response><Record action="/saved"/></Response>, with <Say>Thank you</Say> in the document
        that /saved answers.
    """

    code = "RCML412"
    cleared_by = "url-walk-and-strict-schema"
    name = "verb-after-action"
    severity = Severity.WARNING
    contexts = frozenset({"voice"})

    def check_document(self, doc: Document) -> list[Finding] | None:
        verbs = doc.top_verbs
        nouns = doc.schema.noun_set
        for position, verb in enumerate(verbs[:-1]):
            if replaced_by_action(verb, nouns):
                dead = verbs[position + 1 :]
                return [
                    self.report(
                        doc,
                        dead[0],
                        f"the answer to <{verb.tag} action> replaces this document when the "
                        f"{'dial' if verb.tag == 'Dial' else 'recording'} ends, so the "
                        f"{len(dead)} verb(s) after it never run",
                        f"move <{dead[0].tag}> into the document that {verb.get('action')!r} "
                        f"answers, or remove action from <{verb.tag}>",
                    )
                ]
        return None


def gather_crash(children: Sequence[tuple[str, bool]]) -> int | None:
    """The index of the `<Pause>` that makes Restcomm's Gather prompt loop fail, or None.

    ``children`` are the Gather's child elements as (tag, holds non-blank text). A step-by-step
    model of ProcessingGatherChildren (BaseVoiceInterpreter.java:1421-1566): the loop asks the
    media cache for the first Say or Play with text; each answer removes the *first* child,
    whatever it is; after each pass leading Pauses are removed, and when only Pauses are left the
    removal loop reads past the end of the list (an exception the actor's supervisor swallows):
    gathering never starts. A pass that asks for nothing while children remain stalls instead
    (other rules report what causes that).
    """
    left = list(range(len(children)))
    while True:
        prompt = any(children[i][0] in ("Say", "Play") and children[i][1] for i in left)
        trailing = left[-1] if left else None
        while left and children[left[0]][0] == "Pause":
            left.pop(0)
            if not left:
                return trailing
        if not left or not prompt:
            return None  # gathering starts, or the Gather stalls on a child that is no prompt
        left.pop(0)  # the cache answered: the first child goes, whichever it is


class GatherEndsWithPause(Rule):
    """A `<Gather>` whose last child is a `<Pause>`: Restcomm never starts gathering.

    What it does
    Reports a Gather whose prompts end with `<Pause>` (or that holds only Pauses), at that Pause.

    Why it matters
    Restcomm's prompt loop strips leading Pauses from its list of children; when the list holds
    only Pauses it reads past its end (BaseVoiceInterpreter.java:1548-1557). The exception is
    swallowed by the interpreter's supervisor, so the Gather never starts and nothing runs after
    it: the caller hears silence until they hang up. A Pause before or between prompts is fine.
    After a verb that ends or replaces the document the Gather never runs, so there the finding
    is a warning.

    Example
        <Response><Gather action="/menu"><Say>Press 1</Say><Pause length="5"/></Gather></Response>

    Use instead
        <Response><Gather action="/menu" timeout="10"><Say>Press 1</Say></Gather></Response>
    """

    code = "RCML411"
    cleared_by = "strict-schema"
    name = "gather-ends-with-pause"
    severity = Severity.ERROR
    contexts = frozenset({"voice"})

    def tags(self, schema: Schema) -> frozenset[str]:
        return frozenset({"Gather"})

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        children = list(element.iterchildren(etree.Element))
        if not children or children[-1].tag != "Pause":
            return None  # the prompt loop fails only on Pauses at the end (see gather_crash)
        crash = gather_crash([(str(c.tag), bool(text_of(c))) for c in children])
        if crash is None:
            return None
        hint = "remove the trailing <Pause>, or raise the Gather's timeout to wait longer"
        before = _replaced_before(doc, element)
        if before is not None:
            return [
                self.report(
                    doc,
                    children[crash],
                    f"a <Pause> as the last child of <Gather> would make Restcomm's prompt loop "
                    f"fail, but the <{before.tag}> before it replaces the document first, so "
                    "this Gather never runs",
                    hint,
                    severity=Severity.WARNING,
                )
            ]
        return [
            self.report(
                doc,
                children[crash],
                "a <Pause> as the last child of <Gather> makes Restcomm's prompt loop fail "
                "before gathering starts: the caller hears silence and nothing after it runs",
                hint,
            )
        ]


def _replaced_before(doc: Document, verb: etree._Element) -> etree._Element | None:
    """The top-level verb before ``verb`` that ends or replaces the document, if any."""
    if verb.getparent() is not doc.root:
        return None
    nouns = doc.schema.noun_set
    for earlier in doc.top_verbs:
        if earlier is verb:
            return None
        if _ends_document(earlier) is not None or replaced_by_action(earlier, nouns):
            return earlier
    return None


RULES: tuple[type[Rule], ...] = (
    UnreachableVerb,
    RejectNotFirst,
    InputWithoutAction,
    GatherEndsWithPause,
    VerbAfterAction,
)
