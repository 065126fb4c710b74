"""A failing and a passing site for every site rule (RCML6xx), with the exact findings: the
site-level counterpart of tests/rules/fixtures.py, which holds single documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcml.rules import ALL_RULES
from rcml.server import load_site
from tests.server.conftest import write_site

ROOM = '<Response><Dial>\n  <Conference waitUrl="w.xml">r</Conference>\n</Dial></Response>'

# code: (bad site, [(file, line, column)], good site)
SITES: dict[
    str, tuple[dict[str, str | bytes], list[tuple[str, int, int]], dict[str, str | bytes]]
] = {
    "RCML601": (
        {"a.xml": "<Response>\n  <Redirect>b.xml</Redirect>\n</Response>"},
        [("a.xml", 2, 3)],
        {
            "a.xml": "<Response>\n  <Say>x</Say><Redirect>b.xml</Redirect>\n</Response>",
            "b.xml": "<Response><Say>b</Say></Response>",
        },
    ),
    "RCML602": (
        {
            "a.xml": ROOM,
            "w.xml": "<Response><Say>wait</Say><Hangup/></Response>",
        },
        [("a.xml", 2, 15)],
        {
            "a.xml": ROOM,
            "w.xml": "<Response><Say>wait</Say></Response>",
        },
    ),
    "RCML603": (
        {"a.xml": "<Response>\n  <Redirect>a.xml</Redirect>\n</Response>"},
        [("a.xml", 2, 3)],
        {"a.xml": "<Response>\n  <Pause/><Redirect>a.xml</Redirect>\n</Response>"},
    ),
    "RCML604": (
        {"t.xml.j2": "<Response>\n  {% if %}<Say>x</Say>\n</Response>"},
        [("t.xml.j2", 2, 1)],
        {"t.xml.j2": "<Response>\n  {% if true %}<Say>x</Say>{% endif %}\n</Response>"},
    ),
}


def test_every_site_rule_has_a_site_fixture() -> None:
    assert sorted(SITES) == [r.code for r in ALL_RULES if r.code.startswith("RCML6")]


@pytest.mark.parametrize("code", sorted(SITES))
def test_site_rule_fixture(code: str, tmp_path: Path) -> None:
    bad, expect, good = SITES[code]
    site = load_site(write_site(tmp_path / "bad", bad))
    found = [
        (name, f.line, f.column) for name, fs in site.findings.items() for f in fs if f.code == code
    ]
    assert found == expect
    clean = load_site(write_site(tmp_path / "good", good))
    assert {name: list(fs) for name, fs in clean.findings.items() if fs} == {}
