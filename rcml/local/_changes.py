"""Live changes of a call (CallsEndpoint.updateCall, L619-760; CallManager.update, L1740-1861).

``Status`` first (a cancel ends only a call not yet answered, ``completed`` any), then ``Mute``
(every change without ``Mute=true`` un-mutes an in-progress call), then ``Url``: the call's
document stops and the new one is fetched; the leg a ``<Dial>`` bridged it to moves with it
(``MoveConnectedCallLeg=true``, one second later) or is hung up; while a Dial still rings, every
branch is hung up. :class:`LiveChanges` is the part of :class:`~rcml.local.LocalRestcomm` that
does it, with the records of the legs a Dial rang.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from rcml.core.errors import RcmlError
from rcml.local._call import Callback, LocalCall, LocalWorld
from rcml.local.callees import Callee, Callees
from rcml.local.records import CallRecord
from rcml.sim import Call, CalleeHangup, CallerHangup, Leg, LiveHangup, LiveRedirect

LIVE_LEG = frozenset({"queued", "ringing", "in-progress"})
_SID = re.compile(r"[a-zA-Z0-9]{34}|ID[a-zA-Z0-9]{32}-CA[a-zA-Z0-9]{32}")


class ApiError(RcmlError):
    """A request Restcomm refuses: the HTTP ``status`` and the message of its answer."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(f"{status} {message}".strip())
        self.status = status
        self.message = message


def valid_sid(sid: str) -> bool:
    """Sid.java:34-35: 34 letters or digits, or ``ID…-CA…`` for calls."""
    return _SID.fullmatch(sid) is not None


def absolute(url: str) -> bool:
    """An absolute http(s) URL, as ``new URL(url)`` needs one (CallsEndpoint.java:728)."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


@dataclass
class DialledLeg:
    """A leg a ``<Dial>`` rang, not moved: its record follows the simulator's Leg."""

    world: LocalWorld
    parent: Call
    leg: Leg
    record: CallRecord


class LiveChanges:
    """Changing live calls, and the records of the legs a Dial rang."""

    callees: Callees
    _now: float
    _calls: dict[str, LocalCall]
    _live: dict[str, LocalCall]
    _legs: dict[str, DialledLeg]

    def call_ended(self, call: LocalCall) -> None:
        raise NotImplementedError

    def _change(self, record: CallRecord, form: Mapping[str, str]) -> None:
        status = form.get("Status")
        mute = form.get("Mute", "").strip().lower() == "true"  # Boolean.valueOf: never null
        state = self._state(record.sid)
        ended = False
        if status is not None:
            word = status.lower()
            cancel = word == "canceled" and state in ("queued", "ringing")
            if cancel or word == "completed":  # a cancel ends only a call not yet answered
                ended = self._hang_up(record.sid)
        if state == "in-progress" and not ended:  # CallsUtil.java:41-63
            self._set_mute(record, mute)
        url = form.get("Url")
        if url is not None and not ended:
            if not absolute(url):
                raise ApiError(500, f"no protocol: {url}")  # new URL(url) (CE:728)
            fallback = form.get("FallbackUrl")
            if fallback is not None and not absolute(fallback):
                raise ApiError(500, f"no protocol: {fallback}")
            callback_url = form.get("StatusCallback")
            if callback_url is not None and not absolute(callback_url):
                raise ApiError(500, f"no protocol: {callback_url}")
            change = LiveRedirect(url, form.get("Method", "POST"), fallback,
                                  form.get("FallbackMethod", "POST"))  # fmt: skip
            callback = (Callback(callback_url, form.get("StatusCallbackMethod", "POST"),
                                 "interpreter") if callback_url else None)  # fmt: skip
            move = form.get("MoveConnectedCallLeg", "").strip().lower() == "true"
            self._redirect(record.sid, change, callback, move)

    def _state(self, sid: str) -> str:
        """The live state of a call, as its actor knows it (callInfo.state())."""
        call = self._live.get(sid)
        if call is not None:
            return "ringing" if call.phase == "ringing" else "in-progress"
        entry = self._legs.get(sid)
        return entry.leg.status if entry is not None else "completed"

    def _hang_up(self, sid: str) -> bool:
        """Hangup (CE:693-715): the call ends, whatever it is doing."""
        call = self._live.get(sid)
        if call is not None:
            call.world.interrupt(call, LiveHangup())
            return True
        entry = self._legs.get(sid)
        if entry is None:
            return False
        bridged = getattr(entry.parent, "bridged", None)
        if entry.leg.status != "in-progress" or bridged is not entry.leg:
            raise ApiError(500, "the local Restcomm cannot end one ringing branch of a <Dial>: "
                                "change its parent call instead")  # fmt: skip
        entry.world.interrupt(entry.parent, CalleeHangup())
        return True

    def _set_mute(self, record: CallRecord, mute: bool) -> None:
        """Mute or un-mute an in-progress call, and its conference seat (CallsUtil.java:41-63)."""
        call = self._live.get(record.sid)
        changed = record.muted != mute
        record.muted, record.updated = mute, self._now
        if call is not None:
            me = call.participant
            if me is not None:
                changed = me.muted != mute
                me.muted = mute
            if changed:
                call.log("mute", muted=mute, by="api")

    def _redirect(self, sid: str, change: LiveRedirect, callback: Callback | None,
                  move: bool) -> None:  # fmt: skip
        """New RCML for a live call, and for the leg it is bridged to (CallManager:1740-1861)."""
        call = self._live.get(sid)
        if call is not None:
            if call.phase == "live":
                for entry in [e for e in self._legs.values() if e.parent is call]:
                    if entry.leg is call.bridged and entry.leg.status == "in-progress":
                        if move:  # the other leg gets a new interpreter 1 s later (L1832-1843)
                            self._move(entry, change, callback, delay=1.0)
                        else:  # else it is hung up (L1844-1849)
                            self._end_leg(entry, "completed", self._now)
                    elif entry.leg.status in ("queued", "ringing"):  # forking: all hung up
                        self._end_leg(entry, "canceled", self._now)  # (L1852-1860)
            call.world.interrupt(call, change)
            call.new_interpreter(callback)
            return
        leg = self._legs.get(sid)
        if leg is None:
            return
        entry = leg
        if entry.leg.status != "in-progress":
            raise ApiError(500, "the local Restcomm cannot redirect one ringing branch of a "
                                "<Dial>: change its parent call instead")  # fmt: skip
        parent = entry.parent
        moved = self._move(entry, change, callback, delay=0.5)
        moved.new_interpreter(callback)
        if move:
            parent.world.interrupt(parent, LiveRedirect(change.url, change.method,
                                   change.fallback_url, change.fallback_method),
                                   at=self._now + 1.0)  # fmt: skip
        else:
            parent.world.interrupt(parent, LiveHangup())

    def _move(self, entry: DialledLeg, change: LiveRedirect, callback: Callback | None,
              delay: float) -> LocalCall:  # fmt: skip
        """A Dial's leg gets an interpreter of its own, running ``change.url``."""
        self._sync_leg(entry)
        self._legs.pop(entry.leg.sid, None)
        callee: Callee = self.callees.lookup(entry.leg.shown)
        call = LocalCall(
            entry.world, entry.record, change.url, observer=self, callee=callee,
            method=change.method, fallback_url=change.fallback_url,
            fallback_method=change.fallback_method, direction="outbound-dial", delay=delay,
            parent_call_sid=entry.parent.sid,
        )  # fmt: skip
        call.interpreter_callback = callback
        self._calls[call.sid] = self._live[call.sid] = call
        entry.world.start(call)
        answered = entry.leg.answered_at
        if callee.talk is not None and answered is not None:
            call.world.interrupt(call, CallerHangup(), at=answered + callee.talk)
        return call

    def _sync_leg(self, entry: DialledLeg) -> None:
        leg, record = entry.leg, entry.record
        status = leg.status
        if status != record.status:
            record.status, record.updated = status, entry.world.now
        if leg.answered_at is not None and record.ring_duration is None:
            record.ring_duration = int(leg.answered_at - record.created)
            record.start = leg.answered_at
            record.answered_by = record.to
        if leg.ended_at is not None and record.end is None:
            record.end = leg.ended_at
            talked = leg.answered_at is not None and status == "completed"
            record.duration = int(leg.ended_at - (record.start or leg.ended_at)) if talked else 0
            if leg.answered_at is None:
                record.ring_duration = int(leg.ended_at - record.created)

    def _end_leg(self, entry: DialledLeg, status: str, now: float) -> None:
        entry.leg.status, entry.leg.ended_at = status, now
        self._sync_leg(entry)
        self._legs.pop(entry.leg.sid, None)
