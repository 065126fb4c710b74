"""Every wrong call fails at the call, naming element, attribute and what is allowed."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest

import rcml
from rcml.builder import (
    BuildError,
    ChildNotAllowedError,
    Client,
    Comment,
    Dial,
    Gather,
    Say,
    UssdCollect,
)


def test_unknown_keyword_names_the_element_and_suggests() -> None:
    r: Any = rcml.Response()
    with pytest.raises(BuildError) as caught:
        r.dial(timout=10)
    error = caught.value
    assert str(error) == (
        "<Dial> has no attribute 'timout'; did you mean 'timeout'? "
        "(allowed: action, method, timeout, time_limit, caller_id or record)"
    )
    assert (error.element, error.attribute, error.suggestion) == ("Dial", "timout", "timeout")
    assert "time_limit" in error.allowed
    assert isinstance(error, rcml.RcmlError)


def test_camel_case_keyword_suggests_the_snake_case_one() -> None:
    with pytest.raises(BuildError, match="did you mean 'finish_on_key'"):
        Gather(finishOnKey="#")  # type: ignore[call-arg]


def test_child_not_allowed_lists_what_is_allowed_and_where_it_goes() -> None:
    r: Any = rcml.Response()
    with pytest.raises(ChildNotAllowedError) as caught:
        r.client("alice")
    assert str(caught.value) == (
        "<Client> is not allowed in <Response> (allowed here: dial(), email(), fax(), "
        "gather(), hangup(), language(), pause(), play(), record(), redirect(), reject(), "
        "say(), sms(), ussd_collect(), ussd_message()); <Client> goes in <Dial>"
    )
    gather: Any = Gather()
    with pytest.raises(
        ChildNotAllowedError,
        match=r"<Dial> is not allowed in <Gather> "
        r"\(allowed here: pause\(\), play\(\), say\(\)\); <Dial> goes in",
    ):
        gather.dial()
    assert not hasattr(r, "client")  # also an AttributeError


def test_misspelt_method_suggests_and_lists() -> None:
    r: Any = rcml.Response()
    with pytest.raises(ChildNotAllowedError, match="did you mean 'gather'"):
        r.gathr()
    assert getattr(r, "_private", None) is None


def test_append_checks_like_the_methods() -> None:
    with pytest.raises(ChildNotAllowedError, match="<Dial> is not allowed in <Gather>"):
        Gather().append(Dial())
    with pytest.raises(BuildError, match="takes Element children"):
        Gather().append("<Say/>")  # type: ignore[type-var]
    conference = Dial().conference("room", name="room")
    conference.video()
    with pytest.raises(BuildError, match="only one <Video>"):
        conference.video()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Say("Hi", loop="2"), "loop on <Say> takes int, not str '2'"),
        (lambda: Say("Hi", loop=True), "loop on <Say> takes int, not bool True"),
        (lambda: Dial(record="true"), "record on <Dial> takes bool, not str 'true'"),
        (
            lambda: Say("Hi", voice="alice"),
            "voice='alice' is not accepted on <Say>: expected one of 'man' or 'woman'",
        ),
        (
            lambda: Say("Hi", voice="women"),
            "voice='women' is not accepted on <Say>: expected one of 'man' or 'woman'; "
            "did you mean 'woman'?",
        ),
        (lambda: Dial().number("1", status_callback_event=["answerd"]), "did you mean 'answered'?"),
        (
            lambda: Gather(finish_on_key="x"),
            "finishOnKey='x' is not accepted on <Gather>: One to twelve DTMF keys",
        ),
        (lambda: Gather(timeout=2**31), "timeout='2147483648' is not accepted on <Gather>"),
        (
            lambda: Gather(action="http://x y"),
            "action='http://x y' on <Gather> is not a URL Restcomm can parse: a space",
        ),
        (lambda: rcml.Response().play("a b"), "'a b' in <Play> is not a URL Restcomm can parse"),
        (lambda: Say(3), "the text of <Say> takes str, not int 3"),
        (lambda: Say("a\x00b"), "the text of <Say> holds the control character U+0000"),
        (lambda: Dial(caller_id="\x1b"), "callerId on <Dial> holds the control character"),
        (
            lambda: Dial().number("1", status_callback_event=["rang"]),
            "statusCallbackEvent='rang' is not accepted on <Number>: expected one of",
        ),
        (
            lambda: Dial().number("1", status_callback_event="initiated ringing"),
            "statusCallbackEvent='initiated ringing' is not accepted",
        ),
        (
            lambda: Dial().number("1", status_callback_event=[]),
            "statusCallbackEvent='' is not accepted on <Number>",
        ),
        (
            lambda: Dial().number("1", status_callback_event=3),
            "takes str or a list of str, not int",
        ),
        (lambda: Gather(hints=["a,b"]), "may not hold a comma"),
        (lambda: Gather(hints=["x"] * 51), "Restcomm allows at most 50"),
        (lambda: Gather(hints="y" * 101), "each at most 100 characters"),
        (lambda: Gather().add_text("x"), "<Gather> holds no text"),
        (lambda: Gather().set("nope", 1), "<Gather> has no attribute 'nope'"),
        (lambda: Comment("a--b"), "may not hold '--'"),
        (lambda: Comment(3), "a comment takes str"),  # type: ignore[arg-type]
    ],
)
def test_wrong_values_fail_at_the_call(call: Any, message: str) -> None:
    with pytest.raises(BuildError) as caught:
        call()
    assert message in str(caught.value)


def test_the_base_class_is_not_built_directly() -> None:
    with pytest.raises(TypeError, match="common base"):
        rcml.Element()


def test_required_keywords_are_required() -> None:
    with pytest.raises(TypeError, match="'to' and 'from_'"):
        rcml.Response().email("hi")  # type: ignore[call-arg]


def test_errors_survive_pickling() -> None:
    error = ChildNotAllowedError("m", element="Say", attribute="loop", allowed=("a",))
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ChildNotAllowedError
    assert (str(copy), copy.element, copy.attribute, copy.allowed) == ("m", "Say", "loop", ("a",))


# What the validator reports as an error, the builder refuses at the call.


@pytest.mark.parametrize(
    ("build", "element", "attribute"),
    [
        (lambda r: r.gather(action=""), "Gather", "action"),
        (lambda r: r.record(action="  "), "Record", "action"),
        (lambda r: r.email("hi", to="", from_="pbx@example.com"), "Email", "to"),
        (lambda r: r.gather(action="/g").set("action", ""), "Gather", "action"),
    ],
    ids=["gather-action", "record-action", "email-to", "set"],
)
def test_an_empty_value_restcomm_fails_on_is_refused(
    build: Callable[[rcml.Response], object], element: str, attribute: str
) -> None:
    with pytest.raises(rcml.BuildError, match="is empty: Restcomm takes it as present") as info:
        build(rcml.Response())
    assert (info.value.element, info.value.attribute) == (element, attribute)


def test_a_gather_ending_with_pause_is_refused_when_it_is_finished() -> None:
    r = rcml.Response()
    with (
        pytest.raises(rcml.BuildError, match="ends with <Pause>") as info,
        r.gather(action="/g") as g,
    ):
        g.say("Press 1")
        g.pause()
    assert info.value.element == "Gather"
    loose = rcml.Response()
    gather = loose.gather(action="/g")
    gather.pause()  # fine so far: a prompt may follow
    with pytest.raises(rcml.BuildError, match="end the Gather with say\\(\\) or play\\(\\)"):
        loose.to_xml()
    gather.play("/menu.wav")
    assert (
        loose.to_xml()
        == b'<Response><Gather action="/g"><Pause/><Play>/menu.wav</Play></Gather></Response>'
    )
    assert [f.code for f in _trailing_pause().validate()] == ["RCML411"]  # reported, not raised


def _trailing_pause() -> rcml.Response:
    r = rcml.Response()
    r.gather(action="/g").pause()
    return r


def test_a_media_url_the_cache_fails_on_is_refused() -> None:
    r = rcml.Response()
    with pytest.raises(rcml.BuildError, match="contains 'hash'") as info:
        r.play("/media/hashtag.wav")
    assert info.value.element == "Play"
    r.play("/media/hashtag.wav#hash=1")
    r.redirect("/hash/next.xml")  # fetched as a document, not through the media cache


def test_hints_are_refused_exactly_where_restcomm_fails() -> None:
    r = rcml.Response()
    r.gather(action="/g", hints=",".join(["w"] * 50) + ",,")  # Java's split drops the empties
    with pytest.raises(rcml.BuildError, match="at most 50"):
        r.gather(action="/g", hints=["\U0001f600" * 51])  # 102 UTF-16 code units
    with pytest.raises(rcml.BuildError, match="at most 50"):
        r.gather(action="/g", hints=["a", " " + "x" * 100])  # Java trims the value, not a phrase


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # RCML220: "" is a present value to Restcomm.
        (lambda: Dial(action=""), "action='' on <Dial> is empty: Restcomm takes it as present"),
        (lambda: Dial().client("alice", url=" "), "and fetches the document's folder"),
        (lambda: UssdCollect(action=""), "and the reply goes nowhere; give a URL"),
        (lambda: Dial().client("a", status_callback=""), "and no status callback arrives"),
        # RCML231: statusCallback is used as written.
        (lambda: Dial().sip("sip:a@b.c", status_callback="/events"), "is relative"),
        # RCML232: a waitUrl is played only when it ends in wav.
        (lambda: Dial().conference("room", wait_url="/hold.mp3"), "this .mp3 file"),
        # RCML501: name is read only with a Video child.
        (lambda: Dial().client(name="alice"), "<Client> has name='alice' but no text"),
        (lambda: Dial().conference(name="room"), "the room is named 'null'"),
        (lambda: Dial().append(Client(name="bob")), "<Client> has name='bob' but no text"),
        # RCML113: a blank name with a Video child.
        (lambda: Dial().number("1", name=""), "name='' on <Number>: Restcomm reads a blank"),
        # RCML530, RCML531: blank USSD text.
        (lambda: rcml.Response().language(" "), "<Language> needs text"),
        (lambda: UssdCollect(action="/m").ussd_message(""), "the word 'null'"),
    ],
)
def test_what_restcomm_fails_on_is_refused_at_the_call(call: Any, message: str) -> None:
    with pytest.raises(BuildError, match=re.escape(message)):
        call()


def test_a_named_noun_is_built_with_its_text_or_whole() -> None:
    dial = Dial()
    dial.client("alice", name="alice").video(enable=True)
    noun = Client(name="bob")
    noun.video()
    dial.append(noun)
    assert dial.to_xml(encoding="unicode") == (
        '<Dial><Client name="alice">alice<Video enable="true"/></Client>'
        '<Client name="bob"><Video/></Client></Dial>'
    )
    response = rcml.Response()
    response.append(dial)
    assert response.validate() == []
