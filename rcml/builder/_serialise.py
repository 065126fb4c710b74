"""Writing elements as XML text: plain string building, no tree library on the hot path.

Escaping is complete for what the model can hold: ``& < >`` in text (``>`` so that ``]]>`` never
appears), and ``& < > "`` plus tab, new line and carriage return in attribute values, written as
character references so a parser gives back exactly the same value. A carriage return in text is
written as ``&#13;`` for the same reason. Characters XML cannot carry never reach this module: the
builder refuses them at the call.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rcml.builder._comment import Comment

if TYPE_CHECKING:
    from rcml.builder._element import Element

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "

_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r]')


def escape_text(text: str) -> str:
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_attribute(value: str) -> str:
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def serialise(element: Element, pretty: bool) -> str:
    """The XML of ``element`` and everything inside it."""
    out: list[str] = []
    if pretty:
        _write_pretty(element, out, 0)
        out.append("\n")
    else:
        _write(element, out)
    return "".join(out)


def _start(element: Element, out: list[str]) -> None:
    attributes = element.attributes
    if attributes:
        out.append(
            "<"
            + element.tag
            + "".join(
                [f' {name}="{escape_attribute(value)}"' for name, value in attributes.items()]
            )
        )
    else:
        out.append("<" + element.tag)


def _write(element: Element, out: list[str]) -> None:
    _start(element, out)
    content = element.content
    if not content:
        out.append("/>")
        return
    out.append(">")
    for item in content:
        if isinstance(item, str):
            out.append(escape_text(item))
        elif isinstance(item, Comment):
            out.append(f"<!--{item.text}-->")
        else:
            _write(item, out)
    out.append(f"</{element.tag}>")


def _write_pretty(element: Element, out: list[str], level: int) -> None:
    content = element.content
    if not content or any(isinstance(item, str) for item in content):
        _write(element, out)  # text inside: written exactly as it is
        return
    _start(element, out)
    out.append(">")
    inner = "\n" + INDENT * (level + 1)
    for item in content:
        out.append(inner)
        if isinstance(item, Comment):
            out.append(f"<!--{item.text}-->")
        elif not isinstance(item, str):
            _write_pretty(item, out, level + 1)
    out.append("\n" + INDENT * level + f"</{element.tag}>")
