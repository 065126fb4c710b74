"""The hardened parser: bytes in, an lxml tree or parse-stage findings out.

Safety first: any DOCTYPE is refused before libxml2 sees it, so no entity is declared, expanded or
fetched; the network is off; size and depth are capped; only UTF-8 is read. Then Restcomm's own
leniency is reproduced where it matters (a bare ``&`` is accepted, with a warning), so that the
verdict is Restcomm's, not a stricter one.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from dataclasses import dataclass, field

from lxml import etree

from rcml.core.findings import Finding, Fix, TextEdit
from rcml.core.options import Limits
from rcml.core.positions import unshift
from rcml.rules.document import (
    BareAmpersand,
    DocumentTooDeep,
    DocumentTooLarge,
    EmptyDocument,
    ForbiddenDoctype,
    NotUtf8,
    NotWellFormed,
)

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_BOM_STARTS = (b"\xff", b"\xfe", b"\x00")
# The declarations nearly every document starts with, accepted without a regular expression.
_COMMON_DECLARATIONS = (
    b'<?xml version="1.0" encoding="UTF-8"?>',
    b'<?xml version="1.0" encoding="utf-8"?>',
    b'<?xml version="1.0"?>',
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b"<?xml version='1.0' encoding='utf-8'?>",
)
_UTF8_BOM = b"\xef\xbb\xbf"
# Encodings Restcomm's download check (Xerces, reading the body re-encoded as UTF-8) accepts
# and that read plain ASCII as ASCII: declared on an ASCII-only document they change nothing.
_ASCII_SUPERSETS = frozenset(
    {
        b"us-ascii",
        b"ascii",
        b"iso-8859-1",
        b"iso_8859-1",
        b"iso8859-1",
        b"iso8859_1",
        b"latin1",
        b"l1",
        b"iso-8859-2",
        b"iso-8859-3",
        b"iso-8859-4",
        b"iso-8859-5",
        b"iso-8859-6",
        b"iso-8859-7",
        b"iso-8859-8",
        b"iso-8859-9",
        b"iso-8859-13",
        b"iso-8859-15",
        b"iso-8859-16",
        b"windows-1250",
        b"windows-1251",
        b"windows-1252",
        b"windows-1253",
        b"windows-1254",
        b"windows-1255",
        b"windows-1256",
        b"windows-1257",
        b"windows-1258",
        b"cp1252",
        b"shift_jis",
        b"sjis",
        b"euc-jp",
        b"euc-kr",
        b"gb2312",
        b"gbk",
        b"gb18030",
        b"big5",
        b"koi8-r",
        b"koi8-u",
        b"ibm437",
    }
)
_ENCODING_PSEUDO_ATTRIBUTE = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_DECLARATION = re.compile(rb"<\?xml\s[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
# What may stand before the root element: white space, the XML declaration, comments, PIs.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_BARE_AMP = re.compile(r"&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
# Restcomm's own fix-up of a bare '&', applied to the trimmed body before parsing (Parser.java:94,
# Downloader.java:164): the greedy run stops only at the next ';', so one '&' per run is escaped.
# Java's \w is ASCII-only, hence re.ASCII.
_JAVA_AMP_FIX = re.compile(r"&([^;]+(?!(?:\w|;)))", re.ASCII)
# What Java's String.trim() removes at both ends: every character up to U+0020.
_JAVA_TRIM = "".join(chr(c) for c in range(0x21))
# Where an '&' is literal text, which no fix-up touches: comments, CDATA, processing instructions.
_LITERAL = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_LEADING_SPACE = re.compile(rb"\s+(?=<\?xml\s)")
_DEPTH_ERROR = "Excessive depth"


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
    """A per-thread parser (lxml parsers are not thread-safe) with every dangerous feature off."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


@functools.lru_cache(maxsize=8)
def _too_deep(max_depth: int) -> etree.XPath:
    return etree.XPath("boolean(/" + "/".join(["*"] * (max_depth + 1)) + ")")


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _encoding_problem(data: bytes, decode: bool = True) -> Finding | None:
    for bom, name in _BOMS.items() if data[:1] in _BOM_STARTS else ():
        if data.startswith(bom):
            return NotUtf8.at(
                1, 1, f"the document starts with a {name} byte order mark", "save the file as UTF-8"
            )
    try:
        if decode:
            data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(data, exc.start)
        return NotUtf8.at(
            line,
            column,
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        )
    match = _DECLARATION.match(data.lstrip())
    if match and match.group(1).lower() not in (b"utf-8", b"utf8"):
        encoding = match.group(1)
        if encoding.lower() in _ASCII_SUPERSETS and data.isascii():
            return None  # Restcomm reads the body as UTF-8; plain ASCII reads the same in both
        declared = encoding.decode("ascii", "replace")
        offset = data.index(encoding)
        line, column = _line_col(data, offset)
        why = (
            "Restcomm decodes the body as UTF-8 but checks it as "
            f"{declared}, so text that is not plain ASCII is refused or read differently"
            if encoding.lower() in _ASCII_SUPERSETS
            else "Restcomm's download check cannot read the document in that encoding and "
            "the call ends"
        )
        return NotUtf8.at(
            line,
            column,
            f"the XML declaration names encoding {declared!r}: {why}",
            'declare encoding="UTF-8" and save the file as UTF-8',
        )
    return None


def _utf8_declaration(data: bytes) -> bytes:
    """The document with a harmless non-UTF-8 encoding declaration blanked out (same length, so
    positions hold), so that libxml2 reads it as UTF-8, as Restcomm does, never with a decoder
    for the declared encoding."""
    head = data[: data.find(b"?>") + 2] if b"?>" in data else b""
    match = _ENCODING_PSEUDO_ATTRIBUTE.search(head)
    if match is None or match.group(1).lower() in (b"utf-8", b"utf8"):
        return data
    return data[: match.start()] + b" " * (match.end() - match.start()) + data[match.end() :]


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
    core = text.strip(_JAVA_TRIM)
    offset = text.find(core) if core else 0
    originals: list[tuple[int, int]] = []
    fixes: dict[int, list[int]] = {}
    for match in _JAVA_AMP_FIX.finditer(core):
        at = offset + match.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        originals.append((line, column))
        fixes.setdefault(line, []).append(column + 4 * len(fixes.get(line, [])))
    fixed = text[:offset] + _JAVA_AMP_FIX.sub(r"&amp;\1", core) + text[offset + len(core) :]
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
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
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


def parse(source: bytes | str, limits: Limits) -> Parsed:
    """Parse ``source`` safely; never raises on any input."""
    if type(source) is bytes:
        data = source
    else:
        data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    if len(data) > limits.max_bytes:
        return _refused(
            DocumentTooLarge.at(
                1,
                1,
                f"the document is over the size limit of {limits.max_bytes:,} bytes",
                "split it with <Redirect>, or raise Limits.max_bytes",
            )
        )
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
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
    # Byte order marks and declared encodings are checked here; invalid UTF-8 bytes make
    # libxml2 fail, and are then located by _encoding_problem on the failure path.
    if first != b"<" or (data.startswith(b"<?xml") and not data.startswith(_COMMON_DECLARATIONS)):
        problem = _encoding_problem(data, decode=False)
        if problem:
            return _refused(problem)
        data = _utf8_declaration(data)
    if b"<!DOCTYPE" in data:  # cheap test first; the prolog scan says whether it is one
        offset = _doctype_offset(data)
        if offset is not None:
            line, column = _line_col(data, offset)
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
    # its number of "</" plus one: most documents skip the walk.
    if (
        parsed.root is not None
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
    if root is None or (b"xmlns" not in parsed.text and b"xml:" not in parsed.text):
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
        first = _encoding_problem(data) or _syntax_finding(error)
        if first.code == NotUtf8.code:
            return Parsed(None, b"", [first])
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
