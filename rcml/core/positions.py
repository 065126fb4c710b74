"""Exact 1-based line and column of every element and attribute, computed only when needed.

libxml2 records only the line where a start tag *ends*, and no column. Findings deserve better, so
when a document has something to report, its bytes are scanned once for start tags: in a
well-formed document without a DOCTYPE (the parser refuses those), every ``<`` that does not open
an end tag, a comment, a CDATA section or a processing instruction opens an element, in document
order. Attribute positions are found by scanning that start tag. Valid documents never pay for
this.
"""

from __future__ import annotations

import bisect
import re

_TOKEN = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(?=[^/!?])", re.DOTALL)
_TAG_NAME = re.compile(rb"<[^\s/>]+")
_ATTRIBUTE = re.compile(rb"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")


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
        self._fixes = fixes
        self._starts = [m.start() for m in _TOKEN.finditer(data) if m.end() - m.start() == 1]

    def _line_col(self, offset: int) -> tuple[int, int]:
        # A few positions per document: counting in C beats building a table of line starts.
        data = self._data
        line = data.count(b"\n", 0, offset) + 1
        start = data.rfind(b"\n", 0, offset) + 1
        column = len(data[start:offset].decode("utf-8", "replace")) + 1
        return line, unshift(line, column, self._fixes)

    def element(self, index: int) -> tuple[int, int] | None:
        """Line and column (1-based, in the original text) of the index-th element."""
        if index >= len(self._starts):
            return None
        return self._line_col(self._starts[index])

    def attribute(self, index: int, name: str) -> tuple[int, int] | None:
        """Line and column of attribute ``name`` of the index-th element (local names match)."""
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
            if qname == wanted or qname.rpartition(b":")[2] == wanted:
                return self._line_col(match.start(1))
            pos = match.end()
