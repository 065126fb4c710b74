"""The simulated Restcomm: a virtual clock, the calls it runs, and their conference rooms.

A :class:`World` drives :class:`~rcml.sim.call.Call` generators in virtual time. Each call
yields a :class:`~rcml.sim._flow.Wait`; the world always resumes the call whose wait ends first
(ties: the call started first), or throws an :class:`~rcml.sim._flow.Interrupt` into it when one
was scheduled before that. Nothing sleeps, and the order of everything is fixed, so the same
calls give the same transcripts, byte for byte.

A driver that is not a single simulation (a local Restcomm answering the Calls API) uses the same
pieces: :meth:`World.start` a call, :meth:`World.run_until` a moment, :meth:`World.interrupt` a
call (a redirect, a hang-up), :attr:`World.rooms` to find and mute participants, and
:meth:`World.dial_outcome` to say what each dialled number does.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rcml.core import Finding
from rcml.engine import validate
from rcml.sim._conference import Room
from rcml.sim._download import Downloader
from rcml.sim._flow import FOREVER, CallerHangup, EndOfSimulation, Interrupt, Wait
from rcml.sim._restcomm import Restcomm
from rcml.sim.script import DialOutcome
from rcml.sim.transport import Transport

if TYPE_CHECKING:
    from rcml.sim._dial import Leg
    from rcml.sim.call import Call
    from rcml.sim.transcript import Transcript


@dataclass
class _Running:
    call: Call
    steps: Generator[Wait, None, None]
    order: int
    due: float = 0.0
    wait: Wait | None = None
    started: bool = False
    pending: list[tuple[float, int, Interrupt]] = field(default_factory=list)


class World:
    """One simulated Restcomm. ``transport`` reaches the application."""

    def __init__(self, transport: Transport, restcomm: Restcomm | None = None) -> None:
        self.now = 0.0
        self.restcomm = restcomm or Restcomm()
        self.downloader = Downloader(transport)
        self.rooms: dict[str, Room] = {}
        self._sids: dict[str, int] = {}
        self._running: dict[str, _Running] = {}
        self._order = itertools.count()

    # -- identities and shared state -------------------------------------------------------------

    def new_sid(self, prefix: str) -> str:
        """The next SID with ``prefix`` (CA, RE, CF ...): counted, so runs repeat exactly."""
        number = self._sids[prefix] = self._sids.get(prefix, 0) + 1
        return f"{prefix}{number:032x}"

    def room(self, name: str) -> Room:
        """The conference room called ``name`` in the account, opened on first use."""
        key = f"{self.restcomm.account_sid}:{name}"
        if key not in self.rooms:
            self.rooms[key] = Room(name, self.new_sid("CF"))
        return self.rooms[key]

    def close_room(self, room: Room) -> None:
        for key, value in list(self.rooms.items()):
            if value is room:
                del self.rooms[key]

    def dial_outcome(self, call: Call, legs: list[Leg]) -> DialOutcome | None:
        """What the parties a Dial rings do: the caller's script says, one Dial after another.

        A driver that knows its called parties (a local Restcomm) answers by number instead.
        """
        return call.cursor.next_dial()

    def validate(self, document: bytes, context: str) -> list[Finding]:
        """The validator's findings on a fetched document (:func:`rcml.validate`)."""
        return validate(document, context=context)

    # -- driving calls -------------------------------------------------------------------------

    def start(self, call: Call) -> None:
        """Run ``call`` from now on; its script's ``hangup_at`` is scheduled here."""
        running = _Running(call, call.run(), next(self._order), due=self.now)
        self._running[call.sid] = running
        hangup_at = call.cursor.script.hangup_at
        if hangup_at is not None:
            self.interrupt(call, CallerHangup(), at=call.created + hangup_at)

    def interrupt(self, call: Call, interrupt: Interrupt, at: float | None = None) -> None:
        """Throw ``interrupt`` into ``call`` at virtual time ``at`` (now by default)."""
        running = self._running.get(call.sid)
        if running is None:
            return
        when = self.now if at is None else max(float(at), self.now)
        heapq.heappush(running.pending, (when, next(self._order), interrupt))

    def run_until(self, until: float = FOREVER) -> None:
        """Advance the clock to ``until``, resuming each call when its wait ends."""
        while True:
            chosen: _Running | None = None
            chosen_at = FOREVER
            for running in self._running.values():
                at = running.due
                if running.started and running.pending and running.pending[0][0] < at:
                    at = running.pending[0][0]
                if chosen is None or at < chosen_at:
                    chosen, chosen_at = running, at
            if chosen is None or chosen_at == FOREVER or chosen_at > until:
                break
            self.now = max(self.now, chosen_at)
            interrupt = None
            if chosen.started and chosen.pending and chosen.pending[0][0] < chosen.due:
                interrupt = heapq.heappop(chosen.pending)[2]
            self._resume(chosen, interrupt)
        if until != FOREVER:
            self.now = max(self.now, float(until))

    def _resume(self, running: _Running, interrupt: Interrupt | None) -> None:
        try:
            if not running.started:
                running.started = True
                wait = next(running.steps)
            elif interrupt is not None:
                wait = running.steps.throw(interrupt)
            else:
                wait = running.steps.send(None)
        except StopIteration:
            del self._running[running.call.sid]
            return
        running.wait, running.due = wait, self.now + wait.seconds

    def waiting(self, call: Call) -> Wait | None:
        """What ``call`` is waiting for right now (None when it is not running)."""
        running = self._running.get(call.sid)
        return running.wait if running is not None else None

    def run(self, call: Call) -> Transcript:
        """Run one call to its end; a call left waiting forever is stopped and says why."""
        self.start(call)
        self.run_until()
        for _ in range(3):  # bounded: a stopped call always finishes at the first interrupt
            if call.done or call.sid not in self._running:
                break
            running = self._running[call.sid]
            running.pending.clear()
            self._resume(running, EndOfSimulation())
            self.run_until()
        return call.transcript
