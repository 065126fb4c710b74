"""A cache of findings, so that a second run over an unchanged tree reads no document again.

Like ruff's, the cache is keyed by what ``stat`` says: a file whose modification time, size and
inode are those recorded (with the same context and limits) gets its recorded findings, without
being opened. The record holds the findings before selection, so changing ``--select``,
``--ignore`` or per-file ignores never needs a fresh run. The whole cache is dropped when rcml
changes (its version, its source files or its schema).

Safety: the cache is JSON (never pickle: a checked-out ``.rcml_cache`` must not be able to run
code), anything unreadable in it is ignored, and files modified less than two seconds before they
were read are never recorded (their time stamp cannot tell a later edit apart, the "racily clean"
problem git solves the same way). It lives in ``.rcml_cache/`` beside the configuration (or in the
current folder), with a ``.gitignore`` of its own.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

from rcml.lint.result import FileResult
from rcml.lint.runner import Job
from rcml.validate.findings import Finding, Severity
from rcml.validate.options import Limits

FOLDER = ".rcml_cache"
RACY_NS = 2_000_000_000
_FORMAT = 1
_SEVERITIES = {severity.value: severity for severity in Severity}


def fingerprint() -> str:
    """Changes whenever rcml's code or schema may have: version, and every source file's stat."""
    from rcml import __version__
    from rcml._resources import schema_file

    package = Path(__file__).resolve().parents[1]
    parts = [__version__, str(_FORMAT)]
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(root, name))
                parts.append(f"{name}:{stat.st_mtime_ns}:{stat.st_size}")
    schema = os.stat(schema_file())
    parts.append(f"xsd:{schema.st_mtime_ns}:{schema.st_size}")
    return f"{zlib.crc32('|'.join(parts).encode()):08x}"


class Cache:
    """The findings of earlier runs, for one rcml version and one set of limits."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.limits = [limits.max_bytes, limits.max_depth]
        self.path = folder / f"lint-{fingerprint()}.json"
        self.entries: dict[str, Any] = {}
        self.hits = 0
        self._stats: dict[str, list[int]] = {}
        self._cwd = os.getcwd()
        self._dirty = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and loaded.get("limits") == self.limits:
                entries = loaded.get("files")
                self.entries = entries if isinstance(entries, dict) else {}
        except (OSError, ValueError):
            pass

    def get(self, job: Job) -> FileResult | None:
        """The recorded findings for ``job``, or None (and remember its stat for :meth:`put`)."""
        if job.data is not None:
            return None
        key = self._key(job.path)
        try:
            stat = os.stat(key)
        except OSError:
            return None
        stamp = [stat.st_mtime_ns, stat.st_size, stat.st_ino]
        self._stats[key] = stamp
        entry = self.entries.get(key)
        if (
            not isinstance(entry, list)
            or len(entry) != 3
            or entry[0] != stamp
            or entry[1] != job.context
        ):
            return None
        if not entry[2]:
            self.hits += 1
            return FileResult(job.path)
        try:
            findings = tuple(
                Finding(line, column, code, _SEVERITIES[severity], message, element, hint)
                for line, column, code, severity, message, element, hint in entry[2]
            )
        except (TypeError, ValueError, KeyError):
            return None
        self.hits += 1
        return FileResult(job.path, findings)

    def _key(self, path: str) -> str:
        """The absolute path, not normalised (a key, never shown; string joins are cheap)."""
        return path if path.startswith("/") else f"{self._cwd}{os.sep}{path}"

    def put(self, job: Job, result: FileResult) -> None:
        """Record ``result`` (raw findings) for ``job``, unless it is unsafe to."""
        key = self._key(job.path)
        stamp = self._stats.get(key)
        if job.data is not None or result.read_error is not None or stamp is None:
            return
        if time.time_ns() - stamp[0] < RACY_NS:
            return
        self.entries[key] = [
            stamp,
            job.context,
            [
                [f.line, f.column, f.code, f.severity.value, f.message, f.element, f.hint]
                for f in result.findings
            ],
        ]
        self._dirty = True

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
            data = {"limits": self.limits, "files": self.entries}
            temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass
