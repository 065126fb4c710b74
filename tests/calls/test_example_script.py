"""examples/calls_client.py runs its walkthrough against a Calls API, with every Url preflighted."""

from __future__ import annotations

import runpy
from pathlib import Path

from rcml.calls import CallsClient
from rcml.resources import data_dir

from .conftest import ACCOUNT, TOKEN, Doc, serve_docs
from .fake_restcomm import FakeRestcomm

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calls_client.py"


def test_the_calls_example_walks_through(restcomm: FakeRestcomm) -> None:
    demo = data_dir("templates")
    documents = {
        f"/{name}": Doc((demo / name).read_bytes())
        for name in ("hello-play.xml", "dial-alice.xml", "conference.xml")
    }
    walkthrough = runpy.run_path(str(EXAMPLE))["walkthrough"]
    with serve_docs(documents) as site, CallsClient(
        ACCOUNT, TOKEN, base_url=restcomm.base_url, timeout=5, fetch_timeout=5
    ) as client:
        log = walkthrough(client, site.url("/"))
    assert log[0].startswith("created CA")
    assert log[1:3] == ["redirected to dial-alice.xml", "moved both legs to conference.xml"]
    assert log[-1].startswith("hung up (was ")
