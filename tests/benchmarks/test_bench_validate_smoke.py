"""The validation benchmarks run on a few documents and print their figures (speed unchecked)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _run(script: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) is missing")
def test_bench_validate_runs_on_a_small_corpus() -> None:
    lines = _run("bench_validate.py", "--count", "60", "--rounds", "1")
    assert lines[0] == "command: python benchmarks/bench_validate.py --count 60 --rounds 1 --seed 7"
    assert lines[-2].startswith("ratio rcml/xmllint files/s, median of rounds: CPU ")
    assert lines[-1].startswith("floor (read + parse + stricter schema, no rule, no URL check)")


@pytest.mark.skipif(
    shutil.which("xmllint") is None or shutil.which("valgrind") is None,
    reason="xmllint and valgrind are needed",
)
@pytest.mark.valgrind
def test_bench_validate_instructions_runs_on_a_small_corpus() -> None:
    lines = _run("bench_validate_instructions.py", "--count", "30")
    assert lines[1].lstrip().startswith("clean:")
    assert lines[-1].lstrip().startswith("all: rcml/xmllint files per instruction")
