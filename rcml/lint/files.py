"""Which files ``rcml lint`` reads: files as given, directories searched, ``-`` for stdin.

Directories are searched recursively for the ``include`` globs (``*.xml`` and ``*.xml.j2`` by
default), skipping hidden entries and anything ``exclude`` matches. ``exclude`` applies to files
named on the command line too, so that a pre-commit hook, which names every changed file, honours
the project's configuration; ``include`` does not (a file named explicitly is linted whatever its
name).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from rcml.lint._globs import any_match, compile_glob
from rcml.lint.config import Settings
from rcml.lint.result import STDIN

TEMPLATE_SUFFIX = ".xml.j2"  # rcml.templating.TEMPLATE_SUFFIX, without importing Jinja2


class LintTarget(NamedTuple):
    """One file to lint: a path, or ``-`` for standard input."""

    path: str

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN

    @property
    def is_template(self) -> bool:
        return self.path.endswith(TEMPLATE_SUFFIX)


class TargetError(Exception):
    """A path given on the command line cannot be used (missing, or a folder with no document)."""


def _walk(folder: Path, settings: Settings) -> list[str]:
    found: list[str] = []
    include, exclude = settings.include, settings.exclude
    # patterns without "/" only look at the name: match them directly, file after file
    by_name = [compile_glob(p) for p in include if "/" not in p.removeprefix("./").rstrip("/")]
    by_path = tuple(p for p in include if "/" in p.removeprefix("./").rstrip("/"))
    for root, dirs, files in os.walk(folder):
        base = settings.relative(root)
        prefix = "" if base == "." else base + "/"
        dirs[:] = [
            name
            for name in sorted(dirs)
            if not name.startswith(".")
            and not (exclude and any_match(exclude, prefix + name, folders=True))
        ]
        for name in sorted(files):
            if name.startswith(".") or not (
                any(regex.match(name) for regex in by_name)
                or (by_path and any_match(by_path, prefix + name))
            ):
                continue
            if exclude and any_match(exclude, prefix + name, folders=True):
                continue
            found.append(f"{root}{os.sep}{name}" if not root.endswith(os.sep) else root + name)
    return found


def collect_targets(paths: list[str], settings: Settings) -> list[LintTarget]:
    """The files named by ``paths``, in a stable order, without duplicates.

    Raises TargetError for a path that does not exist or a folder holding no document.
    """
    targets: dict[str, LintTarget] = {}
    for raw in paths:
        if raw == STDIN:
            targets.setdefault(STDIN, LintTarget(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            files = _walk(path, settings)
            if not files:
                wanted = " or ".join(settings.include)
                raise TargetError(f"{raw}: no {wanted} documents in this directory")
            for name in files:
                targets.setdefault(name, LintTarget(name))
        elif path.exists() or path.is_symlink():
            if not settings.exclude or not any_match(
                settings.exclude, settings.relative(raw), folders=True
            ):
                targets.setdefault(raw, LintTarget(raw))
        else:
            raise TargetError(f"{raw}: no such file or directory")
    return list(targets.values())
