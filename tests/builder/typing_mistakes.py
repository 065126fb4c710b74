"""Mistakes as mypy reports them: test_typing.py asserts mypy's message for each line. Never run."""

from __future__ import annotations

import rcml
from rcml.builder import Gather


def typos() -> None:
    r = rcml.Response()
    r.dial(timout=10)
    Gather(num_digit=1)
    r.say("Hi", voice="alice")
