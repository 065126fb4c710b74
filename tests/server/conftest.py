"""Fixtures for the server tests: sites in temporary folders, an in-process client, and a real
`rcml serve` in a subprocess on loopback (always stopped in teardown)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from rcml.server import RcmlApp

RCML = [sys.executable, "-c", "from rcml.cli import main; main()"]
DOC = b'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Say>Hello</Say></Response>\n'


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> content) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    return root


@pytest.fixture
def site_dir(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Make a site folder from a mapping of files."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_site(tmp_path / "site", files)

    return make


def call(app: RcmlApp, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request to an ASGI app, in process (httpx.ASGITransport)."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return await c.request(method, url, **kwargs)

    return asyncio.run(go())


@dataclass
class Served:
    """A running `rcml serve` subprocess."""

    process: subprocess.Popen[str]
    url: str
    host: str
    port: int

    def stop(self) -> int:
        return stop_process(self.process)


def stop_process(process: subprocess.Popen[str]) -> int:
    """SIGTERM, then SIGKILL after 20 s: a test never leaves a server running."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
    return process.returncode


def start_server(*args: str, env: dict[str, str] | None = None) -> Served:
    """Start `rcml serve ARGS --port 0` and wait for its 'serving ... at URL' line."""
    process = subprocess.Popen(
        [*RCML, "serve", *args, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if " at http://" not in line:
        process.kill()
        _, err = process.communicate(timeout=20)
        raise AssertionError(f"rcml serve did not start: {line!r} {err!r}")
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    host_port = url.removeprefix("http://").rstrip("/")
    host, port = host_port.rsplit(":", 1)
    return Served(process, url, host, int(port))
