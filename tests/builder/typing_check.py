"""What an IDE user gets: checked by mypy --strict in test_typing.py, never run.

Each ``# type: ignore[code]`` marks a call that must be a type error; mypy's strict mode
(warn_unused_ignores) fails if one of them stops being an error.
"""

from __future__ import annotations

from typing import assert_type

import rcml
from rcml.builder import CallEvent, Client, Conference, Dial, Gather, Number, Say, SayVoice, Video


def built() -> None:
    r = rcml.Response()
    assert_type(r, rcml.Response)
    assert_type(r.say("Hi", voice="woman", language="fr", loop=2), Say)
    with r.dial(timeout=30, record=True, caller_id="+1") as d:
        assert_type(d, Dial)
        assert_type(d.client("alice", status_callback_event=["initiated", "answered"]), Client)
        assert_type(d.number(15550100, method="GET"), Number)
    room = r.dial().conference("room", beep=False, max_participants=3, name="room")
    assert_type(room, Conference)
    assert_type(room.video(enable=True, resolution="720p"), Video)
    g = r.gather(action="/menu", input="dtmf_speech", hints=["a", "b"], num_digits=1)
    assert_type(g, Gather)
    assert_type(g.say("Press 1"), Say)
    r.email("body", to="a@example.com", from_="b@example.com")
    assert_type(r.to_xml(), bytes)
    assert_type(r.to_xml(encoding="unicode", pretty=True), str)
    assert_type(str(r), str)
    assert_type(rcml.parse(b"<Response/>"), rcml.Response)
    assert_type(r.children, list[rcml.Element])
    assert_type(r.validate(), list[rcml.Finding])


def parsed() -> None:
    document = rcml.parse(b'<Response><Gather numDigits="1"><Say>Hi</Say></Gather></Response>')
    gather = document.find(Gather)
    assert gather is not None
    assert_type(gather, Gather)
    assert_type(gather.num_digits, int | str | None)
    assert_type(gather.action, str | None)
    assert_type(document.find_all(Say)[0].voice, SayVoice | str | None)
    assert_type(Dial("1").record, bool | str | None)
    assert_type(Client("alice").status_callback_event, list[CallEvent] | str | None)


def mistakes() -> None:
    r = rcml.Response()
    r.client("alice")  # type: ignore[attr-defined]
    r.gather().dial()  # type: ignore[attr-defined]
    r.dial(timout=10)  # type: ignore[call-arg]
    r.say()  # type: ignore[call-arg]
    r.gather().num_digits = 3  # type: ignore[misc]
    r.say("Hi", voice="alice")  # type: ignore[arg-type]
    r.say("Hi", loop="2")  # type: ignore[arg-type]
    r.dial(record="true")  # type: ignore[arg-type]
    r.dial().number("1", status_callback_event=["rang"])  # type: ignore[list-item]
    r.email("body")  # type: ignore[call-arg]
    r.to_xml(encoding="latin-1")  # type: ignore[call-overload]
