"""Preflight: the Url is fetched the way Restcomm fetches it, and refused when it would fail."""

from __future__ import annotations

import base64
import logging
import socket

import pytest

from rcml.calls import CallsClient, PreflightError, call_parameters, preflight

from .conftest import (
    ACCOUNT,
    DOC_PASSWORD,
    DOC_USER,
    INVALID_RCML,
    TOKEN,
    VALID_RCML,
    Doc,
    DocServer,
    serve_docs,
)
from .fake_restcomm import FakeRestcomm

CREDS = f"{DOC_USER}:{DOC_PASSWORD}"
BASIC = "Basic " + base64.b64encode(CREDS.encode()).decode()


def _refused(client: CallsClient, restcomm: FakeRestcomm, url: str, **kwargs: object) -> str:
    """Redirect a live call to ``url``; assert it is refused before the API is asked."""
    call = restcomm.add_call()
    with pytest.raises(PreflightError) as caught:
        client.redirect(call.sid, url, mute=False, **kwargs)  # type: ignore[arg-type]
    assert restcomm.posts() == []
    assert call.url is None
    return str(caught.value)


# ---------------------------------------------------------------------------- goes through


def test_redirect_to_a_valid_served_document_goes_through(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    call = restcomm.add_call(from_="+15550100", to="sip:bob@127.0.0.1", direction="inbound")
    update = client.redirect(call.sid, docs.url("/valid.xml"), mute=False)
    assert call.url == docs.url("/valid.xml")
    assert update.preflight is not None and update.preflight.ok
    assert update.preflight.status == 200 and update.preflight.findings == []
    # Fetched as Restcomm would: POST, form-encoded, with this call's own parameters.
    (seen,) = docs.seen
    assert (seen.method, seen.path, seen.query, seen.authorization) == (
        "POST",
        "/valid.xml",
        {},
        None,
    )
    assert seen.form == {
        **call_parameters(
            call_sid=call.sid,
            account_sid=ACCOUNT,
            from_="+15550100",
            to="sip:bob@127.0.0.1",
            status="in-progress",
            direction="inbound",
            caller_name="Alice",
        ),
        "InstanceId": "ID" + "1" * 32,
    }
    assert seen.form["ForwardedFrom"] == "null"  # Restcomm sends the literal string


def test_create_call_preflight_uses_the_new_call_parameters(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    client.create_call("+15550100", "client:alice", docs.url("/valid.xml"),
                       preflight_params={"SipHeader_X-Tenant": "blue"})  # fmt: skip
    (seen,) = docs.seen
    assert seen.form["CallSid"].startswith("CA") and seen.form["AccountSid"] == ACCOUNT
    assert (seen.form["From"], seen.form["To"]) == ("+15550100", "client:alice")
    assert (seen.form["Direction"], seen.form["CallStatus"]) == ("outbound-api", "in-progress")
    assert seen.form["SipHeader_X-Tenant"] == "blue"
    assert len(restcomm.posts()) == 1


def test_get_sends_the_parameters_then_the_url_query_fields_in_the_query(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    """HttpRequestDescriptor.java:57-62, Downloader.java:206-220: the Url's query is not
    dropped; its fields follow Restcomm's, form-encoded as URLEncodedUtils does."""
    call = restcomm.add_call(from_="+15550100")
    url = docs.url("/valid.xml?tenant=blue%20sky;From=x#frag")
    client.redirect(call.sid, url, mute=False, method="GET")
    (seen,) = docs.seen
    assert (seen.method, seen.path, seen.form) == ("GET", "/valid.xml", {})
    assert seen.raw_query.startswith(f"CallSid={call.sid}&AccountSid={ACCOUNT}&From=%2B15550100&")
    assert seen.raw_query.endswith("&ForwardedFrom=null&InstanceId=" + "ID" + "1" * 32
                                   + "&tenant=blue+sky&From=x")  # fmt: skip


def test_get_without_parameters_keeps_the_url_query(docs: DocServer) -> None:
    assert preflight(docs.url("/valid.xml?tenant=blue"), method="GET").ok
    assert (docs.seen[0].method, docs.seen[0].raw_query) == ("GET", "tenant=blue")


def test_post_moves_the_url_query_into_the_form_after_the_parameters(docs: DocServer) -> None:
    report = preflight(docs.url("/valid.xml?tenant=blue&flag"), params={"From": "+1 2"})
    assert report.ok
    (seen,) = docs.seen
    assert (seen.raw_query, seen.raw_body) == ("", b"From=%2B1+2&tenant=blue&flag")


def test_embedded_credentials_are_sent_only_after_the_challenge(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    call = restcomm.add_call()
    url = docs.url("/protected.xml", userinfo=CREDS)
    update = client.redirect(call.sid, url, mute=False)
    assert [s.authorization for s in docs.seen] == [None, BASIC]
    assert update.preflight is not None and update.preflight.authenticated
    assert call.url == url  # Restcomm itself gets the Url with its credentials
    assert DOC_PASSWORD not in repr(update) and DOC_PASSWORD not in str(update.to_dict())


def test_digest_challenge_gets_a_digest_answer(docs: DocServer) -> None:
    docs.docs["/digest.xml"] = Doc(auth=(DOC_USER, DOC_PASSWORD), digest=True)
    report = preflight(docs.url("/digest.xml?x=1", userinfo=CREDS), params={"From": "+1"})
    assert report.ok and report.authenticated
    assert docs.seen[0].authorization is None
    assert (docs.seen[-1].authorization or "").startswith("Digest ")
    assert all(s.form == {"From": "+1", "x": "1"} for s in docs.seen)
    wrong = preflight(docs.url("/digest.xml", userinfo=f"{DOC_USER}:nope-nope"))
    assert wrong.problems == [
        "HTTP 401: the credentials in the Url were refused; its body is not XML, so Restcomm's "
        "download fails: the call fails"
    ]


@pytest.mark.parametrize("status", [301, 302, 307])
def test_httpclient_follows_a_get_redirect_as_a_get_without_parameters(
    docs: DocServer, status: int
) -> None:
    """DefaultRedirectStrategy: a GET answered 301/302/307 goes to the Location (resolved), with
    only the Location's own query."""
    docs.docs["/old.xml"] = Doc(status=status, location="/valid.xml?step=2", body=b"")
    report = preflight(docs.url("/old.xml"), method="GET", params={"CallSid": "CA1"})
    assert report.ok and report.redirects == [docs.url("/valid.xml?step=2")]
    assert report.notes[0].startswith("redirected: relative URLs in the document resolve")
    assert [(s.method, s.path, s.raw_query) for s in docs.seen] == [
        ("GET", "/old.xml", "CallSid=CA1"),
        ("GET", "/valid.xml", "step=2"),
    ]


def test_httpclient_follows_a_303_to_a_post_as_a_get_without_parameters(docs: DocServer) -> None:
    docs.docs["/old.xml"] = Doc(status=303, location="/valid.xml", body=b"")
    report = preflight(docs.url("/old.xml"), params={"CallSid": "CA1"})
    assert report.ok
    assert [(s.method, s.path, s.raw_query, s.raw_body) for s in docs.seen] == [
        ("POST", "/old.xml", "", b"CallSid=CA1"),
        ("GET", "/valid.xml", "", b""),
    ]


@pytest.mark.parametrize("status", [301, 302, 307])
def test_the_downloader_resends_a_post_with_the_same_parameters(
    docs: DocServer, status: int
) -> None:
    """Downloader.java:103-113: re-sent to URI.create(Location), the Location's query fields
    added after the parameters the first request carried."""
    docs.docs["/old.xml"] = Doc(status=status, location=docs.url("/valid.xml?step=2"), body=b"")
    report = preflight(docs.url("/old.xml?a=1"), params={"CallSid": "CA1"})
    assert report.ok and report.redirects == [docs.url("/valid.xml")]
    assert [(s.method, s.path, s.raw_query, s.raw_body) for s in docs.seen] == [
        ("POST", "/old.xml", "", b"CallSid=CA1&a=1"),
        ("POST", "/valid.xml", "", b"CallSid=CA1&a=1&step=2"),
    ]


def test_a_post_redirected_to_a_relative_location_fails(docs: DocServer) -> None:
    """URI.create("/valid.xml") has no host: HttpClient refuses the re-sent request."""
    docs.docs["/old.xml"] = Doc(status=302, location="/valid.xml", body=b"")
    report = preflight(docs.url("/old.xml"), params={"CallSid": "CA1"})
    assert report.problems == [
        "Restcomm's HTTP client refuses this: Target host is not specified; the call fails"
    ]
    assert [s.path for s in docs.seen] == ["/old.xml"]


@pytest.mark.parametrize(
    ("method", "status", "problem"),
    [
        ("POST", 302, "Restcomm would never get an answer: a 302 answer without a Location "
                      "header; the call waits in silence"),
        ("GET", 302, "Restcomm would never get an answer: a 302 answer without a Location "
                     "header; the call waits in silence"),
        ("GET", 301, "Restcomm's HTTP client refuses this: a 301 answer without a Location "
                     "header; the call fails"),
        ("POST", 303, "Restcomm's HTTP client refuses this: a 303 answer without a Location "
                      "header; the call fails"),
    ],
)  # fmt: skip
def test_a_redirect_without_a_location(
    docs: DocServer, method: str, status: int, problem: str
) -> None:
    docs.docs["/old.xml"] = Doc(status=status, body=b"")
    assert preflight(docs.url("/old.xml"), method=method).problems == [problem]


def test_credentials_never_follow_a_redirect_to_another_origin(docs: DocServer) -> None:
    with serve_docs({"/protected.xml": Doc(auth=(DOC_USER, DOC_PASSWORD))}) as other:
        docs.docs["/away.xml"] = Doc(status=302, location=other.url("/protected.xml"), body=b"")
        report = preflight(docs.url("/away.xml", userinfo=CREDS))
        assert [s.authorization for s in other.seen] == [None]
    assert not report.ok and report.status == 401
    assert report.problems[0].startswith(
        "HTTP 401: Restcomm has no credentials for this request: the Url's are kept for its host "
        "(and port, when the Url names one), and this answer came from elsewhere"
    )


def test_text_html_is_accepted_with_a_note(docs: DocServer) -> None:
    docs.docs["/page.html"] = Doc(content_type="text/html; charset=utf-8")
    report = preflight(docs.url("/page.html"))
    assert report.ok
    assert report.notes == [
        "Content-Type text/html: Restcomm parses it as RCML, but serve text/xml"
    ]


def test_an_html_error_page_is_refused_by_the_validator(docs: DocServer) -> None:
    docs.docs["/login"] = Doc(content_type="text/html", body=b"<html><body>Login</body></html>")
    report = preflight(docs.url("/login"))
    assert not report.ok and [f.code for f in report.errors] == ["RCML107"]


# ---------------------------------------------------------------------------- refused


def test_missing_document_is_refused(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    message = _refused(client, restcomm, docs.url("/missing.xml"))
    assert message == (  # the server's 404 page is well-formed XML: it passes the XML check
        f"preflight refused POST {docs.url('/missing.xml')}: Restcomm would not get a valid "
        "voice document\n  - HTTP 404: not found; Restcomm ends the call (warning 21402)"
    )


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        (Doc(status=404, body=b""), "HTTP 404: not found; Restcomm ends the call (warning 21402)"),
        (Doc(status=404, content_type="text/plain", body=b"Not Found", chunked=True),
         "HTTP 404: not found; Restcomm ends the call (warning 21402)"),
        (Doc(status=404, content_type="text/plain", body=b"Not Found"),
         "HTTP 404: not found; its body is not XML, so Restcomm's download fails (and there is "
         "no warning 21402): the call fails"),
        (Doc(status=500, content_type="text/html", body=b"<h1>Oops</h1><p>x</p>"),
         "HTTP 500: only 200 counts as success for Restcomm; its body is not XML, so Restcomm's "
         "download fails: the call fails"),
    ],
)  # fmt: skip
def test_a_404_is_warning_21402_only_when_its_body_passes_the_xml_check(
    docs: DocServer, doc: Doc, problem: str
) -> None:
    """Downloader.java:160-174 checks any body with a Content-Length before the status is
    looked at (VoiceInterpreter.java:1238-1239)."""
    docs.docs["/x"] = doc
    assert preflight(docs.url("/x")).problems == [problem]


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        (Doc(status=404, body=b""),
         "HTTP 404: not found; Restcomm fetches the FallbackUrl instead"),
        (Doc(status=404, content_type="text/plain", body=b"gone"),
         "HTTP 404: not found; its body is not XML, so Restcomm's download fails (and there is "
         "no warning 21402): Restcomm fetches the FallbackUrl instead"),
        (Doc(status=201), "HTTP 201: only 200 counts as success for Restcomm; Restcomm fetches "
                          "the FallbackUrl instead"),
    ],
)  # fmt: skip
def test_with_a_fallback_url_any_failure_of_the_url_goes_to_it(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer, doc: Doc, problem: str
) -> None:
    """VoiceInterpreter.java:1236-1237: the first document's failure, any status but 200."""
    docs.docs["/x"] = doc
    with pytest.raises(PreflightError) as caught:
        client.create_call("+1", "client:a", docs.url("/x"), fallback_url=docs.url("/valid.xml"))
    assert caught.value.report.problems == [problem]
    assert restcomm.posts() == [] and [s.path for s in docs.seen] == ["/x"]


def test_invalid_rcml_is_refused_with_its_findings(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    call = restcomm.add_call()
    with pytest.raises(PreflightError) as caught:
        client.redirect(call.sid, docs.url("/invalid.xml"), mute=False)
    report = caught.value.report
    assert [(f.code, f.line, f.column) for f in report.errors] == [
        ("RCML501", 2, 3),
        ("RCML101", 2, 9),
    ]
    assert "RCML101 <Nmber> is not an RCML element" in str(caught.value)
    assert restcomm.posts() == []


def test_non_xml_document_is_refused(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    message = _refused(client, restcomm, docs.url("/page.txt"))
    assert "the answer (text/plain) is not XML, so Restcomm's download fails" in message


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        (Doc(content_type="text/plain", body=b"Hello", chunked=True),
         "Content-Type text/plain: Restcomm says the body aloud (a <Say> of it), it does not run "
         "it as RCML"),
        (Doc(content_type="audio/wav", body=b"RIFF....WAVE", chunked=True),
         "Content-Type audio/wav: Restcomm plays the Url itself as audio (a <Play> of it), it "
         "does not run RCML"),
        (Doc(content_type="Text/XML"),
         "Content-Type Text/XML is not one Restcomm reads (text/xml, application/xml, "
         "text/html): the call waits in silence"),
    ],
)  # fmt: skip
def test_what_restcomm_does_with_a_200_of_another_type(
    docs: DocServer, doc: Doc, problem: str
) -> None:
    """VoiceInterpreter.java:1972-1988: Java's case-sensitive String.contains, in this order."""
    docs.docs["/x"] = doc
    assert preflight(docs.url("/x")).problems == [problem]


def test_protected_document_without_credentials_is_refused(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    message = _refused(client, restcomm, docs.url("/protected.xml"))
    assert "HTTP 401: the document needs credentials; write them in the Url" in message


def test_wrong_embedded_credentials_are_refused_and_masked(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    url = docs.url("/protected.xml", userinfo=f"{DOC_USER}:wrong-pa55")
    message = _refused(client, restcomm, url)
    assert "the credentials in the Url were refused" in message
    assert "wrong-pa55" not in message and DOC_USER not in message
    assert f"http://***@127.0.0.1:{docs.port}/protected.xml" in message


def test_401_without_a_challenge_never_gets_the_credentials(docs: DocServer) -> None:
    docs.docs["/nochallenge.xml"] = Doc(auth=(DOC_USER, DOC_PASSWORD), challenge=False)
    report = preflight(docs.url("/nochallenge.xml", userinfo=CREDS))
    assert [s.authorization for s in docs.seen] == [None]
    assert report.problems == [
        "HTTP 401: the 401 has no Basic or Digest WWW-Authenticate challenge, so Restcomm "
        "never sends the Url's credentials; its body is not XML, so Restcomm's download fails: "
        "the call fails"
    ]


def test_a_get_with_parameters_never_sends_the_url_credentials(docs: DocServer) -> None:
    """Downloader.java:207-216: the URL rebuilt for the query has no user-info, so HttpClient
    has no credentials to answer the challenge with; without parameters it has."""
    url = docs.url("/protected.xml", userinfo=CREDS)
    report = preflight(url, method="GET", params={"From": "+1"})
    assert [s.authorization for s in docs.seen] == [None]
    assert not report.authenticated and report.problems[0].startswith(
        "HTTP 401: Restcomm has no credentials for this request: a GET carries the parameters "
        "in a URL rebuilt without the Url's credentials"
    )
    assert preflight(url, method="GET").authenticated


def test_credentials_answer_a_challenge_after_a_303_to_the_same_host(docs: DocServer) -> None:
    """HttpClient keeps the Url's credentials for its host (ProtocolExec.execute)."""
    docs.docs["/login"] = Doc(status=303, location="/protected.xml", body=b"")
    report = preflight(docs.url("/login", userinfo=CREDS), params={"From": "+1"})
    assert report.ok and report.authenticated
    assert [(s.method, s.authorization) for s in docs.seen] == [
        ("POST", None), ("GET", None), ("GET", BASIC)
    ]


def test_static_server_refusing_post_is_explained(docs: DocServer) -> None:
    docs.docs["/static.xml"] = Doc(methods=("GET",))
    report = preflight(docs.url("/static.xml"))
    assert not report.ok and report.status == 405
    assert "static file servers answer POST with 405" in report.problems[0]
    assert preflight(docs.url("/static.xml"), method="GET").ok


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        (Doc(content_type=None), "the answer has no Content-Type: Restcomm hangs up"),
        (Doc(content_type="application/json"), "Content-Type application/json is not one "
                                                "Restcomm reads"),
        (Doc(status=308, location="/valid.xml"), "HTTP 308: only 200 counts as success"),
        (Doc(status=201), "HTTP 201: only 200 counts as success"),
        (Doc(status=500, body=VALID_RCML), "HTTP 500: only 200 counts as success"),
        (Doc(body=VALID_RCML + b" " * 1_048_576), "the body is larger than 1048576 bytes"),
    ],
)
def test_other_refusals(docs: DocServer, doc: Doc, problem: str) -> None:
    docs.docs["/x"] = doc
    report = preflight(docs.url("/x"))
    assert not report.ok and report.problems[0].startswith(problem)


def test_a_get_redirect_loop_is_a_circular_redirect(docs: DocServer) -> None:
    """RedirectLocations holds the targets, not the first URL: /loop is asked twice."""
    docs.docs["/loop"] = Doc(status=302, location="/loop", body=b"")
    report = preflight(docs.url("/loop"), method="GET")
    assert report.problems == [
        f"Restcomm's HTTP client refuses this: circular redirect to {docs.url('/loop')}; "
        "the call fails"
    ]
    assert len(docs.seen) == 2


def test_a_post_redirect_loop_never_ends(docs: DocServer) -> None:
    """The downloader's own loop has no bound; the model stops it after 50 re-sends."""
    docs.docs["/loop"] = Doc(status=307, location=docs.url("/loop"), body=b"")
    report = preflight(docs.url("/loop"))
    assert report.problems == [
        "Restcomm would never get an answer: the redirects never end; the call waits in silence"
    ]
    assert len(docs.seen) == 51


def test_unreachable_url_is_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/a.xml"
        report = preflight(url, timeout=2)
    assert not report.ok and report.problems[0].startswith("could not fetch the Url")


@pytest.mark.parametrize(
    ("url", "method", "problem"),
    [
        (
            "http://127.0.0.1:9/a.xml",
            "PUT",
            "Restcomm fetches documents only with GET or POST, not PUT",
        ),
        ("a.xml", "POST", "the Url must be an absolute http:// or https:// URL"),
    ],
)
def test_urls_or_methods_restcomm_cannot_fetch(url: str, method: str, problem: str) -> None:
    assert preflight(url, method=method).problems == [problem]


def test_preflight_off_sends_the_redirect_anyway(
    client: CallsClient, restcomm: FakeRestcomm, docs: DocServer
) -> None:
    call = restcomm.add_call()
    client.redirect(call.sid, docs.url("/missing.xml"), mute=False, preflight=False)
    assert docs.seen == [] and call.url == docs.url("/missing.xml")


def test_preflight_off_by_default_for_a_client(restcomm: FakeRestcomm, docs: DocServer) -> None:
    with CallsClient(ACCOUNT, restcomm.auth_token, base_url=restcomm.base_url,
                     preflight=False) as c:  # fmt: skip
        c.create_call("+1", "client:a", docs.url("/missing.xml"))
    assert docs.seen == [] and len(restcomm.posts()) == 1


def test_invalid_rcml_fixture_is_really_invalid_and_valid_one_valid() -> None:
    import rcml

    assert not rcml.is_valid(INVALID_RCML) and rcml.validate(VALID_RCML) == []


def test_no_credential_reaches_the_logs(
    client: CallsClient,
    restcomm: FakeRestcomm,
    docs: DocServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """httpx and httpcore log every request at DEBUG: neither the token nor a password shows."""
    caplog.set_level(logging.DEBUG)
    url = docs.url("/protected.xml", userinfo=CREDS)
    created = client.create_call("+1", "sip:a@127.0.0.1", url, sip_password="sip-secret-77")
    client.redirect(created.call.sid, url, mute=False)
    assert "HTTP Request: POST" in caplog.text  # the logs were captured
    api_basic = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    for secret in (TOKEN, DOC_PASSWORD, "sip-secret-77", CREDS, BASIC[6:], api_basic):
        assert secret not in caplog.text
