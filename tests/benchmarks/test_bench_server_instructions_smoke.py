"""The serving instruction-count benchmark runs on a few requests and prints its figures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is needed")
@pytest.mark.valgrind
def test_bench_server_instructions_runs_on_a_few_requests() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_server_instructions.py"),
            "--requests",
            "20",
            "--cases",
            "static",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "command: python benchmarks/bench_server_instructions.py --requests 20 --cases static"
    )
    floor, static = lines[2].split(), lines[3].split()
    assert floor[0] == "floor" and static[0] == "static"
    # the app adds to uvicorn's own cost: the static case always counts more than the floor
    assert int(static[1].replace(",", "")) > int(floor[1].replace(",", ""))
