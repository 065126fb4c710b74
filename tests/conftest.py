"""Shared test fixtures: where the real-document corpus lives."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.server.conftest import Served, start_server

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "restcomm"


def corpus_rows() -> list[dict[str, str]]:
    """The corpus manifest's rows, or none when the corpus is not beside this checkout."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def corpus_params() -> list[object]:
    """pytest params, one per corpus document; a single skipped param when it is absent."""
    rows = corpus_rows()
    if not rows:
        return [
            pytest.param(
                None,
                marks=pytest.mark.skip(
                    reason=f"the corpus is not at {CORPUS} (a clone without ../shared)"
                ),
            )
        ]
    return [pytest.param(row, id=row["file"]) for row in rows]


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    """Start `rcml serve` subprocesses; every one is stopped at teardown."""
    started: list[Served] = []

    def run(*args: str, env: dict[str, str] | None = None) -> Served:
        served = start_server(*args, env=env)
        started.append(served)
        return served

    yield run
    for served in started:
        served.stop()
        for stream in (served.process.stdout, served.process.stderr):
            if stream is not None:
                stream.close()



# The machine is shared: a wall-clock deadline per example would make property tests flaky.
# Each test still bounds its work by its number of examples.
settings.register_profile("rcml", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rcml")
