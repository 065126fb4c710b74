"""Typed results of the Calls API: a Call, a conference Participant, and an Update.

Restcomm answers in JSON (``.json`` URLs) or XML (``<RestcommResponse><Call>…``), with different
field names in each (spec §5.3, §5.4). Both are read into the same frozen dataclasses here, so
callers never see the difference. Empty values become ``None``; dates become aware datetimes
(``DateCreated`` is RFC-2822-like, ``StartTime`` ISO-8601); the untouched fields stay in ``raw``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from lxml import etree

from rcml.calls.errors import UnexpectedResponseError
from rcml.core.options import Limits
from rcml.engine.parse import parse

if TYPE_CHECKING:
    from rcml.calls.preflight import PreflightReport

Raw = Mapping[str, Any]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def _int(value: Any) -> int | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def _bool(value: Any) -> bool | None:
    text = _text(value)
    return None if text is None else text.lower() == "true"


def _date(value: Any) -> datetime | None:
    """RFC-2822-like (``Tue, 5 Mar 2013 10:00:00 +0000``) or ISO-8601, else None."""
    text = _text(value)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


# (attribute, JSON key, XML element, converter)
_Field = tuple[str, str, str, Callable[[Any], Any]]
_CALL_FIELDS: tuple[_Field, ...] = (
    ("sid", "sid", "Sid", _text),
    ("instance_id", "InstanceId", "InstanceId", _text),
    ("date_created", "date_created", "DateCreated", _date),
    ("date_updated", "date_updated", "DateUpdated", _date),
    ("parent_call_sid", "parent_call_sid", "ParentCallSid", _text),
    ("account_sid", "account_sid", "AccountSid", _text),
    ("to", "to", "To", _text),
    ("from_", "from", "From", _text),
    ("phone_number_sid", "phone_number_sid", "PhoneNumberSid", _text),
    ("status", "status", "Status", _text),
    ("start_time", "start_time", "StartTime", _date),
    ("end_time", "end_time", "EndTime", _date),
    ("duration", "duration", "Duration", _int),
    ("price", "price", "Price", _text),
    ("price_unit", "price_unit", "PriceUnit", _text),
    ("direction", "direction", "Direction", _text),
    ("answered_by", "answered_by", "AnsweredBy", _text),
    ("api_version", "api_version", "ApiVersion", _text),
    ("forwarded_from", "forwarded_from", "ForwardedFrom", _text),
    ("caller_name", "caller_name", "CallerName", _text),
    ("uri", "uri", "Uri", _text),
    ("ring_duration", "ring_duration", "Ring_duration", _int),
)
_PARTICIPANT_FIELDS: tuple[_Field, ...] = (
    ("sid", "sid", "Sid", _text),
    ("conference_sid", "conference_sid", "ConferenceSid", _text),
    ("date_created", "date_created", "DateCreated", _date),
    ("date_updated", "date_updated", "DateUpdated", _date),
    ("account_sid", "account_sid", "AccountSid", _text),
    ("muted", "muted", "Muted", _bool),
    ("hold", "hold", "Hold", _bool),
    ("start_conference_on_enter", "start_conference_on_enter", "StartConferenceOnEnter", _bool),
    ("end_conference_on_exit", "end_conference_on_enter", "EndConferenceOnEnter", _bool),
    ("uri", "uri", "Uri", _text),
)


def _values(fields: tuple[_Field, ...], raw: Raw, *, xml: bool) -> dict[str, Any]:
    return {attr: conv(raw.get(xml_name if xml else key)) for attr, key, xml_name, conv in fields}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    return value


@dataclass(frozen=True)
class Call:
    """One call leg, as the Calls API describes it (spec §5.3).

    ``status`` is Restcomm's: queued, ringing, wait-for-answer, in-progress, completed, busy,
    failed, no-answer, canceled. ``price`` exists only in XML answers. ``raw`` keeps the record
    exactly as read (JSON keys or XML element names).
    """

    sid: str | None = None
    instance_id: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    parent_call_sid: str | None = None
    account_sid: str | None = None
    to: str | None = None
    from_: str | None = None
    phone_number_sid: str | None = None
    status: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    duration: int | None = None
    price: str | None = None
    price_unit: str | None = None
    direction: str | None = None
    answered_by: str | None = None
    api_version: str | None = None
    forwarded_from: str | None = None
    caller_name: str | None = None
    uri: str | None = None
    ring_duration: int | None = None
    subresource_uris: Mapping[str, str] = field(default_factory=dict)
    raw: Raw = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Raw) -> Call:
        subs = data.get("subresource_uris")
        uris = {str(k): str(v) for k, v in subs.items()} if isinstance(subs, Mapping) else {}
        return cls(**_values(_CALL_FIELDS, data, xml=False), subresource_uris=uris, raw=data)

    @classmethod
    def from_xml(cls, data: Raw) -> Call:
        subs = data.get("SubresourceUris")
        uris = (
            {k[:1].lower() + k[1:]: str(v) for k, v in subs.items() if v}
            if isinstance(subs, Mapping)
            else {}
        )
        return cls(**_values(_CALL_FIELDS, data, xml=True), subresource_uris=uris, raw=data)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with snake_case keys (``from``, not ``from_``)."""
        out = {a.rstrip("_"): _jsonable(getattr(self, a)) for a, *_ in _CALL_FIELDS}
        out["subresource_uris"] = dict(self.subresource_uris)
        return out


@dataclass(frozen=True)
class Participant:
    """A call in a conference (spec §5.4).

    ``end_conference_on_exit`` is read from Restcomm's ``EndConferenceOnEnter`` /
    ``end_conference_on_enter``, whose value really is endConferenceOnExit. In JSON Restcomm
    fills ``conference_sid`` with the parent call's SID; the client puts back the conference
    SID it asked about (the original stays in ``raw``).
    """

    sid: str | None = None
    conference_sid: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    account_sid: str | None = None
    muted: bool | None = None
    hold: bool | None = None
    start_conference_on_enter: bool | None = None
    end_conference_on_exit: bool | None = None
    uri: str | None = None
    raw: Raw = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Raw, *, conference_sid: str | None = None) -> Participant:
        values = _values(_PARTICIPANT_FIELDS, data, xml=False)
        if conference_sid:
            values["conference_sid"] = conference_sid
        return cls(**values, raw=data)

    @classmethod
    def from_xml(cls, data: Raw, *, conference_sid: str | None = None) -> Participant:
        values = _values(_PARTICIPANT_FIELDS, data, xml=True)
        if conference_sid and not values["conference_sid"]:
            values["conference_sid"] = conference_sid
        return cls(**values, raw=data)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with snake_case keys."""
        return {a: _jsonable(getattr(self, a)) for a, *_ in _PARTICIPANT_FIELDS}


T = TypeVar("T", Call, Participant)


@dataclass(frozen=True)
class Update(Generic[T]):
    """What a modify request did.

    ``before`` is the body Restcomm answered with, which shows the resource *before* the change
    (spec §5.1). ``after`` is the resource read again after the request, when the caller asked
    for it (``refresh=True``); Restcomm applies some changes asynchronously (a redirect starts
    after 500 ms), so even ``after`` may lag. ``sent`` is the form that was posted.
    ``preflight`` is the report of the Url check, when one ran.
    """

    before: T
    after: T | None = None
    sent: Mapping[str, str] = field(default_factory=dict)
    preflight: PreflightReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before.to_dict(),
            "after": self.after.to_dict() if self.after is not None else None,
            "sent": dict(self.sent),
            "preflight": self.preflight.to_dict() if self.preflight is not None else None,
        }


@dataclass(frozen=True)
class Created:
    """The answer to a create request: one Call per leg (several for a multi-target ``To``)."""

    calls: tuple[Call, ...]
    sent: Mapping[str, str]
    preflight: PreflightReport | None = None

    @property
    def call(self) -> Call:
        """The first (usually the only) call created."""
        return self.calls[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "calls": [c.to_dict() for c in self.calls],
            "sent": dict(self.sent),
            "preflight": self.preflight.to_dict() if self.preflight is not None else None,
        }


# ---------------------------------------------------------------------------------- decoding


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _record(element: etree._Element) -> dict[str, Any]:
    """Child elements as name -> text, one level of nesting as name -> dict."""
    out: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if len(child):
            out[_local(child)] = {
                _local(g): (g.text or "").strip() for g in child if isinstance(g.tag, str)
            }
        else:
            out[_local(child)] = (child.text or "").strip()
    return out


def xml_records(body: bytes) -> list[dict[str, Any]]:
    """Every ``<Call>`` record in an XML answer, whatever wraps it.

    Restcomm wraps one call as ``<RestcommResponse><Call>``, several as
    ``<RestcommResponse><Calls><Call>…``, and a created call under XStream's class-named root
    (spec §5.2). Parsed by the hardened parser: no DTD, no entities, capped size.
    """
    parsed = parse(body, Limits())
    if parsed.root is None:
        raise UnexpectedResponseError("the API answered with XML that cannot be read")
    root = parsed.root
    if _local(root) == "Call":
        return [_record(root)]
    return [_record(e) for e in root.iter() if isinstance(e.tag, str) and _local(e) == "Call"]


def json_records(body: bytes) -> list[dict[str, Any]]:
    """The object, or the objects of the array, of a JSON answer."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise UnexpectedResponseError("the API answered with JSON that cannot be read") from None
    items = data if isinstance(data, list) else [data]
    return [item for item in items if isinstance(item, dict)]


def is_xml(body: bytes) -> bool:
    return body.lstrip()[:1] == b"<"


def read_calls(body: bytes) -> list[Call]:
    """Every Call in a JSON or XML answer (sniffed from the body, not trusted from headers)."""
    if is_xml(body):
        calls = [Call.from_xml(r) for r in xml_records(body)]
    else:
        calls = [Call.from_json(r) for r in json_records(body)]
    if not calls:
        raise UnexpectedResponseError("the API answer holds no call")
    return calls


def read_participant(body: bytes, *, conference_sid: str | None = None) -> Participant:
    """The Participant in a JSON or XML answer."""
    if is_xml(body):
        records = xml_records(body)
        if records:
            return Participant.from_xml(records[0], conference_sid=conference_sid)
    else:
        items = json_records(body)
        if items:
            return Participant.from_json(items[0], conference_sid=conference_sid)
    raise UnexpectedResponseError("the API answer holds no participant")


def error_message(body: bytes) -> str:
    """The message of an error answer: ``<RestcommResponse><Message>``, JSON, or the text."""
    text = body.strip()
    if not text:
        return ""
    if is_xml(text):
        parsed = parse(text, Limits())
        if parsed.root is not None:
            parts = [
                (e.text or "").strip()
                for e in parsed.root.iter()
                if isinstance(e.tag, str) and _local(e) in ("Message", "Error")
            ]
            joined = " ".join(p for p in parts if p)
            if joined:
                return _clip(joined)
    else:
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict):
            for key in ("message", "Message", "error", "detail"):
                if isinstance(data.get(key), str):
                    return _clip(data[key])
    return _clip(text.decode("utf-8", "replace"))


def _clip(text: str, limit: int = 300) -> str:
    """One printable line, at most ``limit`` characters."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
