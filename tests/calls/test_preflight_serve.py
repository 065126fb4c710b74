"""Preflight against a real `rcml serve` on loopback: the two halves of rcml working together.

A redirect to a document the server serves goes through; to a missing one, an invalid rendering,
a media file or an auth-protected site without credentials, it is refused with a clear message and
nothing is sent to the Calls API.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rcml.calls import CallsClient, PreflightError
from tests.calls.fake_restcomm import FakeRestcomm
from tests.server.conftest import Served, write_site

SITE = {
    "hello.xml": "<Response><Say>Hello</Say><Dial><Client>alice</Client></Dial></Response>",
    # Valid for its samples, but a caller-controlled From that is no URL makes it invalid.
    "play.xml.j2": '{#- rcml-samples: [{"From": "/audio/a.wav"}] -#}\n'
    "<Response><Play>{{ From }}</Play></Response>",
    "audio/a.wav": b"RIFF\x00\x00\x00\x00WAVEfmt ",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", SITE)  # type: ignore[arg-type]


def _redirect(client: CallsClient, restcomm: FakeRestcomm, url: str, from_: str) -> str | None:
    call = restcomm.add_call(from_=from_, to="client:alice", direction="inbound")
    client.redirect(call.sid, url, mute=False)
    return call.url


def test_redirect_to_a_served_document_goes_through(
    serve: Callable[..., Served], site: Path, client: CallsClient, restcomm: FakeRestcomm
) -> None:
    served = serve(str(site))
    url = served.url.rstrip("/") + "/hello.xml"
    assert _redirect(client, restcomm, url, "+15550100") == url
    template = served.url.rstrip("/") + "/play.xml"
    assert _redirect(client, restcomm, template, "/audio/a.wav") == template


@pytest.mark.parametrize(
    ("path", "from_", "reason"),
    [
        ("/missing.xml", "+15550100", "404"),
        ("/play.xml", "http://example.com/a b.wav", "500"),
        ("/audio/a.wav", "+15550100", "audio/wav"),
    ],
    ids=["missing", "invalid-rendering", "not-xml"],
)
def test_redirect_to_a_bad_url_is_refused(
    serve: Callable[..., Served],
    site: Path,
    client: CallsClient,
    restcomm: FakeRestcomm,
    path: str,
    from_: str,
    reason: str,
) -> None:
    served = serve(str(site))
    call = restcomm.add_call(from_=from_, to="client:alice", direction="inbound")
    before = call.url
    with pytest.raises(PreflightError) as caught:
        client.redirect(call.sid, served.url.rstrip("/") + path, mute=False)
    assert reason in str(caught.value)
    assert str(caught.value).startswith("preflight refused POST http://127.0.0.1:")
    assert call.url == before  # nothing reached the Calls API


def test_auth_protected_site_needs_the_credentials_in_the_url(
    serve: Callable[..., Served], site: Path, client: CallsClient, restcomm: FakeRestcomm
) -> None:
    served = serve(str(site), "--auth", "restcomm:s3cret-token")
    call = restcomm.add_call(from_="+15550100", to="client:alice", direction="inbound")
    bare = served.url.rstrip("/") + "/hello.xml"
    with pytest.raises(PreflightError) as caught:
        client.redirect(call.sid, bare, mute=False)
    assert "401" in str(caught.value)
    with_credentials = bare.replace("http://", "http://restcomm:s3cret-token@")
    update = client.redirect(call.sid, with_credentials, mute=False)
    assert update.preflight is not None and update.preflight.ok
    assert update.preflight.authenticated
    assert "s3cret-token" not in update.preflight.summary()
