"""The example IVR site (examples/ivr-site), called through: sales, voicemail, the conference."""

from __future__ import annotations

from pathlib import Path

from rcml.sim.pytest_plugin import CallRunner

SITE = Path(__file__).resolve().parents[2] / "examples" / "ivr-site"
INDEX = SITE / "index.xml.j2"


def test_sales_busy_goes_to_voicemail_and_the_message_is_saved(rcml_call: CallRunner) -> None:
    call = rcml_call(INDEX, inputs=["1"], dials=["busy"], records=["12:#"])
    assert call.paths == ["/index.xml", "/menu.xml", "/sales-done.xml", "/voicemail.xml",
                          "/voicemail-done.xml"]
    assert call.requests[2].params["DialCallStatus"] == "busy"
    saved = call.requests[4].params
    assert (saved["RecordingDuration"], saved["Digits"]) == ("12.0", "#")  # a Java double
    assert call.said[-1] == "Thanks, your message of 12.0 seconds was saved. Goodbye."
    assert call.ok


def test_sales_answered_says_goodbye(rcml_call: CallRunner) -> None:
    call = rcml_call(INDEX, inputs=["1"], dials=["answered:45"])
    assert call.of_type("dial")[0]["to"] == ["+15550123"]
    assert call.said[-1] == "Thanks for calling. Goodbye."
    assert (call.status, call.duration) == ("completed", 58.0)


def test_a_caller_alone_in_the_conference_hears_its_wait_document(rcml_call: CallRunner) -> None:
    # startConferenceOnEnter="false": until a moderator joins, Restcomm plays the waitUrl
    # (VoiceInterpreter.java:3111-3128).
    call = rcml_call(INDEX, inputs=["2"], hangup_at=90)
    assert call.paths == ["/index.xml", "/menu.xml", "/conference.xml", "/wait.xml"]
    assert call.of_type("conference")[0]["name"] == "team-room"
