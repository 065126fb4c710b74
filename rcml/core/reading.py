"""Reading documents with a size cap, cheaply: one open, one fstat, one read for a small file."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO


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


def read_file_and_stat(path: str | os.PathLike[str], cap: int) -> tuple[bytes, os.stat_result]:
    """:func:`read_file_capped`, with the ``fstat`` of the open file taken before reading it: the
    stat that goes with exactly these bytes, at no extra cost (what ``rcml lint``'s cache records).

    A separate function rather than a flag, so that the validator's own reads stay as they are.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        stat = os.fstat(fd)
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
