"""What each called number does: answers (and presses keys), is busy, never answers, or fails.

A local Restcomm has no phones: the party a call rings is scripted by number. The same table
answers for a call made through the API (its ``To``) and for every noun a ``<Dial>`` rings
(``+15550100``, ``client:alice``, ``sip:alice@example.com``). Entries are tried in order; a key
is the number as written, or a pattern with ``*`` and ``?`` (``sip:alice@*``); the first that
matches wins, and a number no entry matches takes ``default``.

A file (TOML, or JSON with the same shape)::

    [default]
    action = "answer"          # answer, busy, no-answer or fail
    ring = 2                   # seconds it rings before it answers or is busy

    [numbers."sip:alice@*"]
    action = "answer"
    talk = 120                 # hangs up 120 s after answering (default: stays on the line)
    input = ["1", "1234#", "speech:sales"]   # its answer to each <Gather>, in order

    [numbers."+15550000"]
    action = "no-answer"

In Python: ``Callees({"sip:alice@*": Callee(talk=120, input=("1",))}, default=Callee())``.
"""

from __future__ import annotations

import fnmatch
import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from rcml.core.errors import RcmlError
from rcml.sim import DialOutcome, Input, Script, ScriptError, parse_input

Action = Literal["answer", "busy", "no-answer", "fail"]
DEFAULT_RING = 2.0  # the simulator's ring time before an answer (rcml.sim.script)
STAYS = 14400.0  # a Dial leg that "stays" talks up to Restcomm's default timeLimit (4 hours)
_ACTIONS: tuple[str, ...] = get_args(Action)
_KEYS = frozenset({"action", "ring", "talk", "input"})


class CalleeError(RcmlError):
    """A callee table that cannot be read; the message says where and what is expected."""


@dataclass(frozen=True)
class Callee:
    """One called party.

    ``ring`` is how long it rings before it answers or is busy (a ``no-answer`` rings until the
    caller's timeout); ``talk`` is how long it stays after answering (None: until something
    else ends the call); ``input`` is what it does at each ``<Gather>`` it hears.
    """

    action: Action = "answer"
    ring: float = DEFAULT_RING
    talk: float | None = None
    input: tuple[Input, ...] = ()

    def __post_init__(self) -> None:
        if self.action not in _ACTIONS:
            raise CalleeError(f"action {self.action!r}: expected one of {', '.join(_ACTIONS)}")
        if not (math.isfinite(self.ring) and self.ring >= 0):
            raise CalleeError(f"ring {self.ring!r}: expected seconds, 0 or more")
        if self.talk is not None and not (math.isfinite(self.talk) and self.talk >= 0):
            raise CalleeError(f"talk {self.talk!r}: expected seconds, 0 or more")

    def script(self) -> Script:
        """The simulator's script for this party when it runs a document (its key presses)."""
        return Script(inputs=self.input)

    def dial_outcome(self, branch: int) -> DialOutcome:
        """What a ``<Dial>`` ringing this party sees (``branch``: which noun it is, from 1).

        A ring at least as long as the Dial's ``timeout`` is a no-answer: the simulator decides.
        """
        if self.action == "fail":
            return DialOutcome("failed")
        if self.action == "no-answer":
            return DialOutcome("no-answer", branch=branch)
        kind: Literal["answered", "busy"] = "busy" if self.action == "busy" else "answered"
        talk = STAYS if self.talk is None else self.talk
        return DialOutcome(kind, talk, branch, self.ring)


@dataclass(frozen=True)
class Callees:
    """The table: ``numbers`` in order (number or pattern -> Callee), and the ``default``."""

    numbers: Mapping[str, Callee] = field(default_factory=dict)
    default: Callee = Callee()

    def lookup(self, number: str) -> Callee:
        """The callee for ``number``: the exact key, else the first matching pattern."""
        if number in self.numbers:
            return self.numbers[number]
        for pattern, callee in self.numbers.items():
            if any(c in pattern for c in "*?[") and fnmatch.fnmatchcase(number, pattern):
                return callee
        return self.default


def _seconds(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CalleeError(f"{where}: expected a number of seconds, got {value!r}")
    return float(value)


def callee_from(data: object, where: str) -> Callee:
    """One table entry (a mapping with action, ring, talk, input) as a Callee."""
    if not isinstance(data, Mapping):
        raise CalleeError(f"{where}: expected a table of action, ring, talk and input")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise CalleeError(f"{where}: unknown key {unknown[0]!r} (expected action, ring, talk, "
                          "input)")  # fmt: skip
    values: dict[str, Any] = {}
    if "action" in data:
        values["action"] = data["action"]
    if "ring" in data:
        values["ring"] = _seconds(data["ring"], f"{where}.ring")
    if "talk" in data:
        values["talk"] = _seconds(data["talk"], f"{where}.talk")
    if "input" in data:
        entries = data["input"]
        if isinstance(entries, str) or not isinstance(entries, list):
            raise CalleeError(f"{where}.input: expected a list such as [\"1\", \"1234#\"]")
        try:
            values["input"] = tuple(parse_input(str(entry)) for entry in entries)
        except ScriptError as exc:
            raise CalleeError(f"{where}.input: {exc}") from None
    try:
        return Callee(**values)
    except CalleeError as exc:
        raise CalleeError(f"{where}: {exc}") from None


def callees_from(data: object, where: str = "callees") -> Callees:
    """A whole table: ``{"default": {...}, "numbers": {"NUMBER": {...}, ...}}``."""
    if not isinstance(data, Mapping):
        raise CalleeError(f"{where}: expected a table with default and numbers")
    unknown = sorted(set(data) - {"default", "numbers"})
    if unknown:
        raise CalleeError(f"{where}: unknown key {unknown[0]!r} (expected default, numbers)")
    default = callee_from(data["default"], "default") if "default" in data else Callee()
    numbers = data.get("numbers", {})
    if not isinstance(numbers, Mapping):
        raise CalleeError(f"{where}: numbers must be a table of NUMBER = {{...}}")
    table = {str(key): callee_from(value, f"numbers.{key}") for key, value in numbers.items()}
    return Callees(table, default)


def load_callees(path: str | Path) -> Callees:
    """Read a callee table from a ``.toml`` or ``.json`` file (see the module's docstring)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalleeError(f"{file}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise CalleeError(f"{file}: not valid {'JSON' if file.suffix == '.json' else 'TOML'}: "
                          f"{exc}") from None  # fmt: skip
    try:
        return callees_from(data)
    except CalleeError as exc:
        raise CalleeError(f"{file}: {exc}") from None
