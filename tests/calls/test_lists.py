"""Listing calls (filters, sorting, paging), a conference's participants, a call's recordings."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rcml.calls import (
    BadRequestError,
    CallsClient,
    InvalidRequestError,
    Page,
    UnknownCallError,
)

from .conftest import ACCOUNT
from .fake_lists import FakeRecording
from .fake_restcomm import FakeRestcomm, make_sid

CALLS_PATH = f"/restcomm/2012-04-24/Accounts/{ACCOUNT}/Calls.json"


def _sids(page: Page) -> list[str | None]:  # type: ignore[type-arg]
    return [item.sid for item in page.items]


def _same(item: object) -> object:
    """An item without what JSON and XML write differently (the .json of URIs, XML's price)."""
    changes = {"uri": None}
    if hasattr(item, "subresource_uris"):
        changes |= {"subresource_uris": {}, "price": None}
    return dataclasses.replace(item, **changes)  # type: ignore[type-var]


def test_filters_are_sent_as_restcomm_reads_them(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    client.list_calls(
        to="0100",
        from_="client:bob",
        status="in-progress",
        start_date=dt.date(2026, 3, 1),
        end_date="2026-03-31",
        parent_call_sid=make_sid("CA", 1),
        conference_sid=make_sid("CF", 2),
        sort_by="Duration",
        descending=True,
        page=0,
        page_size=20,
    )
    (request,) = restcomm.requests
    assert (request.method, request.path) == ("GET", CALLS_PATH)
    assert request.query == {
        "To": "0100",
        "From": "client:bob",
        "Status": "in_progress",  # LIKE: matches in-progress and IN_PROGRESS alike
        "StartTime": "2026-03-01",
        "EndTime": "2026-03-31",
        "ParentCallSid": make_sid("CA", 1),
        "ConferenceSid": make_sid("CF", 2),
        "SortBy": "Duration:desc",
        "Page": "0",
        "PageSize": "20",
    }


def test_status_finds_both_spellings_restcomm_stores(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    inbound = restcomm.add_call(status="in-progress", direction="inbound")
    dialed = restcomm.add_call(status="IN_PROGRESS")  # as Call.java writes the legs it dials
    restcomm.add_call(status="ringing")
    page = client.list_calls(status="in-progress")
    assert _sids(page) == [inbound.sid, dialed.sid]
    assert [c.state for c in page.items] == ["in-progress", "in-progress"]


def test_to_and_from_match_the_end_of_the_number(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    hit = restcomm.add_call(to="+15550100", from_="+15559999")
    restcomm.add_call(to="+15550100", from_="+15558888")
    restcomm.add_call(to="+15550199", from_="+15559999")
    assert _sids(client.list_calls(to="0100", from_="9999")) == [hit.sid]


def test_days_sorting_and_paging_fields(client: CallsClient, restcomm: FakeRestcomm) -> None:
    early = restcomm.add_call(start_time="2026-03-01T10:00:00Z", end_time="2026-03-01T10:05Z")
    late = restcomm.add_call(start_time="2026-03-09T10:00:00Z", end_time="2026-03-09T10:05Z")
    assert _sids(client.list_calls(start_date="2026-03-05")) == [late.sid]
    assert _sids(client.list_calls(end_date=dt.date(2026, 3, 5))) == [early.sid]
    assert _sids(client.list_calls(descending=True)) == [late.sid, early.sid]
    page = client.list_calls()
    assert (page.page, page.page_size, page.num_pages, page.total) == (0, 50, 0, 2)
    assert (page.start, page.end, page.next_page) == (0, 2, None)
    assert page.previous_page_uri is None and page.next_page_uri is None  # Restcomm's "null"
    assert page.first_page_uri == f"/2012-04-24/Accounts/{ACCOUNT}/Calls?Page=0&PageSize=50"


@pytest.mark.parametrize(("count", "requests"), [(7, 3), (6, 2), (0, 1)])
def test_iter_calls_walks_the_pages(
    client: CallsClient, restcomm: FakeRestcomm, count: int, requests: int
) -> None:
    made = [restcomm.add_call().sid for _ in range(count)]
    assert [c.sid for c in client.iter_calls(page_size=3)] == made
    assert [r.query.get("Page") for r in restcomm.requests] == [str(n) for n in range(requests)]


def test_iter_calls_stops_at_the_limit(client: CallsClient, restcomm: FakeRestcomm) -> None:
    made = [restcomm.add_call().sid for _ in range(7)]
    assert [c.sid for c in client.iter_calls(page_size=3, limit=4)] == made[:4]
    assert len(restcomm.requests) == 2


def test_xml_pages_read_like_json(
    client: CallsClient, xml_client: CallsClient, restcomm: FakeRestcomm
) -> None:
    for _ in range(5):
        restcomm.add_call()
    from_json = client.list_calls(page=1, page_size=2)
    from_xml = xml_client.list_calls(page=1, page_size=2)
    assert [_same(c) for c in from_xml.items] == [_same(c) for c in from_json.items]
    assert len(from_xml.items) == 2
    assert (from_xml.page, from_xml.num_pages, from_xml.next_page) == (1, 2, 2)
    assert from_json.total == 5 and from_xml.total is None  # XML's total repeats numpages
    assert from_xml.next_page_uri == from_json.next_page_uri is not None


def test_asking_past_the_last_page_is_restcomms_400(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    restcomm.add_call()
    with pytest.raises(BadRequestError):
        client.list_calls(page=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "in-progres"}, "did you mean 'in-progress'?"),
        ({"status": "active"}, "status='active' is not accepted: expected 'queued', "),
        ({"sort_by": "Durration"}, "did you mean 'Duration'?"),
        ({"page": -1}, "page must be between 0 and"),
        ({"page_size": 0}, "page_size must be between 1 and"),
        ({"page_size": True}, "page_size takes an int, not bool"),
        ({"start_date": "2026-13-01"}, "start_date takes a day such as 2024-05-31"),
        ({"end_date": dt.datetime(2026, 3, 1, 10)}, "not a datetime"),
        ({"stauts": "ringing"}, "list_calls has no filter 'stauts'; did you mean 'status'?"),
        ({"to": ""}, "to takes a non-empty str"),
        ({"conference_sid": "CF/../x"}, "must be a SID"),
    ],
)
def test_filters_restcomm_would_mishandle_are_refused(
    client: CallsClient, restcomm: FakeRestcomm, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.list_calls(**kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert restcomm.requests == []


def test_conference_participants(
    client: CallsClient, xml_client: CallsClient, restcomm: FakeRestcomm
) -> None:
    room = make_sid("CF", 7)
    parent = make_sid("CA", 0xF00)
    one = restcomm.add_call(conference_sid=room, parent_call_sid=parent, muted=True)
    two = restcomm.add_call(conference_sid=room)
    restcomm.add_call(conference_sid=room, status="completed")  # left: not running
    restcomm.add_call(conference_sid=make_sid("CF", 8))
    page = client.list_participants(room)
    assert _sids(page) == [one.sid, two.sid]
    # JSON's conference_sid is the parent call's SID (Restcomm's quirk): the client puts back
    # the conference it asked about, and keeps the original in raw.
    assert [p.conference_sid for p in page.items] == [room, room]
    assert page.items[0].raw["conference_sid"] == parent
    assert [p.muted for p in page.items] == [True, False]
    from_xml = xml_client.list_participants(room).items
    assert [_same(p) for p in from_xml] == [_same(p) for p in page.items]
    assert restcomm.requests[0].path.endswith(f"/Conferences/{room}/Participants.json")


def test_read_one_participant_and_an_unknown_one(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    room = make_sid("CF", 7)
    call = restcomm.add_call(conference_sid=room, hold=True)
    participant = client.get_participant(room, call.sid)
    assert (participant.sid, participant.conference_sid, participant.hold) == (call.sid, room, True)
    with pytest.raises(UnknownCallError) as caught:
        client.get_participant(room, make_sid("CA", 0xDEAD))
    assert caught.value.status == 404


def test_recordings_of_a_call(
    client: CallsClient, xml_client: CallsClient, restcomm: FakeRestcomm
) -> None:
    call = restcomm.add_call()
    restcomm.recordings[call.sid] = [
        FakeRecording(make_sid("RE", 1), ACCOUNT, call.sid, 12.5),
        FakeRecording(make_sid("RE", 2), ACCOUNT, call.sid, 3.0),
    ]
    recordings = client.list_recordings(call.sid)
    assert [(r.sid, r.call_sid, r.duration) for r in recordings] == [
        (make_sid("RE", 1), call.sid, 12.5),
        (make_sid("RE", 2), call.sid, 3.0),
    ]
    assert recordings[0].file_uri is not None and recordings[0].file_uri.endswith(".wav")
    assert recordings[0].date_created == dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)
    assert [_same(r) for r in xml_client.list_recordings(call.sid)] == [
        _same(r) for r in recordings
    ]
    assert client.list_recordings(restcomm.add_call().sid) == []
    assert restcomm.requests[0].path == f"{CALLS_PATH[:-5]}/{call.sid}/Recordings.json"
