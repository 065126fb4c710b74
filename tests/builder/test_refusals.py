"""What Restcomm mishandles, the builder refuses at the call (or when the element is finished),
naming the element, the attribute, what is allowed and a fix; the validator reports the same."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

import rcml
from rcml.builder import Dial, Gather, Say

Build = Callable[[rcml.Response], object]


@pytest.mark.parametrize(
    ("build", "element", "attribute", "fix"),
    [
        (lambda r: r.dial("1", timeout=-5), "Dial", "timeout", "default 30"),
        (lambda r: r.dial("1", time_limit=0), "Dial", "timeLimit", "default 14400"),
        (lambda r: r.gather(action="/g", timeout=0), "Gather", "timeout", "default 5"),
        (lambda r: r.gather(action="/g", num_digits=0), "Gather", "numDigits", "num_digits out"),
        (lambda r: r.record(action="/r", max_length=0), "Record", "maxLength", "default 3600"),
        (lambda r: r.record(action="/r", timeout=-1), "Record", "timeout", "default 5"),
        (lambda r: r.pause(length=0), "Pause", "length", "default 1"),
        (lambda r: r.play("/a.wav", loop=-1), "Play", "loop", "default 1"),
        (lambda r: r.say("Hi", loop=-3), "Say", "loop", "default 1"),
        (
            lambda r: r.dial().conference("room", max_participants=0),
            "Conference",
            "maxParticipants",
            "default 40",
        ),
        (lambda r: r.dial("1").set("timeout", -1), "Dial", "timeout", "default 30"),
    ],
)
def test_durations_and_counts_below_one_are_refused(
    build: Build, element: str, attribute: str, fix: str
) -> None:
    with pytest.raises(rcml.BuildError) as caught:
        build(rcml.Response())
    error = caught.value
    assert (error.element, error.attribute) == (element, attribute)
    assert error.allowed == ("1..2147483647",)
    assert "is not accepted on" in str(error)
    assert "give a positive number" in str(error) and fix in str(error)


def test_the_refused_values_are_what_the_validator_reports() -> None:
    document = '<Response><Dial timeout="-5">1</Dial><Record maxLength="0" action="/r"/></Response>'
    assert [f.code for f in rcml.validate(document)] == ["RCML211", "RCML211"]


def test_loop_zero_warns_and_is_written() -> None:
    r = rcml.Response()
    with pytest.warns(rcml.BuildWarning, match="Restcomm plays it once, not forever") as caught:
        r.play("/hold.wav", loop=0)
    assert caught[0].filename == __file__  # the warning points at the call, not into rcml
    assert r.to_xml() == b'<Response><Play loop="0">/hold.wav</Play></Response>'
    assert [f.code for f in r.validate()] == ["RCML211"]  # a warning there too
    with warnings.catch_warnings():
        warnings.simplefilter("error", rcml.BuildWarning)  # as a user may ask
        with pytest.raises(rcml.BuildWarning):
            r.say("Hi", loop=0)


def test_loop_zero_inside_a_gather_is_refused_when_the_gather_is_finished() -> None:
    r = rcml.Response()
    with (
        pytest.raises(rcml.BuildError, match="adds that prompt zero times") as caught,
        pytest.warns(rcml.BuildWarning),
        r.gather(action="/g") as gather,
    ):
        gather.say("Press 1", loop=0)
    assert (caught.value.element, caught.value.attribute) == ("Say", "loop")


@pytest.mark.parametrize(
    ("build", "element", "problem"),
    [
        (lambda r: r.redirect(""), "Redirect", "Restcomm skips a <Redirect> with no URL"),
        (lambda r: r.say(" \n"), "Say", "Restcomm skips a <Say> with no text"),
        (lambda r: r.play(""), "Play", "Restcomm skips a <Play> with no URL"),
        (lambda r: r.gather().play("\t"), "Play", "Restcomm skips a <Play> with no URL"),
        (lambda r: r.sms(""), "Sms", "an <Sms> with no body stops the document (error 14103)"),
        (lambda r: r.fax(""), "Fax", "<Fax> has no URL of a document to send"),
        (lambda r: Say(""), "Say", "Restcomm skips a <Say> with no text"),
    ],
)
def test_blank_text_of_a_verb_that_needs_it_is_refused(
    build: Build, element: str, problem: str
) -> None:
    with pytest.raises(rcml.BuildError) as caught:
        build(rcml.Response())
    assert caught.value.element == element
    assert f"is not accepted as the text of <{element}>: {problem}; write" in str(caught.value)


def test_blank_text_may_still_be_added_to_a_verb_that_has_text() -> None:
    assert Say("Hi").add_text("  ").text == "Hi  "


def test_voice_alice_suggests_woman() -> None:
    with pytest.raises(rcml.BuildError) as caught:
        rcml.Response().say("Hi", voice="alice")  # type: ignore[arg-type]
    error = caught.value
    assert str(error) == (
        "voice='alice' is not accepted on <Say>: expected one of 'man' or 'woman'; "
        "did you mean 'woman'?"
    )
    assert (error.element, error.attribute, error.allowed, error.suggestion) == (
        "Say",
        "voice",
        ("man", "woman"),
        "woman",
    )


def _dial_without_destination(r: rcml.Response) -> None:
    r.dial(timeout=10)


def _dial_text_and_noun(r: rcml.Response) -> None:
    r.dial("+15550100").client("alice")


def _conference_and_number(r: rcml.Response) -> None:
    dial = r.dial()
    dial.number("+15550100")
    dial.conference("room")


def _video_without_name(r: rcml.Response) -> None:
    r.dial().client("alice").video()


def _noun_without_destination(r: rcml.Response) -> None:
    r.dial().number("")


@pytest.mark.parametrize(
    ("build", "element", "code"),
    [
        (_dial_without_destination, "Dial", "RCML501"),
        (_dial_text_and_noun, "Dial", "RCML111"),
        (_conference_and_number, "Dial", "RCML112"),
        (_video_without_name, "Client", "RCML113"),
        (_noun_without_destination, "Number", "RCML501"),
    ],
)
def test_a_dial_restcomm_cannot_run_is_refused_when_it_is_written(
    build: Callable[[rcml.Response], None], element: str, code: str
) -> None:
    r = rcml.Response()
    build(r)
    assert code in [f.code for f in r.validate() if f.is_error]  # reported, not raised
    with pytest.raises(rcml.BuildError, match=f"\\({code}\\)$") as caught:
        r.to_xml()
    assert caught.value.element == element


def test_a_dial_is_refused_at_the_end_of_its_with_block() -> None:
    r = rcml.Response()
    with (
        pytest.raises(rcml.BuildError, match="Restcomm dials the text and drops the nouns"),
        r.dial("+15550100") as dial,
    ):
        dial.number("+15550101")
    with (  # the end of a Dial's block finishes the nouns in it too
        pytest.raises(rcml.BuildError, match="holds a video\\(\\) but has no name"),
        r.dial() as dial,
    ):
        dial.number("+15550101").video()


def test_text_split_by_a_comment_is_refused() -> None:
    say = Say("Your code is")
    say.add_comment(" generated ")
    say.add_text("\n")  # blank: Restcomm drops nothing
    with pytest.raises(rcml.BuildError, match="drop it for '1234'") as caught:
        say.add_text("1234")
    assert caught.value.element == "Say"
    assert "(RCML502)" in str(caught.value)
    assert say.to_xml() == b"<Say>Your code is<!-- generated -->\n</Say>"


def test_a_required_attribute_cannot_be_removed() -> None:
    email = rcml.Response().email("hi", to="a@example.com", from_="b@example.com")
    with pytest.raises(rcml.BuildError, match="to is required on <Email>") as caught:
        email.set("to", None)
    assert caught.value.attribute == "to"
    email.set("subject", "x").set("subject", None)


def test_a_misspelt_keyword_is_still_a_build_error_at_run_time() -> None:
    with pytest.raises(rcml.BuildError, match="did you mean 'num_digits'") as caught:
        Gather(num_digit=1)  # type: ignore[call-arg]
    assert (caught.value.element, caught.value.attribute) == ("Gather", "num_digit")
    with pytest.raises(TypeError):  # other mistakes stay Python's own
        Dial("1", "2")  # type: ignore[misc]


def test_no_hints_is_accepted_as_the_validator_accepts_it() -> None:
    """Found by the reverse property: an empty list of hints was refused, although Restcomm
    does not check an empty value (Parser.java:201-203) and the validator reports nothing."""
    r = rcml.Response()
    gather = r.gather(action="/g", hints=[])
    assert gather.get("hints") == ""
    assert r.validate() == []
