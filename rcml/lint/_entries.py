"""Cache entries: what is recorded about one file, computed where the file was read.

An entry is one short string, ``"MTIME_NS:SIZE:INODE|CONTEXT|DIGEST"``: the ``fstat`` of the open
file (taken before it was read), the kind of document it was checked as, and a hash of the bytes
that were checked. Strings, because a JSON file of ten thousand strings loads four times faster
than the same data as nested lists of numbers.

A run first trusts the stat (no read at all); when the stat differs (a checkout, a restored CI
cache, ``touch``) it reads the file and trusts the digest. A file modified less than
:data:`RACY_NS` before it was read gets ``racy`` for a stat: its time stamp cannot tell a later
edit apart (the "racily clean" problem git solves the same way), so only its digest counts.
"""

from __future__ import annotations

import os

RACY_NS = 2_000_000_000
RACY = "racy"


def stat_prefix(stat: os.stat_result, context: str) -> str:
    """The part of an entry that a ``stat`` alone can confirm: ``"MTIME:SIZE:INODE|CONTEXT|"``."""
    return f"{stat.st_mtime_ns}:{stat.st_size}:{stat.st_ino}|{context}|"


def digest(data: bytes) -> str:
    """A 128-bit BLAKE2 hash of ``data``, in hex (hashlib is imported only by runs that hash)."""
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def make_entry(stat: os.stat_result, started_ns: int, context: str, hashed: str) -> str:
    """The entry for content of digest ``hashed``, read under ``stat`` by a read that started at
    ``started_ns`` (wall clock)."""
    if started_ns - stat.st_mtime_ns < RACY_NS:
        return f"{RACY}|{context}|{hashed}"
    return stat_prefix(stat, context) + hashed


def split(entry: str) -> tuple[str, str, str] | None:
    """``(stat, context, digest)`` of a well-formed entry, else None."""
    parts = entry.split("|")
    if len(parts) != 3 or len(parts[2]) != 32:
        return None
    return parts[0], parts[1], parts[2]
