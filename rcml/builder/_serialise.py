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
_ANY_SPECIAL = _ATTR_SPECIAL  # what text or attribute values may need escaped


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
    if pretty:
        out: list[str] = []
        _write_pretty(element, out, 0)
        out.append("\n")
        return "".join(out)
    return _xml(element)


def _start(element: Element) -> str:
    attributes = element.attributes
    if not attributes:
        return "<" + element.tag
    if _ATTR_SPECIAL.search("".join(attributes.values())) is None:  # one search per element
        return "<" + element.tag + "".join([f' {k}="{v}"' for k, v in attributes.items()])
    return (
        "<"
        + element.tag
        + "".join([f' {k}="{escape_attribute(v)}"' for k, v in attributes.items()])
    )


def with_comments(text: str, before: list[Comment], after: list[Comment], pretty: bool) -> str:
    """The root's XML with the comments around it, one a line."""
    head = "".join(f"<!--{c.text}-->\n" for c in before)
    tail = "".join(f"\n<!--{c.text}-->" for c in after)
    if pretty and tail:
        return head + text.rstrip("\n") + tail + "\n"
    return head + text + tail


def _xml(element: Element) -> str:
    """Plain output. The fast path writes without escaping while collecting every value and text
    run; one search over them all decides whether that output stands (no character to escape) or
    the element is written again, escaping each value."""
    parts: list[str] = []
    values: list[str] = []
    _fast(element, parts, values)
    if _ANY_SPECIAL.search("".join(values)) is None:
        return "".join(parts)
    return _escaped(element)


def _fast(element: Element, parts: list[str], values: list[str]) -> None:
    tag = element.tag
    attributes = element.attributes
    parts.append("<" + tag)
    if attributes:
        values += attributes.values()
        for name, value in attributes.items():
            parts += (" ", name, '="', value, '"')
    content = element.content
    if not content:
        parts.append("/>")
        return
    parts.append(">")
    for item in content:
        if type(item) is str:
            parts.append(item)
            values.append(item)
        elif isinstance(item, Comment):
            parts += ("<!--", item.text, "-->")
        else:
            _fast(item, parts, values)  # type: ignore[arg-type]
    parts += ("</", tag, ">")


def _escaped(element: Element) -> str:
    """Output with every value and text run escaped (the slow path)."""
    start = _start(element)
    content = element.content
    if not content:
        return start + "/>"
    parts = [start, ">"]
    for item in content:
        if type(item) is str:
            parts.append(escape_text(item))
        elif isinstance(item, Comment):
            parts.append(f"<!--{item.text}-->")
        else:
            parts.append(_escaped(item))  # type: ignore[arg-type]
    parts.append(f"</{element.tag}>")
    return "".join(parts)


def _write_pretty(element: Element, out: list[str], level: int) -> None:
    content = element.content
    if not content or any(isinstance(item, str) for item in content):
        out.append(_xml(element))  # text inside: written exactly as it is
        return
    out.append(_start(element) + ">")
    inner = "\n" + INDENT * (level + 1)
    for item in content:
        out.append(inner)
        if isinstance(item, Comment):
            out.append(f"<!--{item.text}-->")
        elif not isinstance(item, str):
            _write_pretty(item, out, level + 1)
    out.append("\n" + INDENT * level + f"</{element.tag}>")
