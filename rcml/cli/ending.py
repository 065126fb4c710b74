"""How the console script ends: without the interpreter's teardown, when a command allows it.

At exit, Python frees every module and runs its garbage collector over all of them: a seventh of
``rcml lint one.xml`` and about a tenth of linting ten thousand files in two processes (see
``docs/performance.md``), and none of it useful once the command has written its output and
closed its files. A command that has nothing left to tear down (no thread, no file, no child
process still open) calls :func:`allow_quick_exit`; the console script then flushes standard
output and standard error and leaves with ``os._exit`` and the same status (as mypy does).

Only the console script ends that way (:func:`rcml.cli.main` passes an :class:`Ending`): a
command run in-process (click's test runner, a program calling ``cli``) always returns normally,
and that plain path is the reference the tests hold the quick one equal to. Anything unusual falls
back to the plain exit: a status that is not a number, another thread still alive, or a flush
that fails (a closed pipe), which Python then reports as it always does.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import NoReturn

import click


class Ending:
    """The console script's end, as the command that ran left it (click's ``obj``)."""

    def __init__(self) -> None:
        self.quick = False

    def leave(self, leaving: SystemExit) -> NoReturn:
        """Exit with ``leaving``'s status: quickly if allowed and safe, else by raising it."""
        code = leaving.code
        if self.quick and (code is None or isinstance(code, int)) and _alone():
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):  # a closed pipe or stream: Python reports it
                raise leaving from None
            os._exit(code or 0)
        raise leaving


def allow_quick_exit() -> None:
    """Tell the console script that this command leaves nothing to tear down."""
    context = click.get_current_context(silent=True)
    ending = context.find_object(Ending) if context is not None else None
    if ending is not None:
        ending.quick = True


def _alone() -> bool:
    """Whether the main thread is the only one: nothing else may be writing or waiting."""
    return threading.active_count() == 1
