"""The examples a user copies work: the IVR site is clean as a site, the Flask app answers RCML."""

from __future__ import annotations

import runpy
from pathlib import Path

from click.testing import CliRunner

from rcml import validate
from rcml.cli import cli
from rcml.site import load_site

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_ivr_site_has_no_finding_at_all() -> None:
    site = load_site(EXAMPLES / "ivr-site")
    assert dict(site.findings) == {path: () for path in site.findings}
    assert {"/index.xml", "/menu.xml", "/conference.xml", "/wait.xml", "/voicemail.xml"} <= set(
        site.resources
    )
    assert "/_voice.xml" not in site.resources  # a partial is never served
    result = CliRunner().invoke(cli, ["lint", "--no-config", "--site", str(EXAMPLES / "ivr-site")])
    assert result.exit_code == 0, result.output


def test_the_ivr_menu_routes_every_key() -> None:
    menu = load_site(EXAMPLES / "ivr-site").resources["/menu.xml"]
    bodies = {r.values.get("Digits"): r.body for r in menu.renderings}
    assert b"<Number>+15550123</Number>" in bodies["1"]
    assert b"<Redirect>conference.xml</Redirect>" in bodies["2"]
    assert b"<Redirect>voicemail.xml</Redirect>" in bodies["3"]
    assert b"not on the menu" in bodies["7"]


def test_the_flask_app_answers_valid_rcml_on_every_route() -> None:
    app = runpy.run_path(str(EXAMPLES / "flask_app.py"))["app"]
    client = app.test_client()
    answers = [
        client.post("/voice", data={"From": "+15550100"}),
        client.post("/menu", data={"Digits": "1"}),
        client.post("/menu", data={"Digits": "2"}),
        client.post("/menu", data={"Digits": "x"}),
        client.post("/saved", data={"RecordingUrl": "http://r.example/RE1.wav"}),
    ]
    for answer in answers:
        assert answer.status_code == 200 and answer.mimetype == "application/xml"
        assert [f for f in validate(answer.data) if f.is_error] == []
    assert b"Hello +15550100." in answers[0].data
