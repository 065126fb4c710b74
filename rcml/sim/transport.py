"""How the simulated Restcomm reaches the application: one HTTP exchange at a time.

Three transports answer the same question (send this request, give me the response):

* :class:`AsgiTransport`: an ASGI app in this process (the app ``rcml serve`` runs, or any
  other), called directly, with no socket;
* :class:`WsgiTransport`: a WSGI app in this process;
* :class:`HttpTransport`: any web application over the network.

A transport only moves bytes. Restcomm's own rules (which redirects it follows, when it sends
credentials, which answers count) are in :mod:`rcml.sim._download`, the same for every transport.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote, unquote_to_bytes, urlsplit

USER_AGENT = "Apache-HttpClient/4.5 (rcml simulate)"


class TransportError(Exception):
    """The request could not be made (no connection, not served here); Java's IOException."""


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names, first value
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Transport(Protocol):
    def send(self, request: HttpRequest) -> HttpResponse: ...

    def close(self) -> None: ...


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    default = 443 if scheme == "https" else 80
    return scheme, (parts.hostname or "").lower(), parts.port or default


def _ascii(text: str) -> str:
    """A URL part as it goes on the wire: non-ASCII characters as UTF-8 escapes (toASCIIString)."""
    return quote(text, safe="/:@!$&'()*+,;=-._~%?#[]")


def _first_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in pairs:
        headers.setdefault(name.lower(), value)
    return headers


def _decoded(response: HttpResponse) -> HttpResponse:
    """A compressed body inflated, as an HTTP client does before anyone reads it."""
    coding = (response.header("content-encoding") or "").strip().lower()
    if coding in ("gzip", "x-gzip", "deflate") and response.body:
        try:
            wbits = 47 if coding != "deflate" else 15
            response.body = zlib.decompress(response.body, wbits)
        except zlib.error:
            return response
        del response.headers["content-encoding"]
        response.headers["content-length"] = str(len(response.body))
    return response


class _InProcess:
    """An app that answers only for its own origin (``http://localhost`` unless told)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")
        self._scheme, self._host, self._port = _origin(self.origin)

    def _route(self, url: str) -> tuple[str, bytes, bytes]:
        """(scheme, raw path, query) of a URL this app serves; TransportError otherwise."""
        parts = urlsplit(url)
        if _origin(url) != (self._scheme, self._host, self._port):
            raise TransportError(
                f"{parts.scheme}://{parts.netloc.rpartition('@')[2]} is not reachable: "
                f"only {self.origin} is served in this simulation"
            )
        path, query = _ascii(parts.path or "/"), _ascii(parts.query)
        return self._scheme, path.encode("ascii"), query.encode("ascii")

    def _headers(self, request: HttpRequest) -> list[tuple[str, str]]:
        host = self._host if self._port in (80, 443) else f"{self._host}:{self._port}"
        headers = [("host", host), ("user-agent", USER_AGENT)]
        headers.extend((n.lower(), v) for n, v in request.headers)
        if request.method == "POST":
            headers.append(("content-length", str(len(request.body))))
        return headers

    def close(self) -> None:
        pass


class AsgiTransport(_InProcess):
    """Calls an ASGI application in this process, on a private event loop (no socket).

    Lifespan events are not sent: the app is called for ``http`` requests only.
    """

    def __init__(self, app: Callable[..., Any], origin: str = "http://localhost") -> None:
        super().__init__(origin)
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None

    def send(self, request: HttpRequest) -> HttpResponse:
        scheme, raw_path, query = self._route(request.url)
        scope: MutableMapping[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": scheme,
            "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
            "raw_path": raw_path,
            "query_string": query,
            "root_path": "",
            "headers": [
                (n.encode("latin-1"), v.encode("latin-1")) for n, v in self._headers(request)
            ],
            "client": ("127.0.0.1", 50000),
            "server": (self._host, self._port),
        }
        sent: list[MutableMapping[str, Any]] = []
        body = request.body

        async def receive() -> dict[str, Any]:
            nonlocal body
            chunk, body = body, b""
            return {"type": "http.request", "body": chunk, "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message)

        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self.app(scope, receive, send))
        except Exception as exc:  # the app crashed: a server answers 500
            print(f"rcml simulate: the app raised {type(exc).__name__}: {exc}", file=sys.stderr)
            return HttpResponse(500, {}, b"")
        return _asgi_response(sent)

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None


def _asgi_response(sent: list[MutableMapping[str, Any]]) -> HttpResponse:
    start = next((m for m in sent if m["type"] == "http.response.start"), None)
    if start is None:
        return HttpResponse(500, {}, b"")
    pairs = [
        (bytes(n).decode("latin-1"), bytes(v).decode("latin-1")) for n, v in start["headers"]
    ]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return _decoded(HttpResponse(int(start["status"]), _first_headers(pairs), body))


class WsgiTransport(_InProcess):
    """Calls a WSGI application in this process."""

    def __init__(self, app: Callable[..., Any], origin: str = "http://localhost") -> None:
        super().__init__(origin)
        self.app = app

    def send(self, request: HttpRequest) -> HttpResponse:
        scheme, raw_path, query = self._route(request.url)
        headers = self._headers(request)
        environ: dict[str, Any] = {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(raw_path).decode("latin-1"),
            "QUERY_STRING": query.decode("latin-1"),
            "SERVER_NAME": self._host,
            "SERVER_PORT": str(self._port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scheme,
            "wsgi.input": io.BytesIO(request.body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in headers:
            key = name.upper().replace("-", "_")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value
            else:
                environ["HTTP_" + key] = value
        status: list[str] = []
        response_headers: list[tuple[str, str]] = []

        def start_response(
            line: str, pairs: list[tuple[str, str]], exc_info: object = None
        ) -> Callable[[bytes], object]:
            status[:] = [line]
            response_headers[:] = pairs
            return lambda data: None

        try:
            chunks = self.app(environ, start_response)
            try:
                body = b"".join(chunks)
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
        except Exception as exc:
            print(f"rcml simulate: the app raised {type(exc).__name__}: {exc}", file=sys.stderr)
            return HttpResponse(500, {}, b"")
        code = int(status[0].split(" ", 1)[0]) if status else 500
        return _decoded(HttpResponse(code, _first_headers(response_headers), body))


class HttpTransport:
    """Any web application, over the network (httpx; no redirect or auth of its own)."""

    def __init__(self, timeout: float = 10.0) -> None:
        import httpx

        self._httpx = httpx
        self._client = httpx.Client(follow_redirects=False, timeout=timeout, trust_env=False)

    def send(self, request: HttpRequest) -> HttpResponse:
        headers = {"user-agent": USER_AGENT, **dict(request.headers)}
        try:
            answer = self._client.request(
                request.method, request.url, content=request.body or None, headers=headers
            )
        except self._httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from None
        return HttpResponse(
            answer.status_code, _first_headers(answer.headers.multi_items()), answer.content
        )

    def close(self) -> None:
        self._client.close()


def transport_for(app: object, origin: str = "http://localhost") -> Transport:
    """The in-process transport for an app object: ASGI when its call is a coroutine function."""
    if isinstance(app, Mapping):  # pragma: no cover - a guard against passing a scope
        raise TypeError("an application object is needed")
    if not callable(app):
        raise TypeError(f"{app!r} is neither an ASGI nor a WSGI application")
    if inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(type(app).__call__):
        return AsgiTransport(app, origin)
    return WsgiTransport(app, origin)
