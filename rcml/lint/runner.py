"""Lint files, serially or in worker processes, and yield results in the order given.

A file that cannot be read is a result too (``read_error``), never an exception. In parallel runs
the work is cut into chunks checked in a process pool (:mod:`rcml.lint.parallel`), whose results
come back in input order, so the output of ``-j N`` is byte for byte that of ``-j 1``. Small runs
stay in-process: starting workers costs more than checking a few documents.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rcml.core.options import Context, Limits
from rcml.core.reading import read_capped, read_file_and_stat
from rcml.engine import check_document
from rcml.engine.cap import cap_findings
from rcml.lint.config import Settings
from rcml.lint.files import TEMPLATE_SUFFIX
from rcml.lint.result import STDIN, FileResult, describe_error
from rcml.lint.sniff import is_rcml

if TYPE_CHECKING:
    from rcml.lint.cache import Cache
    from rcml.site.templates import TemplateSources

PARALLEL_MIN_FILES = 1000
"""Starting worker processes (importing ``concurrent.futures`` and ``multiprocessing``, forking,
the pool's threads) costs about what checking this many small documents does. With N workers a
run saves 1 - 1/N of its checking time, so it goes parallel from ``PARALLEL_MIN_FILES * N / (N -
1)`` documents: 2,000 with two workers, 1,143 with eight; fewer stay in one process, whatever
``jobs`` says (:func:`rcml.lint.parallel.worth_workers`)."""
TEMPLATE_WEIGHT = 25
"""A template counts as this many documents: rendering it (with each of its samples) and
validating what it renders costs about as much."""
MAX_STDIN = 64 * 1024 * 1024
"""Standard input is read up to this, then capped again by the validator like any document."""


class Job(NamedTuple):
    """One file to lint, with what the settings say about it. Picklable."""

    path: str
    context: Context
    ignored: tuple[str, ...] = ()
    data: bytes | None = None  # standard input, read by the main process
    template: bool = False
    walked: bool = False  # found by a directory walk: skipped if its root is not <Response>
    listed: bool = False  # a regular file by its folder's listing: opened without a stat first


class Options(NamedTuple):
    """What every job of a run shares. Picklable."""

    settings: Settings
    limits: Limits = Limits()
    keep_source: bool = False
    roots: tuple[str, ...] = ()  # the folders named on the command line: templates' roots
    run: int = 0  # which run: what one run reads of a folder's templates is read once


def default_jobs() -> int:
    """The CPU count available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def jobs_for(
    paths: Sequence[str],
    settings: Settings,
    walked: Collection[str] = (),
    stdin_name: str | None = None,
    listed: Collection[str] = (),
) -> list[Job]:
    """A job per path, with what the settings say about it; standard input is read here, once,
    and takes its settings from ``stdin_name`` (``--stdin-filename``) when given. ``walked`` and
    ``listed`` are :class:`rcml.lint.files.Targets`'s."""
    per_file = bool(settings.per_file_ignores or settings.per_file_context)
    context = settings.context  # the same for every file, unless per-file settings say otherwise
    jobs = [
        Job(
            path,
            settings.context_for(path) if per_file else context,
            settings.ignored_for(path) if per_file else (),
            None,
            path.endswith(TEMPLATE_SUFFIX),
            path in walked,
            path in listed,
        )
        for path in paths
    ]
    if STDIN in paths:
        data = read_capped(sys.stdin.buffer, MAX_STDIN)
        named = stdin_name or STDIN
        jobs[paths.index(STDIN)] = Job(
            named,  # the path shown; the data marks it as standard input
            settings.context_for(named) if stdin_name else settings.context,
            settings.ignored_for(named) if stdin_name else (),
            data,
            named.endswith(TEMPLATE_SUFFIX),
        )
    return jobs


def template_root(path: str, roots: Sequence[str]) -> tuple[str, str]:
    """The folder a template's ``include`` names are relative to (the folder named on the
    command line that holds it, else its own folder, as ``rcml serve`` of that folder would
    see it), and its name there."""
    absolute = os.path.abspath(path)
    for root in roots:
        prefix = os.path.join(os.path.abspath(root), "")
        if absolute.startswith(prefix):
            return root, absolute[len(prefix) :].replace(os.sep, "/")
    return os.path.dirname(path) or ".", os.path.basename(path)


@functools.lru_cache(maxsize=16)
def template_sources(root: str, limits: Limits, run: int) -> TemplateSources:
    """The templates and partials under ``root`` that a template there may load, read once in
    each run."""
    from pathlib import Path

    from rcml.site.files import site_files
    from rcml.site.load import template_sources as sources_of

    return sources_of(site_files(Path(root)), limits)


def read_job(job: Job, limits: Limits) -> tuple[bytes, os.stat_result]:
    """The bytes of ``job``'s file (a regular file only) and the ``fstat`` taken as it was
    opened."""
    return read_file_and_stat(job.path, limits.max_bytes, listed=job.listed)


def _read(job: Job, limits: Limits) -> bytes:
    if job.data is not None:
        return job.data
    return read_job(job, limits)[0]


def check_job(job: Job, options: Options) -> FileResult:
    """Lint one file: read, validate (or render and validate), suppress. Findings are raw: the
    selection is applied by :func:`select` (in the main process, so that a cache can hold raw
    findings)."""
    try:
        data = _read(job, options.limits)
    except OSError as exc:
        return FileResult(job.path, read_error=describe_error(exc))
    return check_data(job, data, options)


def check_data(job: Job, data: bytes, options: Options) -> FileResult:
    """:func:`check_job` for the ``data`` already read from ``job``'s file."""
    if job.walked and not is_rcml(data):
        return FileResult(job.path, skipped=True)
    if job.template:
        from rcml.site.templates import check_template

        root, name = template_root(job.path, options.roots)
        findings = list(
            check_template(
                name,
                data,
                template_sources(root, options.limits, options.run),
                lambda out: check_document(out, job.context, options.limits),
            ).findings
        )
        # Each rendering's findings are capped; so are all the renderings' together.
        findings = cap_findings(findings, options.limits.max_findings)
    else:
        findings = check_document(data, job.context, options.limits)
    if not findings:
        return FileResult(job.path)
    source = data.decode("utf-8", "replace") if options.keep_source else None
    return FileResult(job.path, tuple(findings), None, source)


def select(result: FileResult, job: Job, options: Options) -> FileResult:
    """``result`` with only the findings the settings report for this file."""
    if not result.findings:
        return result
    settings = options.settings
    kept = tuple(f for f in result.findings if settings.reports(f.code, job.ignored))
    if len(kept) == len(result.findings) and (result.source is not None or not kept):
        return result
    source = result.source
    if options.keep_source and kept and source is None:
        try:
            source = _read(job, options.limits).decode("utf-8", "replace")
        except OSError:
            source = None
    return FileResult(result.path, kept, result.read_error, source if kept else None)


def lint_job(job: Job, options: Options) -> FileResult:
    """Lint one file and apply the selection."""
    return select(check_job(job, options), job, options)


def run(
    jobs: Sequence[Job],
    options: Options,
    workers: int = 1,
    *,
    on_result: Callable[[int], None] | None = None,
    min_parallel: int = PARALLEL_MIN_FILES,
    cache: Cache | None = None,
) -> Iterator[FileResult]:
    """Lint ``jobs``, yielding results in the same order; ``on_result(done)`` after each one.

    With a ``cache``, files whose stat it knows are not read at all; the others are checked (in
    worker processes when there are enough of them), skipping validation when their content is
    the one recorded, and recorded.
    """
    from rcml.lint.parallel import Plan, check_plan

    known: Sequence[FileResult | None] | None = None
    if cache is None:  # every file checked, nothing recorded
        plan = Plan(jobs, options)
    else:
        known, digests = cache.lookup(jobs)
        todo = [i for i, hit in enumerate(known) if hit is None]
        plan = Plan([jobs[i] for i in todo], options, [digests[i] for i in todo], record=True)
    fresh = check_plan(plan, workers, min_parallel)
    for done, job in enumerate(jobs, start=1):
        hit = None if known is None else known[done - 1]
        if hit is None:
            raw, entry = next(fresh)
            if cache is not None:
                hit = cache.record(job, raw, entry)
            else:
                assert raw is not None, "only a cache expects digests"
                hit = raw
        yield select(hit, job, options) if hit.findings else hit
        if on_result is not None:
            on_result(done)

__all__ = [  # FileResult is re-exported: callers import it from here since the first version
    "FileResult",
    "Job",
    "Options",
    "check_data",
    "check_job",
    "default_jobs",
    "describe_error",
    "jobs_for",
    "lint_job",
    "read_job",
    "run",
    "select",
]
