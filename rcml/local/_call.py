"""A call the local Restcomm places: it rings its callee, then the simulator's interpreter runs.

:class:`LocalCall` is the simulator's :class:`~rcml.sim.Call` with what happens around the
interpreter of an outbound call (Call.java, the actor of one leg):

* a call created through the API rings first (``queued``, then ``ringing``); its callee answers,
  is busy, never answers (the call's ``Timeout`` ends it as ``no-answer``) or fails; a cancel
  while it rings ends it as ``canceled`` (Call.java:2387-2396), and a redirect while it rings
  changes the document it will run once answered;
* a leg moved by ``MoveConnectedCallLeg=true`` waits the second Restcomm waits before its new
  interpreter starts (CallManager.java:1838-1839), then runs the document, already answered;
* its record is kept as Call.java keeps an outbound call's (see :mod:`rcml.local.records`);
* status callbacks: the call's own (``StatusCallback`` of the create: initiated, ringing,
  answered, completed, each with Call.java's parameters, L516-588, sent once per state,
  L598-600), and the interpreter's (``StatusCallback`` of a change: the standard parameters
  with ``in-progress`` when the new interpreter starts and ``completed`` at the end,
  BaseVoiceInterpreter.java:504-540, VoiceInterpreter.java:1897, 3381).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from rcml.sim import (
    Call,
    CallerHangup,
    ConferenceEnded,
    DialOutcome,
    EndOfSimulation,
    Leg,
    LiveHangup,
    LiveRedirect,
    Restcomm,
    Wait,
    World,
)
from rcml.sim.transport import Transport

if TYPE_CHECKING:
    from rcml.local.callees import Callee
    from rcml.local.records import CallRecord

CALLBACK_EVENTS = ("initiated", "ringing", "answered", "completed")  # Call.java:570-586


def user_part(address: str) -> str:
    """The user of an address, as Restcomm stores ``To``/``From`` (Call.java:957-967).

    ``sip:alice@host`` and ``client:alice`` are ``alice``; a number stays as it is; SIP headers
    written after ``?`` are not part of it (CallsEndpoint.java:490-496).
    """
    text = address.split("?", 1)[0].strip()
    for scheme in ("sips:", "sip:", "client:", "tel:"):
        if text.lower().startswith(scheme):
            text = text[len(scheme):]
            break
    return text.split("@", 1)[0]


def masked(url: str) -> str:
    """A URL as a transcript may show it: the password of its user part replaced by ***."""
    scheme, sep, rest = url.partition("://")
    authority, slash, tail = rest.partition("/")
    if not sep or "@" not in authority:
        return url
    user, _, host = authority.rpartition("@")
    name = user.split(":", 1)[0]
    return f"{scheme}://{name}:***@{host}{slash}{tail}"


@dataclass(frozen=True)
class Callback:
    """A status callback: where, how, and whose parameters (the call's or the interpreter's)."""

    url: str
    method: str = "POST"
    kind: Literal["call", "interpreter"] = "call"


class Observer(Protocol):
    """What a call tells the local Restcomm about itself."""

    def call_ended(self, call: LocalCall) -> None: ...


class LocalWorld(World):
    """One account's share of the local Restcomm: its calls, rooms and clock, driven together.

    SIDs are counted across every account's world, and a ``<Dial>``'s called parties do what
    the callee table says (``dialled``).
    """

    def __init__(self, transport: Transport, restcomm: Restcomm, owner: WorldOwner) -> None:
        super().__init__(transport, restcomm)
        self.owner = owner

    def new_sid(self, prefix: str) -> str:
        return self.owner.new_sid(prefix)

    def dial_outcome(self, call: Call, legs: list[Leg]) -> DialOutcome | None:
        return self.owner.dialled(self, call, legs)


class WorldOwner(Protocol):
    def new_sid(self, prefix: str) -> str: ...

    def dialled(self, world: LocalWorld, call: Call, legs: list[Leg]) -> DialOutcome | None: ...


@dataclass
class _Sent:
    """The callback states already sent: each at most once (Call.java:600, BVI:510)."""

    call: set[str] = field(default_factory=set)
    interpreter: set[str] = field(default_factory=set)


class LocalCall(Call):
    """A call placed by the local Restcomm (through the API, or a moved Dial leg).

    ``ring_timeout`` None: the call is already answered (a moved leg); ``delay``: seconds before
    its interpreter starts.
    """

    def __init__(
        self,
        world: LocalWorld,
        record: CallRecord,
        url: str,
        *,
        observer: Observer,
        callee: Callee,
        method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str = "POST",
        direction: str = "outbound-api",
        ring_timeout: float | None = None,
        delay: float = 0.0,
        callback: Callback | None = None,
        parent_call_sid: str | None = None,
    ) -> None:
        super().__init__(
            world, url, method=method, fallback_url=fallback_url,
            fallback_method=fallback_method, script=callee.script(), from_=record.from_,
            to=record.to, direction=direction, sid=record.sid,
        )  # fmt: skip
        self.record = record
        self.observer = observer
        self.callee = callee
        self.ring_timeout = ring_timeout
        self.delay = delay
        self.callback = callback  # the call's own (create)
        self.interpreter_callback: Callback | None = None  # set by a change with StatusCallback
        self.parent_call_sid = parent_call_sid
        self.answered = ring_timeout is None
        self._sent = _Sent()

    @property
    def phase(self) -> str:
        """``ringing`` before an answer, ``moving`` before a moved leg starts, else ``live``."""
        if not self.answered:
            return "ringing"
        return "moving" if self.delay > 0 else "live"

    # -- the lifetime --------------------------------------------------------------------------

    def run(self) -> Generator[Wait, None, None]:
        if not self.answered:
            if not (yield from self._ring()):
                return
        elif self.delay > 0 and not (yield from self._moving()):
            return
        if self.ring_timeout is not None:
            self._answer()
        self.log("status", status="in-progress", detail="the document runs")
        self.send_interpreter_callback("in-progress")
        yield from super().run()
        self._ended("completed")

    def _redirected(self, change: LiveRedirect) -> None:
        """A redirect before the interpreter runs: the call will run the new document."""
        self.url, self.method = change.url, change.method
        self.fallback_url, self.fallback_method = change.fallback_url, change.fallback_method
        self.log("redirect", url=masked(change.url), method=change.method.upper(), by="api")

    def _moving(self) -> Generator[Wait, None, bool]:
        end = self.world.now + self.delay
        while self.world.now < end:
            try:
                yield Wait(end - self.world.now, "moving")
            except LiveRedirect as change:
                self._redirected(change)
            except (LiveHangup, CallerHangup):
                self.log("hangup", by="api", reason="Status=completed")
                return self._unanswered("completed", "ended through the Calls API", talked=True)
            except (ConferenceEnded, EndOfSimulation):
                return self._unanswered("completed", "stopped", talked=True)
        self.delay = 0.0
        return True

    def _ring(self) -> Generator[Wait, None, bool]:
        """Ring the callee until it answers, is busy, the timeout ends it, or a cancel."""
        assert self.ring_timeout is not None
        callee, timeout = self.callee, self.ring_timeout
        self._set_status("ringing")
        self.log("status", status="ringing", detail=f"{self.to} ({callee.action})")
        self.send_callback("initiated")
        self.send_callback("ringing")
        if callee.action == "fail":
            return self._unanswered("failed", f"the call to {self.to} could not be placed")
        rings_out = callee.action == "no-answer" or callee.ring >= timeout
        end = self.world.now + (timeout if rings_out else callee.ring)
        while True:
            try:
                yield Wait(max(end - self.world.now, 0.0), "ringing")
                break
            except LiveRedirect as change:
                self._redirected(change)
            except (LiveHangup, CallerHangup):
                self.log("hangup", by="api", reason="canceled while ringing")
                return self._unanswered("canceled", "canceled through the Calls API")
            except (ConferenceEnded, EndOfSimulation):
                return self._unanswered("canceled", "stopped")
        if rings_out:
            return self._unanswered("no-answer", f"no answer within {timeout:g} s")
        if callee.action == "busy":
            return self._unanswered("busy", f"{self.to} is busy")
        self.answered = True
        return True

    def _answer(self) -> None:
        """Answered: ring time, the answer as StartTime, in-progress (Call.java:1663-1676)."""
        record, now = self.record, self.world.now
        record.ring_duration = int(now - (record.start if record.start is not None else now))
        record.start = now
        record.answered_by = self.record.to
        self._set_status("in-progress")
        self.send_callback("answered")
        if self.callee.talk is not None:
            self.world.interrupt(self, CallerHangup(), at=now + self.callee.talk)

    def _unanswered(self, status: str, reason: str, *, talked: bool = False) -> bool:
        """The call ends before its interpreter ran (or while a moved leg waited)."""
        record, now = self.record, self.world.now
        if record.start is not None and not self.answered:
            record.ring_duration = int(now - record.start)
        self.state = "completed"
        self.status, self.reason = status, reason
        self.transcript.status = status
        self.transcript.duration = round(float(now - self.created), 3)
        self.log("end", status=status, reason=reason)
        self._ended(status, talked=talked)
        return False

    def _ended(self, status: str, *, talked: bool = True) -> None:
        """EndTime, Duration from StartTime (Call.java:1854-1861); callbacks; the observer."""
        record, now = self.record, self.world.now
        record.end = now
        start = record.start if record.start is not None else now
        record.duration = int(now - start) if talked else 0
        self._set_status(status)
        self.send_callback("completed")
        self.send_interpreter_callback("completed")
        self.observer.call_ended(self)

    def _set_status(self, status: str) -> None:
        self.record.status = status
        self.record.updated = self.world.now

    # -- requests ------------------------------------------------------------------------------

    def params(self) -> list[tuple[str, str | None]]:
        """The standard parameters, with this call's account and parent (VI:1628-1698)."""
        account = self.record.account_sid
        return [(k, account if k == "AccountSid" else v) for k, v in super().params()]

    def send_callback(self, event: str) -> None:
        """The call's status callback, Call.java's parameters (L516-588), once per event."""
        callback = self.callback
        if callback is None or event in self._sent.call:
            return
        self._sent.call.add(event)
        config, record = self.world.restcomm, self.record
        params: list[tuple[str, str | None]] = [
            ("InstanceId", config.instance_id), ("AccountSid", record.account_sid),
            ("CallSid", record.sid), ("From", record.from_), ("To", record.to),
            ("Direction", self.direction), ("CallerName", record.from_),
            ("ForwardedFrom", None),
        ]  # fmt: skip
        if self.parent_call_sid is not None:
            params.append(("ParentCallSid", self.parent_call_sid))
        params.append(("CallStatus", event))
        if event == "completed":
            params.append(("CallDuration", str(record.duration or 0)))
        params += [
            ("Timestamp", config.rfc2822(self.world.now)),
            ("CallbackSource", "call-progress-events"),
            ("SequenceNumber", str(CALLBACK_EVENTS.index(event))),
        ]
        self.fetch(callback.url, callback.method, params, purpose="status-callback")

    def send_interpreter_callback(self, state: str) -> None:
        """The interpreter's status callback: the standard parameters (BVI:508-540)."""
        callback = self.interpreter_callback
        if callback is None or state in self._sent.interpreter:
            return
        self._sent.interpreter.add(state)
        params = [(k, state if k == "CallStatus" else v) for k, v in self.params()]
        self.fetch(callback.url, callback.method, params, purpose="status-callback")

    def new_interpreter(self, callback: Callback | None) -> None:
        """A change with a Url gives the call a new interpreter (CallManager.java:1802-1824)."""
        self.interpreter_callback = callback
        self._sent.interpreter.clear()
        if callback is not None and self.phase == "live":
            self.send_interpreter_callback("in-progress")
