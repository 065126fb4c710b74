"""Golden transcripts: every verb and quirk, compared byte for byte.

``RCML_UPDATE_GOLDEN=1 pytest tests/sim/test_golden.py`` rewrites them; review the diff against
the Java each case cites before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rcml.sim import Simulator, Transcript
from tests.sim.apps import App
from tests.sim.cases import CASES, Case

GOLDEN = Path(__file__).parent / "golden"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "restcomm-behaviour.md"


def run_case(case: Case, folder: Path) -> Transcript:
    options = dict(case.options)
    if case.routes:
        simulator = Simulator(App(case.routes), path="/" + case.start, context=case.context)
    else:
        for name, body in case.docs.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body.encode("latin-1" if name.endswith(".wav") else "utf-8"))
        simulator = Simulator(folder / case.start, context=case.context)
    with simulator:
        return simulator.call(case.script, **options)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_transcript(case: Case, tmp_path: Path) -> None:
    got = run_case(case, tmp_path).to_json()
    golden = GOLDEN / f"{case.name}.json"
    if os.environ.get("RCML_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "screening-connects")
    first = run_case(case, tmp_path / "a").to_json()
    assert run_case(case, tmp_path / "b").to_json() == first


def test_every_case_has_a_golden_file_and_no_file_is_orphaned() -> None:
    names = {c.name for c in CASES}
    assert len(names) == len(CASES)
    assert {p.stem for p in GOLDEN.glob("*.json")} == names


def test_every_citation_is_in_the_behaviour_document() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Call flow (simulator)"):]
    missing = [(c.name, c.cite) for c in CASES if f"`{c.name}`" not in section
               or c.cite not in section]
    assert not missing
