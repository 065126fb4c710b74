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

# Where the Java code contradicts a corpus label, the code wins: these documents are errors, with
# exactly these (line, column, code) errors (docs/restcomm-behaviour.md has the rows).
CODE_WINS: dict[str, list[tuple[int, int, str]]] = {
    # The documentation's <Fax> example holds prose where Restcomm reads a URL: java.net.URI
    # refuses the spaces; error 11100 stops the call (BaseVoiceInterpreter.java:1134-1147,
    # reached for Fax from VoiceInterpreter.java:1002-1003).
    "docs__fax-rcml__block1.xml": [(2, 5, "RCML301")],
    # An old Java test's document ends a reachable <Gather> with <Pause>: the prompt loop reads
    # past the end of its children and gathering never starts (BaseVoiceInterpreter.java:1548-1557).
    "java__DialRecordingTranscribeTest__recordCall__old-e1242fd.xml": [(1, 207, "RCML411")],
}


def corpus_expect(row: dict[str, str]) -> str:
    """A corpus row's expectation, with the Java code's verdict where it contradicts the label."""
    return "error" if row["file"] in CODE_WINS else row["expect"]


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
