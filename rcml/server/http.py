"""Small HTTP pieces for the ASGI app: safe routes, request parameters, response sending.

A route is taken from the raw request path, before any normalisation, and refused (404) when it
holds anything that could climb out of the site or name a hidden file: ``..`` or ``.`` segments
(plain or percent-encoded), backslashes, NUL and other control bytes, empty segments, dot-names.
The site is served from memory anyway, so a refused route could not reach a file; refusing early
keeps the answer the same whatever the trick.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import unquote, unquote_to_bytes

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_FIELDS = 200
RESTCOMM_NULL = "null"
_CONTROL = re.compile(rb"[\x00-\x1f\x7f\\]")
_PRINTABLE = re.compile(r"[^\x21-\x7e]")


class BadRequest(Exception):
    """The request cannot be answered as asked (too large, too many fields)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def safe_route(raw_path: bytes) -> str | None:
    """The route a raw request path names, or None when the path must not be served."""
    if not raw_path.startswith(b"/") or b"?" in raw_path:
        return None
    decoded = unquote_to_bytes(raw_path)
    if _CONTROL.search(decoded):
        return None
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text == "/":
        return text
    segments = text[1:].split("/")
    if any(not s or s.startswith(".") for s in segments):
        return None
    return text


def loggable(raw_path: bytes, limit: int = 200) -> str:
    """A path for a log line: printable ASCII only (no log injection), the query left out."""
    text = raw_path.split(b"?", 1)[0][:limit].decode("latin-1")
    return _PRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of a request header (``name`` in lower case)."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def _unquote(text: str) -> str:
    """Percent-decoding as ``urllib.parse.unquote`` does it (UTF-8, bad bytes U+FFFD).

    For ASCII text (what a form body almost always is) that is one ``unquote_to_bytes``, without
    ``unquote``'s splitting of the text into ASCII runs.
    """
    if "%" not in text:
        return text
    if text.isascii():
        return unquote_to_bytes(text).decode("utf-8", "replace")
    return unquote(text, errors="replace")


def _pairs(data: bytes) -> list[tuple[str, str]]:
    """``name=value&...`` pairs, percent-decoded as UTF-8 (bad bytes become U+FFFD).

    The same pairs as ``parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True,
    errors="replace")`` (a property test holds it to that), in about a third of its time: ``+``
    is replaced once for the whole text (it can never be a separator), and only the fields that
    hold a ``%`` are decoded.
    """
    if not data:
        return []
    text = data.decode("utf-8", errors="replace")
    if "+" in text:
        text = text.replace("+", " ")
    fields = text.split("&")
    if len(fields) > MAX_FIELDS:
        raise BadRequest(413, "too many parameters")
    pairs = []
    for field in fields:
        if field:
            name, _, value = field.partition("=")
            if "%" in field:
                name, value = _unquote(name), _unquote(value)
            pairs.append((name, value))
    return pairs


def _first_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in pairs:
        if value != RESTCOMM_NULL:  # Restcomm sends an absent value as the string "null"
            values.setdefault(name, value)
    return values


def request_values(query: bytes, content_type: bytes | None, body: bytes) -> dict[str, str]:
    """The template values of a request: the query string, then the form body over it.

    On a name clash the form body wins. Within one source the first value of a name counts:
    Restcomm sends its parameters first and the URL's own query fields after them, in the query
    of a GET or the form body of a POST (HttpRequestDescriptor.java:57-62), so its values win.
    A value that is the literal ``null`` (Restcomm's way to send an absent ``CallerName``,
    ``ForwardedFrom``, ``DialCallSid`` ...) is left out, so templates see it as absent.
    """
    values = _first_values(_pairs(query))
    kind = (content_type or b"").split(b";", 1)[0].strip().lower()
    if body and kind == b"application/x-www-form-urlencoded":
        values.update(_first_values(_pairs(body)))
    return values


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole request body; BadRequest(413) when it is longer than ``limit``."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, "request body too large")
        chunks.append(chunk)
        more = bool(message.get("more_body", False))
    return b"".join(chunks)


async def respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: str,
    *,
    head: bool = False,
    extra: Mapping[str, str] | None = None,
) -> None:
    """Send a whole response with an explicit Content-Length (no body for HEAD and 304).

    A 304 carries no Content-Length at all: it has no body, and servers frame it by its status
    (a length there would make uvicorn wait for a body and drop the kept-alive connection).
    """
    headers = [(b"content-type", content_type.encode("latin-1"))]
    if status != 304:
        headers.append((b"content-length", str(len(body)).encode()))
    headers.append((b"x-content-type-options", b"nosniff"))
    for name, value in (extra or {}).items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head or status == 304 else body})
