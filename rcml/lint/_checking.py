"""Checking the files of a run: here, or in batches in worker processes.

The main process shares the CPUs with the workers, so it must stay light: it forks the workers
after loading the schema once (they start warm, and the job list is inherited, not sent), gives
each a batch as two numbers, and gets back only what it cannot guess: the results of the files
that have something to report (findings, a read error, an unchanged content) and, with a cache,
one short entry per file. A clean file costs the main process a tuple, not an unpickled result.

Batches are consecutive files, at most :data:`MAX_BATCH` of them, shrinking towards the end of
the run so that no worker idles long while another finishes a large one. The pool's ``map``
returns them in order, so results come out in the order of the jobs whatever the workers do.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rcml._io import read_file_and_stat
from rcml.lint._entries import digest, make_entry
from rcml.lint.result import FileResult
from rcml.lint.runner import Job, Options, check_data, check_job, describe_error

MAX_BATCH = 256
"""Most files in one batch: about a tenth of a second of work, so progress keeps moving."""
MIN_BATCH = 8
BATCHES_PER_WORKER = 4
"""Batch size is what remains divided by this many per worker (within the bounds above)."""

Checked = tuple[FileResult | None, str | None]
"""One file checked: its raw result (None: its content is the cache's, whose findings stand) and
its cache entry (None: nothing to record)."""


class Plan(NamedTuple):
    """The files one run must check, and how. Inherited by forked workers, never pickled whole."""

    jobs: Sequence[Job]
    options: Options
    digests: Sequence[str | None] | None = None  # the cache's digest of each file, if any
    record: bool = False  # compute cache entries


class Batch(NamedTuple):
    """What a worker sends back for ``stop - start`` consecutive files."""

    found: list[tuple[int, FileResult | None]]  # (offset, raw) for files with something to say
    entries: list[str | None] | None  # one per file, when the run records


def check_one(plan: Plan, index: int) -> Checked:
    """Check ``plan.jobs[index]``; when recording, hash what was read and skip validating a
    content the cache already judged."""
    job = plan.jobs[index]
    if not plan.record or job.data is not None:
        return check_job(job, plan.options), None
    started = time.time_ns()
    try:
        data, stat = read_file_and_stat(job.path, plan.options.limits.max_bytes)
    except OSError as exc:
        return FileResult(job.path, read_error=describe_error(exc)), None
    hashed = digest(data)
    entry = make_entry(stat, started, job.context, hashed)
    if plan.digests is not None and plan.digests[index] == hashed:
        return None, entry
    return check_data(job, data, plan.options), entry


def check_batch(plan: Plan, start: int, stop: int) -> Batch:
    """Check files ``start`` to ``stop`` of ``plan``; clean files are left out of ``found``."""
    found: list[tuple[int, FileResult | None]] = []
    entries: list[str | None] | None = [] if plan.record else None
    for index in range(start, stop):
        raw, entry = check_one(plan, index)
        if raw is None or raw.findings or raw.read_error is not None:
            found.append((index - start, raw))
        if entries is not None:
            entries.append(entry)
    return Batch(found, entries)


def check_plan(plan: Plan, workers: int, min_parallel: int) -> Iterator[Checked]:
    """Every file of ``plan`` checked, in order: in worker processes when there are more than
    one worker and at least ``min_parallel`` files (starting them costs more than a few files)."""
    if workers <= 1 or len(plan.jobs) < max(2, min_parallel):
        return (check_one(plan, index) for index in range(len(plan.jobs)))
    return _parallel(plan, workers)


def slices(total: int, workers: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` batches covering ``range(total)``, guided: large first,
    shrinking towards the end."""
    result: list[tuple[int, int]] = []
    start = 0
    while start < total:
        size = max(MIN_BATCH, min(MAX_BATCH, (total - start) // (workers * BATCHES_PER_WORKER)))
        result.append((start, min(total, start + size)))
        start += size
    return result


_PLANS: dict[int, Plan] = {}
"""The plans of running pools, by key: forked workers find theirs here."""
_KEYS = itertools.count()

Task = tuple[int, int, int, "Plan | None"]
"""``(plan key, start, stop, plan)``: the plan travels only where workers are not forked."""


def _work(task: Task) -> Batch:
    key, start, stop, shipped = task
    if shipped is not None:
        return check_batch(shipped, 0, stop - start)
    return check_batch(_PLANS[key], start, stop)


def _warm(plan: Plan) -> None:
    """Load, once and before forking, what every worker would otherwise load for itself."""
    from rcml.schema import load_schema

    load_schema()
    if plan.record:
        import hashlib  # noqa: F401
    if any(job.template for job in plan.jobs):
        import rcml.templating  # noqa: F401


def _shipped(plan: Plan, start: int, stop: int) -> Plan:
    digests = None if plan.digests is None else plan.digests[start:stop]
    return Plan(plan.jobs[start:stop], plan.options, digests, plan.record)


def _parallel(plan: Plan, workers: int) -> Iterator[Checked]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    batches = slices(len(plan.jobs), workers)
    key = next(_KEYS)
    tasks: list[Task] = [
        (key, start, stop, None if fork else _shipped(plan, start, stop)) for start, stop in batches
    ]
    if fork:
        _warm(plan)
        _PLANS[key] = plan
    pool = ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context)
    try:
        jobs = plan.jobs
        for (start, stop), (found, entries) in zip(batches, pool.map(_work, tasks), strict=True):
            special = dict(found)
            for offset in range(stop - start):
                path = jobs[start + offset].path
                raw = special[offset] if offset in special else FileResult(path)
                yield raw, None if entries is None else entries[offset]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _PLANS.pop(key, None)
