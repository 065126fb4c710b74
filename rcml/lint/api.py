"""``lint_paths``: the whole of ``rcml lint`` as a function (the CLI only parses options)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rcml.core.options import Limits
from rcml.lint.config import Settings
from rcml.lint.files import TargetError, Targets, collect
from rcml.lint.progress import MIN_FILES, ProgressBar
from rcml.lint.reporters import Reporter, RunInfo, reporter_class
from rcml.lint.result import FileResult, Summary
from rcml.lint.runner import PARALLEL_MIN_FILES, Options, jobs_for, run

if TYPE_CHECKING:
    from rcml.lint.fix import FixMode

CACHE_MIN_FILES = 32
_RUNS = itertools.count(1)


def lint_paths(
    paths: Sequence[str],
    settings: Settings,
    stream: TextIO,
    *,
    output_format: str = "text",
    jobs: int = 1,
    show_source: bool = False,
    color: bool = False,
    progress: TextIO | None = None,
    progress_min: int | None = None,
    limits: Limits | None = None,
    min_parallel: int | None = None,
    cache: bool = False,
    cache_dir: Path | None = None,
    stdin_filename: str | None = None,
    quiet: bool = False,
    statistics: bool = False,
    fix: FixMode | None = None,
) -> Summary:
    """Lint ``paths`` and write the report to ``stream``; returns the run's totals.

    Raises ``TargetError`` for a path that does not exist or a folder without documents. A path
    that cannot be searched or looked at (no permission, too long) is reported like a file that
    cannot be read, where it was met.
    ``progress`` is the stream for a progress bar (None: no bar), drawn only for runs of at least
    ``progress_min`` files (default ``progress.MIN_FILES``). With ``cache``, findings are kept in
    ``cache_dir`` (default: ``.rcml_cache`` in the settings' root) for runs of at least
    ``CACHE_MIN_FILES`` files; smaller runs would spend more loading it than they save.
    ``stdin_filename`` is the path standard input (``-``) is shown as, and takes its per-file
    settings from. ``quiet``: findings only, no summary line; ``statistics``: a count per rule
    instead of the findings (text).
    With ``fix``, documents are fixed first (:mod:`rcml.lint.fix`) and what remains is reported,
    without the cache; with ``fix.diff``, the diff is the whole report. ``jobs`` worker processes
    are started only when they save at least the work of ``min_parallel`` documents (default
    ``runner.PARALLEL_MIN_FILES``; 0: whenever ``jobs`` is more than one).
    """
    from rcml.core.version import VERSION as __version__

    targets = collect(list(paths), settings) if paths else Targets([], {}, set(), set())
    problems = targets.problems
    if settings.site:
        for folder in settings.site:
            if not os.path.isdir(folder):
                raise TargetError(f"{folder}: not a folder (--site takes a site's folder)")
        targets.paths[:] = [t for t in targets.paths if not _inside_any(t, settings.site)]
    if statistics:
        from rcml.lint.reporters.text import StatisticsReporter

        reporter_type: type[Reporter] = StatisticsReporter
    else:
        reporter_type = reporter_class(output_format)
    info = RunInfo(__version__, settings.fail_on, show_source, color, quiet)
    reporter = reporter_type(stream, info)
    options = Options(
        settings,
        limits or Limits(),
        keep_source=show_source and reporter_type.wants_source,
        roots=tuple(p for p in paths if os.path.isdir(p)),
        run=next(_RUNS),
    )
    checked = [p for p in targets.paths if p not in problems] if problems else targets.paths
    work = jobs_for(checked, settings, targets.walked, stdin_filename, targets.listed)
    summary = Summary(fail_on=settings.fail_on)
    least = MIN_FILES if progress_min is None else progress_min
    bar = ProgressBar(progress, len(work)) if progress and len(work) >= least else None
    store = None
    if cache and len(work) >= CACHE_MIN_FILES and fix is None:
        from rcml.lint.cache import FOLDER, Cache

        store = Cache(cache_dir or settings.root / FOLDER, options.limits)
    if fix is not None:
        from rcml.lint.fix import fix_results

        results = fix_results(work, options, fix, on_result=bar.update if bar else None)
    else:
        results = run(
            work,
            options,
            jobs,
            on_result=bar.update if bar else None,
            min_parallel=PARALLEL_MIN_FILES if min_parallel is None else min_parallel,
            cache=store,
        )
    if problems:
        results = _in_place(targets.paths, problems, results)
    if fix is not None and fix.diff is not None:
        return _diff_only(results, summary, fix, bar)
    if settings.site:
        from itertools import chain

        from rcml.lint.sites import site_results

        results = chain(results, site_results(settings, options.limits))
    reporter.start()
    try:
        for result in results:
            summary.add(result)
            if result.skipped:
                continue  # not RCML: counted, not reported
            if bar is not None and (result.findings or result.read_error):
                bar.clear()
            reporter.file(result)
    finally:
        if bar is not None:
            bar.close()
    if store is not None:
        store.save()
    reporter.finish(summary)
    return summary


def _diff_only(
    results: Iterator[FileResult], summary: Summary, fix: FixMode, bar: ProgressBar | None
) -> Summary:
    """Consume ``results`` for their diffs, keeping only the files that could not be read."""
    try:
        for result in results:
            summary.add(result)
            if result.read_error is not None:
                fix.totals.unreadable.append(result)
    finally:
        if bar is not None:
            bar.close()
    return summary


def _in_place(
    targets: list[str], problems: Mapping[str, str], results: Iterator[FileResult]
) -> Iterator[FileResult]:
    """``results`` (one per target that is no problem), with each problem where it was met."""
    for path in targets:
        problem = problems.get(path)
        yield next(results) if problem is None else FileResult(path, read_error=problem)


def _inside_any(path: str, folders: Sequence[str]) -> bool:
    """Whether ``path`` is under one of ``folders`` (checked there, as part of a site)."""
    absolute = os.path.abspath(path)
    return any(
        absolute.startswith(os.path.join(os.path.abspath(folder), "")) for folder in folders
    )
