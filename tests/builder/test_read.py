"""Typed attribute access: parsed (and built) elements read back as Python values."""

from __future__ import annotations

import rcml
from rcml.builder import Client, Dial, Gather, Number, Record, Say

DOCUMENT = b"""<Response>
  <Gather action="/menu" numDigits="1" timeout=" 7 " method="get" input="dtmf speech">
    <Say voice="woman" loop="2">Press 1</Say>
  </Gather>
  <Record action="/r" playBeep="FALSE" transcribe="yes" maxLength="ten"/>
  <Dial record="true" timeLimit="99999999999">
    <Client statusCallbackEvent="initiated, answered" statusCallback="/s">alice</Client>
    <Number statusCallbackEvent="initiated ringing">+15550100</Number>
  </Dial>
  <Say voice="alice">Bye</Say>
</Response>"""


def test_valid_values_come_back_typed() -> None:
    document = rcml.parse(DOCUMENT)
    gather = document.find(Gather)
    assert gather is not None
    assert gather.num_digits == 1 and type(gather.num_digits) is int
    assert gather.timeout == 7  # trimmed, as Restcomm reads it
    assert gather.action == "/menu"
    assert gather.method == "get"  # a word Restcomm accepts stays as written
    assert gather.finish_on_key is None  # absent
    say = gather.find(Say)
    assert say is not None
    assert (say.voice, say.loop) == ("woman", 2)
    dial = document.find(Dial)
    assert dial is not None
    assert dial.record is True
    client = document.find(Client)
    assert client is not None
    assert client.status_callback_event == ["initiated", "answered"]


def test_invalid_values_stay_readable_as_written() -> None:
    document = rcml.parse(DOCUMENT)
    record = document.find(Record)
    assert record is not None
    assert record.play_beep is False  # "FALSE": Java's parseBoolean reads any case
    assert record.transcribe == "yes"  # not a boolean: the string as written
    assert record.max_length == "ten"
    dial = document.find(Dial)
    assert dial is not None
    assert dial.time_limit == "99999999999"  # not a Java int
    number = dial.find(Number)
    assert number is not None
    assert number.status_callback_event == "initiated ringing"  # TwiML's spaces: not a list
    assert document.find_all(Say)[1].voice == "alice"


def test_nothing_is_lost_on_the_round_trip() -> None:
    document = rcml.parse(DOCUMENT)
    assert rcml.parse(document.to_xml()) == document
    assert b'timeout=" 7 "' in document.to_xml()


def test_built_elements_read_the_same_way() -> None:
    r = rcml.Response()
    gather = r.gather(action="/g", num_digits=4, timeout=10)
    gather.say("Your PIN", voice="man")
    dial = r.dial("+15550100", record=False)
    assert (gather.num_digits, gather.timeout, gather.hints) == (4, 10, None)
    assert dial.record is False
    assert Dial().client("bob", status_callback_event=("ringing",)).status_callback_event == [
        "ringing"
    ]


def test_find_all_is_in_document_order_and_typed() -> None:
    document = rcml.parse(DOCUMENT)
    assert [s.text for s in document.find_all(Say)] == ["Press 1", "Bye"]
    assert document.find(rcml.builder.Hangup) is None
    assert [e.tag for e in document.find_all(rcml.Element)][:3] == ["Gather", "Say", "Record"]
