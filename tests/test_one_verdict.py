"""lint, serve and build give one verdict on a site: the same findings at the same lines.

For every site of the table, ``rcml lint --site DIR`` fails exactly when ``rcml serve DIR`` refuses
to start and ``rcml build DIR`` refuses to write, and all three print the same finding lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli

DOC = "<Response><Say>Hello</Say></Response>\n"
SITES: dict[str, dict[str, str]] = {
    "valid": {
        "index.xml": '<Response><Redirect>menu.xml</Redirect></Response>\n',
        "menu.xml.j2": '{#- rcml-samples: [{"From": "+1"}] -#}\n'
        '<Response>{% include "_hello.xml.j2" %}</Response>\n',
        "_hello.xml.j2": "<Say>Hello {{ From }}</Say>",
    },
    "missing-redirect-target": {
        "index.xml": "<Response><Say>x</Say>\n<Redirect>brige.xml</Redirect></Response>\n",
        "bridge.xml": DOC,
    },
    "wait-url-with-a-pause": {
        "room.xml": '<Response><Dial><Conference waitUrl="wait.xml">r</Conference></Dial>'
        "</Response>\n",
        "wait.xml": '<Response><Pause length="5"/></Response>\n',
    },
    "redirect-loop": {
        "a.xml": "<Response><Redirect>b.xml</Redirect></Response>\n",
        "b.xml": "<Response><Redirect>a.xml</Redirect></Response>\n",
    },
    "template-typo": {
        "t.xml.j2": '{#- rcml-samples: [{"F": "1"}] -#}\n<Response>\n'
        '<Say voice="alice">{{ F }}</Say>\n<Say>{{ F }</Say>\n</Response>\n',
    },
    "template-broken-link-in-a-sample": {
        "t.xml.j2": '{#- rcml-samples: [{"D": "1"}, {"D": "2"}] -#}\n<Response>\n'
        "<Say>x</Say>\n<Redirect>{{ D }}.xml</Redirect>\n</Response>\n",
        "1.xml": DOC,
    },
    "missing-include": {
        "t.xml.j2": '<Response>\n{% include "_nope.xml.j2" %}\n</Response>\n',
    },
    "undefined-in-a-test": {
        "t.xml.j2": "<Response>\n{% if From %}<Say>{{ From }}</Say>{% endif %}\n</Response>\n",
    },
    "warnings-only": {
        "w.xml": '<Response><Say voice="alice">Hi</Say></Response>\n',
    },
}


def _make(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "site"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _finding_lines(output: str, root: Path) -> list[str]:
    prefix = f"{root}/"
    return sorted(line for line in output.splitlines() if line.startswith(prefix))


@pytest.mark.parametrize("name", sorted(SITES))
def test_lint_serve_and_build_agree(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _make(tmp_path, SITES[name])
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    lint = runner.invoke(cli, ["lint", "--no-config", "--no-cache", "--site", str(root)])
    build = runner.invoke(cli, ["build", str(root), "-o", str(tmp_path / "out"), "--samples"])
    lint_lines = _finding_lines(lint.output, root)
    errors = any("[error]" in line for line in lint_lines)
    assert lint.exit_code == (1 if errors else 0), lint.output
    assert build.exit_code == (1 if errors else 0), build.output
    if errors:  # serve refuses before it binds a socket
        serve = runner.invoke(cli, ["serve", str(root), "--port", "0"])
        assert serve.exit_code == 1, serve.output
        assert _finding_lines(serve.output, root) == lint_lines
        assert _finding_lines(build.output, root) == lint_lines
    assert (name == "valid") == (lint_lines == [])


def test_the_table_covers_what_only_the_site_check_sees(tmp_path: Path) -> None:
    """Each broken site is broken only as a site (lint of the files alone passes) or at a
    template line; the table is not a set of documents that fail on their own."""
    root = _make(tmp_path, SITES["missing-redirect-target"])
    alone = CliRunner().invoke(cli, ["lint", "--no-config", "--no-cache", str(root)])
    assert alone.exit_code == 0, alone.output
    site = CliRunner().invoke(cli, ["lint", "--no-config", "--no-cache", "--site", str(root)])
    assert f"{root}/index.xml:2:1: RCML601 [error]" in site.output


def test_plain_lint_checks_partials_only_through_their_templates(tmp_path: Path) -> None:
    """A folder walk leaves ``_`` partials out, as the site does: this layout partial is a whole
    ``<Response>`` that uses a name only its including template's samples give, so alone it
    could not render."""
    root = _make(
        tmp_path,
        {
            "_layout.xml.j2": "<Response>\n<Say>Hello {{ From }}</Say>\n{% block body %}"
            "{% endblock %}\n</Response>\n",
            "menu.xml.j2": '{#- rcml-samples: [{"From": "+1"}] -#}\n'
            '{% extends "_layout.xml.j2" %}{% block body %}<Hangup/>{% endblock %}\n',
        },
    )
    walked = CliRunner().invoke(cli, ["lint", "--no-config", "--no-cache", str(root)])
    assert walked.exit_code == 0, walked.output
    assert "1 document(s) checked" in walked.output
    named = CliRunner().invoke(
        cli, ["lint", "--no-config", "--no-cache", str(root / "_layout.xml.j2")]
    )
    assert f"{root}/_layout.xml.j2:2:" in named.output  # named: checked as it is
    assert "RCML604" in named.output


def test_lint_counts_the_documents_serve_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Media files are checked (their size) but not counted as documents: ``rcml lint --site``
    reports the number ``rcml serve`` announces, and a media file only when it has a finding."""
    from rcml.site import load_site

    root = _make(
        tmp_path,
        {
            "index.xml": "<Response><Play>audio/beep.wav</Play></Response>\n",
            "menu.xml.j2": '<Response>{% include "_hello.xml.j2" %}</Response>\n',
            "_hello.xml.j2": "<Say>Hello</Say>",
            "audio/beep.wav": "RIFF....WAVE",
        },
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["lint", "--no-config", "--no-cache", "--site", str(root)]
    lint = runner.invoke(cli, args)
    assert lint.exit_code == 0, lint.output
    assert len(load_site(root).documents()) == 2
    summary = lint.output.splitlines()[-1]
    assert summary == "2 document(s) checked: 0 error(s), 0 warning(s), 0 note(s)"
    junit = runner.invoke(cli, [*args, "--format", "junit"]).output
    assert 'tests="2"' in junit and "beep.wav" not in junit

    monkeypatch.setattr("rcml.site.load.MAX_MEDIA_BYTES", 4)
    too_large = runner.invoke(cli, args)
    assert too_large.exit_code == 1, too_large.output
    assert f"{root}/audio/beep.wav:1:1: RCML004 [error]" in too_large.output
    assert f"{root}/index.xml:1:11: RCML601 [error]" in too_large.output  # the link, now broken
    assert too_large.output.splitlines()[-1].startswith("3 document(s) checked: 2 error(s)")
