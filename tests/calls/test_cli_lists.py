"""`rcml call list|get|recordings` and `rcml conference participants|participant`: output."""

from __future__ import annotations

import json

from .conftest import Run
from .fake_lists import FakeRecording
from .fake_restcomm import FakeRestcomm, make_sid

ROOM = make_sid("CF", 7)


def test_get_shows_only_what_restcomm_filled_in(run: Run, restcomm: FakeRestcomm) -> None:
    ringing = restcomm.add_call(status="ringing", start_time=None, duration=None,
                                caller_name=None, ring_duration=None)  # fmt: skip
    lines = run("call", "get", ringing.sid).stdout.splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["created", "updated", "instance", "uri"]
    assert "None" not in "\n".join(lines) and "started" not in lines
    done = restcomm.add_call(status="completed", end_time="2026-03-05T10:00:13.000-05:00",
                             parent_call_sid=make_sid("CA", 9))  # fmt: skip
    shown = run("call", "get", done.sid).stdout
    assert "  started      2026-03-05 10:00:01-05:00\n" in shown
    assert "  ended        2026-03-05 10:00:13-05:00\n" in shown
    assert "  duration     12 s\n" in shown and "  rang for     3 s\n" in shown
    assert f"  parent call  {make_sid('CA', 9)}\n" in shown and "None" not in shown


def test_list_with_filters_and_the_page_footer(run: Run, restcomm: FakeRestcomm) -> None:
    calls = [restcomm.add_call(to=f"+1555010{n}") for n in range(5)]
    restcomm.add_call(status="completed")
    result = run("call", "list", "--status", "in-progress", "--page-size", "2", "--page", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{calls[2].sid}  in-progress  outbound-api  +15550100 -> +15550102",
        f"{calls[3].sid}  in-progress  outbound-api  +15550100 -> +15550103",
        "2 call(s) on page 1 of 0-2, 5 in all; next: --page 2",
    ]
    assert run("call", "list", "--to", "0104").stdout.splitlines()[0].startswith(calls[4].sid)
    assert run("call", "list", "--to", "nobody").stdout == "no calls\n"


def test_list_json_keeps_restcomms_paging(run: Run, restcomm: FakeRestcomm) -> None:
    restcomm.add_call()
    data = json.loads(run("call", "list", "--format", "json").stdout)
    assert (data["page"], data["page_size"], data["num_pages"], data["total"]) == (0, 50, 0, 1)
    assert data["next_page_uri"] is None and len(data["items"]) == 1


def test_typos_get_did_you_mean_on_one_line(run: Run, restcomm: FakeRestcomm) -> None:
    for args, hint in [
        (("call", "list", "--status", "in-progres"), "did you mean 'in-progress'?"),
        (("call", "list", "--sort-by", "duration"), "did you mean 'Duration'?"),
        (("call", "create", "--from", "+1", "--to", "client:a", "--url", "https://a.b/x.xml",
          "--method", "POTS"), "did you mean 'POST'?"),
        (("call", "create", "--from", "+1", "--to", "client:a", "--url", "https://a.b/x.xml",
          "--status-callback-event", "initiated ringing"), "expected 'initiated', 'ringing'"),
    ]:  # fmt: skip
        result = run(*args)
        assert result.exit_code == 2 and hint in result.stderr, result.output
        assert result.stderr.count("\n") == 1 and "Usage:" not in result.stderr
    assert restcomm.requests == []


def test_participants_and_one_participant(run: Run, restcomm: FakeRestcomm) -> None:
    one = restcomm.add_call(conference_sid=ROOM, muted=True)
    two = restcomm.add_call(conference_sid=ROOM, hold=True)
    assert run("conference", "participants", ROOM).stdout.splitlines() == [
        f"{one.sid}  in {ROOM}  muted",
        f"{two.sid}  in {ROOM}  not muted  on hold",
        "2 participant(s)",
    ]
    assert run("conference", "participants", make_sid("CF", 8)).stdout == "no participants\n"
    shown = run("conference", "participant", ROOM, one.sid).stdout.splitlines()
    assert shown[0] == f"{one.sid}  in {ROOM}  muted"
    assert "  starts the conference on enter  yes" in shown


def test_recordings(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call()
    restcomm.recordings[call.sid] = [FakeRecording(make_sid("RE", 1), call.account_sid,
                                                   call.sid, 12.5)]  # fmt: skip
    (line,) = run("call", "recordings", call.sid).stdout.splitlines()
    assert line.startswith(f"{make_sid('RE', 1)}  12.5 s  2026-03-05 10:00:00+00:00  http://")
    assert run("call", "recordings", restcomm.add_call().sid).stdout == "no recordings\n"
    data = json.loads(run("call", "recordings", call.sid, "--format", "json").stdout)
    assert data[0]["duration"] == 12.5 and data[0]["call_sid"] == call.sid
