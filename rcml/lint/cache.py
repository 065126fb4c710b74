"""A cache of findings, so that a second run over an unchanged tree reads no document again.

Like ruff's, the cache is keyed by what ``stat`` says: a file whose modification time, size and
inode are those recorded (with the same context and limits) gets its recorded findings, without
being opened. When the stat differs but the content does not (a fresh checkout, a CI job that
restored ``.rcml_cache``, ``touch``), the file is read and hashed, and a matching hash still saves
validating it. The record holds the findings before selection, so changing ``--select``,
``--ignore`` or per-file ignores never needs a fresh run. The whole cache is dropped when rcml
changes (its version, its source files or its schema) or the limits do.

One JSON file holds the whole cache: read once per run, written once, and only when something
changed. Each file's entry is one string (see :mod:`rcml.lint._entries`); findings are kept
apart, for the few files that have any.

Safety: the cache is JSON (never pickle: a checked-out ``.rcml_cache`` must not be able to run
code), anything unreadable in it is ignored, and a file modified less than two seconds before it
was read is recorded by its hash only (its time stamp cannot tell a later edit apart). It lives in
``.rcml_cache/`` beside the configuration (or in the current folder), with a ``.gitignore`` of its
own.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rcml.lint._entries import split
from rcml.lint.result import FileResult
from rcml.lint.runner import Job
from rcml.validate.findings import Finding, Severity
from rcml.validate.options import Limits

FOLDER = ".rcml_cache"
_FORMAT = 2
_SEVERITIES = {severity.value: severity for severity in Severity}


def fingerprint() -> str:
    """Changes whenever rcml's findings may have: its version, every source file's stat, the
    schema, and what judges documents with it (Python, lxml and libxml2, Jinja2 for templates)."""
    import sys
    from importlib.util import find_spec

    from lxml import etree

    from rcml import __version__
    from rcml._resources import schema_file

    package = Path(__file__).resolve().parents[1]
    parts = [__version__, str(_FORMAT), sys.version, str(etree.LXML_VERSION)]
    parts.append(str(etree.LIBXML_VERSION))
    try:  # found, not imported: the stat of its file stands for its version
        jinja = find_spec("jinja2")
        if jinja is not None and jinja.origin:
            stat = os.stat(jinja.origin)
            parts.append(f"jinja2:{stat.st_mtime_ns}:{stat.st_size}")
    except (ImportError, ValueError, OSError):
        parts.append("jinja2:?")
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(root, name))
                parts.append(f"{name}:{stat.st_mtime_ns}:{stat.st_size}")
    schema = os.stat(schema_file())
    parts.append(f"xsd:{schema.st_mtime_ns}:{schema.st_size}")
    return f"{zlib.crc32('|'.join(parts).encode()):08x}"


def _decode(path: str, raw: Any) -> FileResult | None:
    """The result recorded as ``raw`` (a list of findings as lists), or None if it is damaged."""
    if not raw:
        return FileResult(path)
    try:
        findings = tuple(
            Finding(line, column, code, _SEVERITIES[severity], message, element, hint)
            for line, column, code, severity, message, element, hint in raw
        )
    except (TypeError, ValueError, KeyError):
        return None
    return FileResult(path, findings)


def _encode(result: FileResult) -> list[list[Any]]:
    return [
        [f.line, f.column, f.code, f.severity.value, f.message, f.element, f.hint]
        for f in result.findings
    ]


class Cache:
    """The findings of earlier runs, for one rcml version and one set of limits."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.limits = [limits.max_bytes, limits.max_depth, limits.max_findings]
        self.path = folder / f"lint-{fingerprint()}.json"
        self.entries: dict[str, str] = {}  # absolute path: entry (see rcml.lint._entries)
        self.findings: dict[str, Any] = {}  # absolute path: raw findings, for files with any
        self.hits = 0
        self._unchanged: dict[str, FileResult] = {}  # the records behind expected digests
        self._cwd = os.getcwd()
        self._dirty = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(loaded, dict) or loaded.get("limits") != self.limits:
            return
        entries, findings = loaded.get("files"), loaded.get("findings")
        if isinstance(entries, dict) and isinstance(findings, dict):
            self.entries, self.findings = entries, findings

    def _key(self, path: str) -> str:
        """The absolute path, not normalised (a key, never shown; string joins are cheap)."""
        return path if path.startswith("/") else f"{self._cwd}{os.sep}{path}"

    def get(self, job: Job) -> FileResult | None:
        """The recorded findings for ``job`` if its stat is the recorded one, else None."""
        return self.lookup([job])[0][0]

    def lookup(self, jobs: Sequence[Job]) -> tuple[list[FileResult | None], list[str | None]]:
        """For each job: the recorded result when its stat confirms it (else None), and the
        recorded digest of its content when only a read can tell (else None).

        Costs one ``stat`` per file the cache knows, nothing for the others: the files to check
        are stat'ed when they are read, by whichever process reads them.
        """
        count = len(jobs)
        results: list[FileResult | None] = [None] * count
        expected: list[str | None] = [None] * count
        entries, findings, cwd = self.entries, self.findings, self._cwd + os.sep
        stat, new = os.stat, tuple.__new__
        # one loop, no call per file but os.stat: this is the whole of a run on an unchanged tree
        for index, (path, context, _, data, _) in enumerate(jobs):
            if data is not None:
                continue
            key = path if path[:1] == "/" else cwd + path
            entry = entries.get(key)
            if not isinstance(entry, str):  # unknown (or damaged): the reader records it
                continue
            try:
                now = stat(path)
            except (OSError, ValueError):  # gone: checked, and reported, like any unknown file
                continue
            raw = findings.get(key)
            record = new(FileResult, (path, (), None, None)) if raw is None else _decode(path, raw)
            if record is None:
                continue
            # stat_prefix(now, context), inlined
            if entry.startswith(f"{now.st_mtime_ns}:{now.st_size}:{now.st_ino}|{context}|"):
                results[index] = record
                continue
            parts = split(entry)
            if parts is not None and parts[1] == context:
                self._unchanged[key] = record
                expected[index] = parts[2]
        self.hits += count - results.count(None)
        return results, expected

    def record(self, job: Job, raw: FileResult | None, entry: str | None) -> FileResult:
        """Record what checking ``job`` gave: ``raw`` findings (None: the content was the one
        recorded, whose findings stand) under ``entry`` (None: nothing may be recorded)."""
        key = self._key(job.path)
        if raw is None:
            raw = self._unchanged.pop(key)
            self.hits += 1
            if entry is not None and self.entries.get(key) != entry:
                self.entries[key] = entry
                self._dirty = True
            return raw
        if entry is None or job.data is not None or raw.read_error is not None:
            return raw
        self.entries[key] = entry
        if raw.findings:
            self.findings[key] = _encode(raw)
        else:
            self.findings.pop(key, None)
        self._dirty = True
        return raw

    def save(self) -> None:
        """Write the cache if it changed; any failure leaves the old one (or none)."""
        if not self._dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by rcml lint\n*\n", encoding="utf-8")
            for old in self.folder.glob("lint-*.json"):
                if old != self.path:
                    old.unlink(missing_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            data = {"limits": self.limits, "files": self.entries, "findings": self.findings}
            temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass
