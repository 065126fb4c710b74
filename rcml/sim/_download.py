"""Restcomm's HTTP client rules, over any transport: what is sent, followed and accepted.

Three clients in Restcomm fetch from the application, and they differ:

* the **downloader** (Downloader.java) fetches documents for the initial request, Redirect,
  and the ``action`` of Record, Dial, Sms and Conference. Apache HttpClient under it follows
  301/302/307 answers to a GET, and 303 answers to anything, itself, as a GET to the Location with
  no parameters (its default redirect strategy); the downloader then re-sends a POST answered
  301/302/307 to the Location with the same parameters (Downloader.java:103-113). Any answer with
  a ``Content-Length`` above zero must parse as XML after Restcomm's ampersand fix, whatever its
  type and status, or the download fails (Downloader.java:160-174). The body is decoded with the
  ``Content-Encoding`` header's value as the charset, UTF-8 without one (Downloader.java:243-254);
* the **asynchronous helper** (HttpAsycClientHelper.java) fetches a Gather's ``action``: the same
  requests, but no re-sent POST and no XML check (HttpAsycClientHelper.java:99-150);
* the **disk cache** downloads media for Play and Fax with a plain GET; an answer of 400 or more
  is a failure (FileDownloader.java:30-60).

Credentials written in a URL are sent only after a ``401`` that asks for Basic credentials, and a
GET with parameters is sent to a URL rebuilt without them (Downloader.java:207-216), so it never
authenticates.
"""

from __future__ import annotations

import base64
import codecs
import struct
from dataclasses import dataclass, field

from rcml.sim import _tags
from rcml.sim._uri import Params, Target, Uri, encode, masked, resolve, userinfo, without_userinfo
from rcml.sim.transport import HttpRequest, HttpResponse, Transport, TransportError

REDIRECTS = frozenset({301, 302, 303, 307})
MAX_AUTO_REDIRECTS = 50  # HttpClient's RequestConfig default
MAX_RESENDS = 50  # the downloader's own loop has no limit: past this the simulation calls it a hang
FORM = "application/x-www-form-urlencoded; charset=UTF-8"
PASSED_THROUGH_CODINGS = frozenset({"gzip", "x-gzip", "deflate", "identity"})
IO_ERROR = 11205  # what a failed fetch records when a fallback URL takes over (VI L1909-L1920)
PROTOCOL_ERROR = 11206


@dataclass
class Fetch:
    """One document request and what came of it."""

    method: str
    url: str  # as first sent, credentials masked
    params: Params
    base: str = ""  # the request's URI (no query): relative URLs in the answer resolve against it
    status: int | None = None
    content_type: str | None = None
    raw: bytes = b""
    text: str | None = None
    failure: str | None = None  # why the download failed, None when it did not
    code: int | None = None  # the notification a fallback fetch records for this failure
    hang: bool = False  # the client never returns (the downloader's endless redirect loop)
    tree: _tags.Tag | None = None  # the body's tree, when the downloader's XML check built it
    authenticated: bool = False  # credentials from the URL answered a 401
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """What Restcomm counts as success: a completed download with status 200."""
        return self.failure is None and self.status == 200


class _Failed(Exception):
    def __init__(self, message: str, code: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _descriptor(url: str, params: Params) -> tuple[str, Params]:
    """HttpRequestDescriptor: the URL without its query, whose fields join the parameters."""
    target = Target.of(url)
    return target.url, [*params, *target.extra]


def _request(method: str, uri: str, params: Params) -> HttpRequest:
    """Downloader.request(): GET carries the parameters as its query, POST as a form."""
    verb = method.upper()
    if verb == "GET":
        query = encode(params)
        url = without_userinfo(uri) + "?" + query if query else uri
        return HttpRequest("GET", url)
    if verb == "POST":
        body = encode(params).encode("utf-8")
        return HttpRequest("POST", uri, body, (("content-type", FORM),))
    raise _Failed(f"{method} is not a supported downloader method", None)


def _location(response: HttpResponse, url: str) -> str | None:
    location = response.header("location")
    if location is None:
        return None
    return resolve(url, location.strip())


class Downloader:
    """Restcomm's three HTTP clients over one transport."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    # -- one exchange, as Apache HttpClient makes it --------------------------------------------

    def _send(self, request: HttpRequest, fetch: Fetch | None = None) -> HttpResponse:
        """Send once; answer a Basic challenge with the URL's credentials (HttpClient's auth)."""
        try:
            response = self.transport.send(_strip_userinfo(request))
            challenge = (response.header("www-authenticate") or "").lower()
            credentials = userinfo(request.url)
            if response.status == 401 and challenge.startswith("basic") and credentials:
                token = base64.b64encode(":".join(credentials).encode("utf-8")).decode("ascii")
                authorised = HttpRequest(
                    request.method,
                    request.url,
                    request.body,
                    (*request.headers, ("authorization", f"Basic {token}")),
                )
                response = self.transport.send(_strip_userinfo(authorised))
                if fetch is not None:
                    fetch.authenticated = True
            return response
        except TransportError as exc:
            raise _Failed(str(exc), IO_ERROR) from None

    def _execute(self, request: HttpRequest, fetch: Fetch) -> tuple[HttpResponse, str]:
        """One ``client.execute``: the redirects HttpClient follows on its own, as GETs."""
        seen = {request.url}
        response = self._send(request, fetch)
        url = request.url
        for _ in range(MAX_AUTO_REDIRECTS):
            auto = response.status == 303 or (
                response.status in (301, 302, 307) and request.method == "GET"
            )
            target = _location(response, url) if auto else None
            if target is None:
                return response, url
            if target in seen:
                raise _Failed(f"circular redirect to {masked(target)}", PROTOCOL_ERROR)
            seen.add(target)
            fetch.redirects.append(masked(target))
            request, url = HttpRequest("GET", target), target
            response = self._send(request, fetch)
        raise _Failed("maximum redirects (50) exceeded", PROTOCOL_ERROR)

    # -- the clients -----------------------------------------------------------------------------

    def document(self, url: str, method: str, params: Params) -> Fetch:
        """Downloader.fetch(): a document for the interpreter."""
        uri, fields = _descriptor(url, params)
        fetch = Fetch(method.upper(), masked(url), fields, base=uri)
        try:
            request = _request(method, uri, fields)
            fetch.url = masked(request.url)
            response, _ = self._execute(request, fetch)
            for _ in range(MAX_RESENDS):
                if response.status not in REDIRECTS:
                    break
                location = _location(response, request.url)
                if location is None:  # `break` with no response: the interpreter never hears back
                    fetch.status, fetch.hang = response.status, True
                    fetch.failure = f"a {response.status} answer without a Location header"
                    return fetch
                uri, fields = _descriptor(location, fields)
                fetch.redirects.append(masked(location))
                request = _request(method, uri, fields)
                response, _ = self._execute(request, fetch)
            else:
                fetch.hang, fetch.failure = True, "the redirects never end"
                return fetch
            self._read(fetch, response, charset_from_encoding=True)
            if fetch.raw and _content_length(response) > 0:
                fetch.tree = _tags.parsed(fetch.text or "")
                if fetch.tree is None:
                    raise _Failed(f"the answer ({response.status}) is not XML", None)
        except _Failed as exc:
            fetch.failure, fetch.code = exc.message, exc.code
        return fetch

    def asynchronous(self, url: str, method: str, params: Params) -> Fetch:
        """HttpAsycClientHelper.execute(): a Gather's action; no re-sent POST, no XML check."""
        uri, fields = _descriptor(url, params)
        fetch = Fetch(method.upper(), masked(url), fields, base=uri)
        try:
            request = _request(method, uri, fields)
            fetch.url = masked(request.url)
            response, _ = self._execute(request, fetch)
            self._read(fetch, response, charset_from_encoding=False)
        except _Failed as exc:
            fetch.failure, fetch.code = exc.message, exc.code
        return fetch

    def media(self, url: str) -> tuple[float | None, str | None]:
        """The disk cache's download: (seconds when the body is a WAV file, failure or None)."""
        scheme = (Uri.parse(url).scheme or "").lower()
        if scheme not in ("http", "https"):
            return None, f"{masked(url)} cannot be downloaded here (only http and https)"
        request = HttpRequest("GET", without_userinfo(url))
        try:
            for _ in range(20):  # HttpURLConnection follows up to 20 redirects
                response = self.transport.send(request)
                location = _location(response, request.url)
                if response.status not in REDIRECTS or location is None:
                    break
                request = HttpRequest("GET", location)
        except TransportError as exc:
            return None, str(exc)
        if response.status >= 400:
            return None, f"{masked(url)} answered {response.status}"
        return wav_seconds(response.body), None

    # -- reading an answer -----------------------------------------------------------------------

    @staticmethod
    def _read(fetch: Fetch, response: HttpResponse, *, charset_from_encoding: bool) -> None:
        fetch.status = response.status
        fetch.content_type = response.header("content-type")
        fetch.raw = response.body
        charset = "utf-8"
        coding = (response.header("content-encoding") or "").strip()
        if charset_from_encoding and coding and coding.lower() not in PASSED_THROUGH_CODINGS:
            charset = coding
        try:
            codecs.lookup(charset)
        except LookupError:
            raise _Failed(
                f"unsupported charset {charset!r} (from Content-Encoding)", IO_ERROR
            ) from None
        fetch.text = response.body.decode(charset, "replace")


def _strip_userinfo(request: HttpRequest) -> HttpRequest:
    """What goes on the wire: credentials are never part of the request line."""
    plain = without_userinfo(request.url)
    if plain == request.url:
        return request
    return HttpRequest(request.method, plain, request.body, request.headers)


def _content_length(response: HttpResponse) -> int:
    """The entity's length as HttpClient reports it: -1 when unknown (chunked)."""
    value = response.header("content-length")
    if value is None:
        return -1
    try:
        return int(value)
    except ValueError:
        return -1


def wav_seconds(body: bytes) -> float | None:
    """The playing time of a RIFF/WAVE body (from its header), or None when it is not one."""
    if len(body) < 12 or body[:4] != b"RIFF" or body[8:12] != b"WAVE":
        return None
    position, rate, size = 12, 0, None
    while position + 8 <= len(body):
        chunk = body[position : position + 4]
        length = struct.unpack_from("<I", body, position + 4)[0]
        if chunk == b"fmt " and length >= 12:
            rate = struct.unpack_from("<I", body, position + 16)[0]
        elif chunk == b"data":
            size = length  # what the header says, as a player reads it
            break
        position += 8 + length + (length & 1)
    if not rate or size is None:
        return None
    return round(float(size) / float(rate), 3)
