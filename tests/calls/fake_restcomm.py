"""A stand-in of the Restcomm Calls API, written for the tests from the spec (§5), not from rcml.

Real HTTP on 127.0.0.1 in a thread (stdlib ``http.server``), real form parsing, HTTP Basic auth
with ``AccountSid:AuthToken``, JSON (``.json`` suffix or an Accept with ``json``) and XML
answers, the error statuses 400/401/403/406/410/500, and the quirks:

* every modify request without ``Mute=true`` un-mutes an in-progress call;
* ``Status=canceled`` ends only queued/ringing/wait-for-answer calls; in-progress ones are
  unaffected;
* the 200 body shows the call as it was *before* the change;
* a redirect without ``MoveConnectedCallLeg=true`` hangs up the connected leg;
* in a participant's JSON, ``conference_sid`` holds the parent call's SID.

Every request is recorded (method, path, form, query, headers) for the tests to assert on.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from .fake_lists import (
    FakeRecording,
    list_calls,
    page_json,
    page_xml,
    recording_json,
    recording_xml,
)

API = "2012-04-24"
SID = re.compile(r"^(ID[0-9a-f]{32}-)?(CA|CF|AC)[0-9a-f]{32}$")
ROUTE = re.compile(rf"^/restcomm/{API}/Accounts/(?P<account>[^/]+)/(?P<rest>.+)$")
CANCELABLE = {"queued", "ringing", "wait-for-answer"}
CREATED = datetime(2026, 3, 5, 10, 0, 0, tzinfo=UTC)


def make_sid(prefix: str, n: int) -> str:
    return f"{prefix}{n:032x}"


@dataclass
class FakeCall:
    sid: str
    account_sid: str
    from_: str
    to: str
    status: str = "in-progress"
    direction: str = "outbound-api"
    muted: bool = False
    hold: bool = False
    conference_sid: str | None = None
    parent_call_sid: str | None = None
    connected_to: str | None = None  # the other leg of a bridged call
    url: str | None = None
    method: str | None = None
    updated: int = 0
    start_time: str | None = "2026-03-05T10:00:01.000-05:00"
    end_time: str | None = None
    duration: int | None = 12
    caller_name: str | None = "Alice"
    ring_duration: int | None = 3
    created: int = 0  # order of creation (Restcomm sorts DateCreated by it here)

    def snapshot(self) -> FakeCall:
        return FakeCall(**self.__dict__)


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeRestcomm:
    account_sid: str
    auth_token: str
    calls: dict[str, FakeCall] = field(default_factory=dict)
    recordings: dict[str, list[FakeRecording]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    fail_next: tuple[int, str] | None = None
    # The next answer, whatever the request (status, content type, body): a hostile server.
    raw_next: tuple[int, str, bytes] | None = None
    # Error messages quote the request's Authorization header, as careless servers do.
    echo_authorization: bool = False
    suspended: bool = False  # valid credentials, but the account may not act: 403
    host: str = "127.0.0.1"
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _counter: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/restcomm"

    def start(self) -> FakeRestcomm:
        fake = self

        class Handler(_Handler):
            restcomm = fake

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    # ------------------------------------------------------------------ state

    def add_call(self, **values: Any) -> FakeCall:
        with self._lock:
            self._counter += 1
            sid = values.pop("sid", make_sid("CA", 0xA000 + self._counter))
        values.setdefault("from_", "+15550100")
        values.setdefault("to", "client:alice")
        values.setdefault("created", self._counter)
        call = FakeCall(sid=sid, account_sid=self.account_sid, **values)
        self.calls[sid] = call
        return call

    def posts(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST"]

    # ------------------------------------------------------------------ the API

    def handle(
        self,
        method: str,
        path: str,
        form: dict[str, str],
        headers: dict[str, str],
        query: dict[str, str] | None = None,
    ) -> tuple[int, str, bytes, dict[str, str]]:
        if self.raw_next is not None:
            (status, ctype, body), self.raw_next = self.raw_next, None
            return status, ctype, body, {}
        answer = self._handle(method, path, form, headers, query or {})
        if self.echo_authorization and answer[0] != 200:
            echo = f"{answer[2].decode()} (Authorization: {headers.get('authorization', '')})"
            answer = (answer[0], "text/plain", echo.encode(), answer[3])
        return answer

    def _handle(
        self,
        method: str,
        path: str,
        form: dict[str, str],
        headers: dict[str, str],
        query: dict[str, str],
    ) -> tuple[int, str, bytes, dict[str, str]]:
        match = ROUTE.match(path)
        if match is None:
            return _error(404, "Not Found", xml=True)
        account, rest = match["account"], match["rest"]
        json_out = rest.endswith(".json") or "json" in headers.get("accept", "")
        if not self._authorized(headers.get("authorization", "")):
            status, ctype, body, extra = _error(401, "Unauthorized", xml=True)
            return status, ctype, body, {**extra, "WWW-Authenticate": 'Basic realm="Restcomm"'}
        if account != self.account_sid or self.suspended:
            return _error(403, "Forbidden", xml=True)
        rest = rest.removesuffix(".json")
        parts = rest.split("/")
        if parts == ["Calls"] and method == "POST":
            return self._create(form, json_out)
        if parts == ["Calls"]:
            found = list_calls(list(self.calls.values()), query)
            uri = f"/{API}/Accounts/{account}/{rest}"
            return _listed(found, query, uri, call_json, call_xml, json_out)
        if len(parts) == 2 and parts[0] == "Calls":
            return self._call(method, parts[1], form, json_out)
        if len(parts) == 3 and parts[0] == "Calls" and parts[2] == "Recordings":
            records = self.recordings.get(parts[1], [])
            if json_out:
                return _json([recording_json(r) for r in records])
            inner = "".join(recording_xml(r) for r in records)
            return _xml(f"<RestcommResponse><Recordings>{inner}</Recordings></RestcommResponse>")
        if len(parts) == 3 and parts[0] == "Conferences" and parts[2] == "Participants":
            # Every running call of the conference, whatever the paging (ParticipantsEndpoint:216)
            found = [
                c for c in self.calls.values()
                if c.conference_sid == parts[1] and c.status == "in-progress"
            ]  # fmt: skip
            uri = f"/{API}/Accounts/{account}/{rest}"
            return _listed(
                found, query, uri, participant_json, participant_xml, json_out, paged=False
            )
        if len(parts) == 4 and parts[0] == "Conferences" and parts[2] == "Participants":
            return self._participant(method, parts[1], parts[3], form, json_out)
        return _error(404, "Not Found", xml=True)

    def _authorized(self, header: str) -> bool:
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.account_sid and password == self.auth_token

    def _failing(self) -> tuple[int, str, bytes, dict[str, str]] | None:
        if self.fail_next is None:
            return None
        status, message = self.fail_next
        self.fail_next = None
        return _error(status, message, xml=True)

    def _create(
        self, form: dict[str, str], json_out: bool
    ) -> tuple[int, str, bytes, dict[str, str]]:
        for name in ("From", "To", "Url"):
            if not form.get(name):
                return _error(400, f"{name} can not be null.", xml=True)
        if not _absolute(form["Url"]):
            return _error(500, f"no protocol: {form['Url']}", xml=True)
        if (failure := self._failing()) is not None:
            return failure
        call = self.add_call(
            from_=form["From"],
            to=form["To"],
            status="queued",
            url=form["Url"],
            method=form.get("Method", "POST"),
        )
        if json_out:
            return _json(call_json(call))
        root = "org.restcomm.connect.dao.entities.CallDetailRecord"
        return _xml(f"<{root}>{call_xml(call)}</{root}>")

    def _call(
        self, method: str, sid: str, form: dict[str, str], json_out: bool
    ) -> tuple[int, str, bytes, dict[str, str]]:
        if not SID.match(sid):
            return _error(400, "Bad call SID", xml=True)
        call = self.calls.get(sid)
        if call is None:  # a read answers 404 with no body, a change 406 (CallsEndpoint:201, 643)
            return (404 if method == "GET" else 406, "text/plain", b"", {})
        if method == "POST":
            if call.status in ("completed", "canceled", "failed", "busy", "no-answer"):
                return _error(410, "Call is already completed.", xml=True)
            if "Url" in form and not _absolute(form["Url"]):
                return _error(500, f"no protocol: {form['Url']}", xml=True)
            if (failure := self._failing()) is not None:
                return failure
            before = call.snapshot()
            self._modify(call, form)
            call = before
        return (
            _json(call_json(call))
            if json_out
            else _xml(f"<RestcommResponse>{call_xml(call)}</RestcommResponse>")
        )

    def _modify(self, call: FakeCall, form: dict[str, str]) -> None:
        call.updated += 1
        mute = form.get("Mute", "").lower() == "true"  # Boolean.valueOf: never null
        if call.status == "in-progress":
            call.muted = mute
        status = form.get("Status", "").lower()
        if status == "canceled" and call.status in CANCELABLE:
            call.status = "canceled"
        elif status == "completed":
            call.status = "completed"
        if "Url" in form:
            call.url, call.method = form["Url"], form.get("Method", "POST")
            other = self.calls.get(call.connected_to or "")
            if other is not None:
                if form.get("MoveConnectedCallLeg", "").lower() == "true":
                    other.url, other.method = call.url, call.method
                else:
                    other.status = "completed"

    def _participant(
        self, method: str, conference: str, sid: str, form: dict[str, str], json_out: bool
    ) -> tuple[int, str, bytes, dict[str, str]]:
        if not SID.match(sid) or not SID.match(conference):
            return _error(400, "Bad SID", xml=True)
        call = self.calls.get(sid)
        if call is None:  # the conference SID is not checked (ParticipantsEndpoint.java:155, 261)
            return (404 if method == "GET" else 406, "text/plain", b"", {})
        before = call.snapshot()
        if method == "POST":
            if (failure := self._failing()) is not None:
                return failure
            if call.status == "in-progress":
                call.muted = form.get("Mute", "").lower() == "true"
        if json_out:
            return _json(participant_json(before))
        return _xml(f"<RestcommResponse>{participant_xml(before)}</RestcommResponse>")


# ---------------------------------------------------------------------- serialisation (spec §5.3)


def _date(call: FakeCall) -> str:
    return format_datetime(CREATED + timedelta(seconds=call.updated))  # EEE, d MMM yyyy HH:mm:ss Z


def call_json(call: FakeCall) -> dict[str, Any]:
    base = f"/restcomm/{API}/Accounts/{call.account_sid}/Calls/{call.sid}"
    out: dict[str, Any] = {
        "sid": call.sid,
        "InstanceId": "ID" + "1" * 32,
        "date_created": format_datetime(CREATED),
        "date_updated": _date(call),
        "account_sid": call.account_sid,
        "to": call.to,
        "from": call.from_,
        "status": call.status,
        "duration": call.duration,
        "price_unit": "USD",
        "direction": call.direction,
        "answered_by": None,
        "api_version": API,
        "forwarded_from": None,
        "caller_name": call.caller_name,
        "uri": base + ".json",
        "ring_duration": call.ring_duration,
        "subresource_uris": {
            "notifications": base + "/Notifications.json",
            "recordings": base + "/Recordings.json",
        },
    }
    # Left out when null (CallDetailRecordConverter.java:198-244)
    for key, value in (
        ("parent_call_sid", call.parent_call_sid),
        ("start_time", call.start_time),
        ("end_time", call.end_time),
    ):
        if value:
            out[key] = value
    return out


def call_xml(call: FakeCall) -> str:
    base = f"/restcomm/{API}/Accounts/{call.account_sid}/Calls/{call.sid}"
    fields = [
        ("Sid", call.sid),
        ("InstanceId", "ID" + "1" * 32),
        ("DateCreated", format_datetime(CREATED)),
        ("DateUpdated", _date(call)),
        ("ParentCallSid", call.parent_call_sid or ""),
        ("AccountSid", call.account_sid),
        ("To", call.to),
        ("From", call.from_),
        ("PhoneNumberSid", ""),
        ("Status", call.status),
        ("StartTime", call.start_time or ""),
        ("EndTime", call.end_time or ""),
        ("Duration", "" if call.duration is None else str(call.duration)),
        ("Price", "0.0"),
        ("PriceUnit", "USD"),
        ("Direction", call.direction),
        ("AnsweredBy", ""),
        ("ApiVersion", API),
        ("ForwardedFrom", ""),
        ("CallerName", call.caller_name or ""),
        ("Uri", base),
    ]
    inner = "".join(f"<{k}>{escape(v)}</{k}>" if v else f"<{k}/>" for k, v in fields)
    subs = (
        f"<SubresourceUris><Notifications>{base}/Notifications</Notifications>"
        f"<Recordings>{base}/Recordings</Recordings></SubresourceUris>"
    )
    ring = "" if call.ring_duration is None else str(call.ring_duration)
    return f"<Call>{inner}{subs}<Ring_duration>{ring}</Ring_duration></Call>"


def participant_json(call: FakeCall) -> dict[str, Any]:
    return {
        "sid": call.sid,
        "conference_sid": call.parent_call_sid,  # Restcomm's quirk: the parent call's SID
        "date_created": format_datetime(CREATED),
        "date_updated": _date(call),
        "account_sid": call.account_sid,
        "muted": call.muted,
        "hold": call.hold,
        "start_conference_on_enter": True,
        "end_conference_on_enter": False,
        "uri": f"/restcomm/{API}/Accounts/{call.account_sid}/Calls/{call.sid}.json",
    }


def participant_xml(call: FakeCall) -> str:
    fields = [
        ("Sid", call.sid),
        ("ConferenceSid", call.conference_sid or ""),
        ("DateCreated", format_datetime(CREATED)),
        ("DateUpdated", _date(call)),
        ("AccountSid", call.account_sid),
        ("Muted", str(call.muted).lower()),
        ("Hold", str(call.hold).lower()),
        ("StartConferenceOnEnter", "true"),
        ("EndConferenceOnEnter", "false"),
        ("Uri", f"/restcomm/{API}/Accounts/{call.account_sid}/Calls/{call.sid}"),
    ]
    return "<Call>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields) + "</Call>"


def _listed(
    found: list[FakeCall],
    query: dict[str, str],
    uri: str,
    as_json: Any,
    as_xml: Any,
    json_out: bool,
    *,
    paged: bool = True,
) -> tuple[int, str, bytes, dict[str, str]]:
    """A page of ``found`` as CallDetailRecordListConverter writes it (or an error status)."""
    try:
        page, size = int(query.get("Page", "0")), int(query.get("PageSize", "50"))
        last = len(found) // size  # ArithmeticException on 0: a 500, as in Restcomm
    except (ValueError, ZeroDivisionError):
        return 500, "text/plain", b"java.lang.NumberFormatException", {}
    if page > last:  # CallsEndpoint.java:398
        return 400, "text/plain", b"", {}
    items = found[page * size : (page + 1) * size] if paged else found
    if json_out:
        return _json(page_json([as_json(c) for c in items], page, size, len(found), uri, items))
    return _xml(page_xml([as_xml(c) for c in items], page, size, len(found), uri, items))


def _absolute(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.netloc)


def _json(data: Any) -> tuple[int, str, bytes, dict[str, str]]:
    return 200, "application/json", json.dumps(data).encode(), {}


def _xml(text: str) -> tuple[int, str, bytes, dict[str, str]]:
    return 200, "application/xml", text.encode(), {}


def _error(status: int, message: str, *, xml: bool) -> tuple[int, str, bytes, dict[str, str]]:
    body = f"<RestcommResponse><Message>{escape(message)}</Message></RestcommResponse>"
    return status, "application/xml", body.encode(), {}


class LoopbackHandler(BaseHTTPRequestHandler):
    """A quiet HTTP/1.1 handler for the loopback stand-ins of these tests."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs add 40 ms to each answer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        """Send one complete answer, with its Content-Length."""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _serve(self, method: str) -> None:
        raise NotImplementedError

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")


class _Handler(LoopbackHandler):
    restcomm: FakeRestcomm

    def _serve(self, method: str) -> None:
        raw = self.read_body()
        ctype = self.headers.get("Content-Type", "")
        form: dict[str, str] = {}
        if method == "POST" and ctype.startswith("application/x-www-form-urlencoded"):
            form = {k: v[-1] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.restcomm.requests.append(Recorded(method, parts.path, form, query, headers))
        status, content_type, body, extra = self.restcomm.handle(
            method, parts.path, form, headers, query
        )
        self.reply(status, {"Content-Type": content_type, **extra}, body)
