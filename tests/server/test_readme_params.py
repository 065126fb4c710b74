"""The README's ``{{ params.get(...) }}`` example works wherever a template is rendered.

A template sees ``params`` on a request; the checks with sample values (lint, the server's load,
``rcml build``) used to render without it, so the documented example was RCML604 "'params' is
undefined" at load and the site was not served.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from rcml.cli import cli
from rcml.server import RcmlApp, load_site
from rcml.server.export import build_site
from tests.server.conftest import call, write_site

ROOT = Path(__file__).resolve().parents[2]


def readme_example() -> str:
    """The ``{{ params.get(...) }}`` expression as the README shows it (one code span)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"`(\{\{ params\.get\(.*?\}\})`", text, re.DOTALL)
    assert match is not None, "the README no longer shows the params example"
    return " ".join(match.group(1).split())  # a code span's line break is a space


def template(samples: str = "") -> str:
    return f"{samples}<Response><Say>Customer {readme_example()}.</Say></Response>\n"


def test_the_readme_example_is_the_one_tested() -> None:
    assert readme_example() == '{{ params.get("SipHeader_X-Customer", "") }}'


def test_lint_renders_the_example_with_and_without_samples(tmp_path: Path) -> None:
    samples = '{#- rcml-samples: [{"SipHeader_X-Customer": "blue"}, {}] -#}'
    site = write_site(tmp_path / "t", {"a.xml.j2": template(), "b.xml.j2": template(samples)})
    result = CliRunner().invoke(cli, ["lint", "--no-cache", str(site)])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


def test_the_server_loads_the_example_and_answers_with_the_request_value(tmp_path: Path) -> None:
    site = load_site(write_site(tmp_path / "site", {"t.xml.j2": template()}))
    assert site.findings == {"t.xml.j2": ()}
    app = RcmlApp(site)
    answer = call(app, "POST", "/t.xml", data={"SipHeader_X-Customer": "blue", "From": "+1"})
    assert answer.status_code == 200
    assert b"<Say>Customer blue.</Say>" in answer.content
    assert b"<Say>Customer .</Say>" in call(app, "GET", "/t.xml").content


def test_build_renders_the_example_with_given_values(tmp_path: Path) -> None:
    site = load_site(write_site(tmp_path / "site", {"t.xml.j2": template()}))
    export = build_site(site, tmp_path / "out", params={"t.xml": {"SipHeader_X-Customer": "red"}})
    assert not export.has_errors
    assert b"<Say>Customer red.</Say>" in (tmp_path / "out" / "t.xml").read_bytes()
