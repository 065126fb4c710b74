"""The record of a simulated call: timed events, a final status, and helpers to read them.

Every event has ``t`` (virtual seconds since the call arrived) and a ``type``:

======================  ==================================================================
``fetch``               a request to the application: ``method``, ``url``, ``params`` (the
                        ``[name, value]`` pairs in the order sent; a value of null is sent as
                        the bare name), ``status`` (null when no answer came), ``findings``
                        (the validator's, for a document Restcomm runs), ``purpose``
                        (``document``, ``status-callback`` or ``ignored``: sent, answer unused),
                        ``context`` and, when the fetch failed, ``error``
``say``                 ``text``, ``voice``, ``language``, ``loop``
``play``                ``url``, ``loop``
``pause``               ``length``
``gather``              ``input`` (what was collected, or null), ``timeout``, ``numDigits``
``record``              ``duration``, ``digits``, ``action``
``dial``                ``to`` (the numbers, clients and SIP URIs rung), ``outcome``
``conference``          ``name``, ``muted``, ``startConferenceOnEnter``, ``endConferenceOnExit``
``sms`` / ``email``     what was sent
``fax``                 ``url``, ``to``
``redirect``            ``url``, ``method``
``reject``              ``reason``
``hangup``              ``by`` (document, caller, callee, restcomm) and ``reason``
``skip``                a verb Restcomm did not run, and why
``error``               ``code`` (Restcomm's notification code, or null), ``level``, ``message``
``end``                 ``status`` and ``reason``
``status``              a local Restcomm's call changing state (``status``, ``detail``)
``mute``                a local Restcomm's call muted or un-muted (``muted``, ``by``)
======================  ==================================================================

Statuses: ``completed`` and ``rejected`` are normal endings; ``failed`` (an interpreter error or a
failed fetch), ``stalled`` (Restcomm stops moving and the caller hears silence) and
``max-steps`` (the loop guard) are not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rcml.core import Finding

NORMAL = frozenset({"completed", "rejected"})


@dataclass(frozen=True)
class Event:
    """One thing that happened at virtual second ``t``."""

    t: float
    type: str
    data: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"t": self.t, "type": self.type}
        for key, value in self.data.items():
            if key == "findings":
                value = [f.to_dict() for f in value]
            elif key == "params":
                value = [list(pair) for pair in value]
            out[key] = value
        return out


@dataclass(frozen=True)
class Request:
    """A ``fetch`` event seen as the request it was."""

    event: Event

    @property
    def method(self) -> str:
        return str(self.event["method"])

    @property
    def url(self) -> str:
        return str(self.event["url"])

    @property
    def status(self) -> int | None:
        status: int | None = self.event["status"]
        return status

    @property
    def pairs(self) -> list[tuple[str, str | None]]:
        """Every parameter in the order sent (a name may repeat)."""
        return list(self.event["params"])

    @property
    def params(self) -> dict[str, str | None]:
        """The parameters by name; the first value of a repeated name wins."""
        out: dict[str, str | None] = {}
        for name, value in self.event["params"]:
            out.setdefault(name, value)
        return out

    @property
    def findings(self) -> list[Finding]:
        return list(self.event.get("findings", ()))

    @property
    def path(self) -> str:
        """The URL's path (no query): handy for asserting which document was fetched."""
        url = self.url.split("?", 1)[0]
        after_scheme = url.split("//", 1)[-1]
        return "/" + after_scheme.split("/", 1)[1] if "/" in after_scheme else "/"


@dataclass
class Transcript:
    """A simulated call: ``status``, ``duration`` (virtual seconds) and the ``events``."""

    events: list[Event] = field(default_factory=list)
    status: str = "completed"
    duration: float = 0.0

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def of_type(self, *types: str) -> list[Event]:
        return [e for e in self.events if e.type in types]

    @property
    def said(self) -> list[str]:
        """The text of every ``<Say>`` the caller heard, in order."""
        return [str(e["text"]) for e in self.of_type("say")]

    @property
    def played(self) -> list[str]:
        """The URL of every ``<Play>`` the caller heard, in order."""
        return [str(e["url"]) for e in self.of_type("play")]

    @property
    def heard(self) -> list[str]:
        """Everything the caller heard, in order: Say texts and Play URLs."""
        heard = self.of_type("say", "play")
        return [str(e["text"] if e.type == "say" else e["url"]) for e in heard]

    @property
    def requests(self) -> list[Request]:
        """Every request for a document, in order."""
        return [Request(e) for e in self.of_type("fetch") if e["purpose"] != "status-callback"]

    @property
    def callbacks(self) -> list[Request]:
        """Every status callback Restcomm sent."""
        return [Request(e) for e in self.of_type("fetch") if e["purpose"] == "status-callback"]

    @property
    def paths(self) -> list[str]:
        """The path of every document requested, in order."""
        return [r.path for r in self.requests]

    @property
    def errors(self) -> list[Event]:
        return self.of_type("error")

    @property
    def findings(self) -> list[Finding]:
        return [f for e in self.of_type("fetch") for f in e.get("findings", ())]

    @property
    def has_error_findings(self) -> bool:
        return any(f.is_error for f in self.findings)

    @property
    def reason(self) -> str:
        ends = self.of_type("end")
        return str(ends[-1]["reason"]) if ends else ""

    @property
    def ok(self) -> bool:
        """A normal ending and no error finding in any fetched document."""
        return self.status in NORMAL and not self.has_error_findings

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "duration": self.duration,
            "events": [e.to_dict() for e in self.events],
        }

    def to_json(self) -> str:
        """One JSON object, one event per line (stable, and easy to diff)."""
        events = ",\n".join(
            "    " + json.dumps(e.to_dict(), ensure_ascii=False) for e in self.events
        )
        head = f'{{\n  "status": {json.dumps(self.status)},\n  "duration": {self.duration},\n'
        return head + f'  "events": [\n{events}\n  ]\n}}\n'

    def to_text(self) -> str:
        lines = [line for event in self.events for line in _text_lines(event)]
        return "\n".join(lines) + "\n"


def _seconds(t: float) -> str:
    return f"{t:8.1f}s"


def _quote(text: str, limit: int = 70) -> str:
    one_line = " ".join(text.split())
    return json.dumps(one_line if len(one_line) <= limit else one_line[: limit - 1] + "…",
                      ensure_ascii=False)


_STANDARD = frozenset(
    {
        "CallSid", "InstanceId", "OutboundCallSid", "AccountSid", "From", "To", "CallStatus",
        "ApiVersion", "Direction", "CallerName", "ForwardedFrom", "CallTimestamp",
    }
)


def _fetch_line(event: Event) -> str:
    status = event["status"]
    answer = str(status) if status is not None else "no answer"
    extra = [
        f"{n}={v}" if v is not None else n
        for n, v in event["params"]
        if n not in _STANDARD and event["purpose"] != "status-callback"
    ]
    if event["purpose"] == "status-callback":
        extra = [f"CallStatus={dict(event['params']).get('CallStatus')}"]
    note = {"status-callback": " (status callback)", "ignored": " (answer not used)"}.get(
        event["purpose"], ""
    )
    tail = f"  {' '.join(extra)}" if extra else ""
    via = "".join(f" -> {url.split('?', 1)[0]}" for url in event.get("redirects", ()))
    auth = " (with credentials)" if event.get("authenticated") else ""
    url = event["url"].split("?", 1)[0]
    return f"{event['method']} {url}{via} -> {answer}{auth}{note}{tail}"


def _describe(event: Event) -> str:
    kind = event.type
    if kind == "fetch":
        return _fetch_line(event)
    if kind == "say":
        loop = f" x{event.get('loop')}" if event.get("loop", 1) != 1 else ""
        return f"{_quote(event['text'])} ({event['voice']}, {event['language']}){loop}"
    if kind == "play":
        loop = f" x{event.get('loop')}" if event.get("loop", 1) != 1 else ""
        return f"{event['url']}{loop}"
    if kind == "pause":
        return f"{event['length']}s"
    if kind == "gather":
        got = event["input"]
        return f"input {got}" if got is not None else "no input"
    if kind == "record":
        digits = f", ended by {event['digits']}" if event["digits"] else ""
        return f"{event['duration']}s{digits}"
    if kind == "dial":
        return f"{', '.join(event['to'])}: {event['outcome']}"
    if kind == "conference":
        return f"{event['name']}" + (" (muted)" if event["muted"] else "")
    if kind in ("sms", "email"):
        return f"to {event['to']} from {event['from']}: {_quote(str(event['body']), 50)}"
    if kind == "fax":
        return f"{event['url']} to {event['to']}"
    if kind == "redirect":
        return f"{event['method']} {event['url']}"
    if kind == "reject":
        return str(event["reason"])
    if kind == "hangup":
        return f"by {event['by']}: {event['reason']}"
    if kind == "skip":
        return f"<{event['verb']}>: {event['reason']}"
    if kind == "error":
        code = f"{event['code']} " if event["code"] is not None else ""
        return f"{code}{event['level']}: {event['message']}"
    if kind == "end":
        return f"{event['status']}: {event['reason']}"
    if kind == "status":
        return str(event["status"]) + (f": {event['detail']}" if event.get("detail") else "")
    if kind == "mute":
        return f"{'muted' if event['muted'] else 'un-muted'} by {event['by']}"
    return json.dumps(event.data, ensure_ascii=False)


def _text_lines(event: Event) -> list[str]:
    side = "(called party) " if event.get("leg") == "callee" else ""
    where = f"  [at {event['where']}]" if event.get("where") else ""
    lines = [f"{_seconds(event.t)}  {event.type:<10} {side}{_describe(event)}{where}"]
    for finding in event.get("findings", ()) if event.type == "fetch" else ():
        lines.append(f"{'':21}{finding.severity} {finding}")
    if event.type == "fetch" and event.get("error"):
        lines.append(f"{'':21}{event['error']}")
    return lines
