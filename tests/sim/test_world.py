"""The world as a driver sees it: calls stepped in virtual time, interrupted, in shared rooms.

A local Restcomm builds on these: it starts calls, advances the clock, redirects or hangs up a
call between two steps, and reads and mutes conference participants.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rcml.sim import Call, LiveHangup, LiveRedirect, Script, World, parse_input
from rcml.sim.transport import Transport, transport_for
from tests.sim.apps import Answer, App, response

ROUTES = {
    "/stall.xml": Answer(body=response('<Gather numDigits="3"/><Email to="ops@x">no from</Email>')),
    "/next.xml": Answer(body=response('<Gather action="/done.xml"/>')),
    "/done.xml": Answer(body=response("<Say>Done</Say>")),
    "/hold.xml": Answer(body=response(
        '<Dial timeLimit="100"><Conference startConferenceOnEnter="false">room</Conference>'
        "</Dial>")),
    "/host.xml": Answer(body=response(
        '<Dial><Conference endConferenceOnExit="true">room</Conference></Dial>')),
    "/long.xml": Answer(body=response('<Pause length="60"/>')),
}


@pytest.fixture
def transport() -> Iterator[Transport]:
    app = transport_for(App(ROUTES))
    yield app
    app.close()


def test_a_live_redirect_interrupts_a_stalled_call_and_starts_a_new_interpreter(
    transport: Transport,
) -> None:
    w = World(transport)
    script = Script(inputs=(parse_input("123"), parse_input("45#")))
    call = Call(w, "http://localhost/stall.xml", script=script)
    w.start(call)
    w.run_until(10)
    waiting = w.waiting(call)
    assert waiting is not None and waiting.activity == "stalled" and not call.done
    assert call.num_digits == 3
    w.interrupt(call, LiveRedirect("http://localhost/next.xml"))
    w.run_until()
    assert call.done and call.status == "completed"
    assert call.num_digits != 3  # a new interpreter: numDigits starts over
    assert [r.path for r in call.transcript.requests] == ["/stall.xml", "/next.xml", "/done.xml"]
    redirect = call.transcript.of_type("redirect")[-1]
    assert (redirect.t, redirect["by"]) == (10.0, "api")


def test_a_live_hangup_ends_the_call_at_that_moment(transport: Transport) -> None:
    w = World(transport)
    call = Call(w, "http://localhost/long.xml")
    w.start(call)
    w.run_until(12.5)
    w.interrupt(call, LiveHangup())
    w.run_until()
    assert (call.status, call.transcript.duration) == ("completed", 12.5)
    assert call.transcript.of_type("hangup")[-1]["by"] == "api"


def test_participants_share_a_room_and_a_driver_can_mute_them(transport: Transport) -> None:
    w = World(transport)
    waiting = Call(w, "http://localhost/hold.xml", script=Script(hangup_at=500))
    w.start(waiting)
    w.run_until(5)
    room = next(iter(w.rooms.values()))
    assert [p.call for p in room.participants] == [waiting]
    assert room.participants[0].muted and not room.moderator_present  # on hold
    host = Call(w, "http://localhost/host.xml", script=Script(hangup_at=30))
    w.start(host)
    w.run_until(10)
    assert room.moderator_present and [p.muted for p in room.participants] == [False, False]
    participant = room.participant(waiting.sid)
    assert participant is not None
    participant.muted = True  # what the participants API does
    w.run_until()
    # the host leaves at 40 (30 s after it started): the room ends and the other is hung up
    assert host.done and waiting.done
    ended = waiting.transcript.of_type("hangup")[-1]
    assert (ended.t, ended["by"], ended["reason"]) == (35.0, "restcomm", "the conference ended")
    assert not w.rooms


def test_sids_are_counted_per_world_so_runs_repeat(transport: Transport) -> None:
    first, second = World(transport), World(transport)
    assert [first.new_sid("CA"), first.new_sid("CA")] == [second.new_sid("CA"),
                                                          second.new_sid("CA")]
    assert first.new_sid("RE") == "RE" + "0" * 31 + "1"
