"""Restcomm's document download as a model: the request it builds for a URL, the redirects it
follows, the answers it accepts, and what its interpreter makes of the result.

It is written as a generator that yields :class:`Request` and receives :class:`Answer`, with no
HTTP client of its own, so that every place rcml fetches a URL the way Restcomm does runs this one
implementation: the simulator drives it over its transports, the Calls client's preflight over
httpx. The Java it follows is Restcomm-Connect's (commit c67f142) and Apache HttpClient 4.5.2's
under it (``restcomm/pom.xml:106``):

* **The request** (HttpRequestDescriptor.java:45-97, Downloader.java:202-230). The URL keeps its
  scheme, credentials, host, port and path; its own query is parsed and its fields are added
  *after* Restcomm's parameters. A GET sends them all, form-encoded, as the query of a URL rebuilt
  from scheme, host, port and path, so **without the URL's credentials**; a POST sends them as a
  form body to the URL without its query. The fragment is dropped.
* **Credentials.** HttpClient keeps the credentials of a request's URL for that host (and that
  port, when the URL names one) and answers a ``401`` challenge for the host with them, also on
  later requests of the same download (ProtocolExec.execute, BasicCredentialsProvider). They are
  never sent before a challenge. The driver answers the challenge; :attr:`Request.credentials`
  says with what.
* **Redirects, two layers.** HttpClient itself follows a 301, 302 or 307 answering a GET, and a
  303 answering anything, as a GET to the Location with no parameters; it refuses a redirect
  without a Location (but passes a 302 without one on), a circular one and the 51st
  (DefaultRedirectStrategy, RedirectExec). The downloader then re-sends a request answered 301,
  302, 303 or 307 to ``URI.create(Location)``, same method, same parameters plus the Location's
  query fields (Downloader.java:103-113): only a POST reaches it in practice. A relative Location
  has no host there, and the request fails; an answer without a Location leaves the loop with no
  answer at all, so the interpreter never hears back. The loop has no bound.
* **The answer.** Any answer whose ``Content-Length`` is above zero must parse as XML after the
  trim and ampersand fix, whatever its status and type, or the download fails
  (Downloader.java:116, 160-174): a ``404`` page in HTML is a failed download, not a 404. The
  body is decoded with the ``Content-Encoding`` header's value as its charset
  (Downloader.java:243-254).
* **What counts** (VoiceInterpreter.java:1193-1244, 1964-1988): see :func:`outcome` and
  :func:`document_kind`.

The asynchronous client (HttpAsycClientHelper.java:99-217), which fetches a Gather's action,
builds the same request but neither re-sends a POST nor checks the XML.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from rcml.core.javatext import AMP_FIX, JAVA_TRIM
from rcml.core.uri import (
    Params,
    Uri,
    encode,
    masked,
    query_fields,
    resolve,
    without_userinfo,
)

REDIRECTS = frozenset({301, 302, 303, 307})  # Downloader.isRedirect (Downloader.java:151-154)
MAX_AUTO_REDIRECTS = 50  # RedirectExec: RequestConfig's maxRedirects default
MAX_RESENDS = 50  # the downloader's own loop has no bound: past this, the model calls it a hang
MAX_REQUESTS = (MAX_RESENDS + 1) * (MAX_AUTO_REDIRECTS + 1)  # no download sends more
FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"  # UrlEncodedFormEntity, UTF-8
PASSED_THROUGH_CODINGS = frozenset({"gzip", "x-gzip", "deflate", "identity"})
IO_ERROR = 11205  # an IOException, recorded before the fallback (VoiceInterpreter.java:1916-1917)
PROTOCOL_ERROR = 11206  # a ClientProtocolException (VoiceInterpreter.java:1914-1915)
RCML_TYPES = ("text/xml", "application/xml", "text/html")
AUDIO_TYPES = ("audio/wav", "audio/wave", "audio/x-wav")
TEXT_TYPE = "text/plain"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, encoding="utf-8"
)

Client = Literal["downloader", "async"]
Kind = Literal["rcml", "audio", "text", "none", "unknown"]
Outcome = Literal["run", "fallback", "not-found", "fail", "hang"]


@dataclass(frozen=True)
class Request:
    """One request as Restcomm's HTTP client makes it.

    ``url`` is the request's URI as Java holds it, credentials included when it has them; they
    never go on the wire (:attr:`wire_url`). ``credentials`` are what HttpClient answers a ``401``
    challenge with, or None when it has none for this host.
    """

    method: str
    url: str
    body: bytes = b""
    credentials: tuple[str, str] | None = None

    @property
    def wire_url(self) -> str:
        return without_userinfo(self.url)

    @property
    def content_type(self) -> str | None:
        return FORM_TYPE if self.method == "POST" else None


@dataclass(frozen=True)
class Answer:
    """What came back for one :class:`Request`: a response, or ``error`` (Java's IOException).

    ``headers`` have lower-case names and each name's first value. ``authenticated``: the driver
    answered a challenge with the request's credentials to get this response.
    """

    status: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    authenticated: bool = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Download:
    """One download and what came of it."""

    method: str
    url: str  # as first sent, credentials masked
    params: Params  # Restcomm's parameters, then the URL's query fields
    base: str = ""  # the descriptor's URI (no query): relative URLs in the answer resolve on it
    status: int | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # the final answer's
    raw: bytes = b""
    text: str | None = None
    failure: str | None = None  # why the download failed, None when it did not
    code: int | None = None  # the notification a fallback fetch records for this failure
    hang: bool = False  # the client never answers the interpreter
    xml_ok: bool | None = None  # the downloader's XML check: None when it was not made
    element: etree._Element | None = None  # the body as the XML check parsed it
    authenticated: bool = False  # credentials from a URL answered a 401
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """What Restcomm counts as success: a completed download with status 200."""
        return self.failure is None and not self.hang and self.status == 200


Exchange = Generator[Request, Answer, Download]


class _Failed(Exception):
    def __init__(self, message: str, code: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# -- the request -------------------------------------------------------------------------------


def descriptor(url: str, params: Params) -> tuple[str, Params]:
    """HttpRequestDescriptor: the URL without query or fragment, and the parameters followed by
    the URL's own query fields (HttpRequestDescriptor.java:57-62, 81-97)."""
    parts = Uri.parse(url)
    base = str(Uri(parts.scheme, parts.authority, parts.path, None, None))
    return base, [*params, *(query_fields(parts.query) if parts.query else [])]


def request_uri(method: str, uri: str, fields: Params) -> tuple[str, bytes]:
    """Downloader.request(): the URL and body of the request (Downloader.java:202-230).

    GET: the fields are the query of a URL rebuilt from scheme, host, port and path, which drops
    the credentials (URIBuilder without setUserInfo); with no fields the URI is used as it is.
    POST: the fields are the form body. ValueError for any other method.
    """
    verb = method.upper()
    if verb == "GET":
        query = encode(fields)
        return (without_userinfo(uri) + "?" + query if query else uri), b""
    if verb == "POST":
        return uri, encode(fields).encode("utf-8")
    raise ValueError(f"{method} is not a supported downloader method")


class _Credentials:
    """HttpClient's BasicCredentialsProvider for one download: (host, port or any) → user."""

    def __init__(self) -> None:
        self._by_scope: dict[tuple[str, int | None], tuple[str, str]] = {}

    def request(self, method: str, url: str, body: bytes = b"") -> Request:
        """The request, after ProtocolExec took the URL's credentials for its host."""
        parts = Uri.parse(url)
        if not parts.scheme or not parts.host:
            # No target host: DefaultRoutePlanner's ProtocolException, wrapped by the client.
            raise _Failed("Target host is not specified", PROTOCOL_ERROR)
        host = parts.host.lower()
        found = parts.credentials
        if found is not None:
            self._by_scope[(host, parts.port)] = found
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        credentials = self._by_scope.get((host, port)) or self._by_scope.get((host, None))
        return Request(method, url, body, credentials)


# -- the exchange ------------------------------------------------------------------------------


def _send(request: Request, result: Download) -> Generator[Request, Answer, Answer]:
    answer = yield request
    if answer.error is not None:
        raise _Failed(answer.error, IO_ERROR)
    if answer.authenticated:
        result.authenticated = True
    return answer


def _auto_redirected(method: str, answer: Answer) -> bool:
    """DefaultRedirectStrategy.isRedirected: what HttpClient follows on its own."""
    if answer.status == 303:
        return True
    if method != "GET":
        return False
    if answer.status == 302:
        return answer.header("location") is not None
    return answer.status in (301, 307)


def _execute(
    request: Request, result: Download, credentials: _Credentials
) -> Generator[Request, Answer, Answer]:
    """One ``client.execute``: the redirects HttpClient follows itself, each as a plain GET."""
    seen: list[str] = []  # RedirectLocations: the targets of this execute, not its first URL
    answer = yield from _send(request, result)
    for count in range(MAX_AUTO_REDIRECTS + 1):
        if not _auto_redirected(request.method, answer):
            return answer
        if count == MAX_AUTO_REDIRECTS:
            break
        location = answer.header("location")
        if location is None:
            raise _Failed(f"a {answer.status} answer without a Location header", PROTOCOL_ERROR)
        target = resolve(request.url, location.strip()).partition("#")[0]
        if target in seen:
            raise _Failed(f"circular redirect to {masked(target)}", PROTOCOL_ERROR)
        seen.append(target)
        result.redirects.append(masked(target))
        request = credentials.request("GET", target)
        answer = yield from _send(request, result)
    raise _Failed(f"maximum redirects ({MAX_AUTO_REDIRECTS}) exceeded", PROTOCOL_ERROR)


def download(
    url: str,
    method: str,
    params: Params,
    *,
    client: Client = "downloader",
    uri_problem: Callable[[str], str | None] | None = None,
) -> Exchange:
    """Fetch ``url`` as Restcomm's downloader (or its asynchronous client) does.

    ``uri_problem`` says why ``URI.create`` refuses a Location the downloader re-sends to (an
    IllegalArgumentException: the download fails with no notification code).
    """
    uri, fields = descriptor(url, params)
    result = Download(method.upper(), masked(url), fields, base=uri)
    credentials = _Credentials()
    try:
        request = _request(credentials, method, uri, fields)
        result.url = masked(request.url)
        answer = yield from _execute(request, result, credentials)
        if client == "downloader":
            answer = yield from _resend(answer, method, fields, result, credentials, uri_problem)
            if result.hang:
                return result
        _read(result, answer, charset_from_encoding=client == "downloader")
        if client == "downloader" and result.raw and _content_length(answer) > 0:
            result.element = well_formed(result.text or "")
            result.xml_ok = result.element is not None
            if result.element is None:
                raise _Failed(f"the answer ({answer.status}) is not XML", None)
    except _Failed as exc:
        result.failure, result.code = exc.message, exc.code
    return result


def _resend(
    answer: Answer,
    method: str,
    fields: Params,
    result: Download,
    credentials: _Credentials,
    uri_problem: Callable[[str], str | None] | None,
) -> Generator[Request, Answer, Answer]:
    """The downloader's own loop: a redirect it is handed is re-sent, same method, to
    ``URI.create(Location)`` with the same parameters (Downloader.java:103-113)."""
    for _ in range(MAX_RESENDS):
        if answer.status not in REDIRECTS:
            return answer
        location = answer.header("location")
        if location is None:  # `break` with no response: the interpreter never hears back
            result.status, result.hang = answer.status, True
            result.failure = f"a {answer.status} answer without a Location header"
            return answer
        location = location.strip()
        problem = uri_problem(location) if uri_problem is not None else None
        if problem is not None:
            raise _Failed(f"the Location cannot be used: {problem}", None)
        uri, fields = descriptor(location, fields)
        result.redirects.append(masked(location))
        request = _request(credentials, method, uri, fields)
        answer = yield from _execute(request, result, credentials)
    if answer.status in REDIRECTS:
        result.hang, result.failure = True, "the redirects never end"
    return answer


def _request(credentials: _Credentials, method: str, uri: str, fields: Params) -> Request:
    try:
        url, body = request_uri(method, uri, fields)
    except ValueError as exc:
        raise _Failed(str(exc), None) from None
    return credentials.request(method.upper(), url, body)


def run(exchange: Exchange, send: Callable[[Request], Answer]) -> Download:
    """Drive ``exchange`` with a blocking ``send``; the download it ends with."""
    try:
        request = next(exchange)
        for _ in range(MAX_REQUESTS):
            request = exchange.send(send(request))
    except StopIteration as stop:
        result: Download = stop.value
        return result
    raise AssertionError("a download sent more requests than MAX_REQUESTS")  # pragma: no cover


# -- the answer --------------------------------------------------------------------------------


def charset(answer: Answer, *, from_encoding: bool = True) -> str:
    """The charset the body is decoded with: ``Content-Encoding``'s value, else UTF-8.

    Compression (gzip, deflate) is undone by the HTTP client before anyone reads the body, so
    those values name no charset.
    """
    coding = (answer.header("content-encoding") or "").strip()
    if from_encoding and coding and coding.lower() not in PASSED_THROUGH_CODINGS:
        return coding
    return "utf-8"


def _read(result: Download, answer: Answer, *, charset_from_encoding: bool) -> None:
    result.status = answer.status
    result.headers = answer.headers
    result.content_type = answer.header("content-type")
    result.raw = answer.body
    name = charset(answer, from_encoding=charset_from_encoding)
    try:
        codecs.lookup(name)
    except LookupError:  # Charset.forName throws an IllegalArgumentException: no notification
        raise _Failed(f"unsupported charset {name!r} (from Content-Encoding)", None) from None
    result.text = answer.body.decode(name, "replace")


def _content_length(answer: Answer) -> int:
    """The entity's length as HttpClient reports it: -1 when unknown (chunked)."""
    value = answer.header("content-length")
    try:
        return int(value) if value is not None else -1
    except ValueError:
        return -1


def java_trim(text: str) -> str:
    return text.strip(JAVA_TRIM)


def prepare(body: str) -> str:
    """What Restcomm parses: the body trimmed, then its ampersand regex applied
    (Downloader.java:164, Parser.java:94)."""
    return AMP_FIX.sub(r"&amp;\1", java_trim(body))


def parse_prepared(body: str) -> etree._Element:
    """The root of ``prepare(body)``; ValueError when it is empty, XMLSyntaxError when it is
    not well-formed."""
    data = prepare(body).encode("utf-8")
    if not data:
        raise ValueError("the document is empty")
    return etree.fromstring(data, _PARSER)


def well_formed(body: str) -> etree._Element | None:
    """The downloader's XML check (Downloader.java:160-174): the parsed root, or None."""
    try:
        return parse_prepared(body)
    except (ValueError, etree.XMLSyntaxError):
        return None


def document_kind(content_type: str | None) -> Kind:
    """What the interpreter makes of a 200 answer of this type (VoiceInterpreter.java:1972-1988).

    The tests are Java's ``String.contains``, case-sensitive and in this order: ``rcml`` (text/xml,
    application/xml, text/html: parsed as RCML), ``audio`` (a ``<Play>`` of the requested URL),
    ``text`` (text/plain: the body in a ``<Say>``), ``none`` (no Content-Type: Restcomm hangs up),
    ``unknown`` (no parser: the call waits in silence).
    """
    if content_type is None:
        return "none"
    if any(t in content_type for t in RCML_TYPES):
        return "rcml"
    if any(t in content_type for t in AUDIO_TYPES):
        return "audio"
    if TEXT_TYPE in content_type:
        return "text"
    return "unknown"


def outcome(result: Download, *, fallback: bool = False) -> Outcome:
    """What the voice interpreter does with a download (VoiceInterpreter.java:1193-1244).

    ``run``: status 200, the document is loaded (then :func:`document_kind`). Otherwise, for the
    first document of a call with a FallbackUrl (``fallback``), any failure or other status is
    ``fallback``: the FallbackUrl is fetched instead, and no 21402 is recorded. Without one, a
    completed download with status 404 is ``not-found`` (warning 21402, the call ends); anything
    else is ``fail`` (CallFail: the call ends). ``hang``: no answer ever reaches the interpreter.
    """
    if result.hang:
        return "hang"
    if result.ok:
        return "run"
    if fallback:
        return "fallback"
    if result.failure is None and result.status == 404:
        return "not-found"
    return "fail"
