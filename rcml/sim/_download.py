"""Restcomm's HTTP clients over the simulator's transports: what is sent, followed and accepted.

Three clients in Restcomm fetch from the application, and they differ:

* the **downloader** (Downloader.java) fetches documents for the initial request, Redirect,
  and the ``action`` of Record, Dial, Sms and Conference;
* the **asynchronous helper** (HttpAsycClientHelper.java) fetches a Gather's ``action``: the same
  requests, but no re-sent POST and no XML check (HttpAsycClientHelper.java:99-150);
* the **disk cache** downloads media for Play and Fax with a plain GET; an answer of 400 or more
  is a failure (FileDownloader.java:30-60).

The first two are :func:`rcml.core.download.download`, the model the Calls client's preflight
runs too: the request built from a URL and parameters, the redirects, the XML check. This module
only carries its requests over a transport and answers a ``401`` challenge for Basic credentials.
"""

from __future__ import annotations

import base64
import struct

from rcml.core.download import REDIRECTS, Answer, Download, Request, download, run
from rcml.core.uri import Params, Uri, masked, resolve, without_userinfo
from rcml.rules.urls import url_problem
from rcml.sim.transport import HttpRequest, HttpResponse, Transport, TransportError

Fetch = Download  # one document request and what came of it


def _wire(request: Request, authorization: str | None = None) -> HttpRequest:
    """The request as it goes on the wire: never credentials in its URL."""
    headers: list[tuple[str, str]] = []
    if request.content_type is not None:
        headers.append(("content-type", request.content_type))
    if authorization is not None:
        headers.append(("authorization", authorization))
    return HttpRequest(request.method, request.wire_url, request.body, tuple(headers))


def _location(response: HttpResponse, url: str) -> str | None:
    location = response.header("location")
    if location is None:
        return None
    return resolve(url, location.strip())


class Downloader:
    """Restcomm's three HTTP clients over one transport."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def _send(self, request: Request) -> Answer:
        """Send once; answer a Basic challenge with the request's credentials (HttpClient's
        auth). A request that cannot be made is an IOException."""
        try:
            response = self.transport.send(_wire(request))
            challenge = (response.header("www-authenticate") or "").lower()
            authenticated = False
            if response.status == 401 and challenge.startswith("basic") and request.credentials:
                token = ":".join(request.credentials).encode("utf-8")
                basic = "Basic " + base64.b64encode(token).decode("ascii")
                response = self.transport.send(_wire(request, basic))
                authenticated = True
        except TransportError as exc:
            return Answer(error=str(exc))
        return Answer(response.status, response.headers, response.body, None, authenticated)

    def document(self, url: str, method: str, params: Params) -> Fetch:
        """Downloader.fetch(): a document for the interpreter."""
        return run(download(url, method, params, uri_problem=url_problem), self._send)

    def asynchronous(self, url: str, method: str, params: Params) -> Fetch:
        """HttpAsycClientHelper.execute(): a Gather's action; no re-sent POST, no XML check."""
        return run(download(url, method, params, client="async"), self._send)

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
