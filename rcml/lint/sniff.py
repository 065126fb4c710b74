"""Whether a file found by a walk is RCML at all: its root element is ``<Response>``.

A project holds XML of other kinds (a Maven ``pom.xml``, Android layouts, IDE settings): a walk
skips a file whose root element is plainly something else, instead of reporting it as RCML107.
Only a name seen for sure counts: a file that is not XML, or whose root cannot be found before
:data:`LOOK`, is linted (and its problem reported), and so is ``<response>`` in the wrong case
(a typo RCML107 explains). Templates are read the same way, Jinja2 tags before the root skipped.
"""

from __future__ import annotations

import re

LOOK = 64 * 1024
"""How far into a file the root element is looked for."""

_BEFORE_ROOT = re.compile(
    rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|\{%.*?%\}|\{#.*?#\})*",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)(?=[\s/>])")


def root_name(data: bytes) -> str | None:
    """The local name of the root element of ``data`` (UTF-8 or ASCII), None if unknown."""
    head = data[:LOOK].removeprefix(b"\xef\xbb\xbf")
    prolog = _BEFORE_ROOT.match(head)
    start = prolog.end() if prolog else 0
    found = _ROOT.match(head, start)
    return found.group(2).decode("ascii", "replace") if found else None


def is_rcml(data: bytes) -> bool:
    """False only when the root element is known and is not ``Response`` in any case."""
    name = root_name(data)
    return name is None or name.lower() == "response"
