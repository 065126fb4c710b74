"""Document-level rules: whether the bytes are a safe, well-formed XML document at all.

The hardened parser (``rcml.engine.parse``) reports these; the classes hold their codes and
documentation.
"""

from __future__ import annotations

from rcml.core.findings import Severity
from rcml.rules.base import Rule


class NotWellFormed(Rule):
    """The document is not well-formed XML.

    What it does
    Reports the first XML syntax error: an unclosed or mismatched tag, an unquoted attribute, a
    stray `<`, text before the XML declaration, an undefined entity such as `&nbsp;`.

    Why it matters
    Restcomm cannot parse the document, so the call hangs up at once (reason
    `Problem_to_parse_downloaded_RCML`); an SMS application stops.

    Example
        <Response><Say>Hello</Response>

    Use instead
        <Response><Say>Hello</Say></Response>
    """

    code = "RCML001"
    name = "not-well-formed"
    severity = Severity.ERROR
    stage = "parse"
    fix = "safe"
    fix_note = "An `&` that Restcomm's fix-up leaves bare is written `&amp;`."


class ForbiddenDoctype(Rule):
    """The document has a DOCTYPE, which rcml refuses for safety.

    What it does
    Refuses any `<!DOCTYPE ...>` before parsing, with its entity declarations: no entity is ever
    expanded and nothing is fetched, so external entities, "billion laughs" and quadratic blow-ups
    cannot read files or exhaust memory.

    Why it matters
    RCML has no DTD; a DOCTYPE in a document served to a telephony platform is either a mistake or
    an attack on whatever parses it.

    Example
        <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Response><Say>&x;</Say></Response>

    Use instead
        <Response><Say>Hello</Say></Response>
    """

    code = "RCML002"
    name = "forbidden-doctype"
    severity = Severity.ERROR
    stage = "parse"


class NotUtf8(Rule):
    """The document is not UTF-8, or declares an encoding Restcomm's download check refuses.

    What it does
    Reports bytes that are not valid UTF-8, a UTF-16 or UTF-32 byte order mark, and an XML
    declaration naming another encoding, unless the document is plain ASCII and the encoding is
    one that reads ASCII unchanged (ISO-8859-1, windows-1252, US-ASCII, Shift_JIS ...): that
    declaration is harmless, and rcml reads the bytes as UTF-8 as Restcomm does.

    Why it matters
    Restcomm decodes the body as UTF-8 (Downloader.java:243-254; invalid bytes are spoken as
    replacement characters), then checks it with a parser that honours the declared encoding
    (Downloader.java:164-167): UTF-16, EBCDIC or an unknown name fail the download and the call
    ends, and non-ASCII text under another declaration means one thing to Restcomm and another
    to every other tool.

    Example
        <?xml version="1.0" encoding="UTF-16"?><Response/>

    Use instead
        <?xml version="1.0" encoding="UTF-8"?><Response/>
    """

    code = "RCML003"
    name = "not-utf8"
    severity = Severity.ERROR
    stage = "parse"


class DocumentTooLarge(Rule):
    """The document is larger than the configured cap (1 MiB by default).

    What it does
    Refuses documents over `Limits.max_bytes` without parsing them.

    Why it matters
    Real RCML is a few hundred bytes. A huge document is a generator bug or an attack, and
    parsing it costs time and memory on every request.

    Example
        A 10 MB file of <Say> verbs.

    Use instead
        Split long flows with <Redirect> to further documents, or raise the cap on purpose
        (`Limits(max_bytes=...)`).
    """

    code = "RCML004"
    name = "document-too-large"
    severity = Severity.ERROR
    stage = "parse"


class DocumentTooDeep(Rule):
    """Elements are nested deeper than the configured cap (64 levels by default).

    What it does
    Refuses documents whose elements nest deeper than `Limits.max_depth`.

    Why it matters
    RCML is at most four levels deep (Response, Dial, Client, Video). Deep nesting is an attack
    on recursive processing, or a generator gone wrong.

    Example
        <Response><a><a><a>... 5,000 levels ...</a></a></a></Response>

    Use instead
        <Response><Dial><Client>alice</Client></Dial></Response>
    """

    code = "RCML005"
    name = "document-too-deep"
    severity = Severity.ERROR
    stage = "parse"


class EmptyDocument(Rule):
    """The document is empty or holds only white space.

    What it does
    Reports a body with no element at all.

    Why it matters
    Restcomm finds nothing to run; with an empty body the call is hung up or stalls, and the
    caller hears dead air.

    Example
        (an empty file)

    Use instead
        <Response><Hangup/></Response>
    """

    code = "RCML006"
    name = "empty-document"
    severity = Severity.ERROR
    stage = "parse"


class BareAmpersand(Rule):
    r"""An `&` does not start an entity reference; only the fix-up Restcomm runs first accepts it.

    What it does
    Applies Restcomm's own fix-up to a document that does not parse: the regular expression
    `&([^;]+(?!(?:\w|;)))` replaced by `&amp;$1` (Parser.java:94, Downloader.java:164). Each `&`
    it escapes is reported here, typically in a URL query string or in SIP headers
    (`alice?X-A=1&X-B=2`), and the rest of the document is checked as Restcomm reads it. The
    expression escapes at most one `&` before each `;`: an `&` it leaves bare is reported as
    RCML001, an error, because Restcomm cannot parse the document and hangs up.

    Why it matters
    Restcomm runs the document, but every other XML tool (xmllint, editors, your own tests, a
    CDN's validator) rejects it, and the next edit that adds a second `&` to the same query
    string makes Restcomm reject it too. This is a warning, not an error, because Restcomm runs
    the document as written.

    Example
        <Response><Dial><Sip>sip:alice@example.com?X-A=1&X-B=2</Sip></Dial></Response>

    Use instead
        <Response><Dial><Sip>sip:alice@example.com?X-A=1&amp;X-B=2</Sip></Dial></Response>
    """

    code = "RCML007"
    name = "bare-ampersand"
    severity = Severity.WARNING
    stage = "parse"
    fix = "safe"
    fix_note = "Writes the `&` as `&amp;`, which is what Restcomm reads."


class TooManyFindings(Rule):
    """The document has more findings than the cap (500 by default); the rest are not shown.

    What it does
    Reports, after the first `Limits.max_findings` findings (sorted by position), how many more
    there are and of which rules, at the position of the first one left out. It takes the severity
    of the worst finding it stands for, so a document whose errors all fall past the cap is still
    not valid.

    Why it matters
    A generated document with the same mistake on every line would otherwise bury the report (and
    the editor, the CI log, the server's page) under thousands of copies of one finding. The fix
    is usually one change to the generator.

    Example
        <Response><Pause length="x"/><Pause length="x"/> ... 40,000 times ... </Response>

    Use instead
        <Response><Pause length="2"/> ... </Response>
    """

    code = "RCML008"
    name = "too-many-findings"
    severity = Severity.ERROR
    stage = "parse"


RULES: tuple[type[Rule], ...] = (
    NotWellFormed,
    ForbiddenDoctype,
    NotUtf8,
    DocumentTooLarge,
    DocumentTooDeep,
    EmptyDocument,
    BareAmpersand,
    TooManyFindings,
)
