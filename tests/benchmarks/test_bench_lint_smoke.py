"""The lint benchmark runs on a tiny tree and prints its figures (speed is not checked here)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_lint.py"


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) is missing")
def test_bench_lint_runs_on_a_small_tree() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--count", "40", "--rounds", "1", "--startup-rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("command: python benchmarks/bench_lint.py --count 40")
    assert any(line.startswith("xmllint --noout --schema: median") for line in lines)
    assert any(line.startswith("validator loop, one process: median") for line in lines)
    assert any(line.startswith("rcml lint -j1 --no-cache (cold): median") for line in lines)
    assert any(line.startswith("rcml lint -j2 --no-cache (cold): median") for line in lines)
    assert any(line.startswith("rcml lint -j2 (warm cache): median") for line in lines)
    assert any(line.startswith("ratio rcml/xmllint files/s:") for line in lines)
    assert any(line.startswith("start-up `rcml lint one.xml`: median") for line in lines)


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) is missing")
def test_bench_lint_compares_with_a_baseline_round_by_round() -> None:
    tiny = ["--count", "20", "--rounds", "2", "--startup-rounds", "1"]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *tiny, "--baseline", str(SCRIPT.parents[1])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    compared = [line for line in done.stdout.splitlines() if line.startswith("ours/base ")]
    assert [line.split(":")[0] for line in compared] == [
        "ours/base rcml lint -j1 --no-cache (cold)",
        "ours/base rcml lint -j2 --no-cache (cold)",
        "ours/base rcml lint -j2 (warm cache)",
    ]
    pattern = r".*: \d\.\d{3} s / \d\.\d{3} s = \d\.\d{3}; round by round: median \d\.\d{3} "
    pattern += r"\(\d\.\d{3} to \d\.\d{3}\)"
    assert all(re.fullmatch(pattern, line) for line in compared), compared
    lines = done.stdout.splitlines()
    assert any(line.startswith("start-up `rcml lint one.xml` [base]: median") for line in lines)


@pytest.mark.skipif(
    shutil.which("xmllint") is None or shutil.which("valgrind") is None,
    reason="xmllint and valgrind are needed",
)
@pytest.mark.valgrind
def test_bench_lint_instructions_runs_on_a_small_tree() -> None:
    script = SCRIPT.with_name("bench_lint_instructions.py")
    done = subprocess.run(
        [sys.executable, str(script), "--count", "20"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert (
        lines[0]
        == "command: python benchmarks/bench_lint_instructions.py --count 20 --jobs 2 --seed 7"
    )
    labels = [line.split(":")[0] for line in lines[2:]]
    assert labels == [
        "xmllint --noout --schema",
        "validator loop, one process",
        "rcml lint -j1 --no-cache (cold)",
        "rcml lint -j2 --no-cache (cold)",
        "rcml lint -j2 (warm cache)",
        "rcml lint one.xml (start-up)",
    ]
    assert all(" M (" in line and "loop/this" in line for line in lines[2:])
