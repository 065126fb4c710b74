"""Reading the bodies of Calls API answers into the typed results of :mod:`rcml.calls.models`.

The format is sniffed from the body, never trusted from headers. XML goes through the hardened
parser (no DTD, no entities, capped size); JSON deeper than Python's recursion limit is
unreadable, like any other garbage. What each answer looks like, by resource:

* one call: a JSON object, or ``<RestcommResponse><Call>`` (a created call sits under XStream's
  class-named root instead; several created legs are a JSON array or ``<Calls>``);
* a list of calls or participants: a JSON object whose ``calls`` holds the records beside the
  paging fields, or ``<RestcommResponse><Calls page=… numpages=…><Call>…``
  (CallDetailRecordListConverter.java:59-110);
* a call's recordings: a bare JSON array, or ``<RestcommResponse><Recordings><Recording>…``
  (CallsEndpoint.java:786-793).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from lxml import etree

from rcml.calls.errors import UnexpectedResponseError
from rcml.calls.models import Call, Page, Participant, Recording
from rcml.core.options import Limits
from rcml.engine.parse import parse

_UNREADABLE = object()


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


def _xml_root(body: bytes) -> etree._Element:
    parsed = parse(body, Limits())
    if parsed.root is None:
        raise UnexpectedResponseError("the API answered with XML that cannot be read")
    return parsed.root


def _elements(root: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and _local(e) == name]


def xml_records(body: bytes, name: str = "Call") -> list[dict[str, Any]]:
    """Every ``<name>`` record in an XML answer, whatever wraps it."""
    root = _xml_root(body)
    if _local(root) == name:
        return [_record(root)]
    return [_record(e) for e in _elements(root, name)]


def _load_json(body: bytes) -> Any:
    """The decoded JSON, or ``_UNREADABLE``: not JSON, or nested past Python's recursion limit.

    Restcomm's answers are at most three levels deep (a page, its calls, their
    ``subresource_uris``), so deep nesting is refused as unreadable rather than walked.
    """
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _UNREADABLE


def _json(body: bytes) -> Any:
    data = _load_json(body)
    if data is _UNREADABLE:
        raise UnexpectedResponseError("the API answered with JSON that cannot be read")
    return data


def json_records(body: bytes) -> list[dict[str, Any]]:
    """The object, or the objects of the array, of a JSON answer."""
    data = _json(body)
    items = data if isinstance(data, list) else [data]
    return [item for item in items if isinstance(item, dict)]


def is_xml(body: bytes) -> bool:
    return body.lstrip()[:1] == b"<"


def read_calls(body: bytes) -> list[Call]:
    """Every Call in a JSON or XML answer (one call, or the legs of a created call)."""
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


L = TypeVar("L", Call, Participant)


def _read_page(
    body: bytes, from_json: Callable[[dict[str, Any]], L], from_xml: Callable[[dict[str, Any]], L]
) -> Page[L]:
    if is_xml(body):
        root = _xml_root(body)
        lists = [root] if _local(root) == "Calls" else _elements(root, "Calls")
        if not lists:
            raise UnexpectedResponseError("the API answer holds no list of calls")
        found = lists[0]
        items = tuple(from_xml(_record(e)) for e in found if _is(e, "Call"))
        attributes = {str(k): str(v) for k, v in found.attrib.items()}
        return Page.from_fields(items, attributes, xml=True)
    data = _json(body)
    records = data.get("calls") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise UnexpectedResponseError("the API answer holds no list of calls")
    items = tuple(from_json(r) for r in records if isinstance(r, dict))
    return Page.from_fields(items, data, xml=False)


def _is(element: etree._Element, name: str) -> bool:
    return isinstance(element.tag, str) and _local(element) == name


def read_call_page(body: bytes) -> Page[Call]:
    """A page of calls (GET …/Calls)."""
    return _read_page(body, Call.from_json, Call.from_xml)


def read_participant_page(body: bytes, *, conference_sid: str) -> Page[Participant]:
    """A conference's participants (GET …/Conferences/{Sid}/Participants)."""
    return _read_page(
        body,
        lambda r: Participant.from_json(r, conference_sid=conference_sid),
        lambda r: Participant.from_xml(r, conference_sid=conference_sid),
    )


def read_recordings(body: bytes) -> list[Recording]:
    """A call's recordings (GET …/Calls/{Sid}/Recordings): possibly none."""
    if is_xml(body):
        root = _xml_root(body)
        if _local(root) != "Recording" and not _elements(root, "Recordings"):
            raise UnexpectedResponseError("the API answer holds no list of recordings")
        return [Recording.from_xml(r) for r in xml_records(body, "Recording")]
    data = _json(body)
    if not isinstance(data, list):
        raise UnexpectedResponseError("the API answer holds no list of recordings")
    return [Recording.from_json(r) for r in data if isinstance(r, dict)]


def error_message(body: bytes, redact: Callable[[str], str] = str) -> str:
    """The message of an error answer: ``<RestcommResponse><Message>``, JSON, or the text.

    ``redact`` masks secrets before the text is clipped, so that a secret the server echoed
    (an ``Authorization`` header, say) is never cut into a prefix that escapes the mask.
    """
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
            return _clip(redact(" ".join(p for p in parts if p)))
    else:
        data = _load_json(text)
        if isinstance(data, dict):
            for key in ("message", "Message", "error", "detail"):
                if isinstance(data.get(key), str):
                    return _clip(redact(data[key]))
    return _clip(redact(text.decode("utf-8", "replace")))


def _clip(text: str, limit: int = 300) -> str:
    """One printable line, at most ``limit`` characters."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
