"""`rcml call …` and `rcml conference …` against the fake Restcomm, through click's runner."""

from __future__ import annotations

import json

import pytest

from .conftest import DOC_PASSWORD, DOC_USER, TOKEN, DocServer, Run
from .fake_restcomm import FakeRestcomm, make_sid


def test_get_prints_a_readable_line(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call(status="ringing", from_="+15550100", to="client:alice")
    result = run("call", "get", call.sid)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"{call.sid}  ringing  outbound-api  +15550100 -> client:alice"
    )


def test_get_json_and_xml_api_give_the_same_json(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call()
    from_json = json.loads(run("call", "get", call.sid, "--format", "json").stdout)
    from_xml = json.loads(
        run("call", "get", call.sid, "--format", "json", "--api-format", "xml").stdout
    )
    assert from_json["sid"] == from_xml["sid"] == call.sid
    assert from_json["from"] == "+15550100" and from_json["status"] == "in-progress"
    assert from_json["date_created"] == "2026-03-05T10:00:00+00:00"
    assert restcomm.requests[-1].path.endswith(call.sid)  # XML: no .json suffix


def test_create_with_preflight(run: Run, restcomm: FakeRestcomm, docs: DocServer) -> None:
    result = run(
        "call", "create", "--from", "+15550100", "--to", "sip:alice@127.0.0.1",
        "--url", docs.url("/valid.xml"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0] == f"preflight passed: POST {docs.url('/valid.xml')} gave a valid voice document"
    )
    (sid,) = restcomm.calls
    assert lines[-1] == f"created: {sid}  queued  outbound-api  +15550100 -> sip:alice@127.0.0.1"


def test_create_refused_by_preflight_exits_1(
    run: Run, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    url = docs.url("/invalid.xml", userinfo=f"{DOC_USER}:{DOC_PASSWORD}")
    result = run("call", "create", "--from", "+1", "--to", "client:a", "--url", url)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: preflight refused POST http://***@127.0.0.1:")
    assert "RCML101" in result.stderr
    assert DOC_PASSWORD not in result.output and restcomm.posts() == []


def test_create_refused_json_output_carries_the_report(run: Run, docs: DocServer) -> None:
    result = run("call", "create", "--from", "+1", "--to", "client:a",
                 "--url", docs.url("/missing.xml"), "--format", "json")  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.stdout)["preflight"]
    assert (report["ok"], report["status"]) == (False, 404)


def test_redirect_requires_mute_or_unmute(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call()
    result = run("call", "redirect", call.sid, "https://apps.example/n.xml", "--no-preflight")
    assert result.exit_code == 2
    assert "choose --mute or --unmute" in result.stderr
    assert restcomm.requests == []


def test_redirect_mute_and_move_leg(run: Run, restcomm: FakeRestcomm, docs: DocServer) -> None:
    call = restcomm.add_call(muted=True)
    result = run("call", "redirect", call.sid, docs.url("/valid.xml"), "--mute",
                 "--move-connected-leg", "--method", "get", "--refresh")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert restcomm.posts()[-1].form == {
        "Url": docs.url("/valid.xml"),
        "Method": "GET",
        "MoveConnectedCallLeg": "true",
        "Mute": "true",
    }
    assert docs.seen[0].method == "GET" and call.muted is True
    assert f"after:  {call.sid}" in result.stdout


def test_hangup_says_the_answer_is_the_old_state(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call()
    result = run("call", "hangup", call.sid)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "sent:   Status=completed",
        f"before: {call.sid}  in-progress  outbound-api  +15550100 -> client:alice",
        "(Restcomm answers with the state before the change; --refresh reads it again)",
    ]


def test_cancel_of_answered_call_exits_1_with_explanation(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call(status="in-progress")
    result = run("call", "cancel", call.sid)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: call {call.sid} is in-progress: Status=canceled only ends queued or ringing "
        "calls, so the cancel was not sent; use hangup to end it\n"
    )


def test_conference_mute_and_unmute(run: Run, restcomm: FakeRestcomm) -> None:
    conference = make_sid("CF", 3)
    call = restcomm.add_call(conference_sid=conference)
    result = run("conference", "mute", conference, call.sid, "--refresh", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["before"]["muted"], data["after"]["muted"]) == (False, True)
    assert data["sent"] == {"Mute": "true"}
    result = run("conference", "unmute", conference, call.sid)
    assert result.exit_code == 0 and call.muted is False
    assert f"before: {call.sid}  in {conference}  muted" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("call", "get", make_sid("CA", 0xDEAD)), 1, "HTTP 404 (not found: no such call"),
        (("call", "get", "CA/../x"), 2, "must be a SID"),
        (("call", "redirect", "CA1", "relative.xml", "--unmute"), 2, "absolute"),
    ],
)
def test_failures_are_one_clear_message(
    run: Run, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args)
    assert result.exit_code == code and message in result.stderr
    assert "Traceback" not in result.output


def test_wrong_token_message_never_shows_it(run: Run) -> None:
    result = run("call", "get", make_sid("CA", 1),
                 env_overrides={"RCML_AUTH_TOKEN": "wrong-t0ken-xyz"})  # fmt: skip
    assert result.exit_code == 1
    assert "HTTP 401" in result.stderr and "wrong-t0ken-xyz" not in result.output


def test_missing_credentials_is_a_usage_error(run: Run) -> None:
    result = run("call", "get", "CA1", env_overrides={"RCML_AUTH_TOKEN": None})
    assert result.exit_code == 2
    assert "missing --auth-token (or RCML_AUTH_TOKEN)" in result.stderr


def test_options_override_the_environment(run: Run, restcomm: FakeRestcomm) -> None:
    call = restcomm.add_call()
    result = run("call", "get", call.sid, "--auth-token", TOKEN,
                 env_overrides={"RCML_AUTH_TOKEN": "wrong"})  # fmt: skip
    assert result.exit_code == 0


def test_preflight_command(run: Run, docs: DocServer) -> None:
    ok = run("call", "preflight", docs.url("/valid.xml"), "--param", "From=+1")
    assert ok.exit_code == 0 and ok.stdout.startswith("preflight passed")
    assert docs.seen[0].form == {"From": "+1"}
    bad = run("call", "preflight", docs.url("/page.txt"))
    assert bad.exit_code == 1 and "the answer (text/plain) is not XML" in bad.stdout


def test_help_teaches_with_examples(run: Run) -> None:
    result = run("call", "--help")
    assert "rcml call redirect CA… https://apps.example/menu.xml --unmute" in result.stdout
    assert "RCML_AUTH_TOKEN" in result.stdout
