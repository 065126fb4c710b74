"""`rcml serve` under a burst of SIGHUPs: it keeps answering, and SIGTERM still stops it.

A handler that takes a lock (``threading.Event.set``) deadlocks when a second signal lands
inside the first handler: the server then stopped answering and ignored SIGTERM for good.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.server.conftest import DOC, Served, write_site

HUPS = 3000
GAP = 0.0001  # seconds between two HUPs: spread enough to land inside earlier handlers


def _answered(served: Served, timeout: float) -> bool:
    """Whether one GET of /doc.xml is answered 200 within ``timeout`` seconds."""
    request = b"GET /doc.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    try:
        with socket.create_connection((served.host, served.port), timeout=timeout) as sock:
            sock.sendall(request)
            return sock.recv(64).startswith(b"HTTP/1.1 200 ")
    except OSError:
        return False


def test_a_burst_of_hups_under_load_neither_wedges_nor_outlives_sigterm(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    served = serve(str(write_site(tmp_path / "site", {"doc.xml": DOC})))
    done = threading.Event()
    answered = []

    def load() -> None:
        while not done.is_set():
            answered.append(_answered(served, 1.0))

    client = threading.Thread(target=load)
    client.start()
    try:
        for _ in range(HUPS):
            os.kill(served.process.pid, signal.SIGHUP)
            pause_until = time.perf_counter() + GAP
            while time.perf_counter() < pause_until:
                pass
    finally:
        done.set()
        client.join(timeout=10)
    assert served.process.poll() is None, "a SIGHUP ended the server"
    deadline = time.monotonic() + 5
    while not _answered(served, 1.0):
        assert time.monotonic() < deadline, "no answer after the burst of SIGHUPs"
    assert any(answered)
    served.process.send_signal(signal.SIGTERM)
    try:
        assert served.process.wait(timeout=5) == 0
    except subprocess.TimeoutExpired:
        raise AssertionError("SIGTERM did not stop the server within 5 s") from None
