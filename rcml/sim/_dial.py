"""Dial: ringing the called parties, screening them, bridging, and what the ``action`` hears.

Restcomm rings every noun of a Dial at once (VoiceInterpreter.java:2336-2495, "forking"); the
scripted :class:`~rcml.sim.script.DialOutcome` says what the called side does. The parameters
sent to the Dial's ``action`` are those of VoiceInterpreter.executeDialAction (L2649-2840), and
they are what Restcomm's own test suite asserts (DialActionTest.java:261-762):

=============================  ================  =======================  ===========  =========
outcome                        DialCallStatus    DialCallSid              Duration     RingDur.
=============================  ================  =======================  ===========  =========
answered, callee hangs up      ``completed``     the leg                  talk time    ring time
busy                           ``busy``          the leg                  ``0``        ring time
nobody answers (timeout)       ``canceled``      the leg                  ``0``        timeout
the leg cannot be created      ``failed``        the string ``null``      ``0``        (absent)
the caller hangs up            ``completed``     the leg                  talk so far  ring time
=============================  ================  =======================  ===========  =========

A noun's ``url`` runs a screening document on the called party after it answers
(SubVoiceInterpreter.java); only if that document reaches its end is the call connected.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from rcml.core.uri import Params, resolve
from rcml.rules.urls import url_problem
from rcml.sim import _gather, _tags
from rcml.sim._attrs import java_int
from rcml.sim._conference import join, run_wait_document
from rcml.sim._download import Fetch
from rcml.sim._flow import CalleeHangup, CallerHangup, Wait
from rcml.sim._interp import Document, Finished, Interpreter, Steps
from rcml.sim._restcomm import API_VERSION, SCREENING_LIMIT
from rcml.sim._tags import ParserFailed, Tag
from rcml.sim.script import Cursor, DialOutcome

if TYPE_CHECKING:
    from rcml.sim.call import Call

NOUNS = ("Number", "Client", "Uri", "Sip")
EVENTS = ("initiated", "ringing", "answered", "completed")


@dataclass
class Leg:
    """The called party's side of a Dial: what a live change may move or hang up."""

    sid: str
    noun: Tag
    to: str
    from_: str
    status: str = "queued"
    answered_at: float | None = None
    ended_at: float | None = None

    @property
    def shown(self) -> str:
        if self.noun.name == "Client" and not self.to.startswith("client:"):
            return "client:" + self.to
        return self.to


@dataclass
class _Result:
    status: str  # DialCallStatus
    leg: Leg | None
    talk: float = 0.0
    ring: float | None = None  # None: no DialRingDuration (no leg was created)


def _int(call: Call, verb: Tag, name: str, default: int, code: int) -> int:
    value = verb.attr(name)
    if not value:
        return default
    number = java_int(value)
    if number is None:
        call.notify(code, f"{value} is not a valid {name} value for <Dial>")
        return default
    return number


def _text_noun(text: str) -> Tag:
    """The noun Dial's text stands for (VoiceInterpreter.java:2252-2279)."""
    if "@" in text:
        return Tag("Sip", text=text)
    if text.startswith("client"):
        return Tag("Client", text=text)
    return Tag("Number", text=text)


def _legs(call: Call, nouns: list[Tag]) -> Generator[Wait, None, list[Leg]]:
    """One leg per noun, or a stall where ProcessingDialChildren throws (L2368-2465)."""
    legs = []
    caller_id = call.dial_verb.attr("callerId") if call.dial_verb is not None else None
    for noun in nouns:
        callback = noun.attr("statusCallback")
        if callback is not None and url_problem(callback):
            yield from call.stall(f"<{noun.name} statusCallback> is not a URI: new URI() throws "
                                  "while Restcomm prepares the Dial")
        video = noun.child("Video")
        to = noun.attr("name") if video is not None else noun.text
        if noun.name not in NOUNS:
            yield from call.stall(f"<{noun.name}> cannot be dialled: Restcomm sends its call "
                                  "manager nothing and the Dial never ends")
        if to is None:
            yield from call.stall(f"<{noun.name}> has nothing to dial: reading its custom "
                                  "headers throws and the Dial never ends")
        assert to is not None  # a stall never returns
        callee = to.split("?", 1)[0]
        if noun.name == "Client":
            callee = callee.replace("client:", "", 1)
        sender = caller_id if caller_id is not None else call.from_
        legs.append(Leg(call.world.new_sid("CA"), noun, callee, sender))
    return legs


def dial(call: Call, verb: Tag) -> Steps:
    """Run a Dial; returns the document its action brings, or None for the next verb."""
    call.dial_verb = verb
    action = verb.attr("action")
    if action is not None and call.dial_action_executed:
        call.dial_action_executed = False  # a new Dial with an action runs its action again
    timeout = _int(call, verb, "timeout", 30, 13212)
    time_limit = _int(call, verb, "timeLimit", 14400, 13216)
    nouns = [_text_noun(verb.text)] if verb.text else list(verb.children)
    if not nouns:
        call.skip(verb, "nothing to dial: Restcomm moves on")
        return None
    room = next((n for n in nouns if n.name == "Conference"), None)
    if room is not None:
        return (yield from join(call, verb, room, time_limit))
    legs = yield from _legs(call, nouns)
    outcome = call.world.dial_outcome(call, legs)
    shown = str(outcome) if outcome is not None else "none scripted: the caller hangs up"
    call.log("dial", to=[leg.shown for leg in legs], outcome=shown)
    result = yield from _ring(call, legs, outcome, timeout, time_limit)
    call.bridged = None
    return (yield from _action(call, verb, action, result))


def _ring(
    call: Call, legs: list[Leg], outcome: DialOutcome | None, timeout: int, time_limit: int
) -> Generator[Wait, None, _Result]:
    if outcome is not None and outcome.kind == "failed":
        return _Result("failed", None)
    for leg in legs:
        _callback(call, leg, "initiated")
        leg.status = "ringing"
        _callback(call, leg, "ringing")
    winner = legs[min(outcome.branch, len(legs)) - 1] if outcome is not None else legs[-1]
    rings_out = outcome is None or outcome.kind == "no-answer" or outcome.ring >= timeout
    ring = float(max(timeout, 0)) if rings_out else outcome.ring  # type: ignore[union-attr]
    started = call.world.now
    try:
        if outcome is None:
            call.hang_up_caller()
        yield from call.wait(ring, "ringing")
    except CallerHangup:
        return _finish(call, legs, _Result("completed", winner, 0.0, call.world.now - started))
    if rings_out:
        return _finish(call, legs, _Result("canceled", legs[-1], 0.0, ring), "canceled")
    assert outcome is not None
    if outcome.kind == "busy":
        return _finish(call, legs, _Result("busy", winner, 0.0, ring), "busy")
    return (yield from _connect(call, legs, winner, outcome, ring, time_limit))


def _connect(
    call: Call, legs: list[Leg], leg: Leg, outcome: DialOutcome, ring: float, time_limit: int
) -> Generator[Wait, None, _Result]:
    """The called party answered: screening, then the bridge (L2559-2606, L3547-3628)."""
    for other in legs:
        if other is not leg:
            other.status = "canceled"
    leg.status, leg.answered_at = "in-progress", call.world.now
    call.outbound_sid = leg.sid
    _callback(call, leg, "answered")
    if leg.noun.attr("url") is not None:
        verdict = yield from _screen(call, leg)
        if verdict != "bridge":
            call.log("hangup", by="restcomm", reason=f"the screening document {verdict}")
            call.state = "completed"
            _finish(call, [leg], _Result("completed", leg, 0.0, ring))
            if call.dial_verb is not None and call.dial_verb.attr("action"):
                _dial_action_request(call, call.dial_verb.attr("action") or "", purpose="ignored",
                                     result=_Result("completed", leg, 0.0, ring))
            raise Finished("completed", f"the call was not connected: screening {verdict}")
    call.bridged = leg
    if (call.dial_verb.attr("record") or "").lower() == "true":  # type: ignore[union-attr]
        sid = call.world.new_sid("RE")
        config = call.world.restcomm
        call.dial_recording = (
            f"{config.recordings_path}/{sid}.wav",
            f"{config.public_url}/restcomm/recordings/{sid}.wav",
        )
    talk = min(outcome.seconds, float(max(time_limit, 0)))
    start = call.world.now
    try:
        yield from call.wait(talk, "bridged")
    except CallerHangup:
        return _finish(call, [leg], _Result("completed", leg, call.world.now - start, ring))
    except CalleeHangup:
        call.log("hangup", by="api", reason="the called party was hung up through the Calls API")
        return _finish(call, [leg], _Result("completed", leg, call.world.now - start, ring))
    if outcome.seconds > time_limit:
        call.log("hangup", by="restcomm", reason=f"timeLimit ({time_limit}s) reached")
        call.state = "completed"  # FinishDialing hangs up both legs (L2876-2879)
    else:
        call.log("hangup", by="callee", reason="the called party hung up")
    return _finish(call, [leg], _Result("completed", leg, talk, ring))


def _finish(call: Call, legs: list[Leg], result: _Result, status: str = "completed") -> _Result:
    """Every leg ends: the one the result is about with ``status``, any other canceled."""
    for leg in legs:
        leg.status = status if leg is result.leg else "canceled"
        leg.ended_at = call.world.now
        _callback(call, leg, "completed", result.talk if leg is result.leg else 0.0)
    return result


def _callback(call: Call, leg: Leg, event: str, duration: float | None = None) -> None:
    """A Dial noun's status callback (Call.java:516-590); its answer is not used."""
    url = leg.noun.attr("statusCallback")
    if not url:
        return
    wanted = leg.noun.attr("statusCallbackEvent")
    events = re.sub(r"\s+", "", wanted).split(",") if wanted is not None else EVENTS
    if event not in events:
        return
    config = call.world.restcomm
    params: Params = [
        ("InstanceId", config.instance_id),
        ("AccountSid", config.account_sid),
        ("CallSid", leg.sid),
        ("From", leg.from_),
        ("To", leg.to),
        ("Direction", "outbound-dial"),
        ("CallerName", leg.from_),
        ("ForwardedFrom", None),
        ("ParentCallSid", call.sid),
        ("CallStatus", event),
    ]
    if event == "completed":
        params.append(("CallDuration", str(int(duration or 0))))
    params += [
        ("Timestamp", config.rfc2822(call.world.now)),
        ("CallbackSource", "call-progress-events"),
        ("SequenceNumber", str(EVENTS.index(event))),
    ]
    method = leg.noun.attr("statusCallbackMethod") or "POST"
    call.fetch(url, method, params, purpose="status-callback")


def _dial_params(call: Call, result: _Result) -> Params:
    params = list(call.params())
    if result.ring is not None:
        params.append(("DialRingDuration", str(int(result.ring))))
    if result.leg is None:
        params += [
            ("DialCallSid", "null"),
            ("DialCallStatus", result.status),
            ("DialCallDuration", "0"),
            ("RecordingUrl", None),
            ("PublicRecordingUrl", None),
        ]
        return params
    recording = call.dial_recording or (None, None)
    params += [
        ("DialCallSid", result.leg.sid),
        ("DialCallStatus", result.status),
        ("DialCallDuration", str(int(result.talk)) if result.status == "completed" else "0"),
        ("RecordingUrl", recording[0]),
        ("PublicRecordingUrl", recording[1]),
    ]
    return params


def _dial_action_request(call: Call, action: str, *, purpose: str, result: _Result) -> Fetch:
    url = call.resolved(action)
    method = call.method_of(call.dial_verb, "method", 13210, "Dial")  # type: ignore[arg-type]
    params = _dial_params(call, result)
    return call.fetch(url, method, params, purpose=purpose)


def _action(call: Call, verb: Tag, action: str | None, result: _Result) -> Steps:
    """After the Dial: its action's document, or the next verb (L1492-1547, L2649-2840)."""
    if action is None:
        return None
    if not action:
        yield from call.stall('<Dial action="">: Restcomm neither requests it nor moves on')
    if call.dial_action_executed:
        return None
    call.dial_action_executed = True
    fetch = _dial_action_request(call, action, purpose="document", result=result)
    return (yield from call.follow(fetch))


# -- screening -------------------------------------------------------------------------------


class Screening(Interpreter):
    """The SubVoiceInterpreter: a Dial noun's ``url`` document, run on the called party.

    Its verdict is what the Dial waits for: ``bridge`` when the document reaches its end;
    anything else and the caller is hung up. Unlike the voice interpreter, an answer it fetches
    (Redirect, a Record or Sms action) never replaces the document: the next verb of the same
    document runs (SubVoiceInterpreter.java:493-520), and a Gather whose action is requested has
    nowhere to go (no transition from "finish gathering" to "ready"), so it stalls.
    """

    leg = "callee"

    def __init__(self, call: Call, party: Leg, cursor: Cursor | None = None) -> None:
        script = cursor if cursor is not None else call.cursor.callee_cursor()
        super().__init__(call.world, call.transcript, script, call.steps, "in-progress")
        self.call = call
        self.party = party

    def params(self) -> Params:
        """SubVoiceInterpreter.parameters() (L416-461): no "null" strings, no InstanceId."""
        return [
            ("CallSid", self.party.sid),
            ("AccountSid", self.world.restcomm.account_sid),
            ("From", self.party.from_),
            ("To", self.party.to),
            ("CallStatus", self.state),
            ("ApiVersion", API_VERSION),
            ("Direction", "outbound-dial"),
            ("CallerName", None),
            ("ForwardedFrom", None),
        ]

    def run(self, url: str, method: str) -> Steps:
        try:
            return (yield from self._document(url, method))
        except Finished:
            return "hung up the called party"
        except CallerHangup:
            return "ended with the called party hanging up"

    def _after(self, fetch: Fetch) -> Steps:
        """What a fetch leads to in the screening interpreter (L297-308)."""
        if fetch.ok:
            return None
        if fetch.failure is None and fetch.status == 404:
            self.notify(21402, f"URL Not Found : {fetch.url}")
            return "was not found (404)"
        yield from self.stall(f"the screening fetch failed ({fetch.failure or fetch.status}): "
                              "the screening interpreter waits")
        return None  # pragma: no cover - a stall never returns

    def _document(self, url: str, method: str) -> Steps:
        fetch = self.fetch(url, method, self.params(), context="screening")
        verdict = yield from self._after(fetch)
        if verdict is not None:
            return verdict
        kind = fetch.content_type
        if kind is None:
            yield from self.stall("the screening answer has no Content-Type (a NullPointer "
                                  "in SubVoiceInterpreter.Ready)")
        assert kind is not None  # a stall never returns
        if not any(t in kind for t in ("text/xml", "application/xml", "text/html", "audio/wav",
                                       "audio/wave", "audio/x-wav", "text/plain")):
            self.stop(None, f"no parser for Content-Type {kind!r}")
        self.base = fetch.base
        try:
            document = yield from self.load(fetch, "screening")
            for verb in _tags.verbs(document.root):
                self.verb = verb
                self.steps.count()
                verdict = yield from self._dispatch(verb, document)
                if verdict is not None:
                    return verdict
        except ParserFailed:  # SubVoiceInterpreter has no handler for ParserFailed
            yield from self.stall("the screening document cannot be parsed, and the screening "
                                  "interpreter ignores its parser's failure")
        return "bridge"

    def parser_failed(self, exc: ParserFailed) -> NoReturn:
        raise exc

    def _dispatch(self, verb: Tag, document: Document) -> Steps:
        """SubVoiceInterpreter.onReceive for a verb (L328-359)."""
        name = verb.name
        if name == "Dial":
            return "holds a <Dial>, which screening does not support"
        if name == "Reject":
            yield from self.stall("<Reject> on the answered called party does nothing")
        elif name == "Pause":
            yield from self.pause(verb)
        elif name == "Fax":
            self.fax(verb, self.party.from_)
        elif name == "Play":
            yield from self.play(verb)
        elif name == "Say":
            yield from self.say(verb)
        elif name == "Gather":
            fetch = yield from _gather.gather(self, verb)
            if fetch is not None:
                yield from self.stall("<Gather> action in a screening document: the answer has "
                                      "nowhere to go and the screening interpreter stops")
        elif name == "Hangup":
            self.log("hangup", by="document", reason="<Hangup> in the screening document")
            return "hung up (<Hangup>)"
        elif name == "Redirect":
            target = self.redirect_target(verb)
            if target is not None:
                fetch = self.fetch(target[0], target[1], self.params(), purpose="ignored",
                                   context="screening")
                return (yield from self._after(fetch))
        elif name == "Record":
            fetch = yield from _gather.record(self, verb)
            if fetch is not None:
                return (yield from self._after(fetch))
        elif name == "Sms":
            target = self.sms(verb, self.party.from_, self.party.to)
            if target is not None:
                fetch = self.fetch(target[0], target[1], [*self.params(), ("SmsStatus", "sending")],
                                   purpose="ignored")
                return (yield from self._after(fetch))
        else:
            self.skip(verb, f"<{name}> is not run by the screening interpreter")
        return None


def _bounded(call: Interpreter, steps: Steps, limit: float) -> Steps:
    """Run ``steps`` for at most ``limit`` virtual seconds; an interrupt stops them too."""
    start = call.world.now
    try:
        wait = next(steps)
    except StopIteration as stop:
        return stop.value
    while True:
        remaining = limit - (call.world.now - start)
        if wait.seconds > remaining:
            steps.close()
            yield from call.wait(remaining, "screening")
            return "did not end within 60 seconds"
        try:
            yield wait
        except BaseException:
            steps.close()
            raise
        try:
            wait = steps.send(None)
        except StopIteration as stop:
            return stop.value


def _screen(call: Call, leg: Leg) -> Generator[Wait, None, str]:
    noun = leg.noun
    text = noun.attr("url") or ""
    if url_problem(text):
        yield from call.stall(f"<{noun.name} url> is not a URI: new URI() throws in Bridging")
    url = resolve(call.base, text)
    method = noun.attr("method")
    method = "POST" if method is None else method.upper()
    verdict: str = yield from _bounded(call, Screening(call, leg).run(url, method),
                                       SCREENING_LIMIT)
    return verdict


def screen_alone(call: Call, url: str, method: str) -> Steps:
    """``--context screening``: the target is run as the called party's screening document."""
    party = Leg(call.sid, Tag("Number", text=call.to), call.to, call.from_, "in-progress")
    screening = Screening(call, party, call.cursor)
    verdict = yield from _bounded(call, screening.run(url, method), SCREENING_LIMIT)
    if verdict == "bridge":
        raise Finished("completed", "the screening document ended: Restcomm connects the call")
    if verdict == "did not end within 60 seconds":
        raise Finished("stalled", "the screening document did not end within 60 seconds: "
                                  "Restcomm hangs up the caller")
    raise Finished("completed", f"the screening document {verdict}: the caller is hung up")


def wait_alone(call: Call, url: str, method: str) -> Steps:
    """``--context conference-wait``: the target is run as a Conference's waitUrl document."""
    call.state = "in-progress"
    yield from run_wait_document(call, url, method)
    raise Finished("completed", "the wait document plays in a loop until a moderator joins")

