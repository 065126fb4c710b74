"""Building fixes: the edits that rename, rewrite or remove one part of a document as written.

Each helper finds the exact text to change with the document's position scan and returns a
:class:`~rcml.core.findings.Fix`, or None when the document as written does not hold what the
tree says in the plain form the edit needs: a value spelt with an entity or a character
reference, a name with a namespace prefix, an edit that would give an element two attributes of
one name. No fix is better than a wrong one; the finding stays, with its hint.
"""

from __future__ import annotations

import re

from lxml import etree

from rcml.core.document import Document
from rcml.core.findings import Fix, TextEdit

_XML_NEWLINES = re.compile(r"\r\n|[\t\n\r]")


def _edit(doc: Document, start: int, end: int, new: str) -> TextEdit:
    line, column = doc.positions.line_col(start)
    return TextEdit(line, column, doc.positions.text(start, end), new)


def _quoted(value: str, quote: str) -> str:
    """``value`` as the text between ``quote`` characters of an attribute."""
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return text.replace(quote, "&quot;" if quote == '"' else "&apos;")


def rename_attribute(
    doc: Document, element: etree._Element, old: str, new: str, *, safe: bool = True
) -> Fix | None:
    """Write attribute ``old`` of ``element`` as ``new``, unless the element would then have two
    attributes of one name."""
    index = doc.index(element)
    others = (str(name).lower() for name in element.attrib if name != old)
    if index is None or new.lower() in others:
        return None
    span = doc.positions.attribute_span(index, old, exact=True)
    if span is None:
        return None
    return Fix((_edit(doc, span.name, span.name_end, new),), safe)


def remove_attribute(
    doc: Document, element: etree._Element, name: str, *, safe: bool = True
) -> Fix | None:
    """Remove attribute ``name`` of ``element``, with the white space before it."""
    index = doc.index(element)
    span = None if index is None else doc.positions.attribute_span(index, name, exact=True)
    if span is None:
        return None
    return Fix((_edit(doc, span.start, span.value_end + 1, ""),), safe)


def replace_value(
    doc: Document, element: etree._Element, name: str, new: str, *, safe: bool = True
) -> Fix | None:
    """Write ``new`` as the value of attribute ``name``, when its value is written plainly (no
    entity or character reference: it is then exactly the value the tree holds)."""
    index = doc.index(element)
    value = element.get(name)
    if index is None or value is None:
        return None
    span = doc.positions.attribute_span(index, name, exact=True)
    if span is None:
        return None
    written = doc.positions.text(span.value, span.value_end)
    if "&" in written or _XML_NEWLINES.sub(" ", written) != value:
        return None
    quote = doc.positions.text(span.value_end, span.value_end + 1)
    return Fix((_edit(doc, span.value, span.value_end, _quoted(new, quote)),), safe)


def rename_element(
    doc: Document, element: etree._Element, new: str, *, safe: bool = True
) -> Fix | None:
    """Write ``element``'s name as ``new`` in its start tag and in its end tag, when it is written
    without a namespace prefix."""
    index = doc.index(element)
    named = None if index is None else doc.positions.tag_name(index)
    if index is None or named is None or named[1] != element.tag:
        return None
    start, old = named
    size = len(old.encode("utf-8"))
    edits = [_edit(doc, start, start + size, new)]
    closed = doc.positions.start_tag_end(index)
    if closed is None:
        return None
    if not closed[1]:
        end = doc.positions.end_tag(index)
        if end is None or doc.positions.text(end + 2, end + 2 + size) != old:
            return None
        edits.append(_edit(doc, end + 2, end + 2 + size, new))
    return Fix(tuple(edits), safe)


def replace_text(
    doc: Document, element: etree._Element, old: str, new: str, *, safe: bool = True
) -> Fix | None:
    """Replace ``old`` by ``new`` in the text of an element that holds only text, written
    plainly (no child, comment, CDATA section or reference)."""
    index = doc.index(element)
    if index is None or len(element) or not old:
        return None
    closed = doc.positions.start_tag_end(index)
    end = doc.positions.end_tag(index)
    if closed is None or end is None:
        return None
    written = doc.positions.text(closed[0], end)
    if "<" in written or "&" in written or written.count(old) != 1:
        return None
    start = closed[0] + len(written[: written.index(old)].encode("utf-8"))
    return Fix((_edit(doc, start, start + len(old.encode("utf-8")), _text(new)),), safe)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
