"""Reading RCML back into the object model, through the validator's hardened parser.

The model holds what XML says: elements, attributes (known or not), text runs and comments (also
those before and after the root: ``comments_before``, ``comments_after``), so
``parse(doc).to_xml()`` has the same canonical XML (C14N) as ``doc``. The XML declaration is not
kept (``to_xml`` writes one on request), nor the white space around the root. Processing
instructions (never seen in RCML) are dropped. Names are kept as written (``x:Say``, ``xml:lang``,
namespace declarations as ``xmlns`` attributes). Elements the schema does not know are kept as
plain elements of their own tag, so lint tools can read, fix and write any well-formed document;
``validate()`` says what is wrong with it.
"""

from __future__ import annotations

from lxml import etree

from rcml.builder._comment import Comment
from rcml.builder._element import Element, make_unknown_class
from rcml.builder._generated import ELEMENTS, Response
from rcml.core.errors import InvalidDocumentError
from rcml.core.options import Limits
from rcml.core.positions import PositionIndex
from rcml.engine.engine import validate
from rcml.engine.parse import parse as hardened_parse

_DEFAULT_LIMITS = Limits()
_XML_NS = "http://www.w3.org/XML/1998/namespace"


def _class_of(tag: str) -> type[Element]:
    known = ELEMENTS.get(tag)
    return known if known is not None else make_unknown_class(tag)


def parse(source: bytes | str, *, limits: Limits = _DEFAULT_LIMITS) -> Response:
    """The document ``source`` (bytes or text) as a :class:`Response`, with source positions.

    Raises :class:`rcml.InvalidDocumentError` (with the findings) when the document cannot be
    parsed (not well-formed, DOCTYPE, not UTF-8, over the limits) or its root is not
    ``<Response>``. Anything else the validator would report is kept as written: call
    ``.validate()`` on the result for findings.
    """
    parsed = hardened_parse(source, limits)
    if parsed.root is None or any(f.is_error for f in parsed.findings):
        raise InvalidDocumentError(parsed.findings)
    root = parsed.root
    if _tag_of(root) != "Response":
        raise InvalidDocumentError(validate(source, limits=limits))
    index = PositionIndex(parsed.text, parsed.amp_fixes)
    counter = [0]
    document = _convert(root, index, counter)
    assert isinstance(document, Response)
    for node in reversed(list(root.itersiblings(preceding=True))):
        if isinstance(node, etree._Comment):
            document.comments_before.append(Comment.parsed(node.text or ""))
    for node in root.itersiblings():
        if isinstance(node, etree._Comment):
            document.comments_after.append(Comment.parsed(node.text or ""))
    return document


def _written(name: str, node: etree._Element) -> str:
    """An attribute name as it was written: ``{uri}local`` back to ``prefix:local``."""
    if not name.startswith("{"):
        return name
    uri, local = name[1:].split("}", 1)
    if uri == _XML_NS:
        return f"xml:{local}"
    prefix = next((p for p, u in node.nsmap.items() if u == uri and p), None)
    return f"{prefix}:{local}" if prefix else local


def _declarations(node: etree._Element) -> dict[str, str]:
    """The namespace declarations written on ``node`` (those its parent does not have)."""
    parent = node.getparent()
    inherited = parent.nsmap if parent is not None else {}
    return {
        (f"xmlns:{prefix}" if prefix else "xmlns"): uri
        for prefix, uri in node.nsmap.items()
        if inherited.get(prefix) != uri
    }


def _tag_of(node: etree._Element) -> str:
    """An element name as it was written (names are kept literally: ``x:Say`` stays ``x:Say``,
    and a default namespace stays in an ``xmlns`` attribute)."""
    tag = str(node.tag)
    if not tag.startswith("{"):
        return tag
    local = tag.split("}", 1)[1]
    return f"{node.prefix}:{local}" if node.prefix else local


def _convert(node: etree._Element, index: PositionIndex, counter: list[int]) -> Element:
    number = counter[0]
    counter[0] += 1
    cls = _class_of(_tag_of(node))
    element = cls.__new__(cls)
    element._meta = None
    attributes = _declarations(node) if node.nsmap else {}
    for name, value in node.attrib.items():
        attributes[_written(str(name), node)] = str(value)
    element.attributes = attributes
    content: list[Element | str | Comment] = []
    if node.text:
        content.append(node.text)
    for child in node:
        if isinstance(child, etree._Comment):
            content.append(Comment.parsed(child.text or ""))
        elif isinstance(child.tag, str):
            content.append(_convert(child, index, counter))
        if child.tail:
            last = content[-1] if content else None
            if isinstance(last, str):
                content[-1] = last + child.tail  # a dropped instruction joined two runs
            else:
                content.append(child.tail)
    element.content = content
    element.set_position(index.element(number))
    return element
