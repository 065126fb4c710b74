"""Checking the files of a run: one by one here, or in batches shared with worker processes.

The main process shares the CPUs with the workers, so what comes back to it is only what it
cannot guess: the results of the files that have something to report (findings, a read error, a
content the cache already knows) and, with a cache, one short entry per file. A clean file costs
the main process a tuple, not a decoded result. How batches reach the workers and come back is
:mod:`rcml.lint._workers`.

Batches are consecutive files, at most :data:`MAX_BATCH` of them, shrinking towards the end of
the run (guided scheduling) so that no process idles long while another finishes a large one.
They are yielded in order, so results come out in the order of the jobs whoever checked them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rcml.core.reading import read_file_and_stat
from rcml.lint._entries import digest, make_entry
from rcml.lint.result import FileResult
from rcml.lint.runner import Job, Options, check_data, check_job, describe_error

MAX_BATCH = 256
"""Most files in one batch: about a tenth of a second of work, so progress keeps moving."""
MIN_BATCH = 8
BATCHES_PER_WORKER = 4
"""Batch size is what remains divided by this many per worker (within the bounds above)."""
MAX_BATCHES = 1024
"""At most this many batches: their numbers (4 bytes each) must fit in a pipe at its smallest."""

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
    shrinking towards the end; never more than :data:`MAX_BATCHES` of them."""
    least = max(MIN_BATCH, -(-total // (MAX_BATCHES // 2)))
    most = max(MAX_BATCH, least)
    result: list[tuple[int, int]] = []
    start = 0
    while start < total:
        size = max(least, min(most, (total - start) // (workers * BATCHES_PER_WORKER)))
        result.append((start, min(total, start + size)))
        start += size
    return result


def _parallel(plan: Plan, workers: int) -> Iterator[Checked]:
    from rcml.lint._workers import fork_available, run_forked, run_pooled

    batches = slices(len(plan.jobs), workers)
    if fork_available():
        _warm(plan)
        done = run_forked(plan, batches, workers)
    else:
        done = run_pooled(plan, batches, workers)
    jobs, new = plan.jobs, tuple.__new__
    for (start, stop), (found, entries) in zip(batches, done, strict=True):
        known = dict(found)
        for offset in range(stop - start):
            if offset in known:
                raw = known[offset]
            else:  # FileResult(path), without the Python-level __new__
                raw = new(FileResult, (jobs[start + offset].path, (), None, None))
            yield raw, None if entries is None else entries[offset]


def _warm(plan: Plan) -> None:
    """Load, once and before forking, what every worker would otherwise load for itself."""
    from rcml.schema import load_schema

    load_schema()
    if plan.record:
        import hashlib  # noqa: F401
    if any(job.template for job in plan.jobs):
        import rcml.templating  # noqa: F401
