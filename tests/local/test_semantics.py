"""What a live change does to a running call, step by step in virtual time.

The callee table (conftest.CALLEES): +15550003 answers after 1 s, +15550001 after 4 s,
+15550002 after 3 s, +15550009 is busy, +15550010 fails, +15550000 never answers, +15550011
hangs up 10 s after answering, +15550012 presses 7.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rcml.local import ApiError, LocalRestcomm, LocalRestcommApp
from rcml.sim import Transcript

from .conftest import ACCOUNT, OTHER, OTHER_TOKEN, SITE, Api


def _transcript(local: LocalRestcomm, sid: str) -> Transcript:
    return local.transcript(ACCOUNT, sid)


def _moments(transcript: Transcript, kind: str) -> list[float]:
    return [e.t for e in transcript.of_type(kind)]


def test_a_redirect_stops_the_verb_and_fetches_the_new_url(api: Api, local: LocalRestcomm) -> None:
    sid = api.create(to="+15550003", doc="/long.xml")
    local.advance(5)
    api("POST", f"/Calls/{sid}.json", data={"Url": SITE + "/got.xml"})
    local.advance(5)
    t = _transcript(local, sid)
    assert t.paths == ["/long.xml", "/got.xml"]
    redirect = t.of_type("redirect")[-1]
    assert (redirect.t, redirect["by"]) == (5.0, "api")
    assert t.said == ["Thanks"] and t.status == "completed"
    assert api.call(sid)["duration"] == 5  # answered at 1, ended after "Thanks" at 6


def test_a_redirect_while_ringing_runs_the_new_document_once_answered(
    api: Api, local: LocalRestcomm
) -> None:
    sid = api.create(to="+15550001")  # answers at 4
    local.advance(1)
    assert api.call(sid)["status"] == "ringing"
    api("POST", f"/Calls/{sid}.json", data={"Url": SITE + "/got.xml"})
    local.advance(10)
    assert _transcript(local, sid).paths == ["/got.xml"]


def _bridged(api: Api, local: LocalRestcomm) -> tuple[str, str]:
    """A call to +15550003 whose Dial has bridged it to +15550003 (at 2 s); (call, leg)."""
    sid = api.create(to="+15550003", doc="/dial-bob.xml")
    local.advance(3)
    [leg] = api("GET", "/Calls.json", params={"ParentCallSid": sid}).json()["calls"]
    assert (leg["status"], leg["ring_duration"]) == ("in-progress", 1)
    return sid, leg["sid"]


def test_move_connected_leg_gives_the_other_leg_the_new_document_too(
    api: Api, local: LocalRestcomm
) -> None:
    sid, leg = _bridged(api, local)
    api("POST", f"/Calls/{sid}.json",
        data={"Url": SITE + "/long.xml", "MoveConnectedCallLeg": "true"})
    local.advance(5)
    assert _transcript(local, sid).paths == ["/dial-bob.xml", "/long.xml"]  # no Dial action
    moved = _transcript(local, leg)
    [fetch] = moved.requests
    assert (fetch.event.t, fetch.path) == (4.0, "/long.xml")  # one second later
    assert fetch.params["CallSid"] == leg and fetch.params["Direction"] == "outbound-dial"
    assert [api.call(s)["status"] for s in (sid, leg)] == ["in-progress", "in-progress"]


def test_without_move_connected_leg_the_other_leg_is_hung_up(
    api: Api, local: LocalRestcomm
) -> None:
    sid, leg = _bridged(api, local)
    api("POST", f"/Calls/{sid}.json", data={"Url": SITE + "/long.xml"})
    local.advance(5)
    assert api.call(leg)["status"] == "completed"
    assert api.call(leg)["end_time"] == "2019-01-11T12:00:03.000Z"
    assert api.call(sid)["status"] == "in-progress"
    assert _transcript(local, sid).paths == ["/dial-bob.xml", "/long.xml"]


def test_a_redirect_while_a_dial_rings_hangs_up_every_branch(
    api: Api, local: LocalRestcomm
) -> None:
    sid = api.create(to="+15550003", doc="/dial-two.xml")
    local.advance(2)
    api("POST", f"/Calls/{sid}.json",
        data={"Url": SITE + "/got.xml", "MoveConnectedCallLeg": "true"})
    local.advance(5)
    legs = api("GET", "/Calls.json", params={"ParentCallSid": sid}).json()["calls"]
    assert sorted(c["status"] for c in legs) == ["canceled", "canceled"]
    assert _transcript(local, sid).said == ["Thanks"]


def test_redirecting_the_dialled_leg_moves_it_and_hangs_up_its_parent(
    api: Api, local: LocalRestcomm
) -> None:
    sid, leg = _bridged(api, local)
    api("POST", f"/Calls/{leg}.json", data={"Url": SITE + "/got.xml"})
    local.advance(5)
    assert api.call(sid)["status"] == "completed"
    assert _transcript(local, leg).said == ["Thanks"]


def test_hanging_up_the_dialled_leg_ends_the_dial_and_its_action_runs(
    api: Api, local: LocalRestcomm
) -> None:
    sid, leg = _bridged(api, local)
    api("POST", f"/Calls/{leg}.json", data={"Status": "completed"})
    local.advance(2)
    t = _transcript(local, sid)
    assert t.paths == ["/dial-bob.xml", "/after.xml"]
    assert t.requests[1].params["DialCallStatus"] == "completed"
    assert api.call(leg)["status"] == "completed"


def test_canceled_ends_only_calls_not_answered_and_completed_ends_any(
    api: Api, local: LocalRestcomm
) -> None:
    ringing = api.create(to="+15550000")
    live = api.create(to="+15550003", doc="/long.xml")
    local.advance(2)
    for sid in (ringing, live):
        assert api("POST", f"/Calls/{sid}.json", data={"Status": "canceled"}).status_code == 200
    assert api.call(ringing)["status"] == "canceled"
    assert api.call(live)["status"] == "in-progress"
    api("POST", f"/Calls/{live}.json", data={"Status": "Completed"})
    assert api.call(live)["status"] == "completed"
    hung_up = _transcript(local, live).of_type("hangup")[-1]
    assert (hung_up.t, hung_up["by"]) == (2.0, "api")


def test_callees_answer_late_are_busy_fail_or_never_answer(api: Api, local: LocalRestcomm) -> None:
    calls = {to: api.create(to=to, Timeout="5") for to in
             ("+15550001", "+15550009", "+15550010", "+15550000")}  # fmt: skip
    local.advance(6)
    statuses = {to: api.call(sid)["status"] for to, sid in calls.items()}
    assert statuses == {"+15550001": "completed", "+15550009": "busy", "+15550010": "failed",
                        "+15550000": "no-answer"}  # fmt: skip
    assert api.call(calls["+15550009"])["ring_duration"] == 1
    assert api.call(calls["+15550000"])["duration"] == 0


def test_a_callee_presses_keys_and_hangs_up_when_scripted(api: Api, local: LocalRestcomm) -> None:
    pressing = api.create(to="+15550012", doc="/gather.xml")
    leaving = api.create(to="+15550011", doc="/long.xml")
    local.advance(20)
    got = _transcript(local, pressing).requests[-1]
    assert (got.path, got.params["Digits"]) == ("/got.xml", "7")
    hung_up = _transcript(local, leaving).of_type("hangup")[-1]
    assert (hung_up.t, hung_up["by"]) == (11.0, "caller")


def test_status_callbacks_carry_restcomms_parameters(api: Api, local: LocalRestcomm) -> None:
    sid = api.create(to="+15550003", doc="/got.xml", StatusCallback=SITE + "/status",
                     StatusCallbackEvent="answered")
    local.advance(5)
    callbacks = _transcript(local, sid).callbacks
    assert [c.params["CallStatus"] for c in callbacks] == [
        "initiated", "ringing", "answered", "completed"]  # always all four (CE:475-520)
    assert [c.event.t for c in callbacks] == [0.0, 0.0, 1.0, 2.0]  # "Thanks" takes 1 s
    done = callbacks[-1]
    assert [name for name, _ in done.pairs] == [
        "InstanceId", "AccountSid", "CallSid", "From", "To", "Direction", "CallerName",
        "ForwardedFrom", "CallStatus", "CallDuration", "Timestamp", "CallbackSource",
        "SequenceNumber"]  # fmt: skip
    assert (done.params["CallDuration"], done.params["SequenceNumber"]) == ("1", "3")
    assert done.params["Timestamp"] == "Fri, 11 Jan 2019 12:00:02 UTC"


def test_a_changes_status_callback_is_the_new_interpreters(api: Api, local: LocalRestcomm) -> None:
    sid = api.create(to="+15550003", doc="/long.xml")
    local.advance(2)
    api("POST", f"/Calls/{sid}.json",
        data={"Url": SITE + "/got.xml", "StatusCallback": SITE + "/status"})
    local.advance(5)
    callbacks = _transcript(local, sid).callbacks
    assert [(c.event.t, c.params["CallStatus"]) for c in callbacks] == [
        (2.0, "in-progress"), (3.0, "completed")]
    assert callbacks[0].params["Direction"] == "outbound-api"  # the standard parameters


def test_conference_participants_hold_their_mute_state(api: Api, local: LocalRestcomm) -> None:
    first = api.create(doc="/conference.xml")
    second = api.create(to="+15550003", doc="/conference.xml")
    local.advance(10)
    [conference] = api("GET", "/Conferences.json").json()["conferences"]
    base = f"/Conferences/{conference['sid']}/Participants"

    def muted() -> dict[str, bool]:
        return {p["sid"]: p["muted"] for p in api("GET", base + ".json").json()["calls"]}

    assert muted() == {first: False, second: False}
    before = api("POST", f"{base}/{first}.json", data={"Mute": "true"}).json()
    assert before["muted"] is False  # the answer is the participant before the change
    assert muted() == {first: True, second: False}
    api("POST", f"/Calls/{second}.json", data={"Mute": "true"})
    api("POST", f"/Calls/{first}.json", data={"Status": "canceled"})  # any change un-mutes
    assert muted() == {first: False, second: True}
    api("POST", f"/Calls/{first}.json", data={"Status": "completed"})
    assert list(muted()) == [second]
    assert [e["muted"] for e in _transcript(local, second).of_type("mute")] == [True]


def test_a_participant_waiting_for_a_moderator_is_muted_and_on_hold(
    api: Api, local: LocalRestcomm
) -> None:
    sid = api.create(doc="/hold.xml")
    local.advance(5)
    conference = api("GET", "/Conferences.json").json()["conferences"][0]
    assert conference["status"] == "RUNNING_MODERATOR_ABSENT"
    seat = api("GET", f"/Conferences/{conference['sid']}/Participants/{sid}.json").json()
    assert (seat["muted"], seat["hold"]) == (True, True)


def test_each_accounts_calls_speak_for_their_account(api: Api, local: LocalRestcomm) -> None:
    other = f"/restcomm/2012-04-24/Accounts/{OTHER}/Calls.json"
    answer = api("POST", other, auth=(OTHER, OTHER_TOKEN),
                 data={"From": "+1", "To": "+15550003", "Url": SITE + "/got.xml"})
    local.advance(2)
    [fetch] = local.transcript(OTHER, answer.json()["sid"]).requests
    assert fetch.params["AccountSid"] == OTHER


def test_a_real_clock_follows_the_wall_clock(make_app: Callable[..., LocalRestcommApp]) -> None:
    wall = [100.0]
    local = make_app(clock="real", wall_clock=lambda: wall[0]).restcomm
    api = Api(LocalRestcommApp(local))
    sid = api.create(to="+15550003", doc="/long.xml")
    assert api.call(sid)["status"] == "ringing"
    wall[0] += 1.5
    local.tick()
    assert api.call(sid)["status"] == "in-progress" and local.now == 1.5
    with pytest.raises(ApiError) as refused:
        local.advance(1)
    assert refused.value.status == 409
    assert api("POST", "/Clock.json", data={"Advance": "1"}).status_code == 409


def test_a_redirect_uses_its_method_and_falls_back_when_the_url_fails(
    api: Api, local: LocalRestcomm
) -> None:
    sid = api.create(to="+15550003", doc="/long.xml")
    local.advance(2)
    api("POST", f"/Calls/{sid}.json", data={"Url": SITE + "/missing.xml", "Method": "GET",
                                            "FallbackUrl": SITE + "/got.xml"})
    local.advance(2)
    fetched = [(r.method, r.path, r.status) for r in _transcript(local, sid).requests]
    assert fetched == [("POST", "/long.xml", 200), ("GET", "/missing.xml", 404),
                       ("POST", "/got.xml", 200)]  # fmt: skip


def test_the_ticker_moves_a_real_clock_until_closed(
    make_app: Callable[..., LocalRestcommApp],
) -> None:
    import time

    wall = [0.0]
    local = make_app(clock="real", wall_clock=lambda: wall[0]).restcomm
    local.start(interval=0.005)
    try:
        wall[0] = 2.0
        deadline = time.monotonic() + 10
        while local.now < 2.0 and time.monotonic() < deadline:
            time.sleep(0.005)
        assert local.now == 2.0
    finally:
        local.close()
    wall[0] = 5.0
    time.sleep(0.02)
    assert local.now == 2.0  # stopped: nothing moves it any more
