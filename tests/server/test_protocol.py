"""The uvicorn protocol of `rcml serve`: each whole response leaves in exactly one write.

Driven in process with a recording transport (no socket): the bytes written must be exactly
what uvicorn's own protocol writes, only in fewer writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from rcml.server import RcmlApp, load_site
from rcml.server.protocol import OneWriteProtocol
from tests.server.conftest import DOC

Make = Callable[[dict[str, str | bytes]], Path]


class Recorder(asyncio.Transport):
    """A transport that records every write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.per_request: list[int] = []  # writes made while each request was answered

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def exchange(
    app: RcmlApp, protocol_class: type[HttpToolsProtocol], *requests: bytes
) -> Recorder:
    """Feed ``requests`` (each one data chunk) to a protocol; the transport when all answered."""

    async def go() -> Recorder:
        config = Config(app, lifespan="off", log_config=None, server_header=False)
        state = ServerState()
        protocol = protocol_class(config=config, server_state=state, app_state={})
        transport = Recorder()
        protocol.connection_made(transport)
        for request in requests:
            before = len(transport.writes)
            protocol.data_received(request)
            for _ in range(100):  # bounded: until every request has its answer
                await asyncio.sleep(0)
                if not state.tasks:
                    break
            transport.per_request.append(len(transport.writes) - before)
        protocol.connection_lost(None)
        return transport

    return asyncio.run(go())


def undated(data: bytes) -> bytes:
    """The bytes without uvicorn's Date header (it changes every second)."""
    lines = data.splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(b"date:"))


@pytest.fixture
def app(site_dir: Make) -> RcmlApp:
    return RcmlApp(load_site(site_dir({"doc.xml": DOC})))


GET = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\n\r\n"
POST = (
    b"POST /doc.xml HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 13\r\n\r\nFrom=%2B15550"
)
HEAD = b"HEAD /doc.xml HTTP/1.1\r\nHost: x\r\n\r\n"
MISSING = b"GET /nope.xml HTTP/1.1\r\nHost: x\r\n\r\n"
CLOSE = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


@pytest.mark.parametrize("request_bytes", [GET, POST, HEAD, MISSING, CLOSE])
def test_one_write_per_response_with_uvicorns_exact_bytes(
    app: RcmlApp, request_bytes: bytes
) -> None:
    ours = exchange(app, OneWriteProtocol, request_bytes)
    theirs = exchange(app, HttpToolsProtocol, request_bytes)
    assert ours.per_request == [1]  # sent while answering, not held until the connection ends
    assert theirs.per_request == [1 if request_bytes == HEAD else 2]
    assert undated(ours.writes[0]) == undated(b"".join(theirs.writes))
    assert ours.closed == theirs.closed


def test_a_kept_alive_connection_gets_each_response_whole_and_in_order(app: RcmlApp) -> None:
    etag = exchange(app, OneWriteProtocol, GET).writes[0].split(b"etag: ")[1].split(b"\r\n")[0]
    conditional = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + b"\r\n\r\n"
    sequence = (GET, HEAD, conditional, POST, MISSING)
    ours = exchange(app, OneWriteProtocol, *sequence)
    assert ours.per_request == [1, 1, 1, 1, 1]
    statuses = [w.split(b"\r\n", 1)[0] for w in ours.writes]
    assert statuses == [
        b"HTTP/1.1 200 OK",
        b"HTTP/1.1 200 OK",
        b"HTTP/1.1 304 Not Modified",
        b"HTTP/1.1 200 OK",
        b"HTTP/1.1 404 Not Found",
    ]
    assert ours.writes[0].endswith(b"\r\n\r\n" + DOC)
    assert ours.writes[1].endswith(b"\r\n\r\n")  # HEAD: the headers, no body
    theirs = exchange(app, HttpToolsProtocol, *sequence)
    assert undated(b"".join(ours.writes)) == undated(b"".join(theirs.writes))


def test_pipelined_requests_are_answered_whole_and_in_order(app: RcmlApp) -> None:
    ours = exchange(app, OneWriteProtocol, GET + HEAD + MISSING)
    theirs = exchange(app, HttpToolsProtocol, GET + HEAD + MISSING)
    assert undated(b"".join(ours.writes)) == undated(b"".join(theirs.writes))
    assert b"".join(ours.writes).count(b"HTTP/1.1 ") == 3


def test_the_installed_uvicorn_fits_the_protocol() -> None:
    """If a uvicorn release moves the hooks OneWriteProtocol uses, this fails in CI (and
    `rcml serve` quietly uses uvicorn's own protocol meanwhile)."""
    from rcml.server.protocol import fits_this_uvicorn

    assert fits_this_uvicorn()


def test_serve_falls_back_to_uvicorns_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    from rcml.cli import serve
    from rcml.server import protocol

    assert serve._http_protocol() is protocol.OneWriteProtocol
    monkeypatch.setattr(protocol, "fits_this_uvicorn", lambda: False)
    assert serve._http_protocol() == "auto"
