"""One code path, one driver: operations are generators of requests; async httpx runs them.

Each client operation (create, redirect with its preflight, cancel with its read-first ...) is
written once as a generator that yields :class:`Outgoing` requests and receives
:class:`Incoming` answers. :func:`run` feeds it with httpx's async clients; the blocking client
runs the same coroutine on a private event loop (:func:`run_blocking`), so the logic is tested
once.

Every request has a deadline for the whole exchange, from connecting to the last byte of the
answer. httpx's own timeouts bound each network operation only, so a server that sends one
byte a second would hold a request for ever; the deadline is enforced by cancelling the task
(``anyio.fail_after``), which is why the blocking client is a facade over the async one.

Requests to the Calls API carry the account's Basic credentials; fetches of a ``Url``
(preflight) carry none unless a challenge asked for them. Answers are read to a byte cap.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import anyio
import httpx

from rcml.calls._secrets import Redactor
from rcml.calls.errors import RequestTimeoutError, TransportError

R = TypeVar("R")
Target = Literal["api", "fetch"]


@dataclass(frozen=True)
class Outgoing:
    """One HTTP request an operation wants sent.

    ``target`` picks the client: ``api`` (Basic auth with the account's credentials) or
    ``fetch`` (a document fetch: no credentials, unless ``auth`` holds those of the Url after a
    challenge). ``form`` is sent form-encoded (POST); ``params`` go in the query string;
    ``content`` is a body sent as it is, with ``content_type``.
    """

    method: str
    url: str
    target: Target = "api"
    form: Mapping[str, str] | None = None
    params: Mapping[str, str] | None = None
    auth: tuple[str, str, str] | None = None  # (scheme "basic"|"digest", user, password)
    max_bytes: int = 1_048_576
    content: bytes | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Incoming:
    """The answer to one :class:`Outgoing`; for a fetch, a transport failure is ``error``."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    has_length: bool = False
    error: str | None = None


Operation = Generator[Outgoing, Incoming, R]


@dataclass(frozen=True)
class Wire:
    """The clients an operation runs on, the deadline of each request, and the redactor."""

    api: httpx.AsyncClient
    fetch: httpx.AsyncClient
    api_timeout: float
    fetch_timeout: float
    redact: Redactor


_FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"
_UNREADABLE_URL = "the URL cannot be read"


def _request_args(out: Outgoing) -> dict[str, Any]:
    args: dict[str, Any] = {"params": dict(out.params) if out.params else None}
    if out.form is not None:
        args["data"] = dict(out.form)
        args["headers"] = {"Content-Type": _FORM_TYPE}
    if out.content is not None:
        args["content"] = out.content
    if out.content_type is not None:
        args["headers"] = {"Content-Type": out.content_type}
    if out.auth is not None:
        scheme, user, password = out.auth
        args["auth"] = (
            httpx.DigestAuth(user, password)
            if scheme == "digest"
            else httpx.BasicAuth(user, password)
        )
    return args


def _failure(out: Outgoing, reason: str | None, redact: Redactor) -> Exception:
    """The exception for an API request that got no answer; ``reason`` None: it timed out."""
    what = f"{out.method} {redact(out.url)}"
    if reason is None:
        note = (
            " (not retried: it may or may not have reached the server)"
            if out.method == "POST"
            else ""
        )
        return RequestTimeoutError(f"{what} timed out{note}")
    return TransportError(f"{what} failed: {reason}")


async def run(operation: Operation[R], wire: Wire) -> R:
    """Drive ``operation`` to its result, sending each request it yields."""
    try:
        out = next(operation)
        while True:
            out = operation.send(await _send(out, wire))
    except StopIteration as stop:
        result: R = stop.value
        return result


async def _send(out: Outgoing, wire: Wire) -> Incoming:
    client, seconds = (
        (wire.api, wire.api_timeout) if out.target == "api" else (wire.fetch, wire.fetch_timeout)
    )
    reason: str | None
    try:
        with anyio.fail_after(seconds):
            return await _exchange(client, out)
    except (TimeoutError, httpx.TimeoutException):
        reason = None
    except httpx.InvalidURL:  # not an HTTPError; its message may quote part of a password
        reason = _UNREADABLE_URL
    except httpx.HTTPError as exc:
        reason = wire.redact(str(exc)) or type(exc).__name__
    if out.target == "fetch":
        return Incoming(0, error=reason or f"timed out after {seconds:g} s")
    raise _failure(out, reason, wire.redact)


async def _exchange(client: httpx.AsyncClient, out: Outgoing) -> Incoming:
    async with client.stream(out.method, out.url, **_request_args(out)) as response:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > out.max_bytes:
                break
        body = b"".join(chunks)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Incoming(
            status=response.status_code,
            headers=headers,
            body=body[: out.max_bytes],
            truncated=len(body) > out.max_bytes,
            has_length="content-length" in headers,
        )


class LoopThread:
    """A private event loop in a daemon thread, on which blocking callers run coroutines.

    A thread of its own, because the caller's thread may already run an event loop (a
    notebook, an async application calling the blocking client). The loop lives as long as
    its owner, so that connections are pooled from one operation to the next. Every request
    run on it has its deadline, so each wait is bounded.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def run(self, start: Callable[[], Coroutine[Any, Any, R]]) -> R:
        """Run the coroutine ``start()`` on the loop (started on first use); wait for it."""
        future = asyncio.run_coroutine_threadsafe(start(), self._running())
        try:
            return future.result()
        finally:
            future.cancel()  # the caller was interrupted: stop the request too

    def _running(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="rcml-calls", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def stop(self) -> None:
        """Stop the loop and its thread; a later :meth:`run` starts them again."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
