"""A progress bar for long runs on a terminal; never in CI logs, never when output is piped.

It writes to standard error, redraws at most ten times a second, and erases itself when the run
ends, so that the findings on standard output are all that remains on screen.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import TextIO

MIN_FILES = 200
"""Runs with fewer files finish before a bar would help."""


def wanted(
    stdout: TextIO, stderr: TextIO, total: int, environ: Mapping[str, str] | None = None
) -> bool:
    """True when a bar helps: both streams are terminals, not in CI, and the run is long."""
    env = os.environ if environ is None else environ
    if env.get("CI", "").lower() not in ("", "0", "false") or env.get("TERM") == "dumb":
        return False
    return total >= MIN_FILES and _isatty(stdout) and _isatty(stderr)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """``[#####.....]  512/10000 files`` on one line of ``stream``."""

    WIDTH = 30

    def __init__(self, stream: TextIO, total: int, interval: float = 0.1) -> None:
        self.stream = stream
        self.total = max(1, total)
        self.interval = interval
        self._last = float("-inf")
        self._drawn = False

    def update(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self._last < self.interval:
            return
        self._last = now
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done:>{len(str(self.total))}}/{self.total} files")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Erase the bar (before other output); the next update draws it again."""
        if self._drawn:
            self.stream.write("\r" + " " * (self.WIDTH + 2 * len(str(self.total)) + 10) + "\r")
            self.stream.flush()
            self._drawn = False
            self._last = float("-inf")

    close = clear
