"""The one folder walker, for ``rcml lint`` and for sites: ``os.walk``, top-down and sorted.

What both need is here: names starting with ``.`` are never listed (``.git``, ``.venv``,
``.env``), entries come sorted so that output is stable, a folder that cannot be listed is handed
to ``on_error`` in its place (never skipped in silence), and links to folders are either never
followed (lint: a link is not a second copy to check) or followed only while they stay inside the
root, each real folder once (a site: a link must not smuggle ``/etc`` in, nor loop; a folder beside
a link to it is walked under its own name). What to keep of each folder is the caller's: it
prunes :attr:`Folder.folders` in place, as with ``os.walk``.

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


PARTIAL = "_"
"""How a partial's name starts (``_header.xml.j2``): a file included by templates, never served,
walked or checked alone. One convention for the site and for ``rcml lint``'s walks."""


def is_partial(path: str) -> bool:
    """Whether the file at ``path`` (a name, or a POSIX path under a root) is a partial."""
    return path.rpartition("/")[2].startswith(PARTIAL)


def without_partials(names: list[str]) -> list[str]:
    """``names``, file names in one folder, less the partials: :func:`is_partial` on a whole
    folder's listing at once."""
    return [name for name in names if not name.startswith(PARTIAL)]


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
        regular: list[str] = []
        unusual: list[os.DirEntry[str]] = []  # folders, links, pipes, devices
        try:
            with os.scandir(path) as listing:
                for entry in listing:
                    try:  # the type the listing gives, without a stat (an lstat where unknown)
                        plain = entry.is_file(follow_symlinks=False)
                    except OSError:
                        plain = False
                    if plain:
                        regular.append(entry.name)
                    else:
                        unusual.append(entry)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if on_error is not None:
                on_error(path, exc)
            continue
        folders: list[str] = []
        others: list[str] = []
        links: list[os.DirEntry[str]] = []  # to folders: a real folder wins over a link to it
        for entry in sorted(unusual, key=_NAME):
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link that cannot be followed: reported when it is read
                is_dir = False
            if not is_dir:
                others.append(entry.name)
            elif entry.is_symlink():
                links.append(entry)
            elif _walked(entry, real_root, seen):
                folders.append(entry.name)
        if links:
            folders = sorted(folders + [e.name for e in links if _walked(e, real_root, seen)])
        files = sorted([name for name in regular if not name.startswith(".")] + others)
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
