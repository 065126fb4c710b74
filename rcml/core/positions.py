"""Exact 1-based line and column of every element and attribute, computed only when needed.

libxml2 records only the line where a start tag *ends*, and no column. Findings deserve better, so
when a document has something to report, its text is scanned once for start tags: in a
well-formed document without a DOCTYPE (the parser refuses those), every ``<`` that does not open
an end tag, a comment, a CDATA section or a processing instruction opens an element, in document
order. Attribute positions are found by scanning that start tag. Valid documents never pay for
this.

Cost is linear in the document, however many positions are asked for: the text is decoded once
(so offsets count characters, and a column is a subtraction), and the start tags' lines are
counted in one forward sweep, extended only as far as the furthest element asked about.
"""

from __future__ import annotations

import bisect
import re

_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(?=[^/!?])", re.DOTALL)
# White space in markup is XML's (ASCII), never a Unicode space that a name may hold.
_TAG_NAME = re.compile(r"<[^\s/>]+", re.ASCII)
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""", re.ASCII)


def unshift(line: int, column: int, fixes: dict[int, list[int]]) -> int:
    """Map a column of the &-fixed text back to the original text (each fix added 4 chars)."""
    if not fixes:
        return column
    before = bisect.bisect_left(fixes.get(line, []), column)
    return column - 4 * before


class PositionIndex:
    """Start offsets of the elements of one document, in document order."""

    def __init__(self, data: bytes, fixes: dict[int, list[int]]) -> None:
        self._text = text = data.decode("utf-8", "replace")
        self._fixes = fixes
        self._starts = [m.start() for m in _TOKEN.finditer(text) if m.end() - m.start() == 1]
        # The sweep: (line, offset of that line's start) of each element start seen so far.
        self._lines: list[int] = []
        self._line_starts: list[int] = []

    def _sweep_to(self, index: int) -> None:
        """Count the lines of the start tags up to the ``index``-th, from where the last sweep
        stopped: every character is read once, whatever the order of the questions."""
        text, starts, lines, line_starts = self._text, self._starts, self._lines, self._line_starts
        done = len(lines)
        if done:
            line, line_start, previous = lines[-1], line_starts[-1], starts[done - 1]
        else:
            line, line_start, previous = 1, 0, 0
        for offset in starts[done : index + 1]:
            newlines = text.count("\n", previous, offset)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", previous, offset) + 1
            lines.append(line)
            line_starts.append(line_start)
            previous = offset

    def element(self, index: int) -> tuple[int, int] | None:
        """Line and column (1-based, in the original text) of the index-th element."""
        if index >= len(self._starts):
            return None
        if index >= len(self._lines):
            self._sweep_to(index)
        line = self._lines[index]
        column = self._starts[index] - self._line_starts[index] + 1
        return line, unshift(line, column, self._fixes)

    def attribute(self, index: int, name: str) -> tuple[int, int] | None:
        """Line and column of attribute ``name`` of the index-th element (local names match)."""
        if index >= len(self._starts):
            return None
        start = self._starts[index]
        tag = _TAG_NAME.match(self._text, start)
        pos = tag.end() if tag else start + 1
        while True:
            match = _ATTRIBUTE.match(self._text, pos)
            if not match:
                return None
            qname = match.group(1)
            if qname == name or qname.rpartition(":")[2] == name:
                return self._within_tag(index, match.start(1))
            pos = match.end()

    def _within_tag(self, index: int, offset: int) -> tuple[int, int]:
        """Line and column of an offset inside the index-th element's start tag."""
        if index >= len(self._lines):
            self._sweep_to(index)
        start, text = self._starts[index], self._text
        line, line_start = self._lines[index], self._line_starts[index]
        newlines = text.count("\n", start, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", start, offset) + 1
        return line, unshift(line, offset - line_start + 1, self._fixes)
