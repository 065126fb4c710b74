"""Restcomm's HTTP client rules over a scripted transport: redirects, credentials, checks."""

from __future__ import annotations

from collections.abc import Callable

from rcml.sim._download import Downloader, wav_seconds
from rcml.sim.transport import HttpRequest, HttpResponse, TransportError

XML = {"content-type": "text/xml", "content-length": "19"}
DOC = b"<Response></Response>"


class Scripted:
    """Answers with ``answer(request)``; keeps every request sent."""

    def __init__(self, answer: Callable[[HttpRequest], HttpResponse]) -> None:
        self.answer = answer
        self.sent: list[HttpRequest] = []

    def send(self, request: HttpRequest) -> HttpResponse:
        self.sent.append(request)
        return self.answer(request)

    def close(self) -> None:
        pass


def moved(location: str, status: int = 302) -> HttpResponse:
    return HttpResponse(status, {"location": location, "content-length": "0"})


def test_a_post_answered_303_is_followed_as_a_get_without_parameters() -> None:
    def answer(request: HttpRequest) -> HttpResponse:
        if request.url.endswith("/a.xml"):
            return moved("/b.xml", 303)
        return HttpResponse(200, XML, DOC)

    transport = Scripted(answer)
    fetch = Downloader(transport).document("http://h/a.xml", "POST", [("From", "x")])
    assert fetch.ok and fetch.redirects == ["http://h/b.xml"]
    assert [(r.method, r.url, r.body) for r in transport.sent] == [
        ("POST", "http://h/a.xml", b"From=x"),
        ("GET", "http://h/b.xml", b""),
    ]


def test_a_circular_redirect_is_a_protocol_error() -> None:
    fetch = Downloader(Scripted(lambda r: moved("/a.xml", 301))).document(
        "http://h/a.xml", "GET", []
    )
    assert (fetch.ok, fetch.code) == (False, 11206)


def test_an_endless_post_redirect_hangs_the_downloader() -> None:
    transport = Scripted(lambda r: moved(f"http://h/{len(transport.sent)}.xml", 307))
    fetch = Downloader(transport).document("http://h/0.xml", "POST", [])
    assert fetch.hang and not fetch.ok


def test_credentials_answer_a_basic_challenge_only() -> None:
    def answer(request: HttpRequest) -> HttpResponse:
        if dict(request.headers).get("authorization") == "Basic dTpw":
            return HttpResponse(200, XML, DOC)
        return HttpResponse(401, {"www-authenticate": 'Basic realm="r"', "content-length": "0"})

    transport = Scripted(answer)
    fetch = Downloader(transport).document("http://u:p@h/a.xml", "POST", [])
    assert fetch.ok and fetch.authenticated and fetch.url == "http://u:***@h/a.xml"
    assert all("@" not in r.url for r in transport.sent)
    fetch = Downloader(transport).document("http://u:p@h/a.xml", "GET", [("A", "1")])
    assert fetch.status == 401 and not fetch.authenticated


def test_the_xml_check_needs_a_length_and_the_charset_comes_from_content_encoding() -> None:
    plain = HttpResponse(200, {"content-type": "text/plain"}, b"hello")  # chunked: no length
    assert Downloader(Scripted(lambda r: plain)).document("http://h/", "GET", []).ok
    sized = HttpResponse(200, {"content-type": "text/plain", "content-length": "5"}, b"hello")
    fetch = Downloader(Scripted(lambda r: sized)).document("http://h/", "GET", [])
    assert not fetch.ok and fetch.code is None
    latin = HttpResponse(200, {"content-type": "text/xml", "content-encoding": "ISO-8859-1",
                               "content-length": "26"}, "<Say>caf\xe9</Say>".encode("latin-1"))
    assert Downloader(Scripted(lambda r: latin)).document("http://h/", "GET", []).text == (
        "<Say>café</Say>"
    )


def test_a_method_other_than_get_or_post_fails_the_download() -> None:
    fetch = Downloader(Scripted(lambda r: HttpResponse(200, XML, DOC))).document(
        "http://h/", "PUT", []
    )
    assert not fetch.ok and "PUT" in (fetch.failure or "")


def test_a_connection_failure_is_an_io_error() -> None:
    def refuse(request: HttpRequest) -> HttpResponse:
        raise TransportError("connection refused")

    fetch = Downloader(Scripted(refuse)).document("http://h/", "POST", [])
    assert (fetch.status, fetch.code) == (None, 11205)


def test_media_durations_come_from_the_wav_header() -> None:
    header = (b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0"
              b"data" + (48000).to_bytes(4, "little"))
    assert wav_seconds(header) == 3.0
    assert wav_seconds(b"ID3 not a wav") is None
    media = Downloader(Scripted(lambda r: HttpResponse(404, {}, b""))).media("http://h/x.wav")
    assert media == (None, "http://h/x.wav answered 404")
