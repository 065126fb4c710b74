"""`rcml serve` in a subprocess on loopback: raw HTTP requests that no client would normalise,
end-to-end answers, reload by SIGHUP, and graceful shutdown."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.server.conftest import DOC, Served, write_site

SECRET = b"TOPSECRET-outside-the-root"


def raw(served: Served, request: bytes) -> tuple[int, bytes, bytes]:
    """Send bytes as they are; return (status, headers, body). 0 when the server just closed."""
    with socket.create_connection((served.host, served.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        return 0, b"", b""
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def get(served: Served, target: bytes, method: bytes = b"GET") -> tuple[int, bytes, bytes]:
    return raw(
        served, method + b" " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.xml").write_bytes(b"<Response><Say>" + SECRET + b"</Say></Response>")
    (tmp_path / "secret.xml").write_bytes(b"<Response><Say>" + SECRET + b"</Say></Response>")
    root = write_site(
        tmp_path / "site",
        {
            "doc.xml": DOC,
            "sub/inner.xml": DOC,
            ".hidden.xml": b"<Response><Say>" + SECRET + b"</Say></Response>",
            ".git/config.xml": b"<Response><Say>" + SECRET + b"</Say></Response>",
            "hello.xml.j2": '{#- rcml-samples: [{"From": "+1"}] -#}'
            "<Response><Say>Hi {{ From }}</Say></Response>",
        },
    )
    os.symlink(outside / "secret.xml", root / "link.xml")
    os.symlink(outside, root / "linkdir")
    return root


TRICKS = [
    b"/../secret.xml",
    b"/sub/../../secret.xml",
    b"/%2e%2e/secret.xml",
    b"/%2E%2E/secret.xml",
    b"/sub/%2e%2e/%2e%2e/secret.xml",
    b"/..%2fsecret.xml",
    b"/%2e%2e%2fsecret.xml",
    b"/sub/..%5c..%5csecret.xml",
    b"/sub\\..\\..\\secret.xml",
    b"/%5c..%5csecret.xml",
    b"//etc/passwd",
    b"/etc/passwd",
    b"/" + str(Path("/etc/passwd")).encode(),
    b"/doc.xml%00.wav",
    b"/%00",
    b"/.hidden.xml",
    b"/%2ehidden.xml",
    b"/.git/config.xml",
    b"/link.xml",
    b"/linkdir/secret.xml",
    b"/sub",
    b"/sub/",
    b"/hello.xml.j2",
    b"/./doc.xml",
    b"/sub/./inner.xml",
    b"/%2fetc%2fpasswd",
    b"/%252e%252e/secret.xml",
    b"/%c0%ae%c0%ae/secret.xml",
    b"http://x/../secret.xml",
    b"*",
]


def test_path_tricks_never_leave_the_root(site: Path, serve: Callable[..., Served]) -> None:
    served = serve(str(site))
    assert get(served, b"/doc.xml")[0] == 200  # the server does answer
    for target in TRICKS:
        for method in (b"GET", b"POST"):
            status, _, body = get(served, target, method)
            assert status in (0, 400, 404), (target, status)
            assert SECRET not in body and b"root:" not in body, target
            if status == 404:
                assert not body.lstrip().startswith(b"<"), target


def test_raw_nul_and_control_bytes_in_the_request_line(
    site: Path, serve: Callable[..., Served]
) -> None:
    served = serve(str(site))
    for target in (b"/doc.xml\x00", b"/\x00/secret.xml", b"/do\x7fc.xml", b"/doc.xml\x1b"):
        status, _, body = get(served, target)
        assert status in (0, 400, 404), target
        assert SECRET not in body


def test_end_to_end_documents_and_templates(site: Path, serve: Callable[..., Served]) -> None:
    served = serve(str(site))
    form = b"From=%3CDial%3E%2B1900&To=%2B1"
    status, head, body = raw(
        served,
        b"POST /hello.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(form), form),
    )
    assert status == 200
    assert body == b"<Response><Say>Hi &lt;Dial&gt;+1900</Say></Response>"
    assert b"content-length: %d" % len(body) in head.lower()
    status, head, body = get(served, b"/doc.xml", b"HEAD")
    assert status == 200 and body == b""
    assert b"content-length: %d" % len(DOC) in head.lower()
    status, head, _ = get(served, b"/doc.xml", b"DELETE")
    assert status == 405 and b"allow: get, head, post" in head.lower()
    assert get(served, b"/healthz")[0] == 200


def test_sighup_reloads_and_a_bad_version_is_refused(
    site: Path, serve: Callable[..., Served]
) -> None:
    served = serve(str(site))
    first = get(served, b"/healthz")[2]
    (site / "new.xml").write_bytes(DOC)
    served.process.send_signal(signal.SIGHUP)
    for _ in range(2000):  # bounded: wait for the swap by watching the served version
        if get(served, b"/healthz")[2] != first:
            break
    assert get(served, b"/new.xml")[0] == 200
    second = get(served, b"/healthz")[2]
    (site / "bad.xml").write_bytes(b"<Response><Redirect>nowhere.xml</Redirect></Response>")
    served.process.send_signal(signal.SIGHUP)
    assert served.process.stderr is not None
    for _ in range(200):  # bounded: the refusal is logged
        line = served.process.stderr.readline()
        if "reload refused" in line or not line:
            break
    assert "reload refused" in line
    assert get(served, b"/healthz")[2] == second
    assert get(served, b"/bad.xml")[0] == 404


def test_graceful_shutdown_on_sigterm_exits_0(site: Path, serve: Callable[..., Served]) -> None:
    served = serve(str(site))
    assert get(served, b"/doc.xml")[0] == 200
    assert served.stop() == 0


def test_an_auth_prefix_in_the_wrong_case_warns_at_start(
    site: Path, serve: Callable[..., Served]
) -> None:
    served = serve(str(site), "--auth", "u:t", "--auth-prefix", "/SUB")
    stderr = served.process.stderr
    assert stderr is not None
    assert select.select([stderr], [], [], 10)[0], "no warning within 10 s"
    assert stderr.readline() == (
        "rcml serve: warning: --auth-prefix /SUB protects nothing: the site has /sub, "
        "in another case (prefixes are case-sensitive)\n"
    )
    assert get(served, b"/sub/inner.xml")[0] == 200  # what the warning is about


def test_a_site_with_errors_is_not_served(tmp_path: Path, serve: Callable[..., Served]) -> None:
    bad = "<Response><Redirect>b.xml</Redirect></Response>"
    root = write_site(tmp_path / "bad", {"a.xml": bad})
    with pytest.raises(AssertionError, match="RCML601"):
        serve(str(root))


def test_reload_flag_watches_the_files(site: Path, serve: Callable[..., Served]) -> None:
    served = serve(str(site), "--reload")
    first = get(served, b"/healthz")[2]
    (site / "added.xml").write_bytes(DOC)
    deadline = time.monotonic() + 30
    while get(served, b"/healthz")[2] == first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get(served, b"/added.xml")[0] == 200


def test_uvicorn_workers_run_the_app_from_the_environment(site: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "RCML_SITE": str(site),
        "RCML_AUTH": "AC1:tok",
        "RCML_AUTH_PREFIXES": "/sub",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "rcml.server:app_from_env",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    served = Served(process, f"http://127.0.0.1:{port}/", "127.0.0.1", port)  # type: ignore[arg-type]
    try:
        for _ in range(2000):  # bounded: wait until a worker answers
            try:
                if get(served, b"/healthz")[0] == 200:
                    break
            except OSError:
                assert process.poll() is None
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.05)
        assert get(served, b"/doc.xml", b"POST")[0] == 200
        status, head, _ = get(served, b"/sub/inner.xml")
        assert status == 401 and b"www-authenticate: basic" in head.lower()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_warnings_are_shown_but_the_site_is_served(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    root = write_site(tmp_path / "w", {"w.xml": '<Response><Say voice="alice">Hi</Say></Response>'})
    served = serve(str(root))
    assert served.process.stderr is not None
    first = served.process.stderr.readline()
    assert "w.xml:1:16: RCML205 [warning]" in first
    assert get(served, b"/w.xml")[0] == 200


def test_sigterm_lets_a_request_in_flight_finish(site: Path, serve: Callable[..., Served]) -> None:
    served = serve(str(site))
    form = b"From=%2B15550100"
    with socket.create_connection((served.host, served.port), timeout=30) as sock:
        sock.sendall(
            b"POST /hello.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(form), form[:5])
        )
        assert get(served, b"/healthz")[0] == 200  # the server has read the first request
        served.process.send_signal(signal.SIGTERM)
        sock.sendall(form[5:])  # the rest of the body arrives during shutdown
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200 ")
    assert data.endswith(b"<Response><Say>Hi +15550100</Say></Response>")
    assert served.process.wait(timeout=30) == 0


def test_pipelined_304_head_and_get_on_one_connection(
    site: Path, serve: Callable[..., Served]
) -> None:
    served = serve(str(site))
    _, head, _ = get(served, b"/doc.xml")
    etag = next(line.split(b": ", 1)[1] for line in head.split(b"\r\n") if line.startswith(b"etag"))
    with socket.create_connection((served.host, served.port), timeout=30) as sock:
        sock.sendall(
            b"GET /doc.xml HTTP/1.1\r\nHost: x\r\nIf-None-Match: %s\r\n\r\n" % etag
            + b"HEAD /doc.xml HTTP/1.1\r\nHost: x\r\n\r\n"
            + b"POST /doc.xml HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n"
            b"\r\na=1"
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    statuses = [line.split(b" ")[1] for line in data.split(b"\r\n") if line.startswith(b"HTTP/1.1")]
    assert statuses == [b"304", b"200", b"200"]
    assert data.endswith(DOC)
    assert data.count(DOC) == 1  # only the POST has a body
