"""Reading documents with a size cap, without paying for the cap on every small file."""

from __future__ import annotations

import os
from typing import BinaryIO


def read_capped(handle: BinaryIO, cap: int) -> bytes:
    """Read at most ``cap + 1`` bytes (one more than allowed is enough to refuse the document).

    ``read(cap + 1)`` would allocate the whole cap for every small file; regular files are read
    by their size instead, and pipes in chunks.
    """
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError):
        size = 0
    if 0 < size <= cap:
        return handle.read(size + 1)
    chunks: list[bytes] = []
    total = 0
    while total <= cap:
        chunk = handle.read(min(65536, cap + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
