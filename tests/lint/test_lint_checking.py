"""Checking in batches: the batches cover every file once, in order; worker processes send back
exactly what a serial run computes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcml.core.findings import Finding, Severity
from rcml.lint import _workers
from rcml.lint._checking import (
    MAX_BATCH,
    MAX_BATCHES,
    MIN_BATCH,
    Batch,
    Checked,
    Plan,
    check_batch,
    check_plan,
    slices,
)
from rcml.lint._workers import _decode, _encode
from rcml.lint.result import FileResult
from rcml.lint.runner import Job, Options
from tests.lint.lint_testing import DATA, settings

OLD = time.time() - 60


@given(st.integers(min_value=0, max_value=2_000_000), st.integers(min_value=1, max_value=64))
def test_slices_cover_every_file_once_in_order(total: int, workers: int) -> None:
    batches = slices(total, workers)
    bounds = [0, *(b for batch in batches for b in batch), total]
    assert bounds[0::2] == bounds[1::2]  # each batch starts where the previous one stopped
    assert len(batches) <= MAX_BATCHES
    sizes = [stop - start for start, stop in batches]
    assert all(0 < size <= max(MAX_BATCH, total // 256) for size in sizes)
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


def test_results_cross_the_pipe_unchanged() -> None:
    findings = (
        Finding(1, 2, "RCML101", Severity.ERROR, "unknown <Sey> «é»", "/Response/Sey[1]", None),
        Finding(3, 1, "RCML205", Severity.WARNING, "m", "", "a hint"),
    )
    batch = Batch(
        [
            (0, FileResult("a.xml", findings, None, "<Response>\n</Response>")),
            (2, FileResult("b.xml", (), "permission denied")),
            (5, None),
        ],
        ["1:2:3|voice|" + "0" * 32, None, "racy|sms|" + "f" * 32, None, None, None],
    )
    message = _encode(7, batch)
    assert int.from_bytes(message[:4], "little") == len(message) - 4
    assert _decode(message[4:]) == (7, batch)
    assert _decode(_encode(0, Batch([], None))[4:]) == (0, Batch([], None))


def _forked(plan: Plan, workers: int) -> list[Checked]:
    return list(check_plan(plan, workers, 0))


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_workers_that_die_cost_no_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan(tmp_path, 150, record=True)
    serial = _forked(plan, 1)

    def die_after_one(plan: Plan, batches: object, tasks: int, out: int, unused: object) -> None:
        _workers._take(tasks)  # a batch taken, never sent
        os._exit(3)

    monkeypatch.setattr(_workers, "_serve", die_after_one)
    assert _forked(plan, 3) == serial
    assert _no_children_left()


def test_a_failing_worker_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan(tmp_path, 150, record=False)
    serial = _forked(plan, 1)
    real = _workers.check_batch
    main = os.getpid()

    def fail_in_workers(plan: Plan, start: int, stop: int) -> Batch:
        if os.getpid() != main and start > 0:
            raise MemoryError("out of memory in a worker")
        return real(plan, start, stop)

    monkeypatch.setattr(_workers, "check_batch", fail_in_workers)
    assert _forked(plan, 2) == serial
    assert _no_children_left()


def test_stopping_early_ends_the_workers(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 600, record=False)
    results = check_plan(plan, 3, 0)
    assert next(results)[0] is not None
    results.close()  # type: ignore[attr-defined]
    assert _no_children_left()


def test_without_fork_a_process_pool_does_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(tmp_path, 100, record=True, digests=True)
    serial = _forked(plan, 1)
    monkeypatch.setattr(_workers, "fork_available", lambda: False)
    assert _forked(plan, 2) == serial


def test_large_results_cross_in_pieces(tmp_path: Path) -> None:
    padding = "<Say>" + "x" * 60_000 + "</Say>"  # each result carries 60 kB of source
    jobs = []
    for i in range(100):
        path = tmp_path / f"big{i:03d}.xml"
        path.write_text(f"<Response>{padding}<Hangup/><Say>never</Say></Response>\n")
        jobs.append(Job(str(path), "voice"))
    plan = Plan(jobs, Options(settings(tmp_path), keep_source=True))
    serial = _forked(plan, 1)
    assert all(raw is not None and raw.findings and raw.source for raw, _ in serial)
    assert _forked(plan, 3) == serial
