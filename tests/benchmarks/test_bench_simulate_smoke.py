"""The simulation benchmark runs a few calls and prints its figures (speed unchecked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_bench_simulate_runs_a_few_calls() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_simulate.py"), "--calls", "5", "--rounds", "1"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "command: python benchmarks/bench_simulate.py --calls 5 --rounds 1"
    assert lines[1].startswith("round 1: ") and "calls/s CPU" in lines[1]
    assert lines[-2].startswith("median: ") and "documents/s CPU" in lines[-2]
    assert lines[-1].startswith("validator share, median of rounds: ")
