"""`rcml serve` options and refusals (the serving itself is tested in test_serve_e2e.py), the
site rules' registration, and the benchmark's smoke run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcml.cli import cli
from rcml.rules import ALL_RULES, find_rule

Make = Callable[[dict[str, str | bytes]], Path]
ROOT = Path(__file__).resolve().parents[2]


def test_serve_refuses_a_site_with_errors_like_lint(site_dir: Make) -> None:
    root = site_dir({"a.xml": '<Response><Gather action="b.xml"><Say>x</Say></Gather></Response>'})
    result = CliRunner().invoke(cli, ["serve", str(root), "--port", "0"])
    assert result.exit_code == 1
    assert (
        f"{root / 'a.xml'}:1:19: RCML601 [error] action of <Gather>: 'b.xml' leads to /b.xml"
        in (result.output)
    )
    assert "1 document(s) checked: 1 error(s)" in result.output
    assert "not serving" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--auth", "nocolon"], "--auth: credentials must look like USER:TOKEN"),
        (["--port", "70000"], "70000"),
        (["--context", "fax"], "fax"),
    ],
)
def test_serve_usage_errors_exit_2(site_dir: Make, args: list[str], message: str) -> None:
    root = site_dir({"a.xml": "<Response><Say>x</Say></Response>"})
    result = CliRunner().invoke(cli, ["serve", str(root), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_serve_of_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "missing")])
    assert result.exit_code == 2


def test_serve_help_teaches_with_examples() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "rcml serve site/ --port 9000 --reload" in result.output
    assert "uvicorn --factory rcml.server:app_from_env" in result.output


def test_site_rules_are_registered_and_documented() -> None:
    site_rules = [r for r in ALL_RULES if r.code.startswith("RCML6")]
    assert [r.code for r in site_rules] == ["RCML601", "RCML602", "RCML603", "RCML604"]
    for rule in site_rules:
        assert rule.stage == "parse"  # reported by the site checker, never run per document
        assert rule.sections() == ["What it does", "Why it matters", "Example", "Use instead"]
    assert find_rule("redirect-cycle") is find_rule("RCML603")


@pytest.mark.skipif(
    shutil.which("wrk") is None
    or (shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists()),
    reason="wrk and nginx are needed (.ci/run installs both)",
)
def test_benchmark_smoke_run() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_server.py"),
            "--rounds",
            "1",
            "--duration",
            "1",
            "--connections",
            "4",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "medians over 1 round(s)" in result.stdout
    assert "template-unique" in result.stdout


def test_serve_reads_the_port_from_rcml_port() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert "RCML_PORT" in result.output
    bad = CliRunner().invoke(cli, ["serve", "."], env={"RCML_PORT": "70000"})
    assert bad.exit_code == 2 and "70000" in bad.output
