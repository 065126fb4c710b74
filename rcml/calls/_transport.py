"""One code path, two drivers: operations are generators of requests; httpx runs them.

Each client operation (create, redirect with its preflight, cancel with its read-first ...) is
written once as a generator that yields :class:`Outgoing` requests and receives
:class:`Incoming` answers. :func:`run_sync` and :func:`run_async` feed it with httpx's sync or
async client. So the async client costs a few lines, and the logic is tested once.

Requests to the Calls API carry the account's Basic credentials; fetches of a ``Url``
(preflight) carry none unless a challenge asked for them. Answers are read to a byte cap.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

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
    challenge). ``form`` is sent form-encoded (POST); ``params`` go in the query string.
    """

    method: str
    url: str
    target: Target = "api"
    form: Mapping[str, str] | None = None
    params: Mapping[str, str] | None = None
    auth: tuple[str, str, str] | None = None  # (scheme "basic"|"digest", user, password)
    max_bytes: int = 1_048_576


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

_FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"


def _request_args(out: Outgoing) -> dict[str, object]:
    args: dict[str, object] = {"params": dict(out.params) if out.params else None}
    if out.form is not None:
        args["data"] = dict(out.form)
        args["headers"] = {"Content-Type": _FORM_TYPE}
    if out.auth is not None:
        scheme, user, password = out.auth
        args["auth"] = (
            httpx.DigestAuth(user, password)
            if scheme == "digest"
            else httpx.BasicAuth(user, password)
        )
    return args


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items()}


def _failure(out: Outgoing, exc: httpx.HTTPError, redact: Redactor) -> Exception:
    what = f"{out.method} {redact(out.url)}"
    if isinstance(exc, httpx.TimeoutException):
        note = (
            " (not retried: it may or may not have reached the server)"
            if out.method == "POST"
            else ""
        )
        return RequestTimeoutError(f"{what} timed out{note}")
    reason = redact(str(exc)) or type(exc).__name__
    return TransportError(f"{what} failed: {reason}")


def _fetch_error(exc: httpx.HTTPError, redact: Redactor) -> Incoming:
    if isinstance(exc, httpx.TimeoutException):
        return Incoming(0, error="timed out")
    return Incoming(0, error=redact(str(exc)) or type(exc).__name__)


def run_sync(
    operation: Operation[R], api: httpx.Client, fetch: httpx.Client, redact: Redactor
) -> R:
    """Drive ``operation`` with blocking httpx clients."""
    try:
        out = next(operation)
        while True:
            out = operation.send(_send_sync(out, api, fetch, redact))
    except StopIteration as stop:
        result: R = stop.value
        return result


def _send_sync(out: Outgoing, api: httpx.Client, fetch: httpx.Client, redact: Redactor) -> Incoming:
    client = api if out.target == "api" else fetch
    try:
        with client.stream(out.method, out.url, **_request_args(out)) as response:  # type: ignore[arg-type]
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > out.max_bytes:
                    break
            return _incoming(response, b"".join(chunks), out.max_bytes)
    except httpx.HTTPError as exc:
        if out.target == "fetch":
            return _fetch_error(exc, redact)
        raise _failure(out, exc, redact) from None


async def run_async(
    operation: Operation[R], api: httpx.AsyncClient, fetch: httpx.AsyncClient, redact: Redactor
) -> R:
    """Drive ``operation`` with asyncio httpx clients."""
    try:
        out = next(operation)
        while True:
            out = operation.send(await _send_async(out, api, fetch, redact))
    except StopIteration as stop:
        result: R = stop.value
        return result


async def _send_async(
    out: Outgoing, api: httpx.AsyncClient, fetch: httpx.AsyncClient, redact: Redactor
) -> Incoming:
    client = api if out.target == "api" else fetch
    try:
        async with client.stream(out.method, out.url, **_request_args(out)) as response:  # type: ignore[arg-type]
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > out.max_bytes:
                    break
            return _incoming(response, b"".join(chunks), out.max_bytes)
    except httpx.HTTPError as exc:
        if out.target == "fetch":
            return _fetch_error(exc, redact)
        raise _failure(out, exc, redact) from None


def _incoming(response: httpx.Response, body: bytes, cap: int) -> Incoming:
    headers = _headers(response)
    return Incoming(
        status=response.status_code,
        headers=headers,
        body=body[:cap],
        truncated=len(body) > cap,
        has_length="content-length" in headers,
    )
