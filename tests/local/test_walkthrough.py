"""The live-call walkthrough of the demo site, end to end and offline, twice.

A call from +16175551212 to sip:alice@… runs hello-play.xml; it is redirected to
dial-alice.xml (which rings client:alice), then to conference.xml with MoveConnectedCallLeg, so
both legs meet in demo-room; one participant is muted and un-muted; the call is hung up; a
second call, to a number that never answers, is canceled while it rings.

* with ``rcml.calls.CallsClient`` against the app in this process (documents from ``rcml
  serve``'s app, in process too), asking for JSON answers, then XML;
* with the ``rcml call`` / ``rcml conference`` commands against ``rcml restcomm-local`` started
  on a free loopback port, the documents served by ``rcml serve`` on another, in both formats.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from rcml.calls import CallsClient
from rcml.cli import cli
from rcml.local import LocalRestcomm, LocalRestcommApp
from rcml.server import RcmlApp, load_site
from tests.server.conftest import RCML, Served, stop_process

from .conftest import ACCOUNT, ROOT, SITE, TOKEN

CALLER, ALICE, NOBODY = "+16175551212", "sip:alice@127.0.0.1", "+15550000"


@pytest.mark.parametrize("answers", ["json", "xml"])
def test_the_walkthrough_with_the_python_client_in_process(
    app: LocalRestcommApp, local: LocalRestcomm, answers: str
) -> None:
    documents = RcmlApp(load_site(ROOT / "templates"))
    with CallsClient(ACCOUNT, TOKEN, base_url="http://restcomm.test/restcomm",
                     response_format=answers,  # type: ignore[arg-type]
                     transport=httpx.ASGITransport(app=app),
                     fetch_transport=httpx.ASGITransport(app=documents)) as client:
        created = client.create_call(CALLER, ALICE, SITE + "/hello-play.xml")
        assert created.preflight is not None and created.preflight.ok
        [call] = created.calls
        sid = call.sid
        assert sid is not None and (call.state, call.to, call.from_) == ("queued", "alice", CALLER)
        local.advance(2.5)  # alice answered at 2 s and hears hello-world.wav
        assert client.get_call(sid).state == "in-progress"

        update = client.redirect(sid, SITE + "/dial-alice.xml", mute=False)
        assert update.before.state == "in-progress"
        local.advance(5)  # client:alice answers after 2 s: bridged
        [leg] = client.list_calls(parent_call_sid=sid).items
        assert leg.sid is not None and (leg.state, leg.to) == ("in-progress", "alice")

        client.redirect(sid, SITE + "/conference.xml", mute=False, move_connected_leg=True)
        local.advance(5)  # both legs fetch conference.xml, say the greeting, join demo-room
        [room] = local.list_conferences(ACCOUNT, {}, "/")[0]
        seats = client.list_participants(room.sid)
        assert {p.sid: p.muted for p in seats.items} == {sid: False, leg.sid: False}

        muted = client.mute(room.sid, sid)
        assert muted.before.muted is False
        assert client.get_participant(room.sid, sid).muted is True
        client.unmute(room.sid, sid)
        assert {p.sid: p.muted for p in client.list_participants(room.sid).items} == {
            sid: False, leg.sid: False}

        ended = client.hangup(sid, refresh=True)
        assert (ended.before.state, ended.after and ended.after.state) == (
            "in-progress", "completed")
        assert [p.sid for p in client.list_participants(room.sid).items] == [leg.sid]

        ringing = client.create_call(CALLER, NOBODY, SITE + "/hello-play.xml").calls[0].sid
        assert ringing is not None
        local.advance(1)
        canceled = client.cancel(ringing, refresh=True)
        assert (canceled.before.state, canceled.after and canceled.after.state) == (
            "ringing", "canceled")

    transcript = local.transcript(ACCOUNT, sid)
    assert transcript.paths == ["/hello-play.xml", "/dial-alice.xml", "/conference.xml"]
    assert [e["muted"] for e in transcript.of_type("mute")] == [True, False]
    assert local.transcript(ACCOUNT, leg.sid).paths == ["/conference.xml"]


# -- over loopback, with the commands ----------------------------------------------------------


@dataclass
class Running:
    process: subprocess.Popen[str]
    api_url: str

    def stop(self) -> int:
        code = stop_process(self.process)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return code


def start_local(*args: str) -> Running:
    """Start `rcml restcomm-local --port 0 ARGS` and wait for its 'local Restcomm at' line."""
    process = subprocess.Popen(
        [*RCML, "restcomm-local", "--port", "0", "--log-level", "warning", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("RCML_")},
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()  # bounded: the process prints it or exits
    if "local Restcomm at http://" not in line:
        process.kill()
        _, err = process.communicate(timeout=20)
        raise AssertionError(f"rcml restcomm-local did not start: {line!r} {err!r}")
    return Running(process, line.split(" at ", 1)[1].split(" ", 1)[0])


@pytest.fixture
def servers(tmp_path: Path, serve: Callable[..., Served]) -> Iterator[tuple[str, str]]:
    """(documents URL, local Restcomm API URL), both on loopback; stopped afterwards."""
    callees = tmp_path / "callees.toml"
    callees.write_text(f'[numbers."{NOBODY}"]\naction = "no-answer"\n'
                       '[numbers."sip:alice@*"]\nring = 2\n', encoding="utf-8")  # fmt: skip
    site = serve(str(ROOT / "templates"))
    local = start_local("--account", f"{ACCOUNT}:{TOKEN}", "--callees", str(callees))
    try:
        yield site.url, local.api_url
    finally:
        assert local.stop() == 0


def _rcml(env: dict[str, str], *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--format", "json"] if args[0] != "restcomm-local"
                                else list(args), env=env, catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if args[0] != "restcomm-local" else result.output


def test_the_walkthrough_with_the_commands_over_loopback(servers: tuple[str, str]) -> None:
    site, api_url = servers
    env = {"RCML_ACCOUNT_SID": ACCOUNT, "RCML_AUTH_TOKEN": TOKEN, "RCML_API_URL": api_url}
    for answers in ("json", "xml"):
        fmt = ("--api-format", answers)
        created = _rcml(env, "call", "create", "--from", CALLER, "--to", ALICE, "--url",
                        site + "hello-play.xml", *fmt)  # fmt: skip
        [call] = created["calls"]
        sid = call["sid"]
        assert (call["status"], call["to"]) == ("queued", "alice")
        assert "clock at " in _rcml(env, "restcomm-local", "clock", "--advance", "2.5")
        redirected = _rcml(env, "call", "redirect", sid, site + "dial-alice.xml", "--unmute",
                           *fmt)  # fmt: skip
        assert redirected["before"]["status"] == "in-progress"
        assert redirected["sent"]["Mute"] == "false"
        _rcml(env, "restcomm-local", "clock", "--advance", "5")
        [leg] = _rcml(env, "call", "list", "--parent-call", sid, *fmt)["items"]
        assert leg["status"] == "in-progress"
        _rcml(env, "call", "redirect", sid, site + "conference.xml", "--unmute",
              "--move-connected-leg", *fmt)  # fmt: skip
        _rcml(env, "restcomm-local", "clock", "--advance", "5")
        rooms = httpx.get(f"{api_url}/2012-04-24/Accounts/{ACCOUNT}/Conferences.json",
                          params={"Status": "RUNNING%"}, auth=(ACCOUNT, TOKEN)).json()
        [room] = rooms["conferences"]
        seats = _rcml(env, "conference", "participants", room["sid"], *fmt)["items"]
        assert {p["sid"]: p["muted"] for p in seats} == {sid: False, leg["sid"]: False}
        muted = _rcml(env, "conference", "mute", room["sid"], sid, "--refresh", *fmt)
        assert (muted["before"]["muted"], muted["after"]["muted"]) == (False, True)
        unmuted = _rcml(env, "conference", "unmute", room["sid"], sid, "--refresh", *fmt)
        assert unmuted["after"]["muted"] is False
        ended = _rcml(env, "call", "hangup", sid, "--refresh", *fmt)
        assert ended["after"]["status"] == "completed"
        _rcml(env, "call", "hangup", leg["sid"], *fmt)  # the room closes: the next run's is new
        ringing = _rcml(env, "call", "create", "--from", CALLER, "--to", NOBODY, "--url",
                        site + "hello-play.xml", *fmt)["calls"][0]["sid"]  # fmt: skip
        _rcml(env, "restcomm-local", "clock", "--advance", "1")
        canceled = _rcml(env, "call", "cancel", ringing, "--refresh", *fmt)
        assert (canceled["before"]["status"], canceled["after"]["status"]) == (
            "ringing", "canceled")
        text = _rcml(env, "restcomm-local", "transcript", sid)
        for path in ("hello-play.xml", "dial-alice.xml", "conference.xml"):
            assert f"POST {site}{path} -> 200" in text
        assert "hangup     by api: Status=completed" in text
