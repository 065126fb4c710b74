"""Building documents: golden output for each verb, keyword conversion, nesting."""

from __future__ import annotations

import pytest

import rcml
from rcml.builder import Dial, Gather, UssdCollect


def xml(element: rcml.Element) -> str:
    return element.to_xml(encoding="unicode")


def one(build: object) -> str:
    """The XML of a Response after ``build(response)``."""
    response = rcml.Response()
    build(response)  # type: ignore[operator]
    return xml(response)


GOLDEN = [
    (
        lambda r: r.say("Hello", voice="woman", language="fr", loop=2),
        '<Say voice="woman" language="fr" loop="2">Hello</Say>',
    ),
    (lambda r: r.play("/audio/hello.wav", loop=3), '<Play loop="3">/audio/hello.wav</Play>'),
    (lambda r: r.pause(length=3), '<Pause length="3"/>'),
    (lambda r: r.pause(), "<Pause/>"),
    (
        lambda r: r.gather(
            action="/menu",
            method="GET",
            timeout=5,
            finish_on_key="#",
            num_digits=1,
            input="dtmf_speech",
            language="en-US",
            hints=["sales", "support"],
        ),
        '<Gather action="/menu" method="GET" timeout="5" finishOnKey="#" numDigits="1"'
        ' input="dtmf_speech" language="en-US" hints="sales,support"/>',
    ),
    (
        lambda r: r.record(
            action="/rec",
            max_length=30,
            play_beep=False,
            finish_on_key="-1",
            media="audio_video",
            transcribe=True,
        ),
        '<Record action="/rec" finishOnKey="-1" maxLength="30" playBeep="false"'
        ' media="audio_video" transcribe="true"/>',
    ),
    (
        lambda r: r.dial(
            "+15550100", timeout=20, time_limit=60, caller_id="+15550199", record=True
        ),
        '<Dial timeout="20" timeLimit="60" callerId="+15550199" record="true">+15550100</Dial>',
    ),
    (lambda r: r.hangup(), "<Hangup/>"),
    (
        lambda r: r.redirect("/next.xml", method="POST"),
        '<Redirect method="POST">/next.xml</Redirect>',
    ),
    (lambda r: r.reject(reason="busy"), '<Reject reason="busy"/>'),
    (
        lambda r: r.sms("Hi", to="+15550100", from_="+15550199", action="/sms"),
        '<Sms to="+15550100" from="+15550199" action="/sms">Hi</Sms>',
    ),
    (
        lambda r: r.email(
            "Body", to="a@example.com", from_="b@example.com", subject="S", cc="c@example.com"
        ),
        '<Email to="a@example.com" from="b@example.com" cc="c@example.com" subject="S">'
        "Body</Email>",
    ),
    (lambda r: r.fax("/doc.pdf", to="+15550100"), '<Fax to="+15550100">/doc.pdf</Fax>'),
    (lambda r: r.language("en"), "<Language>en</Language>"),
    (lambda r: r.ussd_message("1. Balance"), "<UssdMessage>1. Balance</UssdMessage>"),
    (
        lambda r: r.ussd_collect(action="/ussd").ussd_message("Pick one"),
        '<UssdCollect action="/ussd"><UssdMessage>Pick one</UssdMessage></UssdCollect>',
    ),
]


@pytest.mark.parametrize(("build", "expected"), GOLDEN)
def test_golden_output_of_each_verb(build: object, expected: str) -> None:
    assert one(build) == f"<Response>{expected}</Response>"


def test_every_verb_of_the_schema_has_a_golden_test() -> None:
    tested = {rcml.parse(one(build)).children[0].tag for build, _ in GOLDEN}
    assert tested == set(rcml.builder.Response._allowed)


def test_golden_output_of_each_noun() -> None:
    dial = Dial()
    dial.number(
        "+15550100",
        url="/screen.xml",
        method="GET",
        status_callback="https://a.example/s",
        status_callback_method="POST",
        status_callback_event=["initiated", "ringing", "answered", "completed"],
    )
    dial.client("alice", name="alice")
    dial.sip("sip:bob@example.com", username="bob", password="secret")
    dial.uri("sip:carol@example.com")
    assert xml(dial) == (
        '<Dial><Number url="/screen.xml" method="GET" statusCallback="https://a.example/s"'
        ' statusCallbackMethod="POST"'
        ' statusCallbackEvent="initiated,ringing,answered,completed">+15550100</Number>'
        '<Client name="alice">alice</Client>'
        '<Sip username="bob" password="secret">sip:bob@example.com</Sip>'
        "<Uri>sip:carol@example.com</Uri></Dial>"
    )
    room = Dial().conference(
        "room",
        muted=True,
        beep=False,
        start_conference_on_enter=True,
        end_conference_on_exit=False,
        wait_url="/wait.xml",
        wait_method="GET",
        max_participants=10,
        name="room",
    )
    room.video(enable=True, mode="sfu", resolution="720p", layout="tile", overlay="Hi")
    assert xml(room) == (
        '<Conference name="room" muted="true" beep="false" startConferenceOnEnter="true"'
        ' endConferenceOnExit="false" waitUrl="/wait.xml" waitMethod="GET"'
        ' maxParticipants="10">room<Video enable="true" mode="sfu" resolution="720p"'
        ' layout="tile" overlay="Hi"/></Conference>'
    )


def test_attribute_order_is_the_schema_order_whatever_the_call_order() -> None:
    a = Gather(timeout=3, action="/a", method="GET")
    b = Gather(method="GET", action="/a", timeout=3)
    assert xml(a) == xml(b) == '<Gather action="/a" method="GET" timeout="3"/>'


def test_nesting_by_context_manager_and_by_chaining() -> None:
    r = rcml.Response()
    with r.dial(timeout=30) as d:
        d.client("alice")
    r.gather(action="/menu").say("Press 1")
    assert xml(r) == (
        '<Response><Dial timeout="30"><Client>alice</Client></Dial>'
        '<Gather action="/menu"><Say>Press 1</Say></Gather></Response>'
    )


def test_falsy_content_is_kept() -> None:
    assert xml(Dial().number(0)) == "<Number>0</Number>"
    assert xml(Dial(0)) == "<Dial>0</Dial>"
    assert xml(Gather(timeout=1, num_digits=1)) == '<Gather timeout="1" numDigits="1"/>'


def test_comma_separated_lists_and_strings() -> None:
    n = Dial().number("1", status_callback_event=("answered", "completed"))
    assert n.get("statusCallbackEvent") == "answered,completed"
    n = Dial().number("1", status_callback_event="initiated, ringing")
    assert n.get("statusCallbackEvent") == "initiated, ringing"


def test_case_insensitive_words_are_accepted_as_written() -> None:
    assert Gather(method="get").get("method") == "get"  # type: ignore[arg-type]


def test_text_runs_comments_and_append() -> None:
    collect = UssdCollect(action="/u")
    collect.add_text("Menu").add_text(" and ").add_text("more").add_comment(" shown first ")
    collect.ussd_message("1. Yes")
    collect.add_text("\n")  # blank runs may go anywhere
    assert xml(collect) == (
        '<UssdCollect action="/u">Menu and more<!-- shown first -->'
        "<UssdMessage>1. Yes</UssdMessage>\n</UssdCollect>"
    )
    assert collect.text == "Menu and more\n"
    r = rcml.Response()
    say = r.append(rcml.builder.Say("Hi"))
    assert r.children == [say]
    assert list(r) == [say]


def test_set_uses_the_same_checks_and_removes_with_none() -> None:
    d = Dial()
    d.set("time_limit", 10).set("callerId", "+1")
    assert d.attributes == {"timeLimit": "10", "callerId": "+1"}
    d.set("timeLimit", None)
    assert d.attributes == {"callerId": "+1"}
    with pytest.raises(rcml.BuildError):
        d.set("time_limit", "10")


def test_equality_ignores_nothing_but_positions() -> None:
    assert Dial(timeout=3) == Dial(timeout=3)
    assert Dial(timeout=3) != Dial(timeout=4)
    assert Dial("1") != Dial("2")
    assert Dial() != Gather()
    assert Dial() != "Dial"


def test_output_forms() -> None:
    r = rcml.Response()
    r.say("é")
    assert r.to_xml() == "<Response><Say>é</Say></Response>".encode()
    assert str(r) == r.to_xml(encoding="unicode")
    assert r.to_xml(xml_declaration=True).startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with pytest.raises(ValueError, match="encoding"):
        r.to_xml(encoding="latin-1")  # type: ignore[call-overload]
    assert repr(r).startswith("<rcml Response <Response>")


def test_pretty_printing_indents_only_elements_without_text() -> None:
    r = rcml.Response()
    with r.gather(action="/g") as g:
        g.pause()
        g.say("  Press 1  ")
    d = r.dial()
    d.add_text("+1555")
    d.add_comment("c")
    assert r.to_xml(encoding="unicode", pretty=True) == (
        "<Response>\n"
        '  <Gather action="/g">\n'
        "    <Pause/>\n"
        "    <Say>  Press 1  </Say>\n"
        "  </Gather>\n"
        "  <Dial>+1555<!--c--></Dial>\n"
        "</Response>\n"
    )


def test_escaping() -> None:
    r = rcml.Response()
    r.say("a < b & c > d ]]> \"q\" 's'\r\n")
    r.dial(caller_id='x"<&>\t\n\ry').client("alice")
    assert xml(r) == (
        "<Response><Say>a &lt; b &amp; c &gt; d ]]&gt; \"q\" 's'&#13;\n</Say>"
        '<Dial callerId="x&quot;&lt;&amp;&gt;&#9;&#10;&#13;y"><Client>alice</Client></Dial>'
        "</Response>"
    )
