"""Call, participant and conference records written as Restcomm writes them, in JSON and XML.

Restcomm serialises with Gson and XStream through its converters; this module follows them field
by field, in their order (restcomm.http/…/converter/):

* JSON is Gson's pretty printing, which leaves out every null field (the endpoints' GsonBuilder
  never asks for nulls, CallsEndpoint.java:167-172) and, for calls and participants, escapes
  ``< > & = '`` as ``\\u003c`` … (Gson's HTML-safe default; ConferencesEndpoint.java:102 turns it
  off for conferences);
* XML is XStream's pretty printing: two-space indents, no declaration, ``<Name/>`` for a field
  with no value; a record's ``uri`` has no ``.json`` there (AbstractConverter.java:416-424);
* dates: ``DateCreated``/``DateUpdated`` as ``EEE, d MMM yyyy HH:mm:ss Z``
  (AbstractConverter.java:104-124), ``StartTime``/``EndTime`` as Joda's ISO-8601
  (CallDetailRecordConverter.java:218-244);
* a page of records carries the paging of CallDetailRecordListConverter.java:59-141: ``num_pages``
  is the number of the last page, XML's ``total`` repeats it, a missing page's URI is ``"null"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rcml.local.records import CallRecord, ConferenceRecord

Node = tuple[str, Any]  # (element name, text | None | list of child nodes)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "=": "\\u003d", "'": "\\u0027"}
_XML_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#xd;"}


@dataclass(frozen=True)
class Dates:
    """Seconds on the local clock written as Restcomm's dates; ``epoch`` is second 0."""

    epoch: datetime

    def moment(self, t: float) -> datetime:
        return self.epoch + timedelta(seconds=t)

    def rfc(self, t: float) -> str:
        """SimpleDateFormat("EEE, d MMM yyyy HH:mm:ss Z", Locale.US): ``Fri, 11 Jan 2019 …``."""
        m = self.moment(t)
        return (f"{_DAYS[m.weekday()]}, {m.day} {_MONTHS[m.month - 1]} {m.year} "
                f"{m:%H:%M:%S} +0000")  # fmt: skip

    def iso(self, t: float) -> str:
        """Joda's DateTime.toString() in UTC: ``2019-01-11T12:00:02.000Z``."""
        m = self.moment(t)
        return f"{m:%Y-%m-%dT%H:%M:%S}.{m.microsecond // 1000:03d}Z"


# -- JSON and XML writers ----------------------------------------------------------------------


def to_json(data: Any, *, html_safe: bool = True) -> bytes:
    """Gson's pretty printing of ``data``; ``html_safe`` as Gson's default escaping."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if html_safe:  # these characters occur only inside strings in JSON text
        text = "".join(_HTML_SAFE.get(c, c) for c in text)
    return text.encode("utf-8")


def _escape(text: str) -> str:
    return "".join(_XML_TEXT.get(c, c) for c in text)


def _write(node: Node, depth: int, out: list[str], attributes: str = "") -> None:
    name, value = node
    pad = "  " * depth
    if isinstance(value, list) and value:
        out.append(f"{pad}<{name}{attributes}>")
        for child in value:
            _write(child, depth + 1, out)
        out.append(f"{pad}</{name}>")
    elif value is None or isinstance(value, list):
        out.append(f"{pad}<{name}{attributes}/>")
    else:
        out.append(f"{pad}<{name}{attributes}>{_escape(str(value))}</{name}>")


def to_xml(node: Node, attributes: Sequence[tuple[str, str]] = ()) -> bytes:
    """XStream's pretty printing of one tree (``attributes`` go on the root element)."""
    out: list[str] = []
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in attributes)
    _write(node, 0, out, attrs)
    return "\n".join(out).encode("utf-8")


def response(*children: Node) -> Node:
    """``<RestcommResponse>`` around records (RestCommResponseConverter.java:45-48)."""
    return ("RestcommResponse", list(children))


def _compact(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object without its null fields, as Gson writes it."""
    return {key: value for key, value in pairs if value is not None}


# -- calls (CallDetailRecordConverter) ---------------------------------------------------------


def _flag(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()


def call_json(r: CallRecord, d: Dates, instance_id: str) -> dict[str, Any]:
    base = r.uri()
    return _compact([
        ("sid", r.sid), ("InstanceId", instance_id), ("date_created", d.rfc(r.created)),
        ("date_updated", d.rfc(r.updated)), ("parent_call_sid", r.parent_call_sid),
        ("account_sid", r.account_sid), ("to", r.to), ("from", r.from_),
        ("status", r.status), ("start_time", None if r.start is None else d.iso(r.start)),
        ("end_time", None if r.end is None else d.iso(r.end)), ("duration", r.duration),
        ("price_unit", "USD"), ("direction", r.direction), ("answered_by", r.answered_by),
        ("api_version", r.api_version), ("forwarded_from", r.forwarded_from),
        ("caller_name", r.caller_name), ("uri", base + ".json"),
        ("ring_duration", r.ring_duration),
        ("subresource_uris", {"notifications": f"{base}/Notifications.json",
                              "recordings": f"{base}/Recordings.json"}),
    ])  # fmt: skip


def call_xml(r: CallRecord, d: Dates, instance_id: str) -> Node:
    base = r.uri()
    number = None if r.duration is None else str(r.duration)
    ring = None if r.ring_duration is None else str(r.ring_duration)
    return ("Call", [
        ("Sid", r.sid), ("InstanceId", instance_id), ("DateCreated", d.rfc(r.created)),
        ("DateUpdated", d.rfc(r.updated)), ("ParentCallSid", r.parent_call_sid),
        ("AccountSid", r.account_sid), ("To", r.to), ("From", r.from_),
        ("PhoneNumberSid", None), ("Status", r.status),
        ("StartTime", None if r.start is None else d.iso(r.start)),
        ("EndTime", None if r.end is None else d.iso(r.end)), ("Duration", number),
        ("Price", "0.00"), ("PriceUnit", "USD"), ("Direction", r.direction),
        ("AnsweredBy", r.answered_by), ("ApiVersion", r.api_version),
        ("ForwardedFrom", r.forwarded_from), ("CallerName", r.caller_name), ("Uri", base),
        ("SubresourceUris", [("Notifications", f"{base}/Notifications"),
                             ("Recordings", f"{base}/Recordings")]),
        ("Ring_duration", ring),
    ])  # fmt: skip


def created_xml(r: CallRecord, d: Dates, instance_id: str) -> Node:
    """One created call: XStream's class-named root, no RestcommResponse (CE:574-576)."""
    return ("org.restcomm.connect.dao.entities.CallDetailRecord", [call_xml(r, d, instance_id)])


# -- participants (ConferenceParticipantConverter) ---------------------------------------------


def participant_json(r: CallRecord, d: Dates, instance_id: str = "") -> dict[str, Any]:
    """In JSON, ``conference_sid`` is the parent call's SID (ConferenceParticipantConverter:82)."""
    return _compact([
        ("sid", r.sid), ("conference_sid", r.parent_call_sid),
        ("date_created", d.rfc(r.created)), ("date_updated", d.rfc(r.updated)),
        ("account_sid", r.account_sid), ("muted", r.muted), ("hold", r.hold),
        ("start_conference_on_enter", r.start_conference_on_enter),
        ("end_conference_on_enter", r.end_conference_on_exit), ("uri", r.uri() + ".json"),
    ])  # fmt: skip


def participant_xml(r: CallRecord, d: Dates, instance_id: str = "") -> Node:
    return ("Call", [
        ("Sid", r.sid), ("ConferenceSid", r.conference_sid),
        ("DateCreated", d.rfc(r.created)), ("DateUpdated", d.rfc(r.updated)),
        ("AccountSid", r.account_sid), ("Muted", _flag(r.muted)), ("Hold", _flag(r.hold)),
        ("StartConferenceOnEnter", _flag(r.start_conference_on_enter)),
        ("EndConferenceOnEnter", _flag(r.end_conference_on_exit)), ("Uri", r.uri()),
    ])  # fmt: skip


# -- conferences (ConferenceDetailRecordConverter) ---------------------------------------------


def conference_json(c: ConferenceRecord, d: Dates, instance_id: str = "") -> dict[str, Any]:
    return _compact([
        ("sid", c.sid), ("date_created", d.rfc(c.created)), ("date_updated", d.rfc(c.updated)),
        ("account_sid", c.account_sid), ("status", c.status), ("api_version", c.api_version),
        ("friendly_name", c.name), ("uri", c.uri() + ".json"),
        ("subresource_uris", {"participants": f"{c.uri()}/Participants.json"}),
    ])  # fmt: skip


def conference_xml(c: ConferenceRecord, d: Dates, instance_id: str = "") -> Node:
    return ("Conference", [
        ("Sid", c.sid), ("DateCreated", d.rfc(c.created)), ("DateUpdated", d.rfc(c.updated)),
        ("AccountSid", c.account_sid), ("Status", c.status), ("ApiVersion", c.api_version),
        ("FriendlyName", c.name), ("Uri", c.uri()),
        ("SubresourceUris", [("Participants", f"{c.uri()}/Participants")]),
    ])  # fmt: skip


# -- pages (CallDetailRecordListConverter, ConferenceDetailRecordListConverter) ----------------


@dataclass(frozen=True)
class Paging:
    """One page of ``total`` records: ``page`` from 0, ``size`` per page, at ``uri``."""

    page: int
    size: int
    total: int
    uri: str  # "/2012-04-24/Accounts/AC…/Calls": the request's path without /restcomm

    @property
    def last(self) -> int:
        return self.total // self.size

    def fields(self, sids: Sequence[str]) -> list[tuple[str, Any]]:
        """The paging fields in the converter's order, JSON names; ``sids`` of this page."""
        base = f"{self.uri}?Page="
        size = self.size
        last_index = (self.page * size + len(sids) if self.page == self.last
                      else size - 1 + self.page * size)  # fmt: skip
        following = ("null" if self.page == self.last
                     else f"{base}{self.page + 1}&PageSize={size}&AfterSid={sids[size - 1]}")
        return [
            ("page", self.page), ("num_pages", self.last), ("page_size", size),
            ("total", self.total), ("start", str(self.page * size)), ("end", str(last_index)),
            ("uri", self.uri), ("first_page_uri", f"{base}0&PageSize={size}"),
            ("previous_page_uri",
             "null" if self.page == 0 else f"{base}{self.page - 1}&PageSize={size}"),
            ("next_page_uri", following),
            ("last_page_uri", f"{base}{self.last}&PageSize={size}"),
        ]  # fmt: skip

    def attributes(self, sids: Sequence[str]) -> list[tuple[str, str]]:
        """The XML attributes: the same values, ``total`` repeating ``numpages`` (line 66)."""
        values = dict(self.fields(sids))
        names = [("page", "page"), ("numpages", "num_pages"), ("pagesize", "page_size"),
                 ("total", "num_pages"), ("start", "start"), ("end", "end"), ("uri", "uri"),
                 ("firstpageuri", "first_page_uri"), ("previouspageuri", "previous_page_uri"),
                 ("nextpageuri", "next_page_uri"), ("lastpageuri", "last_page_uri")]  # fmt: skip
        return [(xml, str(values[key])) for xml, key in names]


def page_json(paging: Paging, key: str, items: list[dict[str, Any]], sids: Sequence[str]) -> Any:
    return {**dict(paging.fields(sids)), key: items}


def page_xml(paging: Paging, element: str, items: list[Node], sids: Sequence[str]) -> bytes:
    """``<RestcommResponse><Calls page=…>…`` with the attributes on the list element."""
    inner = to_xml((element, items), paging.attributes(sids)).decode("utf-8")
    lines = "\n".join("  " + line for line in inner.splitlines())
    return f"<RestcommResponse>\n{lines}\n</RestcommResponse>".encode()


Writer = Callable[[Any, Dates, str], Any]
