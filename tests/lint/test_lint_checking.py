"""Checking in chunks: the chunks cover every file once, in order; worker processes send back
exactly what a serial run computes, and a worker that dies or fails costs no result."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcml.lint import parallel
from rcml.lint.parallel import (
    MAX_CHUNK,
    MIN_CHUNK,
    READ_AHEAD,
    Checked,
    Chunk,
    Done,
    Plan,
    check_chunk,
    check_plan,
    chunks,
    worth_workers,
)
from rcml.lint.result import FileResult
from rcml.lint.runner import PARALLEL_MIN_FILES, TEMPLATE_WEIGHT, Job, Options
from tests.lint.lint_testing import DATA, settings

OLD = time.time() - 60


@given(st.integers(min_value=0, max_value=2_000_000), st.integers(min_value=1, max_value=64))
def test_chunks_cover_every_file_once_in_order(total: int, workers: int) -> None:
    ranges = chunks(total, workers)
    bounds = [0, *(b for pair in ranges for b in pair), total]
    assert bounds[0::2] == bounds[1::2]  # each chunk starts where the previous one stopped
    sizes = [stop - start for start, stop in ranges]
    assert all(0 < size <= MAX_CHUNK for size in sizes)
    assert all(size >= MIN_CHUNK for size in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)  # guided: the last ones are the smallest


def test_ten_thousand_files_are_a_few_dozen_round_trips() -> None:
    sizes = [stop - start for start, stop in chunks(10_000, 2)]
    assert sizes[0] == MAX_CHUNK and sizes[-1] <= MIN_CHUNK
    assert len(sizes) < 100


def _jobs(documents: int, templates: int = 0) -> list[Job]:
    return [Job(f"d{i}.xml", "voice") for i in range(documents)] + [
        Job(f"t{i}.xml.j2", "voice", template=True) for i in range(templates)
    ]


def test_workers_start_when_they_save_more_than_they_cost() -> None:
    """Two workers save half the work: from 2,000 documents; eight save 7/8: from 1,143."""
    least = PARALLEL_MIN_FILES
    assert (least, TEMPLATE_WEIGHT) == (1000, 25)
    assert not worth_workers(_jobs(1999), 2, least) and worth_workers(_jobs(2000), 2, least)
    assert not worth_workers(_jobs(1142), 8, least) and worth_workers(_jobs(1143), 8, least)
    # a template weighs 25 documents: 80 of them are as much work as 2,000 documents
    assert not worth_workers(_jobs(24, 79), 2, least) and worth_workers(_jobs(25, 79), 2, least)
    assert worth_workers(_jobs(0, 80), 2, least)
    assert not worth_workers(_jobs(10_000), 1, least)  # one worker: this process is enough
    assert worth_workers(_jobs(2), 2, 0) and not worth_workers(_jobs(1), 2, 0)


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
    pom = root / "pom.xml"  # found by a walk and not RCML: skipped
    pom.write_text("<project><modelVersion>4.0.0</modelVersion></project>")
    jobs.append(Job(str(pom), "voice", walked=True))
    jobs.append(Job(str(root / "missing.xml"), "voice"))
    jobs.append(Job("-", "voice", (), b"<Response><Hangup/><Say>x</Say></Response>"))
    plan = Plan(jobs, Options(settings(root), keep_source=True), None, record)
    if digests:  # as if the cache had seen every other file with its current content
        entries = [entry for _, entry in check_plan(plan, 1, 0)]
        known = [e.split("|")[2] if e and i % 2 else None for i, e in enumerate(entries)]
        plan = plan._replace(digests=known)
    return plan


def test_chunks_carry_only_files_with_something_to_say(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 30, record=True)
    done = check_chunk(Chunk(plan.jobs, None, True), plan.options)
    everything = [raw for raw, _ in check_plan(plan, 1, 0)]
    expected = [
        (i, raw)
        for i, raw in enumerate(everything)
        if raw is not None and (raw.findings or raw.read_error or raw.skipped)
    ]
    assert done.found == expected
    assert 0 < len(done.found) < len(plan.jobs)
    assert done.entries is not None and len(done.entries) == len(plan.jobs)
    # a skipped file, a read error and standard input: never recorded
    assert done.entries[-3:] == [None, None, None]
    assert all(e is not None and e.count("|") == 2 for e in done.entries[:-3])
    assert everything[-3] == FileResult(str(tmp_path / "pom.xml"), skipped=True)


def test_parallel_gives_what_serial_gives(tmp_path: Path) -> None:
    for record, digests in ((False, False), (True, False), (True, True)):
        folder = tmp_path / f"{record}-{digests}"
        folder.mkdir()
        plan = _plan(folder, 150, record, digests)
        serial = list(check_plan(plan, 1, 0))
        parallel_ = list(check_plan(plan, 2, 0))
        assert parallel_ == serial
        results = [raw for raw, _ in serial]
        if digests:  # the files whose digest the cache knows are not checked again
            assert [raw is None for raw in results[:-3]] == [i % 2 == 1 for i in range(150)]
        else:
            assert all(isinstance(raw, FileResult) for raw in results)
        assert any(raw is not None and raw.source for raw in results)  # keep_source travels


def _traced(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Checked], list[str]]:
    """A serial run of ``plan``, and the reads and checks it made, in order."""
    events: list[str] = []
    read_job, check_data = parallel.read_job, parallel.check_data

    def read(job: Job, limits: object) -> object:
        events.append("read")
        return read_job(job, limits)  # type: ignore[arg-type]

    def check(job: Job, data: bytes, options: Options) -> FileResult:
        events.append("check")
        return check_data(job, data, options)

    monkeypatch.setattr(parallel, "read_job", read)
    monkeypatch.setattr(parallel, "check_data", check)
    try:
        return list(check_plan(plan, 1, 0)), events
    finally:
        monkeypatch.undo()


def test_files_are_read_in_runs_then_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads and checks in runs, not in turns; the results are those of one file at a time."""
    plan = _plan(tmp_path, 150, record=True)
    options = plan.options
    one_by_one = [
        parallel.check_read(job, parallel.read_one(job, options, True), options, None, True)
        for job in plan.jobs
    ]
    results, events = _traced(plan, monkeypatch)
    assert results == one_by_one
    runs = "".join("r" if event == "read" else "c" for event in events)
    # 150 documents and pom.xml are read and checked; missing.xml is read only, - checked only
    assert runs == "r" * 64 + "c" * 64 + "r" * 64 + "c" * 64 + "r" * 24 + "c" * 23 + "c"
    assert READ_AHEAD == 64

    monkeypatch.setattr(parallel, "READ_AHEAD_BYTES", 1)  # every document alone
    assert _traced(plan, monkeypatch) == (one_by_one, ["read", "check"] * 151 + ["read", "check"])


def _checked(plan: Plan, workers: int) -> list[Checked]:
    return list(check_plan(plan, workers, 0))


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


FORK = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patch reaches forked workers only"
)


@FORK
def test_a_worker_that_dies_costs_no_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(tmp_path, 150, record=True)
    serial = _checked(plan, 1)
    real = parallel.check_chunk
    main = os.getpid()

    def die_on_the_second_chunk(chunk: Chunk, options: Options) -> Done:
        if os.getpid() != main and chunk.jobs[0] != plan.jobs[0]:
            os._exit(3)  # killed: the chunk it had is never sent
        return real(chunk, options)

    monkeypatch.setattr(parallel, "check_chunk", die_on_the_second_chunk)
    assert _checked(plan, 3) == serial
    assert _no_children_left()


@FORK
def test_a_failing_worker_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan(tmp_path, 150, record=False)
    serial = _checked(plan, 1)
    real = parallel.check_chunk
    main = os.getpid()

    def fail_in_workers(chunk: Chunk, options: Options) -> Done:
        if os.getpid() != main and chunk.jobs[0] != plan.jobs[0]:
            raise MemoryError("out of memory in a worker")
        return real(chunk, options)

    monkeypatch.setattr(parallel, "check_chunk", fail_in_workers)
    assert _checked(plan, 2) == serial
    assert _no_children_left()


def test_stopping_early_ends_the_workers(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 600, record=False)
    results = check_plan(plan, 3, 0)
    assert next(results)[0] is not None
    results.close()  # type: ignore[attr-defined]
    assert _no_children_left()


def test_large_results_cross_whole(tmp_path: Path) -> None:
    padding = "<Say>" + "x" * 60_000 + "</Say>"  # each result carries 60 kB of source
    jobs = []
    for i in range(100):
        path = tmp_path / f"big{i:03d}.xml"
        path.write_text(f"<Response>{padding}<Hangup/><Say>never «é»</Say></Response>\n")
        jobs.append(Job(str(path), "voice"))
    plan = Plan(jobs, Options(settings(tmp_path), keep_source=True))
    serial = _checked(plan, 1)
    assert all(raw is not None and raw.findings and raw.source for raw, _ in serial)
    assert _checked(plan, 3) == serial


def test_workers_that_are_not_forked_start_from_the_initializer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where workers are spawned (macOS, Windows, later Pythons), they inherit nothing: the
    initializer gives them the options and the schema, and the results are the same."""
    plan = _plan(tmp_path, 70, record=True)
    serial = _checked(plan, 1)

    def not_here(chunk: Chunk, options: Options) -> Done:
        raise AssertionError("checked in the main process: the spawned workers failed")

    monkeypatch.setattr(parallel, "check_chunk", not_here)  # spawned workers import their own
    before = multiprocessing.get_start_method()
    multiprocessing.set_start_method("spawn", force=True)
    try:
        assert _checked(plan, 2) == serial
    finally:
        multiprocessing.set_start_method(before, force=True)
