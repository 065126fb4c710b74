"""The client against hostile servers and odd credentials: one-line errors, no secret shown.

Each test here failed before the fix it guards: a password with a raw ``/`` or ``#`` gave a
traceback quoting part of it; nested JSON or ``"duration": "1e400"`` raised RecursionError or
OverflowError; a server dripping bytes held a request far past ``timeout``; an error page that
echoed the ``Authorization`` header printed ``base64(SID:token)``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from rcml.calls import (
    ApiError,
    CallsClient,
    InvalidRequestError,
    RequestTimeoutError,
    UnexpectedResponseError,
    preflight,
)
from rcml.calls._decode import read_calls, read_participant
from rcml.cli import cli

from ..strategies import CALLS_JSON_VALUES
from .conftest import ACCOUNT, TOKEN, Doc, DocServer
from .fake_restcomm import FakeCall, FakeRestcomm, call_json, make_sid

# Distinctive pieces, so that any part of the password that leaks is found.
SECRET_PARTS = ("Qz7", "xyzzy", "plugh")
ODD_PASSWORDS = ["Qz7/xyzzy", "Qz7#xyzzy", "Qz7?xyzzy/plugh", "77/xyzzy", "77#xyzzy", "a/b#xyzzy"]
BASIC = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()


def _cli(*args: str, api_url: str) -> Result:
    env = {"RCML_ACCOUNT_SID": ACCOUNT, "RCML_AUTH_TOKEN": TOKEN, "RCML_API_URL": api_url}
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _shows_nothing_of(text: str, password: str) -> bool:
    pieces = [p for p in SECRET_PARTS if p in password] or [password]
    return not any(piece in text for piece in pieces) and TOKEN not in text


# ------------------------------------------------------------------ passwords with / # ?


@pytest.mark.parametrize("password", ODD_PASSWORDS)
def test_url_with_an_unencoded_password_is_one_line_without_it(
    password: str, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    url = docs.url("/valid.xml", userinfo=f"docuser:{password}")
    result = _cli("call", "create", "--from", "+1", "--to", "client:a", "--url", url,
                  api_url=restcomm.base_url)  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: Url cannot be used")
    assert "%2F" in result.stderr  # says how to write it
    assert _shows_nothing_of(result.output, password)
    assert restcomm.requests == [] and docs.seen == []


@pytest.mark.parametrize("password", ODD_PASSWORDS)
def test_library_refuses_the_same_urls_without_quoting_them(
    password: str, client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    url = docs.url("/valid.xml", userinfo=f"docuser:{password}")
    for attempt in (
        lambda: client.create_call("+1", "client:a", url),
        lambda: client.redirect(make_sid("CA", 1), url, mute=False),
        lambda: client.create_call("+1", "client:a", docs.url("/valid.xml"), status_callback=url),
    ):
        with pytest.raises(InvalidRequestError) as caught:
            attempt()
        assert _shows_nothing_of(str(caught.value), password)
    report = client.preflight(url)
    assert not report.ok and "cannot be used" in report.problems[0]
    assert _shows_nothing_of(json.dumps(report.to_dict()) + report.summary(), password)
    assert restcomm.requests == [] and docs.seen == []


@pytest.mark.parametrize("password", ["Qz7/xyzzy", "Qz7#xyzzy"])
def test_preflight_command_with_such_a_url(password: str, docs: DocServer) -> None:
    url = docs.url("/valid.xml", userinfo=f"docuser:{password}")
    result = _cli("call", "preflight", url, api_url="http://127.0.0.1:9")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stdout.startswith("preflight refused POST http://***@127.0.0.1:")
    assert _shows_nothing_of(result.output, password) and docs.seen == []


@pytest.mark.parametrize("password", ["Qz7/xyzzy", "Qz7#xyzzy"])
def test_api_url_with_such_a_password(password: str, restcomm: FakeRestcomm) -> None:
    api_url = f"http://{ACCOUNT}:{password}@127.0.0.1:{restcomm.port}/restcomm"
    result = _cli("call", "get", make_sid("CA", 1), api_url=api_url)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: the API base URL cannot be used")
    assert _shows_nothing_of(result.output, password) and restcomm.requests == []


def test_an_ambiguous_redirect_is_shown_masked(docs: DocServer) -> None:
    """Followed as Restcomm would (to port 77, nobody there), but never shown in clear."""
    docs.docs["/away.xml"] = Doc(
        status=302, location="http://127.0.0.1:77/xyzzy@127.0.0.1:1/x.xml", body=b""
    )
    report = preflight(docs.url("/away.xml"), timeout=5)
    assert report.redirects == ["http://***@127.0.0.1:1/x.xml"]
    assert report.problems[0].startswith("could not fetch the Url:")
    assert "xyzzy" not in json.dumps(report.to_dict()) + report.summary()


def test_encoded_passwords_still_work(docs: DocServer) -> None:
    docs.docs["/odd.xml"] = Doc(auth=("docuser", "Qz7/xyzzy#?@"))
    report = preflight(docs.url("/odd.xml", userinfo="docuser:Qz7%2Fxyzzy%23%3F%40"), timeout=5)
    assert report.ok and report.authenticated
    assert report.url == docs.url("/odd.xml", userinfo="***")


# ------------------------------------------------------------------ hostile answers


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "JSON that cannot be read"),
        (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "JSON that cannot be read"),
        (json.dumps({"sid": "CA1", "duration": "1e400"}).encode(), "duration is not a whole"),
        (b'{"sid": "CA1", "duration": 1e400}', "duration is not a whole"),
        (b'{"sid": "CA1", "duration": NaN}', "duration is not a whole"),
        (b'{"sid": "CA1", "ring_duration": "' + b"9" * 5000 + b'"}', "ring_duration is not"),
        (b'{"sid": "CA1", "to": {"a": [[[1]]]}}', "to is not a single value"),
    ],
)
def test_unreadable_answers_are_one_line_errors(
    body: bytes, message: str, client: CallsClient, restcomm: FakeRestcomm
) -> None:
    restcomm.raw_next = (200, "application/json", body)
    with pytest.raises(UnexpectedResponseError, match=message) as caught:
        client.get_call(make_sid("CA", 1))
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 200


def test_cli_shows_a_nested_answer_as_one_line(restcomm: FakeRestcomm) -> None:
    restcomm.raw_next = (200, "application/json", b"[" * 100_000)
    result = _cli("call", "get", make_sid("CA", 1), api_url=restcomm.base_url)
    assert result.exit_code == 1
    assert result.stderr == "Error: the API answered with JSON that cannot be read\n"


@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b'{"message":' * 50_000, b"<a>" * 100_000, b"\x00\xff" * 1000]
)
def test_unreadable_error_bodies_still_give_the_status(
    body: bytes, client: CallsClient, restcomm: FakeRestcomm
) -> None:
    restcomm.raw_next = (500, "application/json", body)
    with pytest.raises(ApiError) as caught:
        client.get_call(make_sid("CA", 1))
    assert caught.value.status == 500 and len(caught.value.api_message) <= 300


_KEYS = ["sid", "duration", "ring_duration", "start_time", "date_created", "to", "status",
         "subresource_uris", "muted", "conference_sid"]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), CALLS_JSON_VALUES, min_size=1))
def test_any_json_record_is_read_or_refused_cleanly(record: dict[str, Any]) -> None:
    body = json.dumps(record).encode()
    for read in (read_calls, read_participant):
        with contextlib.suppress(UnexpectedResponseError):
            read(body)


# ------------------------------------------------------------------ the deadline


@contextlib.contextmanager
def dripping_server(head: bytes, body: bytes, *, delay: float = 0.05) -> Iterator[int]:
    """A loopback server that sends ``head`` at once, then ``body`` one byte per ``delay``.

    It stops dripping when the client goes away or when the block ends.
    """
    stop = threading.Event()
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    conn.recv(65536)  # the request (small: one read is enough here)
                    conn.sendall(head)
                    for byte in body:
                        if stop.wait(delay):
                            break
                        conn.sendall(bytes([byte]))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


HEAD_DRIP = (b"", b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 80)
BODY_DRIP = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
    b" " * 100,
)


@pytest.mark.parametrize(("head", "body"), [HEAD_DRIP, BODY_DRIP], ids=["headers", "body"])
def test_timeout_bounds_the_whole_api_request(head: bytes, body: bytes) -> None:
    with dripping_server(head, body) as port:
        base = f"http://127.0.0.1:{port}/restcomm"
        with CallsClient(ACCOUNT, TOKEN, base_url=base, timeout=0.5) as client:
            start = time.monotonic()
            with pytest.raises(RequestTimeoutError, match="timed out"):
                client.get_call(make_sid("CA", 1))
            assert time.monotonic() - start < 1.5  # the drip lasts 4-5 s


@pytest.mark.parametrize(("head", "body"), [HEAD_DRIP, BODY_DRIP], ids=["headers", "body"])
def test_timeout_bounds_the_whole_preflight_fetch(head: bytes, body: bytes) -> None:
    with dripping_server(head, body) as port:
        start = time.monotonic()
        report = preflight(f"http://127.0.0.1:{port}/app.xml", timeout=0.5)
        assert time.monotonic() - start < 1.5
    assert report.problems == ["could not fetch the Url: timed out after 0.5 s"]


def test_cli_timeout_bounds_the_request() -> None:
    with dripping_server(*HEAD_DRIP) as port:
        start = time.monotonic()
        result = _cli("call", "hangup", make_sid("CA", 1), "--timeout", "0.5",
                      api_url=f"http://127.0.0.1:{port}/restcomm")  # fmt: skip
        assert time.monotonic() - start < 1.5
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "timed out (not retried" in result.stderr


# ------------------------------------------------------------------ echoed credentials


def _leaks(text: str) -> list[str]:
    """Any 8 characters of the token, or of the part of base64(SID:token) that encodes it."""
    token_part = BASIC[len(ACCOUNT) * 4 // 3 + 2 :]
    windows = [TOKEN[i : i + 8] for i in range(len(TOKEN) - 7)]
    windows += [token_part[i : i + 8] for i in range(len(token_part) - 7)]
    return [w for w in windows if w in text]


def test_error_echoing_the_authorization_header_is_masked(
    client: CallsClient, restcomm: FakeRestcomm
) -> None:
    restcomm.echo_authorization = True
    with pytest.raises(ApiError) as caught:
        client.get_call(make_sid("CA", 0xDEAD))
    assert caught.value.status == 404 and "(Authorization: Basic ***)" in str(caught.value)
    assert _leaks(str(caught.value)) == [] and _leaks(caught.value.api_message) == []


@pytest.mark.parametrize("pad", [0, 250, 280, 290, 5000])
@pytest.mark.parametrize(
    "echo",
    [
        f"Basic {BASIC}",
        BASIC.rstrip("="),
        base64.urlsafe_b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode(),
        f"password={TOKEN}",
        json.dumps({"message": f"denied: Basic {BASIC}"}),
    ],
)
def test_echoes_are_masked_before_the_message_is_clipped(
    pad: int, echo: str, client: CallsClient, restcomm: FakeRestcomm
) -> None:
    """A secret straddling the 300-character cut must not leave its first half visible."""
    body = echo if echo.startswith("{") else "x" * pad + " " + echo
    restcomm.raw_next = (401, "text/plain", body.encode())
    with pytest.raises(ApiError) as caught:
        client.get_call(make_sid("CA", 1))
    assert _leaks(str(caught.value)) == []


def test_secrets_echoed_in_a_200_answer_are_masked_in_the_cli(restcomm: FakeRestcomm) -> None:
    record = call_json(FakeCall(make_sid("CA", 1), ACCOUNT, "+1", "client:a"))
    record["caller_name"] = f"Basic {BASIC}"
    record["forwarded_from"] = TOKEN
    restcomm.raw_next = (200, "application/json", json.dumps(record).encode())
    result = _cli("call", "get", make_sid("CA", 1), "--format", "json",
                  api_url=restcomm.base_url)  # fmt: skip
    assert result.exit_code == 0
    assert _leaks(result.output) == [] and '"caller_name": "Basic ***"' in result.output
