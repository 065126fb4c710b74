"""Decide a document's encoding before any parser sees it: UTF-8, or an RCML003 finding.

libxml2 chooses an encoding by itself, from a byte order mark, from the first four bytes (XML 1.0,
appendix F) or from the XML declaration. Every byte-level check rcml makes before parsing (the
DOCTYPE refusal above all) reads ASCII, so a document in UTF-16 or UTF-32 without a byte order
mark but with a declaration once slipped past them all. The encoding is therefore decided here,
once, for every caller: the bytes must be UTF-8 (after an optional UTF-8 byte order mark) and hold
no NUL, which no XML document holds but which every UTF-16 or UTF-32 one does. The parser is then
told UTF-8, so that no declaration can make it switch.
"""

from __future__ import annotations

import re

from rcml.core.findings import Finding
from rcml.core.positions import byte_position, text_position
from rcml.rules.document import NotUtf8

UTF8_BOM = b"\xef\xbb\xbf"
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_BOM_STARTS = (b"\xff", b"\xfe", b"\x00")
# Appendix F: what the first four bytes of a document without a byte order mark say about its
# encoding. Each pattern is a first ASCII character (such as "<") in that encoding.
_SIGNATURES = (
    (re.compile(rb"\x00\x00\x00[^\x00]", re.DOTALL), "UTF-32BE"),
    (re.compile(rb"[^\x00]\x00\x00\x00", re.DOTALL), "UTF-32LE"),
    (re.compile(rb"\x00[^\x00]\x00[^\x00]", re.DOTALL), "UTF-16BE"),
    (re.compile(rb"[^\x00]\x00[^\x00]\x00", re.DOTALL), "UTF-16LE"),
    (re.compile(rb"\x4c\x6f\xa7\x94"), "EBCDIC"),
)
# The declarations nearly every document starts with, accepted without a regular expression.
_COMMON_DECLARATIONS = (
    b'<?xml version="1.0" encoding="UTF-8"?>',
    b'<?xml version="1.0" encoding="utf-8"?>',
    b'<?xml version="1.0"?>',
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b"<?xml version='1.0' encoding='utf-8'?>",
)
# Encodings Restcomm's download check (Xerces, reading the body re-encoded as UTF-8) accepts
# and that read plain ASCII as ASCII: declared on an ASCII-only document they change nothing.
_ASCII_SUPERSETS = frozenset(
    {
        b"us-ascii",
        b"ascii",
        b"iso-8859-1",
        b"iso_8859-1",
        b"iso8859-1",
        b"iso8859_1",
        b"latin1",
        b"l1",
        b"iso-8859-2",
        b"iso-8859-3",
        b"iso-8859-4",
        b"iso-8859-5",
        b"iso-8859-6",
        b"iso-8859-7",
        b"iso-8859-8",
        b"iso-8859-9",
        b"iso-8859-13",
        b"iso-8859-15",
        b"iso-8859-16",
        b"windows-1250",
        b"windows-1251",
        b"windows-1252",
        b"windows-1253",
        b"windows-1254",
        b"windows-1255",
        b"windows-1256",
        b"windows-1257",
        b"windows-1258",
        b"cp1252",
        b"shift_jis",
        b"sjis",
        b"euc-jp",
        b"euc-kr",
        b"gb2312",
        b"gbk",
        b"gb18030",
        b"big5",
        b"koi8-r",
        b"koi8-u",
        b"ibm437",
    }
)
_DECLARATION = re.compile(rb"<\?xml\s[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_UTF8_NAMES = (b"utf-8", b"utf8")
_SAVE_AS_UTF8 = "save the file as UTF-8"


def encode_text(source: str) -> bytes | Finding:
    """A ``str`` document as UTF-8 bytes, or the finding for a character no encoding can write (a
    lone surrogate, as ``bytes.decode(errors="surrogateescape")`` makes)."""
    try:
        return source.encode("utf-8")
    except UnicodeEncodeError as exc:
        line, column = text_position(source, exc.start)
        return NotUtf8.at(
            line,
            column,
            f"character U+{ord(source[exc.start]):04X} is a lone surrogate, not text",
            "pass the document as bytes, or decode it with errors='strict'",
        )


def encoding_problem(data: bytes) -> Finding | None:
    """The finding that keeps ``data`` (UTF-8 byte order mark removed) from the parser, if any:
    a UTF-16 or UTF-32 byte order mark, a NUL byte (UTF-16, UTF-32), bytes that are not UTF-8, or
    a declaration naming another encoding (see :func:`declared_encoding_problem`)."""
    if data[:1] in _BOM_STARTS:
        for bom, name in _BOMS.items():
            if data.startswith(bom):
                return NotUtf8.at(
                    1, 1, f"the document starts with a {name} byte order mark", _SAVE_AS_UTF8
                )
    nul = data.find(b"\x00")
    if nul >= 0:
        return _nul_problem(data, nul)
    try:
        if not data.isascii():  # ASCII is UTF-8: most documents need no decoding here
            data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guessed = _guess(data)
        if guessed is not None:
            return guessed
        line, column = byte_position(data, exc.start)
        return NotUtf8.at(
            line, column, f"byte 0x{data[exc.start]:02x} is not valid UTF-8", _SAVE_AS_UTF8
        )
    return declared_encoding_problem(data)


def declared_encoding_problem(data: bytes) -> Finding | None:
    """What an XML declaration naming an encoding other than UTF-8 is worth, on bytes that are
    UTF-8. The parser reads UTF-8 whatever the declaration says, so this is a verdict on the
    document as Restcomm reads it, not a safety check: the one place that decides it."""
    if data.startswith(_COMMON_DECLARATIONS):
        return None
    stripped = data.lstrip()
    match = _DECLARATION.match(stripped)
    if match is None or match.group(1).lower() in _UTF8_NAMES:
        return None
    encoding = match.group(1)
    if encoding.lower() in _ASCII_SUPERSETS and data.isascii():
        return None  # Restcomm reads the body as UTF-8; plain ASCII reads the same in both
    declared = encoding.decode("utf-8", "replace")
    line, column = byte_position(data, len(data) - len(stripped) + match.start(1))
    why = (
        "Restcomm decodes the body as UTF-8 but checks it as "
        f"{declared}, so text that is not plain ASCII is refused or read differently"
        if encoding.lower() in _ASCII_SUPERSETS
        else "Restcomm's download check cannot read the document in that encoding and "
        "the call ends"
    )
    return NotUtf8.at(
        line,
        column,
        f"the XML declaration names encoding {declared!r}: {why}",
        'declare encoding="UTF-8" and save the file as UTF-8',
    )


def _guess(data: bytes) -> Finding | None:
    """A finding naming the encoding the first four bytes reveal (appendix F), if they do."""
    start = data[:4]
    for signature, name in _SIGNATURES:
        if signature.fullmatch(start):
            return NotUtf8.at(
                1, 1, f"the document is in {name} (without a byte order mark)", _SAVE_AS_UTF8
            )
    return None


def _nul_problem(data: bytes, offset: int) -> Finding:
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    line, column = byte_position(data, offset)
    return NotUtf8.at(
        line,
        column,
        "byte 0x00 (NUL) cannot be in an XML document: the file is binary, UTF-16 or UTF-32",
        _SAVE_AS_UTF8,
    )
