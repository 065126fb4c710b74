"""The local Restcomm as an ASGI app: Restcomm's Calls API over HTTP, on a :class:`LocalRestcomm`.

Routes, under ``/restcomm/2012-04-24/Accounts/{AccountSid}/`` (``.json`` on any segment asks
for JSON, as does an ``Accept`` that mentions json; anything else is answered in XML,
AcceptFilter.java:70-87, AbstractEndpoint.java:74-79):

=========================================  =====  =========================================
``Calls``                                  GET    list calls (filters, sorting, paging)
``Calls``                                  POST   create a call
``Calls/{CallSid}``                        GET    read a call
``Calls/{CallSid}``                        POST   change a live call
``Conferences``, ``Conferences/{Sid}``     GET    list or read conferences
``Conferences/{Sid}/Participants``         GET    list a conference's participants
``Conferences/{Sid}/Participants/{Call}``  GET    read one participant
``Conferences/{Sid}/Participants/{Call}``  POST   mute or un-mute it
``Calls/{CallSid}/Transcript``             GET    rcml extension: the call's transcript
``Clock``                                  GET    rcml extension: the clock
``Clock``                                  POST   rcml extension: ``Advance=SECONDS``
=========================================  =====  =========================================

Every request needs HTTP Basic credentials of a configured account (``AccountSid:AuthToken``),
else 401 with Restcomm's challenge (RestcommRuntimeExceptionMapper.java:51-52); another account's
path is 403. A body over ``max_body`` bytes is refused with 413 before it is read
(BodyLengthFilter.java:40-51 does the same above 10 MB). Tokens, ``Authorization`` headers and
form bodies are never logged; the log line is the method, the path without its query, and the
status. The simulator runs on one worker thread, so the event loop never waits on a call.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl, unquote

from rcml.local import render
from rcml.local._changes import ApiError
from rcml.local.records import API_VERSION
from rcml.local.restcomm import LocalRestcomm
from rcml.server.auth import basic_credentials
from rcml.server.http import BadRequest, Receive, Scope, Send, header, read_body

Answer = tuple[int, str, bytes]

PREFIX = f"/restcomm/{API_VERSION}/Accounts/"
CHALLENGE = 'Basic realm="Restcomm realm"'
MAX_BODY = 64 * 1024
MAX_FIELDS = 100
JSON = "application/json"
XML = "application/xml"
TEXT = "text/plain; charset=utf-8"
log = logging.getLogger("rcml.local")


def _printable(text: str, limit: int = 200) -> str:
    return "".join(c if 0x20 < ord(c) < 0x7F else f"\\x{ord(c):02x}" for c in text[:limit])


class LocalRestcommApp:
    """The ASGI app over ``restcomm``; ``max_body`` bounds a request's body, in bytes."""

    def __init__(self, restcomm: LocalRestcomm, *, max_body: int = MAX_BODY) -> None:
        self.restcomm = restcomm
        self.max_body = max_body
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rcml-local")

    def close(self) -> None:
        """Stop the worker thread and the local Restcomm."""
        self._executor.shutdown(wait=True)
        self.restcomm.close()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        status, content_type, body = await self._answer(scope, receive)
        headers = [(b"content-type", content_type.encode()),
                   (b"content-length", str(len(body)).encode())]  # fmt: skip
        if status == 401:
            headers.append((b"www-authenticate", CHALLENGE.encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        path = scope.get("raw_path") or scope.get("path", "").encode()
        log.info("%s %s %d", scope.get("method"),
                 _printable(bytes(path).split(b"?")[0].decode("latin-1")), status)  # fmt: skip

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.restcomm.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.restcomm.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- one request -----------------------------------------------------------------------------

    async def _answer(self, scope: Scope, receive: Receive) -> Answer:
        path = unquote(scope.get("path", ""))
        if not path.startswith(PREFIX):
            return 404, TEXT, b""
        wants_json = ".json" in path or b"json" in (header(scope, b"accept") or b"")
        segments = [s.removesuffix(".json") for s in path[len(PREFIX):].split("/")]
        account = self._authenticated(header(scope, b"authorization"))
        if account is None:  # the body of a refused request is never read
            return 401, TEXT, b""
        if segments[0] != account:
            return 403, TEXT, b""
        method = scope.get("method", "GET")
        try:
            form = await self._form(scope, receive) if method == "POST" else {}
        except ApiError as exc:
            return exc.status, TEXT, exc.message.encode()
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                               keep_blank_values=True)[:MAX_FIELDS][::-1])  # first value wins
        uri = f"/{API_VERSION}/Accounts/" + "/".join(segments)
        route = segments[1:]
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                self._executor, self._dispatch, method, account, route, form, query, uri,
                wants_json)  # fmt: skip
        except ApiError as exc:
            return exc.status, TEXT, exc.message.encode()
        except Exception:  # a defect here must not take the server down; no request data logged
            log.exception("rcml.local: internal error on %s %s", method, "/".join(route[:1]))
            return 500, TEXT, b"internal error of the local Restcomm (see its log)"

    def _authenticated(self, authorization: bytes | None) -> str | None:
        """The account whose credentials the request carries (compared in constant time)."""
        credentials = basic_credentials(authorization)
        if credentials is None:
            return None
        user, token = credentials
        found = None
        for sid, secret in self.restcomm.accounts.items():
            same_user = hmac.compare_digest(user, sid.encode())
            same_token = hmac.compare_digest(token, secret.encode())
            if same_user and same_token:
                found = sid
        return found

    async def _body(self, scope: Scope, receive: Receive) -> bytes:
        length = header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            raise ApiError(413, f"Length larger than {self.max_body}")
        try:
            return await read_body(receive, self.max_body)
        except BadRequest:
            raise ApiError(413, f"Length larger than {self.max_body}") from None

    async def _form(self, scope: Scope, receive: Receive) -> dict[str, str]:
        """A form body's fields; the first value of a name wins (MultivaluedMap.getFirst)."""
        body = await self._body(scope, receive)
        kind = (header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
        if kind != b"application/x-www-form-urlencoded":
            return {}
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                              max_num_fields=MAX_FIELDS)  # fmt: skip
        except (UnicodeDecodeError, ValueError) as exc:
            raise ApiError(400, "the form body cannot be read") from exc
        return dict(pairs[::-1])

    # -- routes (run on the worker thread) -------------------------------------------------------

    def _dispatch(
        self,
        method: str,
        account: str,
        route: list[str],
        form: dict[str, str],
        query: dict[str, str],
        uri: str,
        wants_json: bool,
    ) -> Answer:
        local = self.restcomm
        out = _Out(local, wants_json)
        match (method, route):
            case ("GET", ["Calls"]):
                records, pages = local.list_calls(account, query, uri)
                return out.page(pages, records, "calls", "Calls", render.call_json,
                                render.call_xml)  # fmt: skip
            case ("POST", ["Calls"]):
                return out.created(local.create_call(account, form))
            case ("GET", ["Calls", sid]):
                return out.one(local.get_call(account, sid), render.call_json, render.call_xml)
            case ("POST", ["Calls", sid]):
                before = local.modify_call(account, sid, form)
                return out.one(before, render.call_json, render.call_xml)
            case ("GET", ["Calls", sid, "Transcript"]):
                transcript = local.transcript(account, sid)
                if wants_json:
                    return 200, JSON, transcript.to_json().encode()
                return 200, TEXT, transcript.to_text().encode()
            case ("GET", ["Conferences"]):
                conferences, pages = local.list_conferences(account, query, uri)
                return out.page(pages, conferences, "conferences", "Conferences",
                                render.conference_json, render.conference_xml, html_safe=False)
            case ("GET", ["Conferences", sid]):
                return out.one(local.get_conference(account, sid), render.conference_json,
                               render.conference_xml, html_safe=False)  # fmt: skip
            case ("GET", ["Conferences", sid, "Participants"]):
                records, pages = local.list_participants(account, sid, query, uri)
                return out.page(pages, records, "calls", "Calls", render.participant_json,
                                render.participant_xml)  # fmt: skip
            case ("GET", ["Conferences", _, "Participants", sid]):
                return out.one(local.get_participant(account, sid), render.participant_json,
                               render.participant_xml)  # fmt: skip
            case ("POST", ["Conferences", _, "Participants", sid]):
                before = local.modify_participant(account, sid, form)
                return out.one(before, render.participant_json, render.participant_xml)
            case ("GET", ["Clock"]):
                return 200, JSON, render.to_json(local.clock_state(), html_safe=False)
            case ("POST", ["Clock"]):
                return 200, JSON, render.to_json(_advance(local, form), html_safe=False)
        known = route[:1] in (["Calls"], ["Conferences"], ["Clock"])
        return (405 if known and method not in ("GET", "POST") else 404), TEXT, b""


def _advance(local: LocalRestcomm, form: dict[str, str]) -> dict[str, object]:
    text = form.get("Advance", "0")
    try:
        seconds = float(text)
    except ValueError:
        raise ApiError(400, f"Advance must be a number of seconds, not {text!r}") from None
    local.advance(seconds)
    return local.clock_state()


class _Out:
    """Records written in the format the request asked for."""

    def __init__(self, local: LocalRestcomm, wants_json: bool) -> None:
        self.dates = local.dates
        self.instance_id = local.instance_id
        self.json = wants_json

    def one(self, record: Any, as_json: render.Writer, as_xml: render.Writer, *,
            html_safe: bool = True) -> Answer:  # fmt: skip
        if self.json:
            data = as_json(record, self.dates, self.instance_id)
            return 200, JSON, render.to_json(data, html_safe=html_safe)
        return 200, XML, render.to_xml(render.response(as_xml(record, self.dates,
                                                              self.instance_id)))

    def created(self, records: list[Any]) -> Answer:
        """One call as itself (XStream's class-named root), several as a list (CE:574-586)."""
        d, i = self.dates, self.instance_id
        if self.json:
            items = [render.call_json(r, d, i) for r in records]
            return 200, JSON, render.to_json(items[0] if len(items) == 1 else items)
        if len(records) == 1:
            return 200, XML, render.to_xml(render.created_xml(records[0], d, i))
        calls = ("Calls", [render.call_xml(r, d, i) for r in records])
        return 200, XML, render.to_xml(render.response(calls))

    def page(self, pages: render.Paging, records: list[Any], key: str, element: str,
             as_json: render.Writer, as_xml: render.Writer, *,
             html_safe: bool = True) -> Answer:  # fmt: skip
        sids = [r.sid for r in records]
        d, i = self.dates, self.instance_id
        if self.json:
            items = [as_json(r, d, i) for r in records]
            data = render.page_json(pages, key, items, sids)
            return 200, JSON, render.to_json(data, html_safe=html_safe)
        nodes = [as_xml(r, d, i) for r in records]
        return 200, XML, render.page_xml(pages, element, nodes, sids)
