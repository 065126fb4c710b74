"""The progress bar: only on terminals, never in CI, never when piped."""

from __future__ import annotations

import io

from rcml.lint.progress import MIN_FILES, ProgressBar, wanted


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_terminals_outside_ci_for_long_runs() -> None:
    tty, pipe = Tty(), io.StringIO()
    assert wanted(tty, tty, MIN_FILES, environ={})
    assert not wanted(tty, tty, MIN_FILES - 1, environ={})
    assert not wanted(tty, tty, MIN_FILES, environ={"CI": "true"})
    assert wanted(tty, tty, MIN_FILES, environ={"CI": "false"})
    assert not wanted(tty, tty, MIN_FILES, environ={"TERM": "dumb"})
    assert not wanted(pipe, tty, MIN_FILES, environ={})
    assert not wanted(tty, pipe, MIN_FILES, environ={})


def test_bar_draws_throttled_and_erases_itself() -> None:
    stream = Tty()
    bar = ProgressBar(stream, 300, interval=3600)
    bar.update(1)
    bar.update(2)  # throttled
    bar.update(300)  # the last update always draws
    assert stream.getvalue().count("\r[") == 2
    assert "\r[" + "#" * 30 + "] 300/300 files" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r")
    before = stream.getvalue()
    bar.close()  # nothing drawn since: nothing to erase
    assert stream.getvalue() == before
