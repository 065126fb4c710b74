"""Checks that need a whole element, made when it is finished: at the end of its ``with`` block
and when the document is written out.

A child is judged when it is added, but some verdicts depend on what comes after it: a
``<Gather>`` may hold a ``pause()`` as long as a ``say()`` or ``play()`` follows. The facts come
from the validator's own rules (``rcml.rules.flow.gather_crash``), so the builder refuses exactly
what the validator reports as an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rcml.builder._comment import Comment
from rcml.builder._errors import BuildError
from rcml.rules.flow import gather_crash

if TYPE_CHECKING:
    from rcml.builder._element import Element

_BLANKS = " \t\r\n"


def _gather(element: Element) -> None:
    children = element.children
    crash = gather_crash([(c.tag, bool(c.text.strip(_BLANKS))) for c in children])
    if crash is not None:
        raise BuildError(
            "<Gather> ends with <Pause>: Restcomm's prompt loop fails before gathering starts, "
            "so the caller hears silence; end the Gather with say() or play(), or drop the last "
            "pause() (a longer timeout waits longer)",
            element="Gather",
        )


FINISH_CHECKS: dict[str, Callable[[Element], None]] = {"Gather": _gather}


def check_finished(element: Element) -> None:
    """Run the finishing check of ``element`` and of every element inside it. Elements read by
    ``rcml.parse`` (which have a source position) are written back as they were, unjudged."""
    check = FINISH_CHECKS.get(element.tag)
    if check is not None and element.line is None:
        check(element)
    for item in element.content:
        if not isinstance(item, (str, Comment)):
            check_finished(item)
