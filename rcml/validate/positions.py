"""Exact 1-based line and column of every element and attribute, computed only when needed.

libxml2 records only the line where a start tag *ends*, and no column. Findings deserve better, so
when a document has something to report, the same bytes are read once more with expat, which knows
where each start tag begins; attribute positions are found by scanning that start tag. Valid
documents never pay for this.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from pyexpat import ExpatError, ParserCreate

_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_TAG_NAME = re.compile(r"<[^\s/>]+")


def unshift(line: int, column: int, fixes: dict[int, list[int]]) -> int:
    """Map a column of the &-fixed text back to the original text (each fix added 4 chars)."""
    before = bisect.bisect_left(fixes.get(line, []), column)
    return column - 4 * before


class PositionIndex:
    """Start positions of the elements of one document, in document order."""

    def __init__(self, data: bytes, fixes: dict[int, list[int]]) -> None:
        self._text = data.decode("utf-8")
        self._fixes = fixes
        self._starts: list[tuple[int, int]] = []  # (line, 0-based column) of each '<'
        parser = ParserCreate()
        starts = self._starts

        def on_start(name: str, attributes: object) -> None:
            starts.append((parser.CurrentLineNumber, parser.CurrentColumnNumber))

        parser.StartElementHandler = on_start
        with contextlib.suppress(ExpatError):  # lxml accepted these bytes already
            parser.Parse(data, True)
        self._line_offsets: list[int] | None = None

    def element(self, index: int) -> tuple[int, int] | None:
        """Line and column (1-based, in the original text) of the index-th element."""
        if index >= len(self._starts):
            return None
        line, col0 = self._starts[index]
        return line, unshift(line, col0 + 1, self._fixes)

    def attribute(self, index: int, name: str) -> tuple[int, int] | None:
        """Line and column of attribute ``name`` of the index-th element (local names match)."""
        if index >= len(self._starts):
            return None
        offsets = self._offsets()
        line, col0 = self._starts[index]
        start = offsets[line - 1] + col0
        tag = _TAG_NAME.match(self._text, start)
        pos = tag.end() if tag else start + 1
        while True:
            match = _ATTRIBUTE.match(self._text, pos)
            if not match:
                return None
            qname = match.group(1)
            if qname == name or qname.rpartition(":")[2] == name:
                at = match.start(1)
                at_line = bisect.bisect_right(offsets, at)
                column = at - offsets[at_line - 1] + 1
                return at_line, unshift(at_line, column, self._fixes)
            pos = match.end()

    def _offsets(self) -> list[int]:
        if self._line_offsets is None:
            offsets = [0]
            for match in re.finditer("\n", self._text):
                offsets.append(match.end())
            self._line_offsets = offsets
        return self._line_offsets
