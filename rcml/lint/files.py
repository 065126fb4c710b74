"""Which files `rcml lint` reads: files as given, directories searched for ``*.xml``, ``-``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"
DOCUMENT_SUFFIXES = (".xml",)


@dataclass(frozen=True, order=True)
class LintTarget:
    """One document to lint: a path, or ``-`` for standard input."""

    path: str

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN


class TargetError(Exception):
    """A path given on the command line cannot be used (missing, or a folder with no document)."""


def _walk(folder: Path) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            os.path.join(root, name)
            for name in sorted(files)
            if name.endswith(DOCUMENT_SUFFIXES) and not name.startswith(".")
        )
    return found


def collect_targets(paths: list[str]) -> list[LintTarget]:
    """The documents named by ``paths``, in a stable order, without duplicates.

    Raises TargetError for a path that does not exist or a folder holding no ``*.xml``.
    """
    targets: dict[str, LintTarget] = {}
    for raw in paths:
        if raw == STDIN:
            targets.setdefault(STDIN, LintTarget(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            files = _walk(path)
            if not files:
                raise TargetError(f"{raw}: no *.xml documents in this directory")
            for name in files:
                targets.setdefault(name, LintTarget(name))
        elif path.exists():
            targets.setdefault(raw, LintTarget(raw))
        else:
            raise TargetError(f"{raw}: no such file or directory")
    return list(targets.values())
