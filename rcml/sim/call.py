"""One call, run through a model of Restcomm's voice interpreter (VoiceInterpreter.java).

A :class:`Call` is a generator machine: :meth:`Call.run` yields a
:class:`~rcml.sim._flow.Wait` wherever Restcomm waits, and the :class:`~rcml.sim.world.World`
driving it advances the virtual clock or throws an interrupt in (the caller hangs up, a live
redirect, the end of a conference). Between two waits nothing else happens to the call, so a
driver may inspect it (``state``, ``bridged``, ``participant``) or change it there.

What the interpreter does, verb by verb, follows VoiceInterpreter.onTagMessage (L956-1056):

* while the inbound call is still ringing, Reject rejects it and Pause waits without answering;
  any other verb answers the call first, Hangup included;
* once answered, Dial, Fax, Play, Say, Gather, Pause, Hangup, Redirect, Record, Sms and Email run;
  anything else (Reject, Enqueue, Leave, the USSD verbs) is skipped;
* after the caller has hung up (an action document run after a Dial, Record or Conference), only
  Fax, Sms and Email still run;
* at the end of the document Restcomm hangs up.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, NoReturn

from rcml.core.download import outcome
from rcml.core.uri import Params, masked
from rcml.sim import _dial, _gather, _tags
from rcml.sim._download import Fetch
from rcml.sim._flow import (
    CallerHangup,
    EndOfSimulation,
    LiveHangup,
    LiveRedirect,
    Wait,
)
from rcml.sim._interp import Document, Finished, Interpreter, StepCounter, Steps
from rcml.sim._restcomm import API_VERSION, UNLIMITED_DIGITS
from rcml.sim._tags import ParserFailed, Tag
from rcml.sim.script import Cursor, Script
from rcml.sim.transcript import Transcript

if TYPE_CHECKING:
    from rcml.sim._conference import Participant
    from rcml.sim._dial import Leg
    from rcml.sim.world import World

DEFAULT_FROM = "+15550100"
DEFAULT_TO = "+15550199"
DEFAULT_MAX_STEPS = 1000
ANSWERED_VERBS = frozenset({"Play", "Say", "Gather", "Pause", "Hangup", "Redirect", "Record"})


class Call(Interpreter):
    """An inbound (or API-created) call and its voice interpreter."""

    def __init__(
        self,
        world: World,
        url: str,
        *,
        method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str = "POST",
        script: Script | None = None,
        from_: str = DEFAULT_FROM,
        to: str = DEFAULT_TO,
        caller_name: str | None = None,
        forwarded_from: str | None = None,
        direction: str = "inbound",
        context: str = "voice",
        max_steps: int = DEFAULT_MAX_STEPS,
        sid: str | None = None,
    ) -> None:
        state = "ringing" if direction == "inbound" else "in-progress"
        super().__init__(
            world, Transcript(), Cursor(script or Script()), StepCounter(max_steps), state
        )
        self.sid = sid or world.new_sid("CA")
        self.url = url
        self.method = method
        self.fallback_url = fallback_url
        self.fallback_method = fallback_method
        self.from_ = from_
        self.to = to
        self.caller_name = caller_name
        self.forwarded_from = forwarded_from
        self.direction = direction
        self.context = context
        self.created = world.now
        self.outbound_sid: str | None = None  # OutboundCallSid, once a Dial's leg answered
        self.dial_action_executed = False
        self.dial_verb: Tag | None = None  # the Dial being run (VI's `verb` for its action)
        self.dial_recording: tuple[str, str] | None = None  # never reset, as in Restcomm
        self.bridged: Leg | None = None  # the called party while a Dial is connected
        self.participant: Participant | None = None  # while the call is in a conference
        self.status: str | None = None
        self.reason = ""

    @property
    def done(self) -> bool:
        return self.status is not None

    # -- parameters ----------------------------------------------------------------------------

    def params(self) -> Params:
        """The parameters of every request (VoiceInterpreter.parameters(), L1628-1698)."""
        config = self.world.restcomm
        params: Params = [("CallSid", self.sid), ("InstanceId", config.instance_id)]
        if self.outbound_sid is not None:
            params.append(("OutboundCallSid", self.outbound_sid))
        params += [
            ("AccountSid", config.account_sid),
            ("From", self.from_),
            ("To", self.to),
            ("CallStatus", self.state),
            ("ApiVersion", API_VERSION),
            ("Direction", self.direction),
            ("CallerName", self.caller_name or "null"),
            ("ForwardedFrom", self.forwarded_from or "null"),
            ("CallTimestamp", config.timestamp(self.created)),
        ]
        return params

    # -- the call's lifetime -------------------------------------------------------------------

    def run(self) -> Generator[Wait, None, None]:
        """The whole call, as a generator of waits (see :class:`~rcml.sim.world.World`)."""
        try:
            yield from self._lifetime()
            status, reason = "completed", "the call ended"
        except Finished as end:
            status, reason = end.status, end.reason
        except CallerHangup:
            status, reason = "completed", "the caller hung up"
        except LiveHangup:
            self.state = "completed"
            self.log("hangup", by="api", reason="Status=completed")
            status, reason = "completed", "ended through the Calls API"
        except EndOfSimulation:
            status, reason = "stopped", "the simulation was stopped"
        self.state = "completed"
        self.status, self.reason = status, reason
        self.transcript.status = status
        self.transcript.duration = round(float(self.world.now - self.created), 3)
        if status in ("failed", "stalled", "max-steps") and self.document_url:
            self.log("end", status=status, reason=reason, where=self.where)
        else:
            self.log("end", status=status, reason=reason)

    def _lifetime(self) -> Steps:
        url, method = self.url, self.method
        fallback = (self.fallback_url, self.fallback_method)
        while True:
            try:
                if self.context == "screening":
                    yield from _dial.screen_alone(self, url, method)
                elif self.context == "conference-wait":
                    yield from _dial.wait_alone(self, url, method)
                else:
                    yield from self._session(url, method, *fallback)
                return
            except LiveRedirect as change:
                self.log("redirect", url=masked(change.url), method=change.method.upper(), by="api")
                url, method = change.url, change.method
                fallback = (change.fallback_url, change.fallback_method)
                self.num_digits = UNLIMITED_DIGITS  # a new interpreter (CallManager update)
                self.dial_action_executed = False
                self.bridged = self.outbound_sid = None  # the new one has no outbound call

    def _session(
        self, url: str, method: str, fallback_url: str | None, fallback_method: str
    ) -> Steps:
        document: Document | None = yield from self._first(
            url, method, fallback_url, fallback_method
        )
        while document is not None:
            document = yield from self._run(document)
        self._end_of_document()

    def _first(
        self, url: str, method: str, fallback_url: str | None, fallback_method: str
    ) -> Steps:
        """The first document, with the fallback URL (VoiceInterpreter.java:1236-1243)."""
        fetch = self.fetch(url, method, self.params(), context=self.context)
        if outcome(fetch, fallback=fallback_url is not None) == "fallback":
            assert fallback_url is not None
            if fetch.code is not None:
                self.notify(fetch.code, fetch.failure or "", level="error")
            fetch = self.fetch(fallback_url, fallback_method, self.params(), context=self.context)
        return (yield from self.follow(fetch))

    def follow(self, fetch: Fetch, context: str = "voice") -> Steps:
        """The document a fetch brings, or the end the failure means."""
        verdict = outcome(fetch)
        if verdict == "run":
            return (yield from self.load(fetch, context))
        if verdict == "hang":
            yield from self.stall(f"the request never completes: {fetch.failure}")
        self._fetch_failed(fetch)

    def _fetch_failed(self, fetch: Fetch) -> NoReturn:
        where = fetch.url.split("?", 1)[0]
        if outcome(fetch) == "not-found":
            self.notify(21402, f"URL Not Found : {where}")
            self.log("hangup", by="restcomm", reason="not found (404)")
            raise Finished("failed", f"{where} was not found (404): Restcomm ends the call")
        message = fetch.failure or f"the answer was {fetch.status}: only 200 counts"
        self.log("error", code=None, level="error", message=message)
        self.log("hangup", by="restcomm", reason="the download failed (CallFail)")
        raise Finished("failed", f"the fetch of {where} failed: {message}")

    def _run(self, document: Document) -> Steps:
        """Run a document's verbs; returns the document that replaces it, or None at its end."""
        try:
            for verb in _tags.verbs(document.root):
                self.verb = verb
                self.steps.count()
                replacement = yield from self._dispatch(verb)
                if replacement is not None:
                    return replacement
        except ParserFailed as exc:
            self.parser_failed(exc)
        return None

    def _end_of_document(self) -> NoReturn:
        """End: Restcomm hangs up, unless the caller is already gone (L926-953)."""
        if self.state == "completed":
            raise Finished("completed", "the document ended after the caller hung up")
        when = "before the call was answered" if self.state == "ringing" else ""
        self.log("hangup", by="restcomm", reason=f"the document ended {when}".strip())
        self.state = "completed"
        raise Finished("completed", f"the document ended {when}".strip())

    # -- verbs -----------------------------------------------------------------------------------

    def _dispatch(self, verb: Tag) -> Steps:
        """VoiceInterpreter.onTagMessage: which verb runs in which call state."""
        name = verb.name
        if self.state == "ringing":
            if name == "Reject":
                self._reject(verb)
            if name == "Pause":
                yield from self.pause(verb)
                return None
            self.state = "in-progress"  # InitializingCall: answer, then run the verb
        completed = self.state == "completed"
        if name == "Dial" and not completed:
            return (yield from _dial.dial(self, verb))
        if name == "Fax":
            self.fax(verb, self.from_)
            return None
        if name in ANSWERED_VERBS and not completed:
            return (yield from self._answered_verb(verb))
        if name == "Sms":
            target = self.sms(verb, self.from_, self.to)
            if target is None:
                return None
            fetch = self.fetch(target[0], target[1], [*self.params(), ("SmsStatus", "sending")])
            return (yield from self.follow(fetch))
        if name == "Email":
            yield from self.email(verb)
            return None
        if completed and name in ANSWERED_VERBS | {"Dial"}:
            self.skip(verb, "the caller has hung up: only Sms, Email and Fax still run")
        elif name == "Reject":
            self.skip(verb, "Reject works only while the call is ringing")
        else:
            self.skip(verb, f"<{name}> is not run by the voice interpreter")
        return None

    def _answered_verb(self, verb: Tag) -> Steps:
        name = verb.name
        if name == "Say":
            yield from self.say(verb)
        elif name == "Play":
            yield from self.play(verb)
        elif name == "Pause":
            yield from self.pause(verb)
        elif name == "Hangup":
            self.log("hangup", by="document", reason="<Hangup>")
            self.state = "completed"
            raise Finished("completed", "<Hangup>")
        elif name == "Redirect":
            target = self.redirect_target(verb)
            if target is not None:
                return (yield from self.follow(self.fetch(target[0], target[1], self.params())))
        elif name == "Gather":
            fetch = yield from _gather.gather(self, verb)
            if fetch is not None:
                return (yield from self.follow(fetch))
        elif name == "Record":
            fetch = yield from _gather.record(self, verb)
            if fetch is not None:
                return (yield from self.follow(fetch))
        return None

    def _reject(self, verb: Tag) -> NoReturn:
        """Reject a ringing call (VoiceInterpreter.java:2029-2058)."""
        value = (verb.attr("reason") or "").lower()
        reason = "busy" if value == "busy" else "rejected"
        self.log("reject", reason=reason)
        self.state = "completed"
        raise Finished("rejected", f"rejected ({reason})")
