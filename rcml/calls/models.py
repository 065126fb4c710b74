"""Typed results of the Calls API: Call, Participant, Recording, Page, Update and Created.

Restcomm answers in JSON (``.json`` URLs) or XML (``<RestcommResponse><Call>…``), with different
field names in each. Both are read into the same frozen dataclasses here, so
callers never see the difference, and each keeps Restcomm's own field names and quirks (as
documented on each class), so that the same shapes can describe what a local Restcomm answers.
Empty values become ``None``; dates become aware datetimes (``DateCreated`` is RFC-2822-like,
``StartTime`` ISO-8601); the record as read stays in ``raw``. A value that is not of its
field's type is refused (:class:`~rcml.calls.errors.UnexpectedResponseError`), never guessed.
Reading the bodies is :mod:`rcml.calls._decode`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rcml.calls.errors import UnexpectedResponseError

if TYPE_CHECKING:
    from rcml.calls.preflight import PreflightReport

Raw = Mapping[str, Any]


class _Unreadable(ValueError):
    """A field whose value is not of its type; :func:`_values` names the field."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str | int | float):
        raise _Unreadable("is not a single value")
    text = str(value).strip()
    return text or None


_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


def _int(value: Any) -> int | None:
    """A whole number as Restcomm writes one (``37``, ``"37"``); anything else is refused.

    Refused rather than guessed: ``"1e400"`` is no duration (and ``int(float(...))`` of it
    overflows), and 18 digits bound the work whatever the server sends.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value) if abs(value) < 10**18 else "too large"
    else:
        text = _text(value) or ""
        if not text:
            return None
    if not _WHOLE.fullmatch(text):
        raise _Unreadable("is not a whole number")
    return int(text)


def _float(value: Any) -> float | None:
    """A finite decimal number (Restcomm writes a recording's duration as ``"12.0"``)."""
    if isinstance(value, bool):
        raise _Unreadable("is not a number")
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text) if len(text) <= 32 else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise _Unreadable("is not a number")
    return number


def _bool(value: Any) -> bool | None:
    text = _text(value)
    return None if text is None else text.lower() == "true"


def _date(value: Any) -> datetime | None:
    """RFC-2822-like (``Tue, 5 Mar 2013 10:00:00 +0000``) or ISO-8601, else None."""
    text = _text(value)
    if text is None:
        return None
    if len(text) > 64:  # no date is longer; bounds the parsers' work
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
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


_RECORDING_FIELDS: tuple[_Field, ...] = (
    ("sid", "sid", "Sid", _text),
    ("date_created", "date_created", "DateCreated", _date),
    ("date_updated", "date_updated", "DateUpdated", _date),
    ("account_sid", "account_sid", "AccountSid", _text),
    ("call_sid", "call_sid", "CallSid", _text),
    ("duration", "duration", "Duration", _float),
    ("api_version", "api_version", "ApiVersion", _text),
    ("uri", "uri", "Uri", _text),
    ("file_uri", "file_uri", "FileUri", _text),
    ("s3_uri", "s3_uri", "S3Uri", _text),
)


def _values(fields: tuple[_Field, ...], raw: Raw, *, xml: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for attr, key, xml_name, conv in fields:
        name = xml_name if xml else key
        try:
            values[attr] = conv(raw.get(name))
        except _Unreadable as exc:
            raise UnexpectedResponseError(f"the API answer's {name} {exc}") from None
    return values


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    return value


@dataclass(frozen=True)
class Call:
    """One call leg, as the Calls API describes it.

    ``status`` is Restcomm's, as it sent it: queued, ringing, wait-for-answer, in-progress,
    completed, busy, failed, no-answer, canceled, not-found, or the same as Java enum names
    (``IN_PROGRESS``); ``state`` is the same in one spelling. ``price`` exists only in XML
    answers. ``raw`` keeps the record exactly as read (JSON keys or XML element names).
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
        uris = (
            {str(k): v for k, v in subs.items() if isinstance(v, str)}
            if isinstance(subs, Mapping)
            else {}
        )
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

    @property
    def state(self) -> str | None:
        """``status`` in one spelling: Restcomm stores a call's state either as written by its
        API (``in-progress``, VoiceInterpreter.java:1276) or as the Java enum's name
        (``IN_PROGRESS``, Call.java:988, for the legs it dials); this is always the former."""
        return self.status.lower().replace("_", "-") if self.status else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with snake_case keys (``from``, not ``from_``)."""
        out = {a.rstrip("_"): _jsonable(getattr(self, a)) for a, *_ in _CALL_FIELDS}
        out["subresource_uris"] = dict(self.subresource_uris)
        return out


@dataclass(frozen=True)
class Participant:
    """A call in a conference.

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


@dataclass(frozen=True)
class Recording:
    """A recording of a call (RecordingConverter.java:60-104).

    ``duration`` is in seconds, with decimals (Restcomm writes it as ``"12.0"``,
    AbstractConverter.java:133). ``file_uri`` is where the audio can be fetched; ``s3_uri``
    appears only when Restcomm stores recordings on S3 without access control.
    """

    sid: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    account_sid: str | None = None
    call_sid: str | None = None
    duration: float | None = None
    api_version: str | None = None
    uri: str | None = None
    file_uri: str | None = None
    s3_uri: str | None = None
    raw: Raw = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Raw) -> Recording:
        return cls(**_values(_RECORDING_FIELDS, data, xml=False), raw=data)

    @classmethod
    def from_xml(cls, data: Raw) -> Recording:
        return cls(**_values(_RECORDING_FIELDS, data, xml=True), raw=data)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping with snake_case keys."""
        return {a: _jsonable(getattr(self, a)) for a, *_ in _RECORDING_FIELDS}


Item = TypeVar("Item", Call, Participant, Recording)


# (attribute, JSON key, XML attribute of <Calls>, converter); CallDetailRecordListConverter.java
_PAGE_FIELDS: tuple[_Field, ...] = (
    ("page", "page", "page", _int),
    ("page_size", "page_size", "pagesize", _int),
    ("num_pages", "num_pages", "numpages", _int),
    ("total", "total", "", _int),  # XML's "total" repeats numpages (line 66): not read
    ("start", "start", "start", _int),
    ("end", "end", "end", _int),
    ("uri", "uri", "uri", _text),
    ("first_page_uri", "first_page_uri", "firstpageuri", _text),
    ("previous_page_uri", "previous_page_uri", "previouspageuri", _text),
    ("next_page_uri", "next_page_uri", "nextpageuri", _text),
    ("last_page_uri", "last_page_uri", "lastpageuri", _text),
)


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a list (calls, or a conference's participants), with Restcomm's paging.

    Restcomm's quirks (CallDetailRecordListConverter.java): pages count from 0; ``num_pages``
    is ``total // page_size``, the number of the **last** page, not a count (line 113); the
    URIs of pages that do not exist are the string ``"null"``, read here as None (lines
    129-137); the XML ``total`` repeats ``num_pages`` (line 66), so ``total`` is None in XML.
    A conference's participants come all in one page whatever the paging asked
    (ParticipantsEndpoint.java:216).
    """

    items: tuple[Item, ...]
    page: int | None = None
    page_size: int | None = None
    num_pages: int | None = None
    total: int | None = None
    start: int | None = None
    end: int | None = None
    uri: str | None = None
    first_page_uri: str | None = None
    previous_page_uri: str | None = None
    next_page_uri: str | None = None
    last_page_uri: str | None = None

    @classmethod
    def from_fields(cls, items: tuple[Item, ...], data: Raw, *, xml: bool) -> Page[Item]:
        values = _values(_PAGE_FIELDS, data, xml=xml)
        for key in ("first_page_uri", "previous_page_uri", "next_page_uri", "last_page_uri"):
            if values[key] == "null":
                values[key] = None
        return cls(items, **values)

    @property
    def next_page(self) -> int | None:
        """The number of the next page when there may be more items, else None."""
        if self.page is None or self.page_size is None or len(self.items) < self.page_size:
            return None
        if self.total is not None and (self.page + 1) * self.page_size >= self.total:
            return None
        if self.num_pages is not None and self.page >= self.num_pages:
            return None
        return self.page + 1

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {a: getattr(self, a) for a, *_ in _PAGE_FIELDS}
        out["items"] = [item.to_dict() for item in self.items]
        return out


T = TypeVar("T", Call, Participant)


@dataclass(frozen=True)
class Update(Generic[T]):
    """What a modify request did.

    ``before`` is the body Restcomm answered with, which shows the resource *before* the change.
    ``after`` is the resource read again after the request, when the caller asked for it
    (``refresh=True``); Restcomm applies some changes asynchronously (a redirect starts
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


