"""Exact 1-based line and column of every element and attribute, computed only when needed.

libxml2 records only the line where a start tag *ends*, and no column. Findings deserve better, so
when a document has something to report, its bytes are scanned once for start tags: in a
well-formed document without a DOCTYPE (the parser refuses those), every ``<`` that does not open
an end tag, a comment, a CDATA section or a processing instruction opens an element, in document
order. Attribute positions are found by scanning that start tag. Valid documents never pay for
this.

Cost is linear in the document, however many positions are asked for: line starts are found in
one pass, a line's columns count characters with one decoding of that line (none for an ASCII
line), and questions about the same line go on from where the last one stopped.

The same scan gives fixes their exact place (:meth:`PositionIndex.attribute_span`,
:meth:`PositionIndex.end_tag`): byte offsets into the parsed text, which
:meth:`PositionIndex.line_col` turns into a position in the original, and :class:`LineTable` turns
back into an offset in the original bytes.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

_TOKEN = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(?=[^/!?])", re.DOTALL)
_TAG_NAME = re.compile(rb"<[^\s/>]+")
_ATTRIBUTE = re.compile(rb"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_TAG_END = re.compile(rb"\s*(/?)>")
# What can follow an element's start tag, up to its end tag: markup that holds no element, end
# tags, and start tags (whose quoted values may hold '>').
_MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|</[^\s>]+\s*>"
    rb"""|<[^\s/>!?]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""",
    re.DOTALL,
)
_UTF8_BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile(rb"\n")


class AttributeSpan(NamedTuple):
    """Where one attribute stands in the parsed text, as byte offsets: from the white space before
    its name to its closing quote."""

    start: int  # the white space before the name
    name: int  # the name (with its prefix, if any)
    name_end: int
    value: int  # the first character inside the quotes
    value_end: int  # the closing quote


def text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of one character offset, for the few positions found outside a
    :class:`PositionIndex` (a document that did not parse, a comment)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """:func:`text_position` of a byte offset into UTF-8 (columns count characters)."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def unshift(line: int, column: int, fixes: dict[int, list[int]]) -> int:
    """Map a column of the &-fixed text back to the original text (each fix added 4 chars)."""
    if not fixes:
        return column
    before = bisect.bisect_left(fixes.get(line, []), column)
    return column - 4 * before


class PositionIndex:
    """Start offsets of the elements of one document, in document order."""

    def __init__(self, data: bytes, fixes: dict[int, list[int]]) -> None:
        self._data = data
        self._line_starts: list[int] | None = None
        self._all_ascii = False
        self._ascii: dict[int, bool] = {}
        self._chars: dict[int, tuple[int, int]] = {}  # line index -> (offset, characters before)
        self._fixes = fixes
        self._starts = [m.start() for m in _TOKEN.finditer(data) if m.end() - m.start() == 1]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column, in the original text, of a byte offset in the parsed text."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(self._data))]
            self._all_ascii = self._data.isascii()  # then no line needs decoding
        starts = self._line_starts
        index = bisect.bisect_right(starts, offset) - 1
        start = starts[index]
        if self._all_ascii or self._ascii_line(index):
            column = offset - start + 1
        else:  # go on from the last question about this line, when it was before this one
            known, chars = self._chars.get(index, (start, 0))
            if known > offset:
                known, chars = start, 0
            chars += len(self._data[known:offset].decode("utf-8", "replace"))
            self._chars[index] = (offset, chars)
            column = chars + 1
        if self._fixes:
            column = unshift(index + 1, column, self._fixes)
        return index + 1, column

    def _ascii_line(self, index: int) -> bool:
        found = self._ascii.get(index)
        if found is None:
            starts = self._line_starts or [0]
            end = starts[index + 1] if index + 1 < len(starts) else len(self._data)
            found = self._ascii[index] = self._data[starts[index] : end].isascii()
        return found

    def text(self, start: int, end: int) -> str:
        """The parsed text between two byte offsets."""
        return self._data[start:end].decode("utf-8", "replace")

    def element(self, index: int) -> tuple[int, int] | None:
        """Line and column (1-based, in the original text) of the index-th element."""
        if index >= len(self._starts):
            return None
        return self.line_col(self._starts[index])

    def attribute(self, index: int, name: str) -> tuple[int, int] | None:
        """Line and column of attribute ``name`` of the index-th element (local names match)."""
        span = self.attribute_span(index, name)
        return None if span is None else self.line_col(span.name)

    def attribute_span(self, index: int, name: str, exact: bool = False) -> AttributeSpan | None:
        """Where attribute ``name`` of the index-th element stands (its local name matches, or
        with ``exact`` its name as written)."""
        if index >= len(self._starts):
            return None
        start = self._starts[index]
        tag = _TAG_NAME.match(self._data, start)
        pos = tag.end() if tag else start + 1
        wanted = name.encode("utf-8")
        while True:
            match = _ATTRIBUTE.match(self._data, pos)
            if not match:
                return None
            qname = match.group(1)
            if qname == wanted or (not exact and qname.rpartition(b":")[2] == wanted):
                return AttributeSpan(
                    match.start(),
                    match.start(1),
                    match.end(1),
                    match.start(2) + 1,
                    match.end(2) - 1,
                )
            pos = match.end()

    def tag_name(self, index: int) -> tuple[int, str] | None:
        """Offset and text of the index-th element's name in its start tag."""
        if index >= len(self._starts):
            return None
        tag = _TAG_NAME.match(self._data, self._starts[index])
        if tag is None:
            return None
        return tag.start() + 1, tag.group()[1:].decode("utf-8", "replace")

    def start_tag_end(self, index: int) -> tuple[int, bool] | None:
        """The offset just after the index-th element's start tag, and whether it is
        self-closing (``<Hangup/>``)."""
        if index >= len(self._starts):
            return None
        tag = _MARKUP.match(self._data, self._starts[index])
        if tag is None:
            return None
        return tag.end(), tag.group(1) == b"/"

    def end_tag(self, index: int) -> int | None:
        """The offset of the ``</`` that closes the index-th element (None: it is self-closing,
        or the text is not the well-formed document it was parsed from)."""
        after = self.start_tag_end(index)
        if after is None or after[1]:
            return None
        depth, pos, data = 1, after[0], self._data
        while True:
            found = data.find(b"<", pos)
            if found < 0:
                return None
            match = _MARKUP.match(data, found)
            if match is None:
                return None
            if data.startswith(b"</", found):
                depth -= 1
                if depth == 0:
                    return found
            elif match.group(1) == b"":
                depth += 1  # a start tag that is not self-closing
            pos = match.end()


class LineTable:
    """Byte offsets of 1-based (line, column) positions, as findings give them, in the document
    as written.

    Lines end at ``\n`` (a CRLF line's ``\r`` is its last character, after any column that
    matters) and columns count characters; a UTF-8 byte order mark is not part of line 1's
    columns, as the parser drops it.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        first = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
        self._starts = [first, *(m.end() for m in _NEWLINE.finditer(data))]

    def offset(self, line: int, column: int) -> int | None:
        """The offset of ``line`` and ``column``, or None when the document has no such place."""
        if not 0 < line <= len(self._starts) or column < 1:
            return None
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self._data)
        # a character is at most 4 bytes: decode no more of a long line than the column needs
        stop = min(end, start + 4 * (column - 1))
        head = self._data[start:stop].decode("utf-8", "replace")[: column - 1]
        if len(head) < column - 1:
            return None
        return start + len(head.encode("utf-8"))
