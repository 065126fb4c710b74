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
code); anything unreadable in it is ignored (a damaged file, nesting too deep to load), and a
recorded finding that is not one rcml could have written (a wrong type, an unknown code or
severity, a position outside any document) makes its file a miss. A file modified less than two
seconds before it was read is recorded by its hash only (its time stamp cannot tell a later edit
apart).

The cache never touches what is not its own, wherever ``--cache-dir`` points (even a project's
root): it lives in a folder of its own, ``rcml-lint-cache/`` inside the cache folder
(``.rcml_cache/`` beside the configuration by default), which it creates with a ``CACHEDIR.TAG``
(so that backup tools skip it) and a ``.gitignore`` that hides that folder alone. It writes and
deletes files only in a folder holding its own tag, never follows a link there, and writes
through a new file renamed into place.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rcml.core.findings import Finding, Severity
from rcml.core.options import Limits
from rcml.core.reading import read_file_and_stat, write_file_replacing
from rcml.lint._entries import split
from rcml.lint.result import FileResult
from rcml.lint.runner import Job

FOLDER = ".rcml_cache"
"""The default cache folder, in the settings' root."""
OWN = "rcml-lint-cache"
"""The folder the cache owns, inside the cache folder: the only place it writes or deletes."""
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by rcml lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
"""``CACHEDIR.TAG``: the mark of a folder the cache made (and that backup tools may skip)."""
IGNORE = "# written by rcml lint: nothing in this folder belongs in version control\n*\n"
_FORMAT = 2
_SEVERITIES = {severity.value: severity for severity in Severity}
_MAX_READ = 1 << 28  # a cache file larger than this is not one rcml wrote for any real tree
_OURS = re.compile(r"lint-[0-9a-z]+\.json\Z")  # what save() writes, and may delete when stale


def fingerprint() -> str:
    """Changes whenever rcml's findings may have: its version, every source file's stat, the
    schema, and what judges documents with it (Python, lxml and libxml2, Jinja2 for templates)."""
    import sys
    from importlib.util import find_spec

    from lxml import etree

    from rcml.core.version import VERSION as __version__
    from rcml.resources import schema_file

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


def _decode(path: str, raw: Any, most: int) -> FileResult | None:
    """The result recorded as ``raw`` (a list of findings as lists), or None unless every finding
    is one rcml could have written: a known code and severity, strings where strings go, and a
    position from 1 to ``most`` (no document under the size cap has more lines or columns)."""
    if not raw:
        return FileResult(path) if isinstance(raw, list) else None
    if not isinstance(raw, list):
        return None
    from rcml.rules import RULES_BY_CODE

    findings = []
    for item in raw:
        if not isinstance(item, list) or len(item) != 7:
            return None
        line, column, code, severity, message, element, hint = item
        if not (
            type(line) is int
            and type(column) is int
            and 0 < line <= most
            and 0 < column <= most
            and isinstance(code, str)
            and code in RULES_BY_CODE
            and isinstance(severity, str)
            and severity in _SEVERITIES
            and isinstance(message, str)
            and isinstance(element, str)
            and (hint is None or isinstance(hint, str))
        ):
            return None
        findings.append(Finding(line, column, code, _SEVERITIES[severity], message, element, hint))
    return FileResult(path, tuple(findings))


def _not_rcml(record: FileResult) -> bool:
    """Whether a recorded result says the root element is not ``<Response>`` (RCML107)."""
    return any(finding.code == "RCML107" for finding in record.findings)


def _encode(result: FileResult) -> list[list[Any]]:
    return [
        [f.line, f.column, f.code, f.severity.value, f.message, f.element, f.hint]
        for f in result.findings
    ]


class Cache:
    """The findings of earlier runs, for one rcml version and one set of limits."""

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder / OWN  # the cache folder holds ours, and nothing else of ours
        self.limits = [limits.max_bytes, limits.max_depth, limits.max_findings]
        self.most = limits.max_bytes + 1  # the largest line or column a finding can have
        self.path = self.folder / f"lint-{fingerprint()}.json"
        self.entries: dict[str, str] = {}  # absolute path: entry (see rcml.lint._entries)
        self.findings: dict[str, Any] = {}  # absolute path: raw findings, for files with any
        self.hits = 0
        self._unchanged: dict[str, FileResult] = {}  # the records behind expected digests
        self._cwd = os.getcwd()
        self._dirty = False
        if not _owned(self.folder):
            return
        try:  # a regular file only (a pipe would block), and JSON of any depth
            data, _ = read_file_and_stat(self.path, _MAX_READ)
            loaded = json.loads(data) if len(data) <= _MAX_READ else None
        except (OSError, ValueError, RecursionError):
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
        # one loop, no call per file but os.stat: this is the whole of a run on an unchanged tree
        for index, job in enumerate(jobs):
            if job.data is not None:
                continue
            path, context = job.path, job.context
            key = path if path[:1] == "/" else cwd + path
            entry = entries.get(key)
            if not isinstance(entry, str):  # unknown (or damaged): the reader records it
                continue
            try:
                now = os.stat(path)
            except (OSError, ValueError):  # gone: checked, and reported, like any unknown file
                continue
            raw = findings.get(key)
            if raw is None:
                record: FileResult | None = FileResult(path)
            else:
                record = _decode(path, raw, self.most)
            if record is None or (job.walked and record.findings and _not_rcml(record)):
                continue  # a file once named, now walked, may be one to skip: read it again
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
        """Write the cache if it changed, in its own folder only; any failure leaves the old one
        (or none), and whatever else is in the cache folder as it was."""
        if not self._dirty:
            return
        try:
            if not _claim(self.folder):
                return
            for old in os.scandir(self.folder):  # the stale caches of other rcml versions
                stale = _OURS.match(old.name) and old.name != self.path.name
                if stale and old.is_file(follow_symlinks=False):
                    os.unlink(old.path)
            data = {"limits": self.limits, "files": self.entries, "findings": self.findings}
            write_file_replacing(self.path, json.dumps(data, separators=(",", ":")).encode())
        except OSError:
            pass


def _owned(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) holding the cache's tag: one the cache
    made, and so the only kind it reads from, writes to or deletes in."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
        data, _ = read_file_and_stat(folder / "CACHEDIR.TAG", len(TAG))
    except OSError:
        return False
    return data == TAG.encode()


def _claim(folder: Path) -> bool:
    """Make ``folder`` the cache's own (its parents too if missing), or say whether it is.

    The tag is written first: a folder is the cache's once its tag is there, and an empty one
    (left by a run stopped right after making it) is taken again. The tag and the ``.gitignore``
    are created exclusively, so that nothing already there (a planted link) is written through.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir()
    except FileExistsError:
        if not _owned(folder):
            if not stat.S_ISDIR(os.lstat(folder).st_mode) or os.listdir(folder):
                return False
            _create(folder / "CACHEDIR.TAG", TAG)
    else:
        _create(folder / "CACHEDIR.TAG", TAG)
    if not os.path.lexists(folder / ".gitignore"):
        _create(folder / ".gitignore", IGNORE)
    return True


def _create(path: Path, text: str) -> None:
    """Write a new file; raises FileExistsError if anything (even a dangling link) is there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o666)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)
