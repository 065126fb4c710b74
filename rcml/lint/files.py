"""Which files ``rcml lint`` reads: files as given, directories searched, ``-`` for stdin.

Directories are searched recursively for the ``include`` globs (``*.xml`` and ``*.xml.j2`` by
default), skipping hidden entries and anything ``exclude`` matches. ``exclude`` applies to files
named on the command line too, so that a pre-commit hook, which names every changed file, honours
the project's configuration; ``include`` does not (a file named explicitly is linted whatever its
name).

Nothing met on the way stops the run or passes in silence: a folder that cannot be listed or a
path that cannot be looked at (no permission, longer than the system allows, a loop of links) is
a problem reported in its place, like a file that cannot be read. Whether a target is a regular
file is decided when it is read (:func:`rcml.core.reading.read_file_and_stat`), so that a pipe
is never opened.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from rcml.lint._globs import any_match, compile_glob
from rcml.lint.config import Settings
from rcml.lint.result import STDIN, describe_error

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


_PLAIN_SUFFIX = re.compile(r"\*([^*?\[\]/]+)\Z")  # "*.xml": any name ending with ".xml"


def _name_matcher(patterns: list[str]) -> Callable[[list[str]], list[str]]:
    """A filter of a folder's names for the name-only ``include`` patterns, refusing hidden
    names. The default ``*.xml``, ``*.xml.j2`` is a ``str.endswith``; other patterns are one
    regex for all of them."""
    suffixes = [m.group(1) for p in patterns if (m := _PLAIN_SUFFIX.match(p)) is not None]
    if len(suffixes) == len(patterns):
        ends = tuple(suffixes)
        return lambda names: [n for n in names if n.endswith(ends) and n[0] != "."]
    alternatives = "|".join(f"(?:{compile_glob(p).pattern})" for p in patterns)
    match = re.compile(rf"(?!\.)(?:{alternatives})").match
    return lambda names: list(filter(match, names))


def _walk(folder: str, settings: Settings, problems: dict[str, str]) -> list[str]:
    found: list[str] = []
    include = settings.include
    # patterns without "/" only look at the name: one regex filters a folder's names at once
    by_name = _name_matcher([p for p in include if "/" not in p.removeprefix("./").rstrip("/")])
    by_path = tuple(p for p in include if "/" in p.removeprefix("./").rstrip("/"))
    pending = [folder]  # a stack, not recursion: a tree may be deeper than Python's stack
    while pending:
        root = pending.pop()
        folders = _walk_folder(root, settings, by_name, by_path, found, problems)
        pending.extend(reversed(folders))
    return found


def _walk_folder(
    root: str,
    settings: Settings,
    by_name: Callable[[list[str]], list[str]],
    by_path: tuple[str, ...],
    found: list[str],
    problems: dict[str, str],
) -> list[str]:
    """One folder of ``os.walk`` (top-down, links to folders not followed, sorted): its
    documents go to ``found``, and its subfolders to search are returned, in order.

    ``os.scandir`` tells files from folders without a ``stat`` per file, and the names are
    filtered in bulk, so that a folder of ten thousand documents costs little more than listing
    it. A folder that cannot be listed (no permission, a path longer than the system allows) is
    a problem to report, and its place in the order is kept for it in ``found``: skipping it in
    silence would pass a run that checked nothing of it.
    """
    try:
        with os.scandir(root) as listing:
            entries = list(listing)
    except FileNotFoundError:
        return []  # gone since its parent was listed: nothing to check
    except OSError as exc:
        found.append(root)
        problems[root] = describe_error(exc)
        return []
    try:  # DirEntry knows from the listing itself, except for links (one stat each)
        files = [entry.name for entry in entries if not entry.is_dir()]
        if len(files) < len(entries):
            folders = [e.name for e in entries if e.is_dir() and not e.is_symlink()]
        else:
            folders = []
    except OSError:  # a link that cannot be followed, or a file gone since the listing
        files, folders = _classify(entries)
    exclude = settings.exclude
    base = settings.relative(root)
    prefix = "" if base == "." else base + "/"
    files.sort()
    names = by_name(files)
    if by_path:  # patterns with a folder part: the rest of the names, one by one
        named = set(names)
        names = [
            name
            for name in files
            if name in named or (not name.startswith(".") and any_match(by_path, prefix + name))
        ]
    if exclude:
        names = [name for name in names if not any_match(exclude, prefix + name, folders=True)]
    head = root if root.endswith(os.sep) else root + os.sep
    found.extend([head + name for name in names])
    return [
        head + name
        for name in sorted(folders)
        if not name.startswith(".")
        and not (exclude and any_match(exclude, prefix + name, folders=True))
    ]


def _classify(entries: list[os.DirEntry[str]]) -> tuple[list[str], list[str]]:
    """Names of files and of folders (not links to folders), one entry at a time."""
    files: list[str] = []
    folders: list[str] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            files.append(entry.name)
        elif not entry.is_symlink():
            folders.append(entry.name)
    return files, folders


def collect_targets(paths: list[str], settings: Settings) -> list[LintTarget]:
    """The files named by ``paths``, in a stable order, without duplicates; paths that cannot be
    searched or looked at (see :func:`collect`) are left out.

    Raises TargetError for a path that does not exist or a folder holding no document.
    """
    return list(map(_new_target, zip(collect_paths(paths, settings))))


def collect_paths(paths: list[str], settings: Settings) -> list[str]:
    """:func:`collect_targets`, as plain strings."""
    found, problems = collect(paths, settings)
    return [path for path in found if path not in problems] if problems else found


def collect(paths: list[str], settings: Settings) -> tuple[list[str], dict[str, str]]:
    """What ``rcml lint`` checks: the files named by ``paths`` in a stable order without
    duplicates, and the problems met on the way (path: why it cannot be linted, such as
    ``permission denied`` or ``file name too long``), each also in the list at its place, so
    that a report shows it where the files it hides would have been.

    Raises TargetError for a path that does not exist or a folder holding no document (and no
    problem to report).
    """
    found: dict[str, None] = {}  # an ordered set of paths
    problems: dict[str, str] = {}
    for raw in paths:
        if raw == STDIN:
            found.setdefault(STDIN)
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(raw).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            if not os.path.islink(raw):
                raise TargetError(f"{raw}: no such file or directory") from None
            is_dir = False  # a dangling link: reported when it cannot be read
        except OSError as exc:  # no permission, a loop of links, a name too long
            found.setdefault(raw)
            problems[raw] = describe_error(exc)
            continue
        except ValueError:  # a NUL byte in the name
            raise TargetError(f"{raw!r}: not a valid path") from None
        if is_dir:
            met: dict[str, str] = {}
            files = _walk(os.fspath(Path(raw)), settings, met)  # "./a/" walked as "a"
            if not files:
                wanted = " or ".join(settings.include)
                raise TargetError(f"{raw}: no {wanted} documents in this directory")
            problems.update(met)
            if found:
                found.update(dict.fromkeys(files))
            else:  # the usual case, one folder: built in one step
                found = dict.fromkeys(files)
        elif not settings.exclude or not any_match(
            settings.exclude, settings.relative(raw), folders=True
        ):
            found.setdefault(raw)
    return list(found), problems


_new_target = functools.partial(tuple.__new__, LintTarget)
"""``LintTarget((path,))`` without the Python-level ``__new__``: ten thousand of them add up."""
