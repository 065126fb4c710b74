"""The examples build the demo site's documents: same canonical XML as templates/."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {
    "dial_alice.py": "dial-alice.xml",
    "conference.py": "conference.xml",
    "hello_play.py": "hello-play.xml",
}


def c14n(data: bytes) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return etree.tostring(root, method="c14n", with_comments=False)


@pytest.mark.parametrize(("example", "template"), sorted(EXAMPLES.items()))
def test_example_builds_the_template(example: str, template: str) -> None:
    response = runpy.run_path(str(ROOT / "examples" / example))["build"]()
    expected = (ROOT / "templates" / template).read_bytes()
    assert c14n(response.to_xml(pretty=True)) == c14n(expected)
    assert not [f for f in response.validate() if f.is_error]


@pytest.mark.slow
def test_example_runs_as_a_script() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "dial_alice.py")],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Dial timeout="30">\n'
        b"    <Client>alice</Client>\n  </Dial>\n</Response>\n"
    )


def test_the_readme_example_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Generate RCML in Python", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    printed = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    assert capsys.readouterr().out.splitlines() == [*printed, ""]
