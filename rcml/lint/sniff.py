"""Whether a file found by a walk is RCML at all: its root element is ``<Response>``.

A project holds XML of other kinds (a Maven ``pom.xml``, Android layouts, IDE settings): a walk
skips a file whose root element is plainly something else, instead of reporting it as RCML107.
Only a name seen for sure counts: a file that is not XML, or whose root cannot be found before
:data:`LOOK`, is linted (and its problem reported), and so is ``<response>`` in the wrong case
(a typo RCML107 explains). Templates are read the same way, Jinja2 tags before the root skipped;
one that extends another template is linted (its root is in the other one).

Every file of a walk is looked at, so the usual shape (``<Response``, after an XML declaration
maybe) is recognised by one match; anything else before the root (comments, a DOCTYPE, Jinja2
tags) is then skipped step by step with ``bytes.find``.
"""

from __future__ import annotations

import re

LOOK = 64 * 1024
"""How far into a file the root element is looked for."""

_SKIP = ((b"<?", b"?>"), (b"<!--", b"-->"), (b"{%", b"%}"), (b"{#", b"#}"))
"""What may come before the root element: (opening, closing)."""
_USUAL = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<Response[\s/>]")
_NAME = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)(?=[\s/>])")
_SPACE = b" \t\r\n"
_EXTENDS = re.compile(rb"\{%[-+]?\s*extends\s")


def root_name(data: bytes) -> str | None:
    """The local name of the root element of ``data`` (UTF-8 or ASCII), None if unknown."""
    head = data[:LOOK].removeprefix(b"\xef\xbb\xbf")
    at = 0
    while True:
        while at < len(head) and head[at] in _SPACE:
            at += 1
        for opening, closing in _SKIP:
            if head.startswith(opening, at):
                end = head.find(closing, at + len(opening))
                if end < 0 or (opening == b"{%" and _EXTENDS.match(head, at, end)):
                    return None  # a template that extends another has its root there
                at = end + len(closing)
                break
        else:
            if not head.startswith(b"<!", at):
                break
            at = _after_declaration(head, at)  # <!DOCTYPE ...>, maybe with [ ... ]
            if at < 0:
                return None
    found = _NAME.match(head, at)
    return found.group(1).decode("ascii") if found else None


def _after_declaration(head: bytes, at: int) -> int:
    """Where a ``<!DOCTYPE`` declaration starting at ``at`` ends (-1: not in ``head``)."""
    close = head.find(b">", at)
    bracket = head.find(b"[", at, close if close >= 0 else len(head))
    if bracket >= 0:  # an internal subset, which may hold ">"
        close = head.find(b"]", bracket)
        close = head.find(b">", close) if close >= 0 else -1
    return close + 1 if close >= 0 else -1


def is_rcml(data: bytes) -> bool:
    """False only when the root element is known and is not ``Response`` in any case."""
    if _USUAL.match(data):
        return True
    name = root_name(data)
    return name is None or name.lower() == "response"
