"""The preflight benchmark script runs (on a tiny budget); its figures are not checked here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_preflight.py"


def test_benchmark_script_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_preflight", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--rounds", "1", "--requests", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("command: ")
    assert lines[-1].startswith("ratio rcml/anchor: ")
