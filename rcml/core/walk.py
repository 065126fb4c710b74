"""The one folder walker, for ``rcml lint`` and for sites: ``os.walk``, top-down and sorted.

What both need is here: names starting with ``.`` are never listed (``.git``, ``.venv``,
``.env``), entries come sorted so that output is stable, a folder that cannot be listed is handed
to ``on_error`` in its place (never skipped in silence), and links to folders are either never
followed (lint: a link is not a second copy to check) or followed only while they stay inside the
root, each real folder once (a site: a link must not smuggle ``/etc`` in, nor loop). What to keep
of each folder is the caller's: it prunes :attr:`Folder.folders` in place, as with ``os.walk``.

A stack, not recursion: a tree may be deeper than Python's stack.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterator
from typing import NamedTuple


class Folder(NamedTuple):
    """One folder of a walk. Remove names from ``folders`` to leave them out of the walk."""

    path: str  # the root as given, joined with the relative path ("." gives "app", not "./app")
    relative: str  # POSIX path under the root: "" for the root, else ending with "/"
    folders: list[str]
    files: list[str]  # every name that is not a folder: regular files, links, dangling links
    others: list[str]  # those of files the listing does not show as regular files (see walk)


def is_partial(path: str) -> bool:
    """Whether the file at ``path`` (a name, or a POSIX path under a root) is a partial
    (``_header.xml.j2``): included by templates, never served, walked or checked alone. One
    convention for the site and for ``rcml lint``'s walks."""
    return path.rpartition("/")[2].startswith("_")


def join(folder: str, name: str) -> str:
    """``folder/name`` as it is shown: ``name`` alone in the current folder (``.``)."""
    if folder in (".", ""):
        return name
    return folder + name if folder.endswith(os.sep) else folder + os.sep + name


def walk(
    root: str,
    *,
    inside_only: bool = False,
    on_error: Callable[[str, OSError], None] | None = None,
) -> Iterator[Folder]:
    """The folders under ``root`` (itself first), each listed once, top-down and sorted.

    ``inside_only``: follow links to folders whose real path is inside the root's (each real
    folder once), else links to folders are not walked at all. A folder that disappears while
    the walk runs is skipped; one that cannot be listed is passed to ``on_error``.

    :attr:`Folder.others` names the files that are not regular files by the listing itself (the
    file type ``scandir`` gives at no cost; an ``lstat`` where the file system does not tell):
    links, pipes, sockets, devices. A reader that must not open those unlooked (a pipe would
    block) can open the other files straight away.
    """
    real_root = os.path.realpath(root) if inside_only else ""
    seen = {real_root}
    pending = [(root, "")]
    while pending:
        path, relative = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=_NAME)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if on_error is not None:
                on_error(path, exc)
            continue
        folders: list[str] = []
        files: list[str] = []
        others: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:  # DirEntry knows from the listing itself, without a stat, except for links
                if entry.is_file(follow_symlinks=False):
                    files.append(name)
                    continue
                is_dir = entry.is_dir()
            except OSError:  # a link that cannot be followed: reported when it is read
                is_dir = False
            if not is_dir:
                files.append(name)
                others.append(name)
            elif _walked(entry, real_root, seen):
                folders.append(name)
        yield Folder(path, relative, folders, files, others)
        pending.extend((join(path, name), f"{relative}{name}/") for name in reversed(folders))


_NAME = operator.attrgetter("name")


def _walked(entry: os.DirEntry[str], real_root: str, seen: set[str]) -> bool:
    """Whether the folder (or link to one) ``entry`` is walked."""
    if not real_root:
        return not entry.is_symlink()
    real = os.path.realpath(entry.path)
    if real in seen or not (real + os.sep).startswith(real_root.rstrip(os.sep) + os.sep):
        return False
    seen.add(real)
    return True
