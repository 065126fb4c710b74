"""Fixtures: the fake Restcomm API, a small RCML document server, and clients wired to them.

Both servers listen on 127.0.0.1 only, on a free port, in a thread, and are shut down at the
end of each test. The document server mimics a static RCML server that also answers POST (as
Restcomm's default method needs), with per-path status, content type, redirects and Basic auth.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner, Result

from rcml.calls import CallsClient
from rcml.cli import cli

from .fake_restcomm import FakeRestcomm, LoopbackHandler, make_sid

ACCOUNT = make_sid("AC", 0xACC)
TOKEN = "s3cr3t-t0ken-4242"
VALID_RCML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Say>Hello</Say><Hangup/></Response>\n'
)
INVALID_RCML = b"<Response>\n  <Dial><Nmber>+15550100</Nmber></Dial>\n</Response>\n"
DOC_USER, DOC_PASSWORD = "docuser", "d0c-pa55w0rd"


@dataclass
class Doc:
    """What the document server answers on one path."""

    body: bytes = VALID_RCML
    status: int = 200
    content_type: str | None = "text/xml; charset=utf-8"
    location: str | None = None
    auth: tuple[str, str] | None = None  # credentials required
    challenge: bool = True  # send WWW-Authenticate with the 401
    digest: bool = False  # ask for Digest (RFC 7616, MD5, qop=auth) rather than Basic
    methods: tuple[str, ...] = ("GET", "POST")
    chunked: bool = False  # no Content-Length: the body is sent in chunks


NONCE = "bm9uY2UtZm9yLXRlc3Rz"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _authorized(doc: Doc, method: str, path: str, authorization: str | None) -> bool:
    """Check Basic credentials, or a Digest response computed from the right password."""
    assert doc.auth is not None
    user, password = doc.auth
    if not doc.digest:
        return authorization == "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    if not authorization or not authorization.startswith("Digest "):
        return False
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', authorization[7:]))
    ha1 = _md5(f"{user}:rcml:{password}")
    ha2 = _md5(f"{method}:{fields.get('uri', '')}")
    parts = [ha1, NONCE, fields.get("nc", ""), fields.get("cnonce", ""), "auth", ha2]
    return fields.get("username") == user and fields.get("response") == _md5(":".join(parts))


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    authorization: str | None
    raw_query: str = ""  # as sent: the order and encoding of the fields
    raw_body: bytes = b""


@dataclass
class DocServer:
    docs: dict[str, Doc] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, *, userinfo: str = "") -> str:
        at = f"{userinfo}@" if userinfo else ""
        return f"http://{at}127.0.0.1:{self.port}{path}"

    def answer(
        self, method: str, path: str, authorization: str | None
    ) -> tuple[int, dict[str, str], bytes]:
        doc = self.docs.get(path)
        if doc is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not Found</body></html>"
        if method not in doc.methods:
            return (
                405,
                {"Content-Type": "text/plain", "Allow": ", ".join(doc.methods)},
                b"Method Not Allowed",
            )
        if doc.auth is not None and not _authorized(doc, method, path, authorization):
            headers = {"Content-Type": "text/plain"}
            if doc.challenge:
                headers["WWW-Authenticate"] = (
                    f'Digest realm="rcml", nonce="{NONCE}", qop="auth", algorithm=MD5'
                    if doc.digest
                    else 'Basic realm="rcml"'
                )
            return 401, headers, b"Unauthorized"
        headers = {}
        if doc.content_type is not None:
            headers["Content-Type"] = doc.content_type
        if doc.location is not None:
            headers["Location"] = doc.location
        if doc.chunked:
            headers["Transfer-Encoding"] = "chunked"
        return doc.status, headers, doc.body


class _DocHandler(LoopbackHandler):
    server_state: DocServer

    def _serve(self, method: str) -> None:
        raw = self.read_body()
        parts = urlsplit(self.path)
        flat = lambda q: {k: v[-1] for k, v in parse_qs(q, keep_blank_values=True).items()}  # noqa: E731
        form = flat(raw.decode()) if method == "POST" else {}
        auth = self.headers.get("Authorization")
        seen = Seen(method, parts.path, flat(parts.query), form, auth, parts.query, raw)
        self.server_state.seen.append(seen)
        status, headers, body = self.server_state.answer(method, parts.path, auth)
        if headers.get("Transfer-Encoding") != "chunked":
            self.reply(status, headers, body)
            return
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        chunk = f"{len(body):x}\r\n".encode() + body + b"\r\n" if body else b""
        self.wfile.write(chunk + b"0\r\n\r\n")

    def do_PUT(self) -> None:
        self._serve("PUT")


DEFAULT_DOCS = {
    "/valid.xml": Doc(),
    "/invalid.xml": Doc(body=INVALID_RCML),
    "/page.txt": Doc(body=b"Hello there", content_type="text/plain"),
    "/protected.xml": Doc(auth=(DOC_USER, DOC_PASSWORD)),
    "/moved.xml": Doc(status=302, location="/valid.xml", body=b""),
}


@contextlib.contextmanager
def serve_docs(documents: dict[str, Doc]) -> Iterator[DocServer]:
    """Serve ``documents`` on a free loopback port for the duration of the block."""
    state = DocServer(docs=dict(documents))

    class Handler(_DocHandler):
        server_state = state

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def docs() -> Iterator[DocServer]:
    """A static-RCML-server stand-in on loopback, with a few documents already in place."""
    with serve_docs(DEFAULT_DOCS) as state:
        yield state


@pytest.fixture
def restcomm() -> Iterator[FakeRestcomm]:
    """The fake Restcomm Calls API on loopback."""
    fake = FakeRestcomm(ACCOUNT, TOKEN).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def client(restcomm: FakeRestcomm) -> Iterator[CallsClient]:
    """A client of the fake API (JSON answers), short timeouts."""
    with CallsClient(ACCOUNT, TOKEN, base_url=restcomm.base_url, timeout=5, fetch_timeout=5) as c:
        yield c


@pytest.fixture
def xml_client(restcomm: FakeRestcomm) -> Iterator[CallsClient]:
    """A client of the fake API asking for XML answers."""
    with CallsClient(
        ACCOUNT, TOKEN, base_url=restcomm.base_url, timeout=5, response_format="xml"
    ) as c:
        yield c


Run = Callable[..., Result]


@pytest.fixture
def run(restcomm: FakeRestcomm) -> Run:
    """Run `rcml ARGS` with the account in the environment, as a user would."""
    env = {
        "RCML_ACCOUNT_SID": ACCOUNT,
        "RCML_AUTH_TOKEN": TOKEN,
        "RCML_API_URL": restcomm.base_url,
    }

    def invoke(*args: str, env_overrides: dict[str, str | None] | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), env={**env, **(env_overrides or {})})
        # Whatever happens, the token never reaches the terminal.
        assert TOKEN not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke
