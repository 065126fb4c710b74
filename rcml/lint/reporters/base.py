"""The reporter lifecycle: ``start()``, then ``file(result)`` for each file in order, ``finish()``.

A reporter writes to one text stream. Streaming formats (text, github) write as results arrive;
documents that need totals or one closing bracket (json, sarif, junit) write in ``finish``. Every
reporter sees the same results in the same order, whatever ``--jobs`` is.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple, TextIO

from rcml.core.findings import Severity
from rcml.lint.result import FileResult, Summary


class RunInfo(NamedTuple):
    """What a reporter may want to know about the run besides the results."""

    version: str = "0"
    fail_on: Severity = Severity.ERROR
    show_source: bool = False  # text: the offending line and a caret under the column
    color: bool = False  # text: ANSI colours


class Reporter:
    """Base class: subclasses set ``name`` and ``description`` and override the three steps."""

    name: ClassVar[str]
    description: ClassVar[str]
    wants_source: ClassVar[bool] = False  # True: results must carry the file's text

    def __init__(self, stream: TextIO, info: RunInfo) -> None:
        self.stream = stream
        self.info = info

    def start(self) -> None:
        """Called once, before the first result."""

    def file(self, result: FileResult) -> None:
        """Called once per file, in the order the files were given."""

    def finish(self, summary: Summary) -> None:
        """Called once, after the last result, with the run's totals."""


REPORTERS: dict[str, type[Reporter]] = {}


def register(cls: type[Reporter]) -> type[Reporter]:
    """Class decorator: make a reporter available to ``--format``."""
    REPORTERS[cls.name] = cls
    return cls
