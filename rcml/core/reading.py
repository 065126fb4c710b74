"""Reading documents with a size cap, cheaply: one open, one fstat, one read for a small file;
and writing files so that nothing already at the destination (a link) is written through."""

from __future__ import annotations

import contextlib
import errno
import os
import stat as stat_module
from collections.abc import Callable
from typing import BinaryIO

_KINDS = {
    stat_module.S_IFIFO: "a named pipe",
    stat_module.S_IFSOCK: "a socket",
    stat_module.S_IFCHR: "a character device",
    stat_module.S_IFBLK: "a block device",
}


_READ_REGULAR = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFileError(OSError):
    """A path that names a named pipe, a socket or a device: opening one for reading may block
    for ever (a pipe with no writer) or act on a device, so such files are refused unopened."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        kind = _KINDS.get(stat_module.S_IFMT(mode), "not a file")
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", os.fspath(path))


def _refuse(path: str | os.PathLike[str], mode: int) -> OSError:
    if stat_module.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    return NotRegularFileError(path, mode)


def read_file_capped(path: str | os.PathLike[str], cap: int) -> bytes:
    """The bytes of the file at ``path``, at most ``cap + 1`` of them (enough to refuse it).

    Raises OSError like ``open()``. ``open(...).read(cap + 1)`` would allocate the whole cap for
    every small file; a regular file is read by its size instead, anything else in chunks.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if 0 < size <= cap:
            data = os.read(fd, size + 1)
            if len(data) <= size:  # a file that grew while read falls through to the loop
                return data
            return data + _read_chunks(lambda n: os.read(fd, n), cap - len(data))
        return _read_chunks(lambda n: os.read(fd, n), cap)
    finally:
        os.close(fd)


def read_file_and_stat(
    path: str | os.PathLike[str], cap: int, *, listed: bool = False
) -> tuple[bytes, os.stat_result]:
    """:func:`read_file_capped` for regular files only, with the ``fstat`` of the open file taken
    before reading it: the stat that goes with exactly these bytes, at no extra cost (what
    ``rcml lint``'s cache records).

    Raises :class:`NotRegularFileError` for anything else, without opening it (``stat`` first);
    the open itself cannot block (``O_NONBLOCK``) should a pipe replace the file in between, and
    the ``fstat`` refuses it then. ``listed``: a folder listing has just shown a regular file at
    ``path`` (:attr:`rcml.core.walk.Folder.others`), so the ``stat`` before opening is left out
    (the ``fstat`` still refuses anything else). A function apart from
    :func:`read_file_capped`, so that the validator's own reads stay as they are.
    """
    if not listed:
        mode = os.stat(path).st_mode
        if not stat_module.S_ISREG(mode):
            raise _refuse(path, mode)
    fd = os.open(path, _READ_REGULAR)
    try:
        stat = os.fstat(fd)
        if not stat_module.S_ISREG(stat.st_mode):
            raise _refuse(path, stat.st_mode)
        if 0 < stat.st_size <= cap:
            data = os.read(fd, stat.st_size + 1)
            if len(data) <= stat.st_size:
                return data, stat
            return data + _read_chunks(lambda n: os.read(fd, n), cap - len(data)), stat
        return _read_chunks(lambda n: os.read(fd, n), cap), stat
    finally:
        os.close(fd)


def read_capped(handle: BinaryIO, cap: int) -> bytes:
    """At most ``cap + 1`` bytes from an open binary stream (standard input, a pipe)."""
    return _read_chunks(handle.read, cap)


def _read_chunks(read: Callable[[int], bytes], cap: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total <= cap:
        chunk = read(min(65536, cap + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def write_file_replacing(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a new file in the same folder, then rename it over
    ``path``: a link already at ``path`` is replaced, never written through, and a reader sees
    the old file or the new one, never half of one.

    The temporary name is random and created exclusively (``O_EXCL``, ``O_NOFOLLOW``), so nothing
    planted in the folder is opened; its mode is the usual one (``0o666`` less the umask), as
    ``open(path, "w")`` would give. Raises OSError; the temporary file never outlives a failure.
    """
    target = os.fspath(path)
    folder, name = os.path.split(target)
    import secrets  # here, not above: 10 ms of every `rcml lint` start-up, for writes only

    temporary = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
