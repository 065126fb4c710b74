"""Restcomm's download as a model, driven by a scripted server: requests, redirects, answers."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcml.core.download import (
    FORM_TYPE,
    IO_ERROR,
    PROTOCOL_ERROR,
    Answer,
    Download,
    Request,
    descriptor,
    document_kind,
    download,
    outcome,
    request_uri,
    run,
)
from rcml.core.uri import encode, query_fields

XML = {"content-type": "text/xml", "content-length": "21"}
DOC = b"<Response></Response>"
PARAMS: list[tuple[str, str | None]] = [("CallSid", "CA1"), ("From", "+1 555"), ("Caller", None)]


class Server:
    """Answers with ``answer(request)`` and keeps every request."""

    def __init__(self, answer: Callable[[Request], Answer]) -> None:
        self.answer = answer
        self.sent: list[Request] = []

    def __call__(self, request: Request) -> Answer:
        self.sent.append(request)
        return self.answer(request)


def moved(location: str | None, status: int = 302) -> Answer:
    headers = {"content-length": "0"}
    if location is not None:
        headers["location"] = location
    return Answer(status, headers)


def first(answer: Answer) -> Callable[[Request], Answer]:
    """``answer`` to the first request, a document to every later one."""
    answers = iter([answer])
    return lambda request: next(answers, Answer(200, XML, DOC))


def fetch(
    answer: Callable[[Request], Answer], url: str, method: str = "POST", **options: object
) -> tuple[Download, list[Request]]:
    server = Server(answer)
    result = run(download(url, method, list(PARAMS), **options), server)  # type: ignore[arg-type]
    return result, server.sent


# ------------------------------------------------------------------------------ the request


def test_a_get_carries_the_parameters_then_the_url_fields_in_a_url_without_credentials() -> None:
    url = "http://u:p@h:81/a.xml?x=1;y=a+b#f"
    result, sent = fetch(lambda r: Answer(200, XML, DOC), url, "GET")
    assert result.ok and result.params == [*PARAMS, ("x", "1"), ("y", "a b")]
    assert sent == [
        Request("GET", "http://h:81/a.xml?CallSid=CA1&From=%2B1+555&Caller&x=1&y=a+b", b"", None)
    ]
    assert result.base == "http://u:p@h:81/a.xml" and result.url == "http://h:81/a.xml?" + (
        "CallSid=CA1&From=%2B1+555&Caller&x=1&y=a+b"
    )


def test_a_post_carries_them_as_a_form_to_the_url_without_its_query() -> None:
    result, sent = fetch(lambda r: Answer(200, XML, DOC), "http://u:p@h/a.xml?x=1")
    assert [(r.method, r.url, r.wire_url, r.body) for r in sent] == [
        ("POST", "http://u:p@h/a.xml", "http://h/a.xml", b"CallSid=CA1&From=%2B1+555&Caller&x=1")
    ]
    assert sent[0].content_type == FORM_TYPE and sent[0].credentials == ("u", "p")
    assert result.url == "http://u:***@h/a.xml"


def test_a_get_without_fields_keeps_its_url_and_credentials() -> None:
    assert request_uri("get", "http://u:p@h/a.xml", []) == ("http://u:p@h/a.xml", b"")
    with pytest.raises(ValueError, match="PUT is not a supported downloader method"):
        request_uri("PUT", "http://h/a.xml", [])


@given(
    st.lists(
        st.tuples(
            st.text(min_size=1).filter(lambda n: n.strip() == n and n.strip()),
            st.one_of(st.none(), st.text().filter(lambda v: v.strip() == v)),
        ),
        max_size=6,
    )
)
def test_the_url_fields_read_back_what_a_query_was_encoded_from(
    fields: list[tuple[str, str | None]],
) -> None:
    """URLEncodedUtils.format then parse: a GET's query round-trips (names and values that
    carry no surrounding white space, which the parser trims)."""
    _, read = descriptor("http://h/a.xml?" + encode(fields), [])
    assert read == fields and query_fields(encode(fields)) == fields


# ----------------------------------------------------------------------------- credentials


def test_credentials_stay_with_their_host_for_the_whole_download() -> None:
    def answer(request: Request) -> Answer:
        routes = {
            "http://h/a.xml": moved("/b.xml", 303),
            "http://h/b.xml": moved("http://h:8080/c.xml", 301),
            "http://h:8080/c.xml": moved("http://other/d.xml", 301),
        }
        return routes.get(request.wire_url, Answer(200, XML, DOC))

    _, sent = fetch(answer, "http://u:p@h/a.xml")
    assert [(r.wire_url, r.credentials) for r in sent] == [
        ("http://h/a.xml", ("u", "p")),
        ("http://h/b.xml", ("u", "p")),  # no port in the Url: any port of the host
        ("http://h:8080/c.xml", ("u", "p")),
        ("http://other/d.xml", None),
    ]


def test_credentials_given_with_a_port_answer_for_that_port_only() -> None:
    _, sent = fetch(lambda r: moved("http://h/b.xml", 303) if ":81" in r.url else Answer(200),
                    "http://u:p@h:81/a.xml")  # fmt: skip
    assert [r.credentials for r in sent] == [("u", "p"), None]


def test_a_get_with_parameters_has_no_credentials() -> None:
    _, sent = fetch(lambda r: Answer(200, XML, DOC), "http://u:p@h/a.xml", "GET")
    assert sent[0].credentials is None


def test_an_authenticated_answer_is_recorded() -> None:
    result, _ = fetch(lambda r: Answer(200, XML, DOC, authenticated=True), "http://u:p@h/a.xml")
    assert result.authenticated


# ------------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("status", [301, 302, 307])
def test_httpclient_follows_a_get_redirect_with_only_the_locations_query(status: int) -> None:
    result, sent = fetch(first(moved("b.xml?s=2#frag", status)), "http://h/d/a.xml", "GET")
    assert result.ok and result.redirects == ["http://h/d/b.xml?s=2"]
    assert [(r.method, r.wire_url, r.body) for r in sent][1] == ("GET", "http://h/d/b.xml?s=2", b"")
    assert result.base == "http://h/d/a.xml"  # the document's relative URLs resolve on the Url


def test_httpclient_follows_a_303_to_a_post_as_a_get() -> None:
    result, sent = fetch(first(moved("/b.xml", 303)), "http://h/a.xml")
    assert result.ok and [(r.method, r.wire_url, r.body) for r in sent][1] == (
        "GET", "http://h/b.xml", b""
    )  # fmt: skip


@pytest.mark.parametrize("status", [301, 302, 307])
def test_the_downloader_resends_a_post_with_its_fields_and_the_locations(status: int) -> None:
    result, sent = fetch(first(moved("http://h/b.xml?s=2", status)), "http://h/a.xml?x=1")
    assert result.ok and result.redirects == ["http://h/b.xml?s=2"]
    assert [(r.method, r.url, r.body) for r in sent][1] == (
        "POST", "http://h/b.xml", b"CallSid=CA1&From=%2B1+555&Caller&x=1&s=2"
    )  # fmt: skip


def test_the_downloader_does_not_resolve_a_relative_location() -> None:
    result, sent = fetch(lambda r: moved("/b.xml", 302), "http://h/a.xml")
    assert (result.failure, result.code, len(sent)) == (
        "Target host is not specified", PROTOCOL_ERROR, 1
    )  # fmt: skip


def test_a_location_java_cannot_parse_fails_with_no_notification() -> None:
    result, _ = fetch(lambda r: moved("http://h/a b.xml", 302), "http://h/a.xml",
                      uri_problem=lambda u: "a space" if " " in u else None)  # fmt: skip
    assert result.failure == "the Location cannot be used: a space" and result.code is None


def test_the_asynchronous_client_does_not_resend_a_post() -> None:
    result, sent = fetch(lambda r: moved("http://h/b.xml", 302), "http://h/a.xml", client="async")
    assert (result.status, result.failure, len(sent)) == (302, None, 1)
    assert outcome(result) == "fail"


@pytest.mark.parametrize(
    ("method", "status", "failure", "code", "hang"),
    [
        ("GET", 301, "a 301 answer without a Location header", PROTOCOL_ERROR, False),
        ("GET", 307, "a 307 answer without a Location header", PROTOCOL_ERROR, False),
        ("POST", 303, "a 303 answer without a Location header", PROTOCOL_ERROR, False),
        ("GET", 302, "a 302 answer without a Location header", None, True),
        ("POST", 301, "a 301 answer without a Location header", None, True),
    ],
)
def test_a_redirect_without_a_location(
    method: str, status: int, failure: str, code: int | None, hang: bool
) -> None:
    result, _ = fetch(lambda r: moved(None, status), "http://h/a.xml", method)
    assert (result.failure, result.code, result.hang) == (failure, code, hang)
    assert outcome(result, fallback=True) == ("hang" if hang else "fallback")


def test_a_circular_redirect_asks_the_first_url_twice() -> None:
    result, sent = fetch(lambda r: moved("/a.xml", 301), "http://h/a.xml", "GET")
    assert (result.code, result.failure) == (PROTOCOL_ERROR, "circular redirect to http://h/a.xml")
    assert len(sent) == 2


def test_httpclient_follows_fifty_redirects_then_fails() -> None:
    hops = itertools.count()
    result, sent = fetch(lambda r: moved(f"/{next(hops)}.xml", 302), "http://h/a.xml", "GET")
    assert (result.code, result.failure) == (PROTOCOL_ERROR, "maximum redirects (50) exceeded")
    assert len(sent) == 51


def test_an_endless_post_redirect_never_answers() -> None:
    hops = itertools.count()
    result, sent = fetch(lambda r: moved(f"http://h/{next(hops)}.xml", 307), "http://h/a.xml")
    assert (result.hang, result.failure, len(sent)) == (True, "the redirects never end", 51)
    assert outcome(result) == "hang" and not result.ok


# --------------------------------------------------------------------------------- answers


def test_a_request_that_cannot_be_made_is_an_io_error() -> None:
    result, _ = fetch(lambda r: Answer(error="connection refused"), "http://h/a.xml")
    assert (result.failure, result.code) == ("connection refused", IO_ERROR)
    assert outcome(result) == "fail"


@pytest.mark.parametrize(
    ("answer", "xml_ok", "verdict"),
    [
        (Answer(404, {"content-length": "9"}, b"Not Found"), False, "fail"),
        (Answer(404, {"content-length": "0"}), None, "not-found"),
        (Answer(404, {}, b"Not Found"), None, "not-found"),  # chunked: no check
        (Answer(404, {"content-length": "15"}, b"<p>Not Found</p>"), True, "not-found"),
        (Answer(500, XML, DOC), True, "fail"),
        (Answer(200, {"content-type": "text/plain", "content-length": "5"}, b"hello"), False,
         "fail"),
        (Answer(200, {"content-type": "text/plain"}, b"hello"), None, "run"),
    ],
)  # fmt: skip
def test_the_xml_check_comes_before_the_status(
    answer: Answer, xml_ok: bool | None, verdict: str
) -> None:
    result, _ = fetch(lambda r: answer, "http://h/a.xml")
    assert (result.xml_ok, outcome(result)) == (xml_ok, verdict)
    assert outcome(result, fallback=True) == ("run" if verdict == "run" else "fallback")


def test_the_asynchronous_client_makes_no_xml_check() -> None:
    plain = Answer(200, {"content-type": "text/plain", "content-length": "5"}, b"hello")
    result, _ = fetch(lambda r: plain, "http://h/a.xml", client="async")
    assert result.ok and result.xml_ok is None and result.text == "hello"


@pytest.mark.parametrize(
    ("coding", "text", "failure"),
    [
        ("latin-1", "<Say>caf\xe9</Say>", None),
        ("gzip", "<Say>caf\ufffd</Say>", None),  # undone by the client: UTF-8
        ("bogus-charset", None, "unsupported charset 'bogus-charset' (from Content-Encoding)"),
    ],
)
def test_content_encoding_names_the_charset(
    coding: str, text: str | None, failure: str | None
) -> None:
    headers = {"content-type": "text/xml", "content-encoding": coding}
    answer = Answer(200, headers, "<Say>caf\xe9</Say>".encode("latin-1"))
    result, _ = fetch(lambda r: answer, "http://h/a.xml")
    assert (result.text, result.failure, result.code) == (text, failure, None)


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("text/xml; charset=utf-8", "rcml"),
        ("application/xml", "rcml"),
        ("text/html", "rcml"),
        ("Text/XML", "unknown"),  # Java's contains is case-sensitive
        ("application/rcml+xml", "unknown"),
        ("audio/x-wav", "audio"),
        ("text/plain; charset=utf-8", "text"),
        (None, "none"),
    ],
)
def test_document_kind_is_javas_contains_in_order(content_type: str | None, kind: str) -> None:
    assert document_kind(content_type) == kind
