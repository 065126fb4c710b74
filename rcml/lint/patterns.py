"""Glob patterns as ``.gitignore`` reads them (``pathspec``), and the ``.gitignore`` of a walk.

Every pattern of the configuration (``include``, ``exclude``, ``per-file-ignores``,
``per-file-context``) is matched against the path relative to the configuration's folder with
git's rules: a pattern without a ``/`` (``*.xml.j2``, ``build``) matches a name at any depth, one
with a ``/`` (``waits/*.xml``, ``legacy/**``) is relative to that folder, a pattern naming a
folder matches everything inside it, ``!`` takes a path back. pathspec is imported only by runs
that match a pattern.

A ``.gitignore`` applies to its own folder and below, a deeper one first (as in git); the files
above the walked folder count up to the repository's root (the folder holding ``.git``, whose
``.git/info/exclude`` counts too). Outside a repository only the walked folder's own and its
subfolders' count.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rcml.core.reading import read_file_and_stat

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

MAX_GITIGNORE = 1 << 20
"""A ``.gitignore`` larger than this is not read (no real one comes near)."""


@functools.lru_cache(maxsize=256)
def compile_patterns(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """The patterns as one gitignore-style specification."""
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


def matches(patterns: tuple[str, ...], relative: str) -> bool:
    """True when ``relative`` (a POSIX path; a folder ends with ``/``) is matched by
    ``patterns``, as ``.gitignore`` would match it (the last matching pattern decides)."""
    return bool(patterns) and compile_patterns(patterns).match_file(relative)


class Ignores(NamedTuple):
    """The patterns of one ``.gitignore``. Folders are judged by all of them; files without
    those that name only folders (``build/``, half of a usual ``.gitignore``): a walk never
    enters an ignored folder, so such a pattern could match a file only through a folder
    already left out, and checking each file against it would cost for nothing."""

    folders: GitIgnoreSpec
    files: GitIgnoreSpec | None


class GitIgnore(NamedTuple):
    """One ``.gitignore`` file, placed relative to a walk: a path under the walk's root is
    ``add + path[len(strip):]`` under the file's folder."""

    strip: str  # the walk-relative folder of a .gitignore inside the walk ("" for the root)
    add: str  # the walk root under the folder of a .gitignore above it ("" for the others)
    ignores: Ignores


Chain = tuple[GitIgnore, ...]
"""The ``.gitignore`` files that apply in one folder, the outermost first."""


def ignored(chain: Chain, relative: str) -> bool:
    """Whether git ignores ``relative`` (under the walk's root; a folder ends with ``/``)."""
    folder = relative.endswith("/")
    for item in reversed(chain):  # the deepest file that has a say decides
        spec = item.ignores.folders if folder else item.ignores.files
        if spec is None:
            continue
        verdict = spec.check_file(item.add + relative[len(item.strip) :]).include
        if verdict is not None:
            return verdict
    return False


def ignores_the_root(item: GitIgnore) -> bool:
    """Whether ``item``, a ``.gitignore`` above the walk, ignores the walked folder itself (or
    a folder on the way to it)."""
    return item.ignores.folders.check_file(item.add).include is True


def read_gitignore(path: str) -> Ignores | None:
    """The patterns of the ``.gitignore`` (or ``info/exclude``) at ``path``, None when there is
    none (or it cannot be read: a file git cannot read ignores nothing either)."""
    try:
        data, _ = read_file_and_stat(path, MAX_GITIGNORE)
    except (OSError, ValueError):
        return None
    lines = [line for line in data.decode("utf-8", "replace").splitlines() if _said(line)]
    if not lines:
        return None
    files = tuple(line for line in lines if not line.rstrip().endswith("/"))
    return Ignores(compile_patterns(tuple(lines)), compile_patterns(files) if files else None)


def _said(line: str) -> bool:
    """Whether a ``.gitignore`` line is a pattern (not blank, not a comment)."""
    return bool(line.strip()) and not line.startswith("#")


def own(chain: Chain, folder: str, relative: str) -> Chain:
    """``chain`` with the ``.gitignore`` of ``folder`` (at ``relative`` in the walk) if any."""
    spec = read_gitignore(os.path.join(folder, ".gitignore"))
    return chain if spec is None else (*chain, GitIgnore(relative, "", spec))


def above(folder: str) -> Chain:
    """The ``.gitignore`` files of the folders above ``folder`` that apply to it (and
    ``.git/info/exclude``), up to the repository's root; none outside a repository."""
    here = os.path.realpath(folder)
    found: list[GitIgnore] = []
    add = ""
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            exclude = read_gitignore(os.path.join(here, ".git", "info", "exclude"))
            if exclude is not None:
                found.insert(0, GitIgnore("", add, exclude))
            return tuple(found)
        parent, name = os.path.split(here)
        if not name:  # the file system's root: not in a repository
            return ()
        add = f"{name}/{add}"
        spec = read_gitignore(os.path.join(parent, ".gitignore"))
        if spec is not None:
            found.insert(0, GitIgnore("", add, spec))
        here = parent


def hidden_or_skipped(relative: str, names: Sequence[str]) -> bool:
    """Whether a folder on the way to ``relative`` (a POSIX path) is hidden or one of
    ``names``, as a walk would have skipped it."""
    return any(
        part not in (".", "..") and (part.startswith(".") or part in names)
        for part in relative.split("/")[:-1]
    )
