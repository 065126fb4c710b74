"""The demo site's flows, simulated: what a caller of templates/ hears, press by press.

These tests use the ``rcml_call`` fixture of the pytest plugin, as an application's own suite
would (docs/simulate.md shows the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rcml.sim.pytest_plugin import CallRunner
from tests.sim.apps import Answer, App, response

SITE = Path(__file__).resolve().parents[2] / "templates"
GREETING = SITE / "greeting.xml.j2"
MENU_PROMPT = ("Hello +15550100. Press 1 to call Alice, 2 to join the conference, "
               "3 to hear a greeting.")


def test_pressing_3_plays_the_greeting(rcml_call: CallRunner) -> None:
    call = rcml_call(GREETING, inputs=["3"])
    assert call.said == [MENU_PROMPT]
    assert call.played == ["http://localhost/restcomm/audio/hello-world.wav"]
    assert call.paths == ["/greeting.xml", "/menu.xml", "/hello-play.xml"]
    assert call.requests[1].params["Digits"] == "3"
    assert call.requests[0].params["CallStatus"] == "ringing"
    assert call.requests[1].params["CallStatus"] == "in-progress"
    assert (call.status, call.reason, call.exit_code) == ("completed", "<Hangup>", 0)


def test_pressing_1_calls_alice_and_the_call_ends_when_she_hangs_up(rcml_call: CallRunner) -> None:
    call = rcml_call(GREETING, inputs=["1"], dials=["answered:30"])
    dial = call.of_type("dial")[0]
    assert (dial["to"], dial["outcome"]) == (["client:alice"], "answered:30")
    assert [h["by"] for h in call.of_type("hangup")] == ["callee", "restcomm"]
    assert call.duration == 39.0


def test_an_unknown_key_repeats_the_menu_until_the_caller_gives_up(rcml_call: CallRunner) -> None:
    call = rcml_call(GREETING, inputs=["9", "timeout"], from_="client:bob")
    assert call.said == [
        "Hello client:bob. Press 1 to call Alice, 2 to join the conference, 3 to hear a greeting.",
        "Sorry, 9 is not on the menu.",
        "Hello client:bob. Press 1 to call Alice, 2 to join the conference, 3 to hear a greeting.",
        "Hello client:bob. Press 1 to call Alice, 2 to join the conference, 3 to hear a greeting.",
    ]
    assert call.paths == ["/greeting.xml", "/menu.xml", "/greeting.xml", "/greeting.xml"]
    assert call.of_type("hangup")[-1]["by"] == "caller"  # the script ran out at the 4th menu


def test_pressing_2_joins_the_conference_until_the_caller_hangs_up(rcml_call: CallRunner) -> None:
    call = rcml_call(GREETING, inputs=["2"], hangup_at=120)
    joined = call.of_type("conference")[0]
    assert (joined["name"], joined["startConferenceOnEnter"]) == ("demo-room", True)
    assert "/wait-music.xml" not in call.paths  # waitUrl only for startConferenceOnEnter=false
    assert (call.status, call.duration) == ("completed", 120.0)


def test_every_document_of_the_flows_is_valid(rcml_call: CallRunner) -> None:
    flows: Iterable[list[str]] = (["1"], ["2"], ["3"], ["9", "3"])
    for keys in flows:
        call = rcml_call(GREETING, inputs=keys, dials=["busy"], hangup_at=60)
        assert not call.findings, keys


def test_the_wait_music_document_runs_as_a_conference_wait_document(
    rcml_call: CallRunner,
) -> None:
    call = rcml_call(SITE / "wait-music.xml", context="conference-wait")
    assert call.said == ["Please wait for the other participants."]
    assert call.played == ["http://localhost/restcomm/audio/hello-world.wav"]


def test_an_asgi_app_object_is_called_in_process(rcml_call: CallRunner) -> None:
    app = App({"/ivr": Answer(body=response('<Gather action="/ivr/next" numDigits="1"/>')),
               "/ivr/next": Answer(body=response("<Say>Thanks</Say>"))})
    call = rcml_call(app, path="/ivr", inputs=["5"])
    assert call.said == ["Thanks"]
    assert app.seen[1]["body"].endswith("&Digits=5&SpeechResult")


def test_a_wsgi_app_object_is_called_in_process(rcml_call: CallRunner) -> None:
    def wsgi(environ: dict[str, object], start_response: object) -> list[bytes]:
        body = response(f"<Say>{environ['REQUEST_METHOD']} {environ['PATH_INFO']}</Say>").encode()
        start_response("200 OK", [("Content-Type", "text/xml"),  # type: ignore[operator]
                                  ("Content-Length", str(len(body)))])
        return [body]

    assert rcml_call(wsgi, path="/hello").said == ["POST /hello"]
