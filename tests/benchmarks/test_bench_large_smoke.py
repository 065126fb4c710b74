"""The size-curve benchmark runs on tiny documents and prints its table (speed unchecked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_bench_large_runs_on_tiny_documents() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_large.py"), "--sizes", "5,20", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "command: python benchmarks/bench_large.py --sizes 5,20 --rounds 1"
    assert lines[3].split()[0] == "5" and lines[4].split()[0] == "20"
    assert lines[-2] == "findings at the largest size: clean 0, broken 20, one line 20"
    assert lines[-1].startswith("time per KB, 20 siblings over 5: clean ")
