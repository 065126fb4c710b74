"""Checking in batches: the batches cover every file once, in order; worker processes send back
exactly what a serial run computes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rcml.lint._checking import MAX_BATCH, MIN_BATCH, Plan, check_batch, check_plan, slices
from rcml.lint.result import FileResult
from rcml.lint.runner import Job, Options
from tests.lint.lint_testing import DATA, settings

OLD = time.time() - 60


@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=1, max_value=16))
def test_slices_cover_every_file_once_in_order(total: int, workers: int) -> None:
    batches = slices(total, workers)
    assert [i for start, stop in batches for i in range(start, stop)] == list(range(total))
    sizes = [stop - start for start, stop in batches]
    assert all(0 < size <= MAX_BATCH for size in sizes)
    assert all(size >= MIN_BATCH for size in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)  # guided: the last ones are the smallest


def test_large_runs_end_with_small_batches() -> None:
    sizes = [stop - start for start, stop in slices(10_000, 2)]
    assert sizes[0] == MAX_BATCH and sizes[-1] <= MIN_BATCH
    assert len(sizes) < 100  # few tasks: each costs a round trip


def _plan(root: Path, count: int, record: bool, digests: bool = False) -> Plan:
    samples = sorted((DATA / "tree").rglob("*.xml*"))
    jobs = []
    for i in range(count):
        sample = samples[i % len(samples)]
        suffix = ".xml.j2" if sample.name.endswith(".j2") else ".xml"
        path = root / f"doc{i:03d}{suffix}"
        path.write_bytes(sample.read_bytes())
        os.utime(path, (OLD, OLD))
        jobs.append(Job(str(path), "voice", (), None, suffix == ".xml.j2"))
    jobs.append(Job(str(root / "missing.xml"), "voice"))
    jobs.append(Job("-", "voice", (), b"<Response><Hangup/><Say>x</Say></Response>"))
    plan = Plan(jobs, Options(settings(root), keep_source=True), None, record)
    if digests:  # as if the cache had seen every other file with its current content
        entries = [entry for _, entry in check_plan(plan, 1, 0)]
        known = [e.split("|")[2] if e and i % 2 else None for i, e in enumerate(entries)]
        plan = plan._replace(digests=known)
    return plan


def test_batches_carry_only_files_with_something_to_say(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 30, record=True)
    batch = check_batch(plan, 0, len(plan.jobs))
    everything = [raw for raw, _ in check_plan(plan, 1, 0)]
    expected = [
        (i, raw)
        for i, raw in enumerate(everything)
        if raw is not None and (raw.findings or raw.read_error)
    ]
    assert batch.found == expected
    assert 0 < len(batch.found) < len(plan.jobs)
    assert batch.entries is not None and len(batch.entries) == len(plan.jobs)
    assert batch.entries[-2:] == [None, None]  # a read error and standard input: never recorded
    assert all(e is not None and e.count("|") == 2 for e in batch.entries[:-2])


def test_parallel_gives_what_serial_gives(tmp_path: Path) -> None:
    for record, digests in ((False, False), (True, False), (True, True)):
        folder = tmp_path / f"{record}-{digests}"
        folder.mkdir()
        plan = _plan(folder, 150, record, digests)
        serial = list(check_plan(plan, 1, 0))
        parallel = list(check_plan(plan, 2, 0))
        assert parallel == serial
        results = [raw for raw, _ in serial]
        if digests:  # the files whose digest the cache knows are not checked again
            assert [raw is None for raw in results[:-2]] == [i % 2 == 1 for i in range(150)]
        else:
            assert all(isinstance(raw, FileResult) for raw in results)
        assert any(raw is not None and raw.source for raw in results)  # keep_source travels
