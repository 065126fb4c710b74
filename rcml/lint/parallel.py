"""Checking the files of a run: one by one here, or in chunks in a process pool.

``-j N`` runs a :class:`concurrent.futures.ProcessPoolExecutor` of N workers, each of which
receives the run's whole plan once, when it starts (:func:`_start`): where workers are forked
(Linux) they inherit it without anything being pickled; elsewhere it is pickled once per worker.
A task is then only a ``(start, stop)`` range of the plan's jobs: the files go in chunks of
consecutive jobs (:func:`chunks`: large first, smaller towards the end, so that no
worker idles long while another finishes a large one, and ten thousand files make a few dozen
round trips, not ten thousand). Results are taken in the order the chunks were submitted, so
they come out in the order of the jobs whoever checked them. The main process only collects:
it sleeps while the workers check.

What comes back from a worker is only what the main process cannot guess: the results of the
files with something to say (findings, a read error, a skip, a content the cache already
knows) and, with a cache, one short entry per file.

A worker that dies (killed, out of memory) or fails breaks the pool; the chunks it leaves
without a result are checked here, in the main process, so no result is ever lost.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rcml.lint._entries import digest, make_entry
from rcml.lint.result import FileResult
from rcml.lint.runner import (
    TEMPLATE_WEIGHT,
    Job,
    Options,
    check_data,
    describe_error,
    read_job,
)

MAX_CHUNK = 1024
"""Most files in one chunk: about a twentieth of a second of work for small documents. Each chunk
is a round trip through the pool's threads and pipes, which costs the main process CPU time the
workers could use: ten thousand files make 20 chunks for two workers."""
MIN_CHUNK = 64
"""Fewest files in one chunk (but the last): a few milliseconds of work, several times what its
round trip costs, and short enough that no worker waits long for another at the end."""
CHUNKS_PER_WORKER = 2
"""Chunk size is what remains divided by this many per worker (within the bounds above)."""
READ_AHEAD = 64
"""Files read in a row before any of them is checked. Reads and checks taken in runs cost less
than in turns: the system calls of each read leave the processor's caches and branch predictors
cold for the checking that follows (a tenth of a serial run of small documents)."""
READ_AHEAD_BYTES = 1 << 20
"""A run of reads also ends once it holds this many bytes: large documents are read fewer at a
time."""

Checked = tuple[FileResult | None, str | None]
"""One file checked: its raw result (None: its content is the cache's, whose findings stand) and
its cache entry (None: nothing to record)."""


class Plan(NamedTuple):
    """The files one run must check, and how."""

    jobs: Sequence[Job]
    options: Options
    digests: Sequence[str | None] | None = None  # the cache's digest of each file, if any
    record: bool = False  # compute cache entries


class Chunk(NamedTuple):
    """Consecutive files of a plan, as a worker receives them (the options it has already)."""

    jobs: Sequence[Job]
    digests: Sequence[str | None] | None
    record: bool


class Done(NamedTuple):
    """What a worker sends back for a chunk."""

    found: list[tuple[int, FileResult | None]]  # (offset, raw) for files with something to say
    entries: list[str | None] | None  # one per file, when the run records


Read = tuple[bytes, os.stat_result, int] | OSError | None
"""What reading a job's file gave: its bytes, the ``fstat`` of the open file and the time the read
started (when recording); why it could not be read; None for standard input (the job holds its
data)."""


def read_one(job: Job, options: Options, record: bool) -> Read:
    """Read ``job``'s file (see :data:`Read`)."""
    if job.data is not None:
        return None
    started = time.time_ns() if record else 0
    try:
        data, stat = read_job(job, options.limits)
    except OSError as exc:
        return exc
    return data, stat, started


def read_ahead(jobs: Iterable[Job], options: Options, record: bool) -> Iterator[tuple[Job, Read]]:
    """``jobs`` with their files read (:func:`read_one`), in runs of :data:`READ_AHEAD` reads."""
    run: list[tuple[Job, Read]] = []
    held = 0
    for job in jobs:
        read = read_one(job, options, record)
        run.append((job, read))
        if isinstance(read, tuple):
            held += len(read[0])
        if len(run) >= READ_AHEAD or held >= READ_AHEAD_BYTES:
            yield from run
            run, held = [], 0
    yield from run


def check_read(
    job: Job, read: Read, options: Options, expected: str | None, record: bool
) -> Checked:
    """Check ``job``, whose file gave ``read``; when recording, hash what was read and skip
    validating a content whose digest is the ``expected`` one (the cache's)."""
    if read is None:
        assert job.data is not None, "only standard input is not read here"
        return check_data(job, job.data, options), None
    if isinstance(read, OSError):
        return FileResult(job.path, read_error=describe_error(read)), None
    data, stat, started = read
    if not record:
        return check_data(job, data, options), None
    hashed = digest(data)
    if expected == hashed:
        return None, make_entry(stat, started, job.context, hashed)
    result = check_data(job, data, options)
    if result.skipped:  # not RCML: checked again next time (it costs a read, no validation)
        return result, None
    return result, make_entry(stat, started, job.context, hashed)


def check_chunk(chunk: Chunk, options: Options) -> Done:
    """Check every file of ``chunk``; clean files are left out of ``found``."""
    found: list[tuple[int, FileResult | None]] = []
    entries: list[str | None] | None = [] if chunk.record else None
    digests, record = chunk.digests, chunk.record
    for offset, (job, read) in enumerate(read_ahead(chunk.jobs, options, record)):
        expected = None if digests is None else digests[offset]
        raw, entry = check_read(job, read, options, expected, record)
        if raw is None or raw.findings or raw.read_error is not None or raw.skipped:
            found.append((offset, raw))
        if entries is not None:
            entries.append(entry)
    return Done(found, entries)


def check_plan(plan: Plan, workers: int, min_parallel: int) -> Iterator[Checked]:
    """Every file of ``plan`` checked, in order: in worker processes when they are worth starting
    (:func:`worth_workers`), else here."""
    if worth_workers(plan.jobs, workers, min_parallel):
        return _parallel(plan, workers)
    return _serial(plan)


def worth_workers(jobs: Sequence[Job], workers: int, min_parallel: int) -> bool:
    """Whether ``workers`` processes check ``jobs`` sooner than this one: when what they save,
    ``1 - 1/workers`` of the work, reaches what starting them costs, the work of
    ``min_parallel`` documents (:data:`rcml.lint.runner.PARALLEL_MIN_FILES`; a template weighs
    :data:`rcml.lint.runner.TEMPLATE_WEIGHT` documents). ``min_parallel`` 0: whenever there
    are two workers and two files."""
    if workers <= 1 or len(jobs) < 2:
        return False
    needed = min_parallel * workers  # the work, in documents, times (workers - 1)
    if len(jobs) * (workers - 1) >= needed:
        return True
    templates = sum(1 for job in jobs if job.template)
    return (len(jobs) + (TEMPLATE_WEIGHT - 1) * templates) * (workers - 1) >= needed


def _serial(plan: Plan) -> Iterator[Checked]:
    options, digests, record = plan.options, plan.digests, plan.record
    for index, (job, read) in enumerate(read_ahead(plan.jobs, options, record)):
        expected = None if digests is None else digests[index]
        yield check_read(job, read, options, expected, record)


def chunks(total: int, workers: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` ranges covering ``range(total)``: large first, shrinking
    towards the end (guided scheduling)."""
    result: list[tuple[int, int]] = []
    start = 0
    while start < total:
        size = max(MIN_CHUNK, min(MAX_CHUNK, (total - start) // (workers * CHUNKS_PER_WORKER)))
        result.append((start, min(total, start + size)))
        start += size
    return result


def _chunk(plan: Plan, start: int, stop: int) -> Chunk:
    digests = None if plan.digests is None else plan.digests[start:stop]
    return Chunk(plan.jobs[start:stop], digests, plan.record)


_PLAN: Plan | None = None
"""The run's plan, in a worker process (set by :func:`_start`)."""


def _start(plan: Plan) -> None:
    """A worker's initializer: keep the plan, load the schema, and leave Ctrl-C to the main
    process (which stops the pool)."""
    import signal

    from rcml.schema import load_schema

    global _PLAN
    _PLAN = plan
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_schema()


def _work(start: int, stop: int) -> Done:
    """A worker's task: files ``start`` to ``stop`` of the plan."""
    assert _PLAN is not None, "the pool's initializer sets the plan"
    return check_chunk(_chunk(_PLAN, start, stop), _PLAN.options)


def _warm(plan: Plan) -> None:
    """Import, before the workers are forked, what they would otherwise each import. (Not the
    schema: each worker loads it in :func:`_start`, in the few milliseconds it waits for its first
    chunk; loaded here, it held up every worker as long.)"""
    if plan.record:
        import hashlib  # noqa: F401  (digests)
    if any(job.template for job in plan.jobs):
        import rcml.site.templates  # noqa: F401  (Jinja2)


def _parallel(plan: Plan, workers: int) -> Iterator[Checked]:
    from concurrent.futures import Future, ProcessPoolExecutor

    _warm(plan)
    ranges = chunks(len(plan.jobs), workers)
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(ranges)), initializer=_start, initargs=(plan,)
    )
    try:
        futures: list[Future[Done]] = [pool.submit(_work, start, stop) for start, stop in ranges]
        jobs = plan.jobs
        for (start, stop), future in zip(ranges, futures, strict=True):
            try:
                found, entries = future.result()
            except Exception:  # a worker died or failed: check its chunk here
                found, entries = check_chunk(_chunk(plan, start, stop), plan.options)
            known = dict(found)
            for offset in range(stop - start):
                raw = known[offset] if offset in known else FileResult(jobs[start + offset].path)
                yield raw, None if entries is None else entries[offset]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
