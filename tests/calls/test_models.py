"""Reading Calls API answers: JSON and XML into the same typed results; masking secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcml.calls import Call, Participant, UnexpectedResponseError
from rcml.calls._decode import error_message, read_calls, read_participant
from rcml.calls._secrets import Redactor, mask_url, split_userinfo

from .fake_restcomm import FakeCall, call_json, call_xml, make_sid

# A Call as spec §5.3 describes it, in each format (hand-written, not produced by the fake).
CALL_JSON = b"""{
  "sid": "CA0123456789abcdef0123456789abcdef",
  "InstanceId": "ID0123456789abcdef0123456789abcdef",
  "date_created": "Tue, 5 Mar 2013 10:00:00 +0000",
  "date_updated": "Tue, 5 Mar 2013 10:00:42 +0000",
  "account_sid": "AC0123456789abcdef0123456789abcdef",
  "to": "sip:alice@example.com",
  "from": "+15550100",
  "status": "completed",
  "start_time": "2013-03-05T10:00:05.000-05:00",
  "end_time": "2013-03-05T10:00:42.123Z",
  "duration": 37,
  "price_unit": "USD",
  "direction": "outbound-api",
  "answered_by": null,
  "api_version": "2012-04-24",
  "forwarded_from": null,
  "caller_name": "null",
  "uri": "/restcomm/2012-04-24/Accounts/AC0123456789abcdef0123456789abcdef/Calls/CA01.json",
  "ring_duration": 4,
  "subresource_uris": {"notifications": "/n.json", "recordings": "/r.json"}
}"""

CALL_XML = b"""<RestcommResponse>
  <Call>
    <Sid>CA0123456789abcdef0123456789abcdef</Sid>
    <InstanceId>ID0123456789abcdef0123456789abcdef</InstanceId>
    <DateCreated>Tue, 5 Mar 2013 10:00:00 +0000</DateCreated>
    <DateUpdated>Tue, 5 Mar 2013 10:00:42 +0000</DateUpdated>
    <ParentCallSid/>
    <AccountSid>AC0123456789abcdef0123456789abcdef</AccountSid>
    <To>sip:alice@example.com</To>
    <From>+15550100</From>
    <PhoneNumberSid/>
    <Status>completed</Status>
    <StartTime>2013-03-05T10:00:05.000-05:00</StartTime>
    <EndTime>2013-03-05T10:00:42.123Z</EndTime>
    <Duration>37</Duration>
    <Price>0.25</Price>
    <PriceUnit>USD</PriceUnit>
    <Direction>outbound-api</Direction>
    <AnsweredBy/>
    <ApiVersion>2012-04-24</ApiVersion>
    <ForwardedFrom/>
    <CallerName>null</CallerName>
    <Uri>/restcomm/2012-04-24/Accounts/AC0123456789abcdef0123456789abcdef/Calls/CA01</Uri>
    <SubresourceUris><Notifications>/n</Notifications><Recordings>/r</Recordings></SubresourceUris>
    <Ring_duration>4</Ring_duration>
  </Call>
</RestcommResponse>"""


def test_json_call_golden() -> None:
    (call,) = read_calls(CALL_JSON)
    assert call == Call(
        sid="CA0123456789abcdef0123456789abcdef",
        instance_id="ID0123456789abcdef0123456789abcdef",
        date_created=datetime(2013, 3, 5, 10, 0, tzinfo=UTC),
        date_updated=datetime(2013, 3, 5, 10, 0, 42, tzinfo=UTC),
        account_sid="AC0123456789abcdef0123456789abcdef",
        to="sip:alice@example.com",
        from_="+15550100",
        status="completed",
        start_time=datetime(2013, 3, 5, 10, 0, 5, tzinfo=timezone(timedelta(hours=-5))),
        end_time=datetime(2013, 3, 5, 10, 0, 42, 123000, tzinfo=UTC),
        duration=37,
        price_unit="USD",
        direction="outbound-api",
        api_version="2012-04-24",
        caller_name="null",
        uri="/restcomm/2012-04-24/Accounts/AC0123456789abcdef0123456789abcdef/Calls/CA01.json",
        ring_duration=4,
        subresource_uris={"notifications": "/n.json", "recordings": "/r.json"},
    )
    assert call.raw["from"] == "+15550100"


def test_xml_call_reads_like_json() -> None:
    (from_xml,) = read_calls(CALL_XML)
    (from_json,) = read_calls(CALL_JSON)
    assert from_xml.price == "0.25"
    differs = {"price", "uri", "subresource_uris"}
    for name in Call.__dataclass_fields__:
        if name not in differs | {"raw"}:
            assert getattr(from_xml, name) == getattr(from_json, name), name
    assert from_xml.subresource_uris == {"notifications": "/n", "recordings": "/r"}


def test_xml_call_under_any_wrapper_and_several_calls() -> None:
    inner = CALL_XML.split(b"<RestcommResponse>")[1].split(b"</RestcommResponse>")[0]
    xstream = (
        b"<org.restcomm.connect.dao.entities.CallDetailRecord>"
        + inner
        + (b"</org.restcomm.connect.dao.entities.CallDetailRecord>")
    )
    assert read_calls(xstream)[0].sid == "CA0123456789abcdef0123456789abcdef"
    several = b"<RestcommResponse><Calls page='0'>" + inner + inner + b"</Calls></RestcommResponse>"
    assert len(read_calls(several)) == 2
    assert read_calls(b"[" + CALL_JSON + b"," + CALL_JSON + b"]")[1].duration == 37


def test_participant_json_and_xml() -> None:
    body_json = b"""{"sid": "CA1", "conference_sid": "CAparent", "muted": true, "hold": false,
        "start_conference_on_enter": true, "end_conference_on_enter": true,
        "date_created": "Tue, 5 Mar 2013 10:00:00 +0000", "account_sid": "AC1", "uri": "/u"}"""
    participant = read_participant(body_json, conference_sid="CF1")
    assert participant == Participant(
        sid="CA1",
        conference_sid="CF1",
        date_created=datetime(2013, 3, 5, 10, 0, tzinfo=UTC),
        account_sid="AC1",
        muted=True,
        hold=False,
        start_conference_on_enter=True,
        end_conference_on_exit=True,
        uri="/u",
    )
    body_xml = (
        b"<RestcommResponse><Call><Sid>CA1</Sid><ConferenceSid>CF1</ConferenceSid>"
        b"<Muted>false</Muted><Hold>true</Hold><EndConferenceOnEnter>false</EndConferenceOnEnter>"
        b"</Call></RestcommResponse>"
    )
    participant = read_participant(body_xml)
    assert (participant.conference_sid, participant.muted, participant.hold) == ("CF1", False, True)
    assert participant.end_conference_on_exit is False


@pytest.mark.parametrize(
    "body",
    [b"", b"{not json", b"<RestcommResponse><Other/></RestcommResponse>", b"[1, 2]", b"<a>"],
)
def test_unreadable_answers_raise_a_clear_error(body: bytes) -> None:
    with pytest.raises(UnexpectedResponseError):
        read_calls(body)


def test_xml_answers_are_parsed_without_entities() -> None:
    evil = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Call><Sid>&x;</Sid></Call>'
    with pytest.raises(UnexpectedResponseError):
        read_calls(evil)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<RestcommResponse><Message>From can not be null.</Message></RestcommResponse>",
         "From can not be null."),
        (b'{"message": "Call is already completed."}', "Call is already completed."),
        (b"Internal\x00 error\n\nwith  lines", "Internal error with lines"),
        (b"", ""),
    ],
)  # fmt: skip
def test_error_messages(body: bytes, message: str) -> None:
    assert error_message(body) == message


def test_error_message_is_clipped() -> None:
    assert len(error_message(b"x" * 5000)) == 300


@given(
    status=st.sampled_from(["queued", "ringing", "in-progress", "completed", "canceled"]),
    from_=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1),
    to=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1),
    updated=st.integers(0, 10**6),
)
def test_json_and_xml_agree_for_any_call(status: str, from_: str, to: str, updated: int) -> None:
    """Whatever the values, the two formats of one call read into the same fields."""
    fake = FakeCall(make_sid("CA", 5), make_sid("AC", 6), from_, to, status=status, updated=updated)
    import json

    (from_json,) = read_calls(json.dumps(call_json(fake)).encode())
    (from_xml,) = read_calls(f"<RestcommResponse>{call_xml(fake)}</RestcommResponse>".encode())
    assert (from_json.from_, from_json.to) == (from_.strip() or None, to.strip() or None)
    for name in ("sid", "status", "from_", "to", "date_updated", "start_time", "duration"):
        assert getattr(from_json, name) == getattr(from_xml, name), name


# ------------------------------------------------------------------------------ secrets


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("https://user:pa55@host/a.xml", "https://***@host/a.xml"),
        ("https://user@host/a.xml?x=1", "https://***@host/a.xml?x=1"),
        ("https://host/a.xml", "https://host/a.xml"),
        ("see http://a:b@h/x and https://c:d@i/y", "see http://***@h/x and https://***@i/y"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_split_userinfo_decodes() -> None:
    assert split_userinfo("https://us%40er:p%3Ass@host:8080/a.xml?q=1") == (
        "https://host:8080/a.xml?q=1",
        "us@er",
        "p:ss",
    )
    assert split_userinfo("https://host/a") == ("https://host/a", None, None)


@given(
    user=st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1),
    password=st.text(st.characters(codec="ascii", categories=("L", "N", "P")), min_size=8),
)
def test_masking_never_leaks_embedded_credentials(user: str, password: str) -> None:
    encoded = f"https://{user}:{quote(password, safe='')}@host/app.xml"
    raw = f"https://{user}:{password.replace('/', '')}@host/app.xml"  # as a user may type it
    for url in (encoded, raw):
        shown = Redactor([password])(f"fetch of {url} failed")
        assert password not in shown and f"//{user}:" not in shown  # "s:" is in "https:"
        assert shown == "fetch of https://***@host/app.xml failed"


def test_redactor_masks_known_secrets_longest_first() -> None:
    redact = Redactor(["token-1", "token-123", None, "ab"])
    assert redact("a token-123 b token-1 c ab") == "a *** b *** c ab"
