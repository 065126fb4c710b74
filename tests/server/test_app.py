"""The ASGI app in process: methods, headers, caching, templates, errors, auth, index, logs."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from rcml.server import BasicAuth, RcmlApp, load_site
from tests.server.conftest import DOC, call

Make = Callable[[dict[str, str | bytes]], Path]

GREETING = (
    '{#- rcml-samples: [{"From": "+15550100"}] -#}\n'
    '<Response><Say voice="woman">Hello {{ From | default("caller") }}</Say>'
    '<Gather action="menu.xml" numDigits="1"><Say>{{ Digits | default(\'none\') }}</Say></Gather>'
    "</Response>"
)


@pytest.fixture
def app(site_dir: Make) -> RcmlApp:
    root = site_dir(
        {
            "doc.xml": DOC,
            "greeting.xml.j2": GREETING,
            "menu.xml": "<Response><Say>menu</Say></Response>",
            "strict.xml.j2": '{#- rcml-samples: [{"To": "+1"}] -#}<Response><Say>{{ To }}</Say>'
            "</Response>",
            "broken.xml.j2": "<Response>{% if Digits == '9' %}<Hangup/>{% endif %}"
            "<Say>x</Say></Response>",
            "sub/hold.wav": b"RIFF0000WAVE",
        }
    )
    return RcmlApp(load_site(root))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_static_document_200_with_exact_headers(app: RcmlApp, method: str) -> None:
    response = call(app, method, "/doc.xml", data={"From": "+15550100"})
    assert response.status_code == 200
    assert response.content == DOC
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    assert response.headers["content-length"] == str(len(DOC))
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["etag"].startswith('"') and len(response.headers["etag"]) == 34


def test_head_has_the_headers_and_no_body(app: RcmlApp) -> None:
    response = call(app, "HEAD", "/doc.xml")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(DOC))


def test_if_none_match_gives_304(app: RcmlApp) -> None:
    etag = call(app, "GET", "/doc.xml").headers["etag"]
    assert call(app, "GET", "/doc.xml", headers={"If-None-Match": etag}).status_code == 304
    assert call(app, "GET", "/doc.xml", headers={"If-None-Match": '"other"'}).status_code == 200
    # Restcomm's POST always gets the document
    assert call(app, "POST", "/doc.xml", headers={"If-None-Match": etag}).status_code == 200


def test_media_has_its_type(app: RcmlApp) -> None:
    response = call(app, "POST", "/sub/hold.wav")
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.content == b"RIFF0000WAVE"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_other_methods_are_405_with_allow(app: RcmlApp, method: str) -> None:
    response = call(app, method, "/doc.xml")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize("path", ["/nope.xml", "/sub", "/sub/", "/greeting.xml.j2", "/x?a=1"])
def test_unknown_paths_are_404_and_not_xml(app: RcmlApp, path: str) -> None:
    response = call(app, "GET", path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert not response.content.lstrip().startswith(b"<")


def test_template_renders_query_and_form_values_with_form_winning(app: RcmlApp) -> None:
    response = call(app, "POST", "/greeting.xml?From=query&Digits=7", data={"From": "+15550100"})
    assert response.status_code == 200
    assert b"Hello +15550100</Say>" in response.content
    assert b"<Say>7</Say>" in response.content
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    assert response.headers["content-length"] == str(len(response.content))


def test_get_template_uses_the_query(app: RcmlApp) -> None:
    response = call(app, "GET", "/greeting.xml?From=%2B1555")
    assert b"Hello +1555</Say>" in response.content


def test_restcomm_null_counts_as_absent(app: RcmlApp) -> None:
    response = call(app, "POST", "/greeting.xml", data={"From": "null"})
    assert b"Hello caller</Say>" in response.content


def test_caller_values_are_only_text(app: RcmlApp) -> None:
    hostile = '"/><Dial>+19005550100</Dial><Say a="\x01\x1b'
    response = call(app, "POST", "/greeting.xml", data={"From": hostile})
    assert response.status_code == 200
    assert b"<Dial>" not in response.content
    assert b"\x01" not in response.content and b"\x1b" not in response.content
    assert b"&lt;Dial&gt;" in response.content


def test_missing_value_is_500_and_logged(app: RcmlApp, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="rcml.server"):
        response = call(app, "POST", "/strict.xml", data={"From": "x"})
    assert response.status_code == 500
    assert not response.content.startswith(b"<")
    assert "'To' is undefined" in caplog.text


def test_invalid_rendering_is_500_with_findings_logged(
    app: RcmlApp, caplog: pytest.LogCaptureFixture
) -> None:
    assert call(app, "POST", "/broken.xml", data={"Digits": "1"}).status_code == 200
    with caplog.at_level(logging.ERROR, logger="rcml.server"):
        response = call(app, "POST", "/broken.xml", data={"Digits": "9"})
    assert response.status_code == 500
    assert "RCML401" in caplog.text


def test_rendering_is_validated_in_the_context_a_link_gave_it(site_dir: Make) -> None:
    root = site_dir(
        {
            "room.xml": '<Response><Dial><Conference waitUrl="wait.xml">r</Conference></Dial>'
            "</Response>",
            "wait.xml.j2": "<Response><Say>wait</Say>"
            "{% if Extra is defined %}<Hangup/>{% endif %}</Response>",
        }
    )
    app = RcmlApp(load_site(root))
    assert call(app, "POST", "/wait.xml").status_code == 200
    assert call(app, "POST", "/wait.xml", data={"Extra": "1"}).status_code == 500


def test_too_large_body_is_413(app: RcmlApp) -> None:
    response = call(app, "POST", "/greeting.xml", content=b"a=" + b"x" * 70_000)
    assert response.status_code == 413


def test_healthz(app: RcmlApp) -> None:
    response = call(app, "GET", "/healthz")
    assert response.status_code == 200
    assert response.text == f"ok {app.holder.site.version}\n"


def test_index_page_lists_every_document_escaped(site_dir: Make) -> None:
    template = '{#- rcml-samples: [{"From": "<x>"}] -#}<Response/>'
    root = site_dir({"a&b.xml": DOC, "t.xml.j2": template})
    response = call(RcmlApp(load_site(root)), "GET", "/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<code>/a&amp;b.xml</code>" in response.text
    assert 'href="/a%26b.xml"' in response.text
    assert "/t.xml?From=%3Cx%3E" in response.text
    assert "<x>" not in response.text


def test_site_index_document_replaces_the_index_page(site_dir: Make) -> None:
    app = RcmlApp(load_site(site_dir({"index.xml": DOC})))
    assert call(app, "POST", "/").content == DOC


def _basic(user: str, token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()}


def test_basic_auth_challenges_then_accepts(site_dir: Make) -> None:
    auth = BasicAuth.parse("AC123:s3cret")
    app = RcmlApp(load_site(site_dir({"doc.xml": DOC})), auth=auth)
    response = call(app, "POST", "/doc.xml")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="rcml", charset="UTF-8"'
    assert call(app, "POST", "/doc.xml", headers=_basic("AC123", "wrong")).status_code == 401
    assert call(app, "POST", "/doc.xml", headers=_basic("AC12", "s3cret")).status_code == 401
    assert call(app, "POST", "/doc.xml", headers={"Authorization": "Basic !!"}).status_code == 401
    assert call(app, "POST", "/doc.xml", headers=_basic("AC123", "s3cret")).content == DOC
    assert call(app, "GET", "/").status_code == 401
    assert call(app, "GET", "/healthz").status_code == 200


def test_auth_on_a_prefix_only(site_dir: Make) -> None:
    auth = BasicAuth.parse("u:t", ("/private",))
    app = RcmlApp(load_site(site_dir({"doc.xml": DOC, "private/p.xml": DOC})), auth=auth)
    assert call(app, "GET", "/doc.xml").status_code == 200
    assert call(app, "GET", "/private/p.xml").status_code == 401
    assert call(app, "GET", "/private/p.xml", headers=_basic("u", "t")).status_code == 200
    index = call(app, "GET", "/").text
    assert "/doc.xml" in index and "/private/p.xml" not in index


def test_an_auth_prefix_in_the_wrong_case_is_named_once() -> None:
    routes = ["/doc.xml", "/Private/a.xml", "/Private/b.xml", "/Admin/Keys/k.xml"]
    slips = BasicAuth.parse("u:t", ("/private", "/admin/keys", "/Admin", "/none", "/")).case_slips
    assert slips(routes) == [
        "/private protects nothing: the site has /Private, in another case "
        "(prefixes are case-sensitive)",
        "/admin/keys protects nothing: the site has /Admin/Keys, in another case "
        "(prefixes are case-sensitive)",
    ]
    assert BasicAuth.parse("u:t", ("/Private", "/priv")).case_slips(routes) == []
    assert BasicAuth.parse("u:t", ("/doc.XML",)).case_slips(routes) == [
        "/doc.XML protects nothing: the site has /doc.xml, in another case "
        "(prefixes are case-sensitive)"
    ]


def test_auth_spec_errors_do_not_echo_the_secret() -> None:
    with pytest.raises(ValueError) as caught:
        BasicAuth.parse("only-user")
    assert "only-user" not in str(caught.value)
    assert "s3cret" not in repr(BasicAuth.parse("u:s3cret"))


def test_access_log_has_no_query_and_no_credentials(
    site_dir: Make, caplog: pytest.LogCaptureFixture
) -> None:
    app = RcmlApp(load_site(site_dir({"doc.xml": DOC})), auth=BasicAuth.parse("u:t0ken"))
    with caplog.at_level(logging.INFO, logger="rcml.server.access"):
        call(app, "GET", "/doc.xml?AuthToken=t0ken&From=%2B1555", headers=_basic("u", "t0ken"))
        call(app, "GET", "/%0a%1bfake", headers=_basic("u", "t0ken"))
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == f'127.0.0.1 "GET /doc.xml" 200 {len(DOC)} {lines[0].split()[-1]}'
    assert "t0ken" not in caplog.text and "1555" not in caplog.text
    assert "\n" not in lines[1] and "%0a%1bfake" in lines[1]


def test_form_decoding_plus_and_field_cap(app: RcmlApp) -> None:
    response = call(
        app,
        "POST",
        "/greeting.xml",
        content=b"From=Ann+Lee%21",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert b"Hello Ann Lee!</Say>" in response.content
    many = b"&".join(b"k%d=v" % i for i in range(500))
    response = call(
        app,
        "POST",
        "/greeting.xml",
        content=many,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_app_from_env(site_dir: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    from rcml.server import app_from_env

    monkeypatch.setenv("RCML_SITE", str(site_dir({"doc.xml": DOC})))
    monkeypatch.setenv("RCML_AUTH", "u:t")
    app = app_from_env()
    assert call(app, "GET", "/doc.xml").status_code == 401
    assert call(app, "GET", "/doc.xml", headers=_basic("u", "t")).content == DOC


def test_identical_renderings_are_validated_once(
    site_dir: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rcml.server.app as app_module

    calls: list[bytes] = []
    real = app_module.check_document

    def counting(document: bytes, *args: object) -> list[object]:
        calls.append(document)
        return real(document, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "check_document", counting)
    app_module._cached_errors.cache_clear()
    app = RcmlApp(load_site(site_dir({"t.xml.j2": "<Response><Say>{{ D }}</Say></Response>"})))
    for digits in ("1", "2", "1", "1", "2"):
        assert call(app, "POST", "/t.xml", data={"D": digits}).status_code == 200
    assert len(calls) == 2
    assert call(app, "POST", "/t.xml", data={"D": " "}).status_code == 500  # still validated


def test_index_shows_warnings_with_their_findings(site_dir: Make) -> None:
    root = site_dir({"w.xml": '<Response><Say voice="alice">Hi</Say></Response>'})
    page = call(RcmlApp(load_site(root)), "GET", "/").text
    assert '<span class="badge warn" title="1:16 RCML205 ' in page
    assert "warnings (1)</span>" in page


def asgi_status(app: RcmlApp, raw_path: bytes) -> int:
    """The status an ASGI GET with exactly this raw path gets (no client normalises it)."""
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "", "raw_path": raw_path, "headers": []}
    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    assert isinstance(status, int)
    return status


@pytest.mark.parametrize(
    ("raw_path", "status"),
    [
        (b"/doc.xml", 200),  # as the site's table spells it
        (b"/d%6Fc.xml", 200),  # another spelling of the same route: parsed, same answer
        (b"/sub/%2e%2e/doc.xml", 404),
        (b"/./doc.xml", 404),
        (b"/doc.xml%00", 404),
    ],
)
def test_every_spelling_of_a_path_gets_the_parsed_answer(
    app: RcmlApp, raw_path: bytes, status: int
) -> None:
    assert asgi_status(app, raw_path) == status
