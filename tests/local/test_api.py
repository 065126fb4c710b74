"""The local Restcomm's HTTP API: credentials, status codes, formats and the records' shapes.

Shapes are checked against the spec (§5.3, §5.4) and against the fake Restcomm the client's
tests use (written from the same spec): same elements and keys, in the same order.
"""

from __future__ import annotations

import base64
import json
import logging

import pytest
from lxml import etree

from rcml.local import LocalRestcomm, LocalRestcommApp
from tests.calls.fake_restcomm import FakeCall, call_xml, participant_xml

from .conftest import ACCOUNT, OTHER, OTHER_TOKEN, SITE, TOKEN, Api

# spec §5.3, in the converter's order (keys marked "?" there are left out when null)
SPEC_CALL_JSON = [
    "sid", "InstanceId", "date_created", "date_updated", "parent_call_sid", "account_sid", "to",
    "from", "phone_number_sid", "status", "start_time", "end_time", "duration", "price_unit",
    "direction", "answered_by", "api_version", "forwarded_from", "caller_name", "uri",
    "ring_duration", "subresource_uris",
]  # fmt: skip
SPEC_PARTICIPANT_JSON = [
    "sid", "conference_sid", "date_created", "date_updated", "account_sid", "muted", "hold",
    "start_conference_on_enter", "end_conference_on_enter", "uri",
]  # fmt: skip
ALWAYS = {"sid", "InstanceId", "date_created", "date_updated", "account_sid", "to", "from",
          "status", "price_unit", "direction", "api_version", "uri", "subresource_uris"}


def _names(xml: bytes | str) -> list[str]:
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    return [child.tag for child in root]


def test_without_the_right_credentials_every_route_is_401_with_restcomms_challenge(
    api: Api,
) -> None:
    for auth in (None, (ACCOUNT, "wrong"), ("ACnobody", TOKEN), (OTHER, TOKEN)):
        answer = api("GET", "/Calls.json", auth=auth)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == 'Basic realm="Restcomm realm"'
    garbage = api("GET", "/Calls.json", auth=None, headers={"Authorization": "Basic %%%"})
    assert garbage.status_code == 401


def test_another_accounts_path_is_403_and_its_calls_are_not_listed(api: Api) -> None:
    sid = api.create()
    other = f"/restcomm/2012-04-24/Accounts/{OTHER}"
    assert api("GET", other + "/Calls.json", auth=(ACCOUNT, TOKEN)).status_code == 403
    assert api("GET", other + "/Calls.json", auth=(OTHER, OTHER_TOKEN)).json()["calls"] == []
    assert api("GET", f"{other}/Calls/{sid}.json", auth=(OTHER, OTHER_TOKEN)).status_code == 403
    assert api("GET", "/restcomm/elsewhere").status_code == 404


def test_create_answers_the_queued_call_in_json_and_in_xml(api: Api) -> None:
    data = api("POST", "/Calls.json", data={"From": "+16175551212", "To": "sip:alice@127.0.0.1",
                                            "Url": SITE + "/hello-play.xml"}).json()
    assert data["status"] == "queued" and data["direction"] == "outbound-api"
    assert (data["to"], data["from"]) == ("alice", "+16175551212")  # the user part (Call.java)
    assert data["sid"].startswith("ID") and "-CA" in data["sid"]
    assert list(data) == [k for k in SPEC_CALL_JSON if k in data] and set(data) >= ALWAYS
    assert data["uri"] == f"/2012-04-24/Accounts/{ACCOUNT}/Calls/{data['sid']}.json"
    xml = api("POST", "/Calls", data={"From": "+16175551212", "To": "+15550003",
                                      "Url": SITE + "/hello-play.xml"})
    assert xml.headers["content-type"] == "application/xml"
    root = etree.fromstring(xml.content)
    assert root.tag == "org.restcomm.connect.dao.entities.CallDetailRecord"  # no wrapper
    assert _names(etree.tostring(root[0])) == _names(call_xml(FakeCall("CA1", ACCOUNT, "a", "b")))


def test_create_refuses_what_restcomm_refuses(api: Api) -> None:
    form = {"From": "+1", "To": "+15550003", "Url": SITE + "/hello-play.xml"}
    for missing in ("From", "To", "Url"):
        answer = api("POST", "/Calls.json", data={k: v for k, v in form.items() if k != missing})
        assert (answer.status_code, answer.text) == (400, f"{missing} can not be null.")
    answer = api("POST", "/Calls.json", data={**form, "Timeout": "ten"})
    assert (answer.status_code, answer.text) == (500, 'For input string: "ten"')
    assert api("POST", "/Calls.json", data={**form, "Url": "hello.xml"}).status_code == 500


def test_unknown_calls_are_404_to_read_and_406_to_change_and_gone_ones_410(
    api: Api, local: LocalRestcomm
) -> None:
    unknown = "ID" + "0" * 32 + "-CA" + "9" * 32
    read = api("GET", f"/Calls/{unknown}.json")
    assert (read.status_code, read.content) == (404, b"")
    change = api("POST", f"/Calls/{unknown}.json", data={"Status": "completed"})
    assert (change.status_code, change.content) == (406, b"")
    assert api("POST", "/Calls/not-a-sid.json", data={"Mute": "true"}).status_code == 400
    sid = api.create(to="+15550009")  # busy: over after one ring
    local.advance(2)
    assert api.call(sid)["status"] == "busy"
    gone = api("POST", f"/Calls/{sid}.json", data={"Status": "completed"})
    assert (gone.status_code, gone.text) == (410, "Call is already completed.")


def test_a_change_with_nothing_to_change_still_unmutes_as_restcomms_does(
    api: Api, local: LocalRestcomm
) -> None:
    """Restcomm's 409 ("You can either redirect … or mute") is unreachable: Mute is parsed
    with Boolean.valueOf and is never null (CallsEndpoint.java:658, 686); the request
    un-mutes the call and answers 200."""
    sid = api.create(to="+15550003", doc="/long.xml")
    local.advance(2)
    api("POST", f"/Calls/{sid}.json", data={"Mute": "TRUE"})
    assert local.records[sid].muted
    answer = api("POST", f"/Calls/{sid}.json", data={})
    assert answer.status_code == 200 and answer.json()["sid"] == sid
    assert not local.records[sid].muted


def test_the_answer_to_a_change_is_the_call_before_it(api: Api, local: LocalRestcomm) -> None:
    sid = api.create(to="+15550003", doc="/long.xml")
    local.advance(2)
    answer = api("POST", f"/Calls/{sid}", data={"Status": "completed"})
    root = etree.fromstring(answer.content)
    assert root.tag == "RestcommResponse" and root.findtext("Call/Status") == "in-progress"
    assert root.findtext("Call/EndTime") == ""  # <EndTime/>: not ended yet
    assert api.call(sid)["status"] == "completed"


def test_json_is_asked_by_a_suffix_on_any_segment_or_by_accept(api: Api) -> None:
    sid = api.create()
    for path, headers in ((f"/Calls.json/{sid}", {}), (f"/Calls/{sid}", {"Accept": "a/json"})):
        answer = api("GET", path, headers=headers)
        assert answer.headers["content-type"] == "application/json"
        assert answer.json()["sid"] == sid
    assert api("GET", f"/Calls/{sid}").content.startswith(b"<RestcommResponse>\n  <Call>")


def test_a_page_of_calls_in_json_and_xml(api: Api, local: LocalRestcomm) -> None:
    sids = [api.create(to=f"+1555000{n}") for n in (1, 2, 3)]
    page = api("GET", "/Calls.json", params={"PageSize": "2"})
    data = page.json()
    assert [c["sid"] for c in data["calls"]] == sids[::-1][:2]  # newest first
    assert (data["page"], data["num_pages"], data["page_size"], data["total"]) == (0, 1, 2, 3)
    assert (data["start"], data["end"]) == ("0", "1")
    assert data["next_page_uri"].endswith(f"?Page=1&PageSize=2&AfterSid={sids[1]}")
    assert data["previous_page_uri"] == "null"
    assert b"\\u0026PageSize\\u003d2" in page.content  # Gson's HTML-safe escaping
    xml = etree.fromstring(api("GET", "/Calls", params={"PageSize": "2", "Page": "1"}).content)
    calls = xml.find("Calls")
    assert calls is not None and calls.get("total") == calls.get("numpages") == "1"
    assert [c.findtext("Sid") for c in calls] == [sids[0]]
    assert calls.get("nextpageuri") == "null"
    assert api("GET", "/Calls.json", params={"Page": "2", "PageSize": "2"}).status_code == 400
    assert api("GET", "/Calls.json", params={"PageSize": "0"}).status_code == 500


def test_filters_and_sorting_as_restcomms_sql(api: Api, local: LocalRestcomm) -> None:
    first = api.create(to="+15550003", doc="/long.xml")
    second = api.create(to="+15550009")
    local.advance(3)

    def sids(**query: str) -> list[str]:
        return [c["sid"] for c in api("GET", "/Calls.json", params=query).json()["calls"]]

    assert sids(To="0003") == [first]  # the end of the number
    assert sids(Status="in_progress") == [first]  # LIKE: _ is any one character
    assert sids(Status="BUSY") == [second]  # and no case
    assert sids(SortBy="DateCreated:asc") == [first, second]
    assert sids(SortBy="Unknown:asc") == [second, first]  # ignored: newest first
    assert sids(StartTime="2019-01-11") == [second, first]
    assert sids(EndTime="2019-01-10") == []
    assert api("GET", "/Calls.json", params={"SortBy": "To:up"}).status_code == 400
    assert api("GET", "/Calls.json", params={"StartTime": "yesterday"}).status_code == 400


def test_participants_and_conferences(api: Api, local: LocalRestcomm) -> None:
    sid = api.create(doc="/conference.xml")
    local.advance(10)
    [conference] = api("GET", "/Conferences.json").json()["conferences"]
    assert (conference["friendly_name"], conference["status"]) == (
        "demo-room", "RUNNING_MODERATOR_PRESENT")
    assert b"\\u003d" not in api("GET", "/Conferences.json").content  # no escaping there
    listed = api("GET", f"/Conferences/{conference['sid']}/Participants.json").json()
    [seat] = listed["calls"]
    assert list(seat) == [k for k in SPEC_PARTICIPANT_JSON if k in seat]
    assert seat["muted"] is False and "conference_sid" not in seat  # the parent call's: none
    xml = api("GET", f"/Conferences/{conference['sid']}/Participants/{sid}").content
    root = etree.fromstring(xml)
    assert root.findtext("Call/ConferenceSid") == conference["sid"]
    assert _names(etree.tostring(root[0])) == _names(
        participant_xml(FakeCall("CA1", ACCOUNT, "a", "b")))


def test_the_clock_and_transcript_extensions(api: Api) -> None:
    sid = api.create()
    state = api("POST", "/Clock.json", data={"Advance": "2.5"}).json()
    assert (state["clock"], state["now"], state["time"]) == (
        "virtual", 2.5, "2019-01-11T12:00:02.500Z")
    text = api("GET", f"/Calls/{sid}/Transcript").text
    assert "fetch      POST http://localhost/hello-play.xml -> 200" in text
    events = api("GET", f"/Calls/{sid}/Transcript.json").json()["events"]
    assert [e["type"] for e in events][:3] == ["status", "status", "fetch"]
    assert api("POST", "/Clock.json", data={"Advance": "-1"}).status_code == 400
    assert api("DELETE", "/Calls.json").status_code == 405


def test_bodies_over_the_limit_are_refused_unread(make_app: object) -> None:
    app = make_app(max_body=100)  # type: ignore[operator]
    api = Api(app)
    big = {"From": "+1", "To": "+15550003", "Url": SITE + "/hello-play.xml", "X": "x" * 200}
    answer = api("POST", "/Calls.json", data=big)
    assert (answer.status_code, answer.text) == (413, "Length larger than 100")
    assert app.restcomm.records == {}


def test_live_calls_are_bounded(make_app: object) -> None:
    api = Api(make_app(max_live_calls=2))  # type: ignore[operator]
    api.create(to="+15550000")
    api.create(to="+15550000")
    answer = api("POST", "/Calls.json", data={"From": "+1", "To": "+15550003",
                                              "Url": SITE + "/hello-play.xml"})
    assert answer.status_code == 503


def test_tokens_never_reach_the_log(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.create(Password="sip-pa55", Url=SITE + "/hello-play.xml")
    api("GET", "/Calls.json", auth=(ACCOUNT, "wr0ng-t0ken"))
    logged = caplog.text
    basic = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    assert "POST /restcomm/2012-04-24/Accounts/" in logged
    for secret in (TOKEN, basic, "wr0ng-t0ken", "sip-pa55"):
        assert secret not in logged


def test_the_app_answers_lifespan_and_closes(local: LocalRestcomm, app: LocalRestcommApp) -> None:
    import asyncio

    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[str] = []

    async def receive() -> dict[str, str]:
        return next(messages)

    async def send(message: dict[str, str]) -> None:
        sent.append(message["type"])

    asyncio.run(app({"type": "lifespan"}, receive, send))  # type: ignore[arg-type]
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert json.loads(json.dumps(local.clock_state()))["clock"] == "virtual"
