"""Lists in the fake Restcomm: filters, sorting, paging and recordings, as the Java does them.

Written from CallsEndpoint.java (getCalls, L218-417), CallDetailRecordFilter.java, the SQL of
call-detail-records.xml (LIKE comparisons; MariaDB's default collation ignores case) and
CallDetailRecordListConverter.java, quirks included: ``To``/``From`` match the end of the
value, ``num_pages`` is the last page's number, the XML ``total`` repeats it, and the URIs of
missing pages are the string ``"null"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from .fake_restcomm import FakeCall

API = "2012-04-24"
CREATED = datetime.fromisoformat("2026-03-05T10:00:00+00:00")


@dataclass
class FakeRecording:
    sid: str
    account_sid: str
    call_sid: str
    duration: float = 12.0


def like(pattern: str, value: str | None) -> bool:
    """SQL ``value LIKE pattern``, without case (MariaDB's default collation)."""
    if value is None:
        return False
    regex = "".join(
        ".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern
    )
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL) is not None


def _day(iso: str | None) -> date | None:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).date() if iso else None


_SORT_KEYS = {
    "DateCreated": lambda c: c.created,
    "From": lambda c: c.from_,
    "To": lambda c: c.to,
    "Direction": lambda c: c.direction,
    "Status": lambda c: c.status,
    "Duration": lambda c: c.duration or 0,
    "Price": lambda c: 0,
}


def list_calls(calls: list[FakeCall], query: dict[str, str]) -> list[FakeCall]:
    """The calls ``query`` selects, in the order it asks for."""
    found = list(calls)
    for name, attr, prefix in (
        ("To", "to", "%"),
        ("From", "from_", "%"),
        ("Status", "status", ""),
        ("ParentCallSid", "parent_call_sid", ""),
        ("ConferenceSid", "conference_sid", ""),
    ):
        if name in query:
            found = [c for c in found if like(prefix + query[name], getattr(c, attr))]
    if "StartTime" in query:
        start = date.fromisoformat(query["StartTime"])
        found = [c for c in found if (d := _day(c.start_time)) is not None and d >= start]
    if "EndTime" in query:
        end = date.fromisoformat(query["EndTime"])
        found = [c for c in found if (d := _day(c.end_time)) is not None and d <= end]
    sort = query.get("SortBy")
    if sort:
        field, _, direction = sort.partition(":")
        if field in _SORT_KEYS:  # any other field: no sorting (CallsEndpoint.java:286-350)
            found.sort(key=_SORT_KEYS[field], reverse=direction.lower() == "desc")
    return found


def _paging(
    page: int, size: int, total: int, uri: str, items: list[FakeCall]
) -> dict[str, Any]:
    last = total // size
    base = f"{uri}?Page="
    return {
        "page": page,
        "num_pages": last,
        "page_size": size,
        "total": total,
        "start": str(page * size),
        "end": str(page * size + len(items) if page == last else size - 1 + page * size),
        "uri": uri,
        "first_page_uri": f"{base}0&PageSize={size}",
        "previous_page_uri": "null" if page == 0 else f"{base}{page - 1}&PageSize={size}",
        "next_page_uri": (
            "null" if page == last
            else f"{base}{page + 1}&PageSize={size}&AfterSid={items[size - 1].sid}"
        ),
        "last_page_uri": f"{base}{last}&PageSize={size}",
    }


def page_json(
    records: list[dict[str, Any]], page: int, size: int, total: int, uri: str,
    items: list[FakeCall],
) -> dict[str, Any]:  # fmt: skip
    return {**_paging(page, size, total, uri, items), "calls": records}


def page_xml(
    records: list[str], page: int, size: int, total: int, uri: str, items: list[FakeCall]
) -> str:
    p = _paging(page, size, total, uri, items)
    names = {
        "page": "page", "num_pages": "numpages", "page_size": "pagesize", "start": "start",
        "end": "end", "uri": "uri", "first_page_uri": "firstpageuri",
        "previous_page_uri": "previouspageuri", "next_page_uri": "nextpageuri",
        "last_page_uri": "lastpageuri",
    }  # fmt: skip
    attributes = {names[k]: str(v) for k, v in p.items() if k in names}
    attributes["total"] = str(p["num_pages"])  # the converter's own slip (line 66)
    attrs = " ".join(f"{k}={quoteattr(v)}" for k, v in attributes.items())
    return f"<RestcommResponse><Calls {attrs}>{''.join(records)}</Calls></RestcommResponse>"


def _recording_uri(r: FakeRecording) -> str:
    return f"/{API}/Accounts/{r.account_sid}/Recordings/{r.sid}"


def recording_json(r: FakeRecording) -> dict[str, Any]:
    return {
        "sid": r.sid,
        "date_created": format_datetime(CREATED),
        "date_updated": format_datetime(CREATED),
        "account_sid": r.account_sid,
        "call_sid": r.call_sid,
        "duration": str(r.duration),  # Double.toString (AbstractConverter.java:133)
        "api_version": API,
        "uri": _recording_uri(r) + ".json",
        "file_uri": f"http://127.0.0.1/restcomm{_recording_uri(r)}.wav",
    }


def recording_xml(r: FakeRecording) -> str:
    fields = [
        ("Sid", r.sid),
        ("DateCreated", format_datetime(CREATED)),
        ("DateUpdated", format_datetime(CREATED)),
        ("AccountSid", r.account_sid),
        ("CallSid", r.call_sid),
        ("Duration", str(r.duration)),
        ("ApiVersion", API),
        ("Uri", _recording_uri(r)),
        ("FileUri", f"http://127.0.0.1/restcomm{_recording_uri(r)}.wav"),
    ]
    return "<Recording>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields) + "</Recording>"
