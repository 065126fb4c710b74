"""Verdicts that depend on the kind of document and on how Restcomm's Java code reads Dial nouns,
USSD messages and URLs: each case failed (or passed wrongly) before the rules followed the code."""

from __future__ import annotations

import pytest

import rcml
from rcml.core.document import Document
from rcml.engine.parse import parse
from rcml.rules.content import java_length, ussd_message
from rcml.rules.urls import java_resolve, wait_url_is_audio
from rcml.schema import load_schema


def _codes(document: str, context: str = "voice") -> list[tuple[int, int, str, str]]:
    return [
        (f.line, f.column, f.code, f.severity.value)
        for f in rcml.validate(document, context=context)
    ]


def test_reject_in_a_screening_document_is_an_error_and_not_a_first_reject() -> None:
    document = '<Response><Reject reason="busy"/><Say>Bye</Say></Response>'
    assert _codes(document, "screening") == [(1, 11, "RCML110", "error")]
    [finding] = rcml.validate(document, context="screening")
    assert "does nothing" in finding.message and "60 seconds" in finding.message
    assert finding.hint == "to refuse the call from a screening document, use <Hangup/>"
    # In a call the same document is the first-Reject warning, as before.
    assert _codes(document) == [(1, 34, "RCML401", "warning")]


def test_a_reject_after_a_verb_in_a_screening_document_is_not_reject_not_first() -> None:
    document = "<Response><Say>Hi</Say><Reject/></Response>"
    assert [c for _, _, c, _ in _codes(document, "screening")] == ["RCML110"]


def test_a_screening_redirect_does_not_end_the_document() -> None:
    document = "<Response><Redirect>/b.xml</Redirect><Say>Connecting</Say></Response>"
    assert _codes(document, "screening") == [(1, 11, "RCML431", "error")]
    assert [c for _, _, c, _ in _codes(document)] == ["RCML401"]


def test_a_name_without_video_is_no_destination() -> None:
    for noun in ("Number", "Client", "Sip", "Uri"):
        [finding] = rcml.validate(f'<Response><Dial><{noun} name="x"/></Dial></Response>')
        assert (finding.code, finding.severity.value) == ("RCML501", "error")
        assert "stalls" in finding.message
    [finding] = rcml.validate('<Response><Dial><Conference name="x"/></Dial></Response>')
    assert "'null'" in finding.message


def test_a_name_with_video_on_number_and_uri_is_known() -> None:
    for noun in ("Number", "Uri"):
        document = f'<Response><Dial><{noun} name="x"><Video/></{noun}></Dial></Response>'
        assert rcml.validate(document) == []


def test_conference_with_video_and_empty_name_is_one_shared_room() -> None:
    document = '<Response><Dial><Conference name=" "><Video/></Conference></Dial></Response>'
    [finding] = rcml.validate(document)
    assert finding.code == "RCML113"
    assert "names the room ''" in finding.message


def test_status_callback_method_failing_every_callback() -> None:
    document = (
        '<Response><Dial><Client statusCallback="https://a.example/s" '
        'statusCallbackMethod="PUT">alice</Client></Dial></Response>'
    )
    [finding] = rcml.validate(document)
    assert (finding.code, finding.severity.value) == ("RCML205", "warning")
    assert "every status callback of this leg fails" in finding.message


def _ussd(document: str) -> Document:
    parsed = parse(document.encode(), rcml.Limits())
    assert parsed.root is not None
    return Document(parsed.root, parsed.text, "ussd", load_schema())


def test_ussd_text_is_built_as_restcomm_builds_it() -> None:
    doc = _ussd(
        "<Response><UssdMessage>Hi</UssdMessage><UssdMessage/>"
        '<UssdCollect action="/m"><UssdMessage>1 A</UssdMessage><Foo/></UssdCollect></Response>'
    )
    assert ussd_message(doc) == "Hi\nnull1 A\nnull"
    assert ussd_message(_ussd('<Response><UssdCollect action="/m">Pick</UssdCollect></Response>'))
    assert java_length("\U0001f600a") == 3


@pytest.mark.parametrize(
    ("top", "lines", "error"),
    [
        ("x" * 91, ["y" * 91], False),  # 182: no separator between the two parts
        ("x" * 91, ["y" * 92], True),
        ("\U0001f600" * 91, [], False),  # 182 UTF-16 units
        ("\U0001f600" * 92, [], True),
    ],
)
def test_ussd_length_counts_what_restcomm_counts(top: str, lines: list[str], error: bool) -> None:
    collect = "".join(f"<UssdMessage>{line}</UssdMessage>" for line in lines)
    document = f"<Response><UssdMessage>{top}</UssdMessage>"
    if lines:
        document += f'<UssdCollect action="/m">{collect}</UssdCollect>'
    document += "</Response>"
    codes = [c for _, _, c, _ in _codes(document, "ussd")]
    assert ("RCML503" in codes) is error


def test_an_empty_ussd_message_reads_null_and_counts_four() -> None:
    document = f"<Response><UssdMessage>{'x' * 179}</UssdMessage><UssdMessage/></Response>"
    assert [c for _, _, c, _ in _codes(document, "ussd")] == ["RCML503", "RCML531"]


def test_an_empty_language_stops_before_the_length_is_counted() -> None:
    document = f"<Response><Language/><UssdMessage>{'x' * 300}</UssdMessage></Response>"
    assert [c for _, _, c, _ in _codes(document, "ussd")] == ["RCML530"]


@pytest.mark.parametrize(
    ("reference", "resolved"),
    [
        ("", "http://h/app/"),
        ("?x=1", "http://h/app/?x=1"),
        ("#top", "http://h/app/doc.xml#top"),
        ("next.xml", "http://h/app/next.xml"),
        ("/root.xml", "http://h/root.xml"),
    ],
)
def test_java_resolves_empty_and_query_only_references_to_the_folder(
    reference: str, resolved: str
) -> None:
    assert java_resolve("http://h/app/doc.xml", reference) == resolved


@pytest.mark.parametrize(
    ("url", "audio"),
    [
        ("/music/hold.wav", True),
        ("/music/hold.WAV?v=2", True),
        ("/music/hold.wa%76", True),  # java.net.URI.getPath() decodes
        ("/music/hold.mp3", False),
        ("/wait.xml?f=x.wav", False),  # the query does not count
        ("http://wav", False),
    ],
)
def test_wait_url_is_audio_as_restcomm_decides(url: str, audio: bool) -> None:
    assert wait_url_is_audio(url) is audio


def test_wait_document_checks_need_the_whole_document() -> None:
    assert _codes("<Response/>", "conference-wait") == [(1, 1, "RCML130", "error")]
    assert _codes("<Response><Say>Please wait</Say></Response>", "conference-wait") == []
