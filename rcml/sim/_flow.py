"""The vocabulary between a call and whatever drives it: waits, and the interruptions of a wait.

A call runs as a generator. At every point where Restcomm waits (a prompt playing, a Gather
listening, a Dial ringing, a Pause, a stall) it yields a :class:`Wait`; the driver advances the
virtual clock and resumes it, or throws an :class:`Interrupt` into it at the moment something
cuts the wait short: the caller hanging up, a live change through the Calls API, the end of a
conference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FOREVER = math.inf


@dataclass(frozen=True)
class Wait:
    """The call waits ``seconds`` of virtual time (FOREVER: until something interrupts it)."""

    seconds: float
    activity: str  # say, play, pause, gather, record, ringing, bridged, conference, stalled ...


class Interrupt(Exception):
    """Thrown into a call at the wait it cuts short."""


class CallerHangup(Interrupt):
    """The caller hangs up."""


class LiveRedirect(Interrupt):
    """The Calls API points the call at new RCML (``Url``): the running document stops."""

    def __init__(
        self,
        url: str,
        method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str = "POST",
    ) -> None:
        super().__init__(url)
        self.url = url
        self.method = method
        self.fallback_url = fallback_url
        self.fallback_method = fallback_method


class LiveHangup(Interrupt):
    """The Calls API ends the call (``Status=completed``)."""


class CalleeHangup(Interrupt):
    """The Calls API ends the leg a Dial has connected: the Dial ends as if it hung up."""


class ConferenceEnded(Interrupt):
    """The conference the call is in has ended (a participant with endConferenceOnExit left)."""


class EndOfSimulation(Interrupt):
    """The driver stops a call that would wait forever (a stall): the transcript ends here."""
