"""``rcml lint --fix``: apply the fixes that findings carry, as byte edits of the file as written.

A fix is a few :class:`~rcml.core.findings.TextEdit` at 1-based positions of the document as
written. Each becomes an :class:`Edit` of the file's bytes, after checking that the bytes there are
the text the edit expects (a fix that does not fit is dropped, never applied elsewhere), so
everything else in the file (its formatting, comments, text, line endings) stays as it was.

As in ruff, fixes are applied in passes: the fixes of one pass that do not overlap a fix already
taken are applied together, the document is checked again, and the fixes its new findings carry
are applied in the next pass, for at most :data:`MAX_PASSES` passes. A pass that would make the
document unparseable is undone (no fix should, but a fixer must never break a file). Running
``--fix`` again changes nothing: what a pass leaves has no fix left to apply.

Templates (``*.xml.j2``) are linted as usual but never fixed: their findings are positions in the
rendered document, not in the template's source.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple, TextIO

from rcml.core.findings import Finding, Fix
from rcml.core.positions import LineTable
from rcml.core.reading import read_file_and_stat
from rcml.engine import check_document
from rcml.lint.result import FileResult, describe_error, display_path
from rcml.lint.runner import Job, Options, check_data, lint_job, select

MAX_PASSES = 10
"""Most rounds of fix, check again, fix: as ruff, enough for fixes that uncover others."""
_LINES = re.compile(r"(?<=\n)")


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the bytes from ``start`` to ``end`` of the file as written by ``replacement``."""

    start: int
    end: int
    replacement: bytes


def edits_of(data: bytes, fix: Fix, lines: LineTable | None = None) -> list[Edit] | None:
    """The byte edits of ``fix`` in ``data``, or None when one of them does not find the text it
    expects where it points."""
    table = lines or LineTable(data)
    edits = []
    for text_edit in fix.edits:
        start = table.offset(text_edit.line, text_edit.column)
        old = text_edit.old.encode("utf-8")
        if start is None or data[start : start + len(old)] != old:
            return None
        edits.append(Edit(start, start + len(old), text_edit.new.encode("utf-8")))
    return sorted(edits)


class _Taken:
    """The byte ranges already edited in one pass, to refuse an edit that overlaps one."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, edit: Edit) -> bool:
        at = bisect.bisect_right(self._starts, edit.start)
        if at and (self._ends[at - 1] > edit.start or self._starts[at - 1] == edit.start):
            return False
        return at == len(self._starts) or self._starts[at] >= edit.end

    def take(self, edit: Edit) -> None:
        at = bisect.bisect_right(self._starts, edit.start)
        self._starts.insert(at, edit.start)
        self._ends.insert(at, edit.end)


def apply_fixes(data: bytes, fixes: Iterable[Fix]) -> tuple[bytes, int]:
    """``data`` with every fix applied that fits and overlaps no fix before it (in the order of
    their first edit), and how many were applied."""
    table = LineTable(data)
    planned = [edits for edits in (edits_of(data, fix, table) for fix in fixes) if edits]
    planned.sort()
    taken = _Taken()
    chosen: list[Edit] = []
    count = 0
    for edits in planned:
        if all(taken.free(edit) for edit in edits) and _apart(edits):
            for edit in edits:
                taken.take(edit)
            chosen.extend(edits)
            count += 1
    if not chosen:
        return data, 0
    chosen.sort()
    parts: list[bytes] = []
    position = 0
    for edit in chosen:
        parts += [data[position : edit.start], edit.replacement]
        position = edit.end
    parts.append(data[position:])
    return b"".join(parts), count


def _apart(edits: Sequence[Edit]) -> bool:
    """Whether the (sorted) edits of one fix do not overlap each other."""
    return all(a.end <= b.start and a.start != b.start for a, b in itertools.pairwise(edits))


class Outcome(NamedTuple):
    """What fixing one document gave."""

    data: bytes  # the document with the fixes applied
    fixed: int  # fixes applied
    findings: list[Finding]  # every finding of the fixed document (before selection)
    unsafe_left: int  # wanted findings whose unsafe fix was not asked for
    unapplied: int  # wanted findings whose fix could not be applied


def fix_document(
    data: bytes,
    check: Callable[[bytes], list[Finding]],
    wanted: Callable[[Finding], bool],
    *,
    unsafe: bool = False,
    findings: Sequence[Finding] | None = None,
) -> Outcome:
    """Apply the fixes of the ``wanted`` findings that ``check`` reports for ``data`` (the safe
    ones, and the unsafe ones too with ``unsafe``), pass after pass. ``findings``: what ``check``
    already said about ``data``, if it was asked."""
    findings = list(check(data) if findings is None else findings)
    fixed = 0
    for _ in range(MAX_PASSES):
        fixes = [f.fix for f in findings if f.fix and (f.fix.safe or unsafe) and wanted(f)]
        if not fixes:
            break
        new, count = apply_fixes(data, fixes)
        if not count or new == data:
            break
        found = check(new)
        if _unparsable(found) and not _unparsable(findings):
            break  # a fix must never break a document: keep the last good one
        data, findings, fixed = new, found, fixed + count
    left = [f.fix for f in findings if f.fix is not None and wanted(f)]
    unsafe_left = 0 if unsafe else sum(not fix.safe for fix in left)
    return Outcome(data, fixed, findings, unsafe_left, len(left) - unsafe_left)


def _unparsable(findings: Sequence[Finding]) -> bool:
    from rcml.rules import RULES_BY_CODE

    return any(f.is_error and RULES_BY_CODE[f.code].stage == "parse" for f in findings)


@dataclass
class FixTotals:
    """What a run fixed, or with ``--diff`` would fix."""

    fixed: int = 0
    unsafe_left: int = 0
    unapplied: int = 0
    changed: list[str] = field(default_factory=list)  # files fixed (or that --diff would fix)
    templates: list[str] = field(default_factory=list)  # templates, linted but not fixed
    unreadable: list[FileResult] = field(default_factory=list)  # with --diff: nothing else shows
    unwritable: list[str] = field(default_factory=list)  # "path: why", files left as they were

    def line(self, diff: bool) -> str:
        """``Fixed 3 findings; 2 more are fixable with --unsafe-fixes.``"""
        if self.fixed:
            parts = [f"{'Would fix' if diff else 'Fixed'} {_count(self.fixed, 'finding')}"]
        elif self.unsafe_left or self.unapplied:
            parts = ["No safe fix to apply"]
        else:
            return "Nothing to fix."
        if self.unapplied:
            what = self._more(self.unapplied, "could not be fixed (overlapping or stale fixes)")
            parts.append(what)
        if self.unsafe_left:
            verb = "is" if self.unsafe_left == 1 else "are"
            parts.append(self._more(self.unsafe_left, f"{verb} fixable with --unsafe-fixes"))
        return "; ".join(parts) + "."

    def _more(self, number: int, what: str) -> str:
        """``2 more are ...`` after fixed findings, ``2 findings are ...`` alone."""
        return f"{number} more {what}" if self.fixed else f"{_count(number, 'finding')} {what}"

    def template_note(self) -> str | None:
        """Why templates were left alone, when some were."""
        if not self.templates:
            return None
        return (
            f"{_count(len(self.templates), 'template')} (*.xml.j2) not fixed: fix the template "
            "source by hand"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass
class FixMode:
    """How ``rcml lint`` fixes: in place (standard input: to ``stdout``), or as a diff; and what
    it fixed, once the run is over."""

    unsafe: bool = False
    diff: TextIO | None = None  # --diff: write a unified diff here, change nothing
    stdout: BinaryIO | None = None  # where the fixed standard input goes (not with --diff)
    totals: FixTotals = field(default_factory=FixTotals)


def fix_results(
    jobs: Sequence[Job],
    options: Options,
    mode: FixMode,
    *,
    on_result: Callable[[int], None] | None = None,
) -> Iterator[FileResult]:
    """Fix each job's document (not templates), then yield its result as linting the fixed
    document gives it, in the order of ``jobs``; ``mode.totals`` adds up what was fixed, and
    ``on_result(done)`` follows progress."""
    for done, job in enumerate(jobs, start=1):
        yield _fix_job(job, options, mode)
        if on_result is not None:
            on_result(done)


def _fix_job(job: Job, options: Options, mode: FixMode) -> FileResult:
    totals = mode.totals
    if job.template:
        totals.templates.append(job.path)
        if job.data is not None:
            _deliver(job, job.data, job.data, mode)  # standard input passes through
        return lint_job(job, options)
    try:
        data = job.data if job.data is not None else _read(job, options)
    except OSError as exc:
        return FileResult(job.path, read_error=describe_error(exc))
    first = check_data(job, data, options)  # what linting says, whatever --fix does next
    if not first.findings:
        _deliver(job, data, data, mode)
        return first
    outcome = fix_document(
        data,
        lambda text: check_document(text, job.context, options.limits),
        lambda finding: options.settings.reports(finding.code, job.ignored),
        unsafe=mode.unsafe,
        findings=first.findings,
    )
    problem = _deliver(job, data, outcome.data, mode)
    if problem is not None:  # the file is as it was: so are its findings
        totals.unwritable.append(f"{display_path(job.path)}: {problem}")
        return select(first, job, options)
    totals.fixed += outcome.fixed
    totals.unsafe_left += outcome.unsafe_left
    totals.unapplied += outcome.unapplied
    if outcome.data != data:
        totals.changed.append(job.path)
    source = None
    if options.keep_source and outcome.findings:
        source = outcome.data.decode("utf-8", "replace")
    return select(FileResult(job.path, tuple(outcome.findings), source=source), job, options)


def _read(job: Job, options: Options) -> bytes:
    return read_file_and_stat(job.path, options.limits.max_bytes)[0]


def _deliver(job: Job, before: bytes, after: bytes, mode: FixMode) -> str | None:
    """Write the fixed document where it goes: a diff, standard output, or the file itself.
    Returns why the file could not be written, if it could not."""
    if mode.diff is not None:
        if after != before:
            mode.diff.write(unified_diff(display_path(job.path), before, after))
        return None
    if job.data is not None:  # standard input (whatever name it is shown under)
        if mode.stdout is not None:
            mode.stdout.write(after)
            mode.stdout.flush()
        return None
    if after == before:
        return None
    try:
        with open(job.path, "wb") as handle:  # in place: the file keeps its mode and links
            handle.write(after)
    except OSError as exc:
        return f"cannot write the fixes: {describe_error(exc)}"
    return None


def unified_diff(name: str, before: bytes, after: bytes) -> str:
    """A unified diff of two versions of one document, as ``diff -u`` and git print it."""
    old = _LINES.split(before.decode("utf-8", "replace"))
    new = _LINES.split(after.decode("utf-8", "replace"))
    lines = difflib.unified_diff(
        [line for line in old if line], [line for line in new if line], name, name
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
