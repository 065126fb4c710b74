"""`rcml serve` drops idle and half-sent connections and caps how many are open.

Connections that sent nothing or half a request used to stay open for good: enough of them
exhaust the file descriptors and real calls fail. Over loopback, against a real server.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rcml.server import guard
from rcml.server.guard import ConnectionLimits, fit_descriptor_limit
from tests.server.conftest import DOC, Served, write_site

GET = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\n\r\n"
HALF_HEADERS = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\n"
HALF_BODY = (
    b"POST /doc.xml HTTP/1.1\r\nHost: x\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nFrom=%2B1"
)
KINDS = (b"", HALF_HEADERS, HALF_BODY)  # idle, half the headers, headers and half the body


def _site(tmp_path: Path) -> str:
    return str(write_site(tmp_path / "site", {"doc.xml": DOC}))


def _open(served: Served, first: bytes) -> socket.socket:
    sock = socket.create_connection((served.host, served.port), timeout=5)
    if first:
        sock.sendall(first)
    return sock


def _real_request(served: Served) -> bytes:
    """A whole GET on a new connection; the answer's first bytes (b"" if none)."""
    request = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with socket.create_connection((served.host, served.port), timeout=5) as sock:
        sock.sendall(request)
        return sock.recv(64)


def _read_answer(sock: socket.socket) -> bytes:
    data = b""
    deadline = time.monotonic() + 5
    while not data.endswith(DOC):
        assert time.monotonic() < deadline, data
        chunk = sock.recv(4096)
        assert chunk, data
        data += chunk
    return data


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server closed ``sock`` (readable, and the read says so); never blocks."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True


def test_a_real_request_is_served_while_idle_connections_fill_every_slot(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    served = serve(_site(tmp_path), "--max-connections", "50", "--request-timeout", "30")
    idle = [_open(served, KINDS[n % 3]) for n in range(300)]
    try:
        assert _real_request(served).startswith(b"HTTP/1.1 200 ")
        # Each connection past the cap closed the one quiet longest, and the timeout (30 s) is
        # far away: 250 + 1 (the real request's) closed, 49 left open.
        closed: set[int] = set()
        deadline = time.monotonic() + 5
        while len(closed) < 251:
            assert time.monotonic() < deadline, f"only {len(closed)} idle connections closed"
            closed |= {
                n for n, sock in enumerate(idle) if n not in closed and _closed_by_server(sock)
            }
            time.sleep(0.02)
        assert closed >= set(range(200))  # the oldest go first
        still = [
            n for n, sock in enumerate(idle) if n not in closed and not _closed_by_server(sock)
        ]
        assert len(still) == 49
    finally:
        for sock in idle:
            sock.close()


def test_idle_and_half_sent_connections_are_closed_after_the_request_timeout(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    timeout = 1.0
    served = serve(_site(tmp_path), "--request-timeout", str(timeout))
    started: dict[socket.socket, float] = {}
    for n in range(300):
        sock = _open(served, KINDS[n % 3])
        started[sock] = time.monotonic()
    # A connection that was answered once, then sends half of its next request.
    kept = _open(served, GET)
    assert _read_answer(kept).startswith(b"HTTP/1.1 200 ")
    kept.sendall(HALF_HEADERS)
    started[kept] = time.monotonic()
    # One that sends its headers a byte at a time, never quite finishing.
    drip = _open(served, b"G")
    started[drip] = time.monotonic()
    dripped = iter(HALF_HEADERS[1:] + b"X-Slow: " + b"y" * 1000)
    try:
        assert _real_request(served).startswith(b"HTTP/1.1 200 ")
        closed_after: dict[socket.socket, float] = {}
        deadline = time.monotonic() + timeout + 5
        while len(closed_after) < len(started):
            assert time.monotonic() < deadline, f"{len(started) - len(closed_after)} left open"
            if drip not in closed_after:
                try:
                    drip.send(bytes([next(dripped)]))
                except OSError:
                    closed_after[drip] = time.monotonic() - started[drip]
            for sock, start in started.items():
                if sock not in closed_after and _closed_by_server(sock):
                    closed_after[sock] = time.monotonic() - start
            time.sleep(0.05)
        early = {round(t, 2) for t in closed_after.values() if t < timeout * 0.95}
        assert not early, f"closed before the timeout: {sorted(early)}"
    finally:
        for sock in started:
            sock.close()


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ConnectionLimits(request_timeout=0)
    with pytest.raises(ValueError):
        ConnectionLimits(max_connections=0)


def test_the_cap_fits_the_limit_on_open_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import resource

    limits = {"soft": 256, "hard": 512}

    def setrlimit(_: int, values: tuple[int, int]) -> None:
        limits["soft"] = values[0]

    monkeypatch.setattr(resource, "getrlimit", lambda _: (limits["soft"], limits["hard"]))
    monkeypatch.setattr(resource, "setrlimit", setrlimit)
    assert fit_descriptor_limit(100) == 100 and limits["soft"] == 256  # fits as it is
    assert fit_descriptor_limit(300) == 300 and limits["soft"] == 364  # raised to fit
    assert fit_descriptor_limit(1000) == 512 - 64 and limits["soft"] == 512  # the hard limit
    assert guard.DEFAULT_MAX_CONNECTIONS >= 100
