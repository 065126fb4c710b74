"""The hardened parser: bytes in, an lxml tree or parse-stage findings out.

Safety first: the encoding is decided before any parser sees the bytes (UTF-8 only, see
:mod:`rcml.engine.encoding`), and libxml2 is told UTF-8 whatever the document declares; any
DOCTYPE is then refused, so no entity is declared, expanded or fetched; the parser loads no DTD
and the network is off; size and depth are capped. Then Restcomm's own leniency is reproduced
where it matters (a bare ``&`` is accepted, with a warning), so that the verdict is Restcomm's,
not a stricter one.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from dataclasses import dataclass, field

from lxml import etree

from rcml.core.findings import Finding, Fix, TextEdit
from rcml.core.javatext import AMP_FIX, JAVA_TRIM
from rcml.core.options import Limits
from rcml.core.positions import byte_position, text_position, unshift
from rcml.engine.encoding import UTF8_BOM, encode_text, encoding_problem
from rcml.rules.document import (
    BareAmpersand,
    DocumentTooDeep,
    DocumentTooLarge,
    EmptyDocument,
    ForbiddenDoctype,
    NotWellFormed,
)

# What may stand before the root element: white space, the XML declaration, comments, PIs.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_BARE_AMP = re.compile(r"&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
# Where an '&' is literal text, which no fix-up touches: comments, CDATA, processing instructions.
_LITERAL = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_LEADING_SPACE = re.compile(rb"\s+(?=<\?xml\s)")
_DEPTH_ERROR = "Excessive depth"
# A namespace declaration or the predeclared xml: prefix: without either, no name has a namespace.
_NAMESPACED = re.compile(rb"xml(?:ns|:)")


@dataclass(slots=True)
class Parsed:
    """The outcome of parsing: a root (or None) and what was found on the way.

    ``text`` is the document as parsed (after Restcomm's ``&`` fix, if one was needed), for the
    position index; ``amp_fixes`` maps a line to the columns (in ``text``) where ``&`` became
    ``&amp;``, so positions can be mapped back to the original.
    """

    root: etree._Element | None
    text: bytes
    findings: list[Finding] = field(default_factory=list)
    amp_fixes: dict[int, list[int]] = field(default_factory=dict)


_local = threading.local()


def _parser() -> etree.XMLParser:
    """A per-thread parser (lxml parsers are not thread-safe) with every dangerous feature off.

    It reads UTF-8 whatever the document declares, as Restcomm decodes the body
    (``Downloader.java:243-254``). ``collect_ids`` keeps its default on purpose: lxml turns
    ``collect_ids=False`` into a libxml2 flag that also makes it load the external DTD a DOCTYPE
    names (a file, a FIFO, ``/dev/stdin``), even with ``load_dtd=False``.
    """
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            encoding="utf-8",
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
        )
        _local.parser = parser
    return parser


@functools.lru_cache(maxsize=8)
def _too_deep(max_depth: int) -> etree.XPath:
    return etree.XPath("boolean(/" + "/".join(["*"] * (max_depth + 1)) + ")")


def _doctype_offset(data: bytes) -> int | None:
    """Where a DOCTYPE starts in the prolog, if there is one."""
    pos = 0
    while True:
        match = _PROLOG_ITEM.match(data, pos)
        if not match:
            break
        pos = match.end()
    if _DOCTYPE.match(data, pos):
        return pos
    return None


def _syntax_finding(error: etree.XMLSyntaxError) -> Finding:
    line, column = error.position if error.position else (1, 1)
    message = (error.msg or "not well-formed").strip()
    message = re.sub(r",? line \d+, column \d+$", "", message)
    if _DEPTH_ERROR in message:
        return DocumentTooDeep.at(
            line,
            column,
            "elements are nested too deeply to parse",
            "RCML is at most four levels deep",
        )
    return NotWellFormed.at(line, column, message[:1].lower() + message[1:])


def _fix_ampersands(data: bytes) -> tuple[bytes, list[tuple[int, int]], dict[int, list[int]]]:
    """Restcomm's pre-fix, exactly: Java's regular expression on the trimmed body. Returns the
    fixed bytes, the original positions of the ampersands it escaped, and the fixed-text columns
    per line (for mapping positions back). Ampersands it leaves bare stay bare."""
    text = data.decode("utf-8")
    core = text.strip(JAVA_TRIM)
    offset = text.find(core) if core else 0
    originals: list[tuple[int, int]] = []
    fixes: dict[int, list[int]] = {}
    previous, line, line_start = 0, 1, 0  # lines are counted forward: linear in the document
    for match in AMP_FIX.finditer(core):
        at = offset + match.start()
        newlines = text.count("\n", previous, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, at) + 1
        previous = at
        column = at - line_start + 1
        originals.append((line, column))
        fixes.setdefault(line, []).append(column + 4 * len(fixes.get(line, [])))
    fixed = text[:offset] + AMP_FIX.sub(r"&amp;\1", core) + text[offset + len(core) :]
    return fixed.encode("utf-8"), originals, fixes


def _left_bare(
    data: bytes, fixed: bytes, fixes: dict[int, list[int]], error: etree.XMLSyntaxError
) -> Finding:
    """The error for a document that still fails after Restcomm's fix-up, in original positions:
    at an '&' the fix-up left bare when that is where parsing fails (with the fix that escapes
    it), else libxml2's own error."""
    finding = _syntax_finding(error)
    text = fixed.decode("utf-8")
    literal = [m.span() for m in _LITERAL.finditer(text)] if "<!" in text or "<?" in text else []
    # the first bare '&' outside comments, CDATA sections and processing instructions, where an
    # '&' is literal text that libxml2 accepts
    bare = next(
        (m for m in _BARE_AMP.finditer(text) if not any(a <= m.start() < b for a, b in literal)),
        None,
    )
    if bare is not None:
        at = bare.start()
        line, column = text_position(text, at)
        if (line, column) <= (finding.line, finding.column):
            column = unshift(line, column, fixes)
            return NotWellFormed.at(
                line,
                column,
                "this '&' stays bare after Restcomm's fix-up (which escapes at most one '&' "
                "before each ';'), so Restcomm cannot parse the document and hangs up",
                "write '&amp;'",
                fix=_escapes(data, [(line, column)])[0],
            )
    column = unshift(finding.line, finding.column, fixes)
    return NotWellFormed.at(finding.line, column, finding.message, finding.hint)


def _refused(finding: Finding) -> Parsed:
    return Parsed(None, b"", [finding])


def _too_large(limits: Limits) -> Finding:
    return DocumentTooLarge.at(
        1,
        1,
        f"the document is over the size limit of {limits.max_bytes:,} bytes",
        "split it with <Redirect>, or raise Limits.max_bytes",
    )


def parse(source: bytes | str, limits: Limits) -> Parsed:
    """Parse ``source`` safely; never raises on any input."""
    if type(source) is bytes:
        data = source
    elif isinstance(source, str):
        if len(source) > limits.max_bytes:  # at least as many bytes as characters
            return _refused(_too_large(limits))
        encoded = encode_text(source)
        if isinstance(encoded, Finding):
            return _refused(encoded)
        data = encoded
    else:
        data = bytes(source)
    if len(data) > limits.max_bytes:
        return _refused(_too_large(limits))
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    first = data[:1]
    if not first or (first.isspace() and not data.strip()):
        return _refused(
            EmptyDocument.at(
                1,
                1,
                "the document is empty",
                "an empty document ends the call: write <Response><Hangup/></Response>",
            )
        )
    # The encoding is decided before libxml2 sees a byte: what is not UTF-8 stops here.
    problem = encoding_problem(data)
    if problem:
        return _refused(problem)
    # Cheap tests first (a DOCTYPE holds "!": one memchr rules most documents out); the prolog
    # scan says whether it is one.
    if data.find(b"!") >= 0 and b"<!DOCTYPE" in data:
        offset = _doctype_offset(data)
        if offset is not None:
            line, column = byte_position(data, offset)
            return _refused(
                ForbiddenDoctype.at(
                    line,
                    column,
                    "DOCTYPE declarations are refused; no entity is expanded or fetched",
                    "remove the DOCTYPE: RCML has none",
                )
            )
    if first.isspace():
        data = _move_leading_space(data)
    parsed = _parse_xml(data)
    # Every element that holds another one has an end tag, so a document cannot be deeper than
    # its number of "</" plus one; each level but the last takes at least seven bytes
    # ("<a>" and "</a>"): most documents skip the count, and nearly all the walk.
    if (
        parsed.root is not None
        and len(data) > 7 * limits.max_depth
        and data.count(b"</") >= limits.max_depth
        and _too_deep(limits.max_depth)(parsed.root)
    ):
        return _refused(
            DocumentTooDeep.at(
                1,
                1,
                f"elements are nested more than {limits.max_depth} levels deep",
                "RCML is at most four levels deep",
            )
        )
    return parsed


def local_names(parsed: Parsed) -> None:
    """Drop namespaces from element and attribute names, in place, as the validator reads them:
    Restcomm's parser matches local names only (Parser.java:108, :112), so `<Response
    xmlns="...">` and `<x:Say>` run as `<Response>` and `<Say>`. Of two attributes with one local
    name the last wins, as in Restcomm's attribute map. (``rcml.parse`` keeps names as written.)
    """
    root = parsed.root
    if root is None or _NAMESPACED.search(parsed.text) is None:
        return
    for element in root.iter(etree.Element):
        tag = element.tag
        if tag[0] == "{":
            element.tag = tag.rpartition("}")[2]
        attributes = element.attrib
        if any(name[0] == "{" for name in attributes):
            items = list(attributes.items())
            attributes.clear()
            for name, value in items:
                attributes[str(name).rpartition("}")[2]] = value
    etree.cleanup_namespaces(root)


def _move_leading_space(data: bytes) -> bytes:
    """Restcomm trims the body before parsing, so white space before the XML declaration is
    fine there. Keep line numbers by moving that space after the declaration."""
    leading = _LEADING_SPACE.match(data)
    if leading is None:
        return data
    end = data.find(b"?>", leading.end())
    if end < 0:
        return data
    end += 2
    return data[leading.end() : end] + data[: leading.end()] + data[end:]


def _parse_xml(data: bytes) -> Parsed:
    try:
        root = etree.fromstring(data, _parser())
        return Parsed(root, data)
    except etree.XMLSyntaxError as error:
        first = _syntax_finding(error)
    if b"&" not in data:
        return Parsed(None, b"", [first])
    fixed, originals, fixes = _fix_ampersands(data)
    try:
        root = etree.fromstring(fixed, _parser())
    except etree.XMLSyntaxError as error:
        return Parsed(None, b"", [_left_bare(data, fixed, fixes, error)])
    findings = [
        BareAmpersand.at(
            line,
            column,
            "bare '&' is accepted only by Restcomm's fix-up before parsing",
            "write '&amp;'",
            fix=fix,
        )
        for (line, column), fix in zip(originals, _escapes(data, originals), strict=True)
    ]
    return Parsed(root, fixed, findings, fixes)



def _escapes(data: bytes, places: list[tuple[int, int]]) -> list[Fix | None]:
    """The fix of the bare '&' at each of ``places``: write it '&amp;'; none inside a comment, a
    CDATA section or a processing instruction, where an '&' is already literal text."""
    text = data.decode("utf-8")
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    literal = [m.span() for m in _LITERAL.finditer(text)] if "<!" in text or "<?" in text else []
    fixes: list[Fix | None] = []
    for line, column in places:
        offset = starts[line - 1] + column - 1
        at = bisect.bisect_right(literal, (offset, len(text)))
        inside = at > 0 and literal[at - 1][0] <= offset < literal[at - 1][1]
        fixes.append(None if inside else Fix((TextEdit(line, column, "&", "&amp;"),)))
    return fixes
