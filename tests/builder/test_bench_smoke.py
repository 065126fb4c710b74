"""The builder benchmark runs, and both sides build the same document (speed is not tested)."""

from __future__ import annotations

import importlib.util
import runpy
from pathlib import Path

import pytest
from lxml import etree

import rcml

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_builder.py"


def test_the_benchmark_document_is_valid_rcml() -> None:
    build = runpy.run_path(str(BENCH))["build_rcml"]
    xml = build()
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Dial ')
    assert not [f for f in rcml.validate(xml) if f.is_error]


@pytest.mark.skipif(
    importlib.util.find_spec("twilio") is None, reason="twilio is in the bench extra only"
)
def test_the_benchmark_runs_and_both_sides_agree(capsys: pytest.CaptureFixture[str]) -> None:
    bench = runpy.run_path(str(BENCH))
    ours = etree.fromstring(bench["build_rcml"]().encode())
    theirs = etree.fromstring(bench["twilio_builder"]()().encode())
    assert [e.tag for e in ours.iter()] == [e.tag for e in theirs.iter()]
    ratio = bench["main"](["--count", "20", "--rounds", "1"])
    assert ratio > 0
    out = capsys.readouterr().out
    assert "command: python benchmarks/bench_builder.py --count 20 --rounds 1" in out
    assert "ratio rcml/twilio:" in out
