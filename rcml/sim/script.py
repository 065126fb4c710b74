"""The scripted caller: what the person on the phone does, point by point, in order.

A script answers the three places where a call needs a person: each ``<Gather>`` takes the next
:class:`Input`, each ``<Dial>`` the next :class:`DialOutcome`, each ``<Record>`` the next
:class:`Recording`. When a list runs out, the caller hangs up at the next point that needs it:
one rule, so an unscripted call always ends, and ends the same way every time.

The command line writes them as short strings (:func:`parse_input`, :func:`parse_dial`,
:func:`parse_record`): ``1``, ``1234#``, ``speech:sales``, ``timeout``, ``hangup``;
``answered``, ``answered:30``, ``answered:30@2``, ``busy``, ``no-answer``, ``failed``; ``20``,
``20:#``, ``hangup:5``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

InputKind = Literal["digits", "speech", "timeout", "hangup"]
DialKind = Literal["answered", "busy", "no-answer", "failed"]
DEFAULT_TALK_SECONDS = 60.0
DEFAULT_RING_SECONDS = 2.0
_KEYS = re.compile(r"[0-9*#]+\Z")
_NUMBER = r"(\d+(?:\.\d+)?)"


class ScriptError(ValueError):
    """A script entry that cannot be read; the message says what is expected."""


@dataclass(frozen=True)
class Input:
    """The caller's answer to one ``<Gather>``: keys, speech, silence or hanging up."""

    kind: InputKind
    value: str = ""

    def __str__(self) -> str:
        if self.kind == "digits":
            return self.value
        if self.kind == "speech":
            return f"speech:{self.value}"
        return self.kind


@dataclass(frozen=True)
class DialOutcome:
    """What the called party does when a ``<Dial>`` rings them.

    ``seconds`` is how long an answered call lasts before the called party hangs up; ``branch``
    is which of the Dial's nouns answers (1 = the first); ``ring`` is how long it rings before
    it answers or is busy (a no-answer rings for the Dial's whole ``timeout``).
    """

    kind: DialKind
    seconds: float = DEFAULT_TALK_SECONDS
    branch: int = 1
    ring: float = DEFAULT_RING_SECONDS

    def __str__(self) -> str:
        if self.kind != "answered":
            return self.kind
        text = f"answered:{_num(self.seconds)}"
        return text + (f"@{self.branch}" if self.branch != 1 else "")


@dataclass(frozen=True)
class Recording:
    """What the caller says into one ``<Record>``: ``seconds`` of speech, then a key or silence.

    ``key`` is the key pressed at the end (it ends the recording if it is one of the Record's
    finishing keys); ``hangup`` means the caller hangs up after ``seconds`` instead.
    """

    seconds: float
    key: str | None = None
    hangup: bool = False

    def __str__(self) -> str:
        if self.hangup:
            return f"hangup:{_num(self.seconds)}"
        return _num(self.seconds) + (f":{self.key}" if self.key else "")


@dataclass(frozen=True)
class Script:
    """A whole caller. ``hangup_at`` hangs up at that virtual second, whatever is happening.

    ``callee`` is the script of the called parties, for the screening documents (a Dial noun's
    ``url``) that run on their side; they hang up when it runs out, as the caller does.
    ``media`` gives the playing time of media URLs the simulation cannot measure (by URL).
    """

    inputs: tuple[Input, ...] = ()
    dials: tuple[DialOutcome, ...] = ()
    records: tuple[Recording, ...] = ()
    hangup_at: float | None = None
    callee: Script | None = None
    media: tuple[tuple[str, float], ...] = field(default=())


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def parse_input(spec: str) -> Input:
    """``1``, ``1234#``, ``speech:sales``, ``timeout`` or ``hangup``."""
    text = spec.strip()
    if text in ("timeout", "hangup"):
        return Input(text)  # type: ignore[arg-type]
    if text.startswith("speech:") and text[7:].strip():
        return Input("speech", text[7:].strip())
    if _KEYS.match(text):
        return Input("digits", text)
    raise ScriptError(
        f"input {spec!r}: expected keys (0-9 * #, such as 1 or 1234#), speech:WORDS, "
        "timeout or hangup"
    )


def parse_dial(spec: str) -> DialOutcome:
    """``answered``, ``answered:SECONDS``, ``answered:SECONDS@BRANCH``, ``busy``,
    ``no-answer`` or ``failed``."""
    text = spec.strip()
    if text in ("busy", "no-answer", "failed"):
        return DialOutcome(text)  # type: ignore[arg-type]
    match = re.fullmatch(r"answered(?::" + _NUMBER + r")?(?:@(\d+))?", text)
    if match and (match.group(2) is None or int(match.group(2)) >= 1):
        seconds = float(match.group(1)) if match.group(1) else DEFAULT_TALK_SECONDS
        return DialOutcome("answered", seconds, int(match.group(2) or 1))
    raise ScriptError(
        f"dial {spec!r}: expected answered, answered:SECONDS (answered:30@2 for the second "
        "noun), busy, no-answer or failed"
    )


def parse_record(spec: str) -> Recording:
    """``SECONDS``, ``SECONDS:KEY`` or ``hangup:SECONDS``."""
    text = spec.strip()
    match = re.fullmatch(r"hangup(?::" + _NUMBER + r")?", text)
    if match:
        return Recording(float(match.group(1) or 0), hangup=True)
    match = re.fullmatch(_NUMBER + r"(?::([0-9*#]))?", text)
    if match:
        return Recording(float(match.group(1)), match.group(2))
    raise ScriptError(
        f"record {spec!r}: expected SECONDS of speech, SECONDS:KEY for the key that ended it "
        "(such as 20:#), or hangup:SECONDS"
    )


class Cursor:
    """One script being used up: the next answer of each kind, or None when it ran out."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self._inputs = list(script.inputs)
        self._dials = list(script.dials)
        self._records = list(script.records)
        self.callee = Cursor(script.callee) if script.callee is not None else None
        self.media = dict(script.media)

    def next_input(self) -> Input | None:
        return self._inputs.pop(0) if self._inputs else None

    def next_dial(self) -> DialOutcome | None:
        return self._dials.pop(0) if self._dials else None

    def next_record(self) -> Recording | None:
        return self._records.pop(0) if self._records else None

    def callee_cursor(self) -> Cursor:
        if self.callee is None:
            self.callee = Cursor(Script())
        return self.callee
