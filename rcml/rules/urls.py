"""Tree rules about URLs, in every place RCML holds one (attributes and element text).

Restcomm parses URLs with ``java.net.URI`` (RFC 2396) and stops the document when that fails, so
these checks follow that parser's rules rather than a browser's forgiving ones.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from rcml.core.document import JAVA_BLANKS, Document, text_of
from rcml.core.findings import Finding, Fix, Severity
from rcml.rules._fixes import replace_text, replace_value
from rcml.rules.base import Rule
from rcml.schema import Schema

_ILLEGAL = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"([^/?#:]*):")
_VALID_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")
_BRACKETS = re.compile(r"[\[\]]")
_IPV6_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/?#@]*@)?\[[0-9A-Fa-f:.]+\]")
FETCHED_SCHEMES = ("http", "https")
_LOOKS_LIKE_URL = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?://[^/\s]|/)")


# The common case, decided at once: http(s) URLs and paths made of plain URL characters.
_PLAIN = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.\-]+(?::[0-9]{1,5})?(?:[/?][A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)?"
    r"|[A-Za-z0-9\-._~!$&'()*+,;=@/?]+"
)


def url_problem(url: str) -> str | None:
    """Why java.net.URI refuses ``url`` (already trimmed), or None if it parses."""
    if _PLAIN.fullmatch(url):
        return None
    bad = _ILLEGAL.search(url)
    if bad:
        char = bad.group()
        shown = "a space" if char == " " else repr(char)
        return f"{shown} at position {bad.start() + 1} is not allowed in a URL"
    if _BAD_ESCAPE.search(url):
        return "'%' must start an escape of two hex digits, such as %20"
    if url.count("#") > 1:
        return "a URL may hold only one '#'"
    scheme = _SCHEME.match(url)
    if scheme:
        if not _VALID_SCHEME.match(scheme.group(1)):
            return f"{scheme.group(1)!r} is not a valid URL scheme"
        rest = url[scheme.end() :]
        if not rest:
            return "nothing follows the scheme"
        if rest == "//":
            return "the URL has no host"
    brackets = _BRACKETS.search(url)
    if brackets and not _IPV6_HOST.match(url):
        return "'[' and ']' are allowed only around an IPv6 host"
    return None


def wait_url_is_audio(url: str, ending: str = "wav") -> bool:
    """Whether Restcomm plays a Conference ``waitUrl`` as audio rather than fetching it as a
    document: its path, decoded and lower-cased, without the query, ends in ``wav`` (the
    attribute's ``r:plays``) (``waitUrl.getPath().toLowerCase().endsWith("wav")``,
    VoiceInterpreter.java:3169)."""
    return unquote(urlsplit(url.strip(JAVA_BLANKS)).path).lower().endswith(ending)


def java_resolve(base: str, reference: str) -> str:
    """``reference`` resolved against ``base`` as java.net.URI.resolve does it (RFC 2396).

    It differs from RFC 3986 (``urljoin``) for a reference with no path: an empty one, or a
    query alone, leads to the base's folder, not to the base itself. A fragment alone keeps the
    base.
    """
    reference = reference.strip(JAVA_BLANKS)
    parts = urlsplit(reference)
    if not parts.scheme and not parts.netloc and not parts.path and not reference.startswith("#"):
        folder = urljoin(base, ".")
        return folder + ("?" + parts.query if parts.query else "")
    return urljoin(base, reference)


def has_scheme(url: str) -> bool:
    """Whether ``url`` is absolute (starts with a scheme), as java.net.URI.isAbsolute() says."""
    scheme = _SCHEME.match(url.strip(JAVA_BLANKS))
    return scheme is not None and _VALID_SCHEME.match(scheme.group(1)) is not None


def _encoded(url: str) -> str:
    return re.sub(r"[\x00-\x20\x7f\"<>\\^`{|}]", lambda m: f"%{ord(m.group()):02X}", url)


def url_tags(schema: Schema) -> frozenset[str]:
    """Elements that hold a URL, in an attribute or in their text."""
    return frozenset(schema.url_places)


def urls_of(doc: Document, element: etree._Element) -> list[tuple[str | None, str, str | None]]:
    """(attribute or None for the text, url, problem or None) for each URL of one element.

    Both URL rules ask for the same element in turn; the second gets the first one's answer.
    """
    memo: dict[etree._Element, list[tuple[str | None, str, str | None]]] = doc.shared.setdefault(
        "urls", {}
    )
    found = memo.pop(element, None)
    if found is None:
        found = memo[element] = _urls_of(doc, element)
    return found


def _urls_of(doc: Document, element: etree._Element) -> list[tuple[str | None, str, str | None]]:
    attributes, in_text = doc.schema.url_places.get(element.tag, ((), False))
    found: list[tuple[str | None, str, str | None]] = []
    for name in attributes:
        value = element.get(name)
        if value is not None:
            url = value.strip(JAVA_BLANKS)
            found.append((name, url, url_problem(url)))
    if in_text:
        text = text_of(element)
        if text:
            found.append((None, text, url_problem(text)))
    return found


def _where(element: etree._Element, attribute: str | None) -> str:
    return f"{attribute} of <{element.tag}>" if attribute else f"the URL in <{element.tag}>"


class InvalidUrl(Rule):
    """A URL that Restcomm's URL parser (java.net.URI) refuses.

    What it does
    Checks every URL: the text of `<Play>`, `<Redirect>` and `<Fax>`, and every URL attribute
    (`action`, `url`, `waitUrl`, `statusCallback`, `transcribeCallback` ...), for spaces and other
    characters that must be escaped, broken `%` escapes, a second `#`, bad schemes and a missing
    host.

    Why it matters
    Restcomm stops the document when a URL does not parse (error 11100,
    BaseVoiceInterpreter.java:1137-1147): a `<Play>` with a space in its file name ends the call
    instead of playing. `<Fax>` takes the same path to the media cache, so a bad fax URL ends
    the call too.

    Example
        <Response><Play>https://example.com/hello world.wav</Play></Response>

    Use instead
        <Response><Play>https://example.com/hello%20world.wav</Play></Response>
    """

    code = "RCML301"
    cleared_by = "url-walk"
    name = "invalid-url"
    severity = Severity.ERROR
    fix = "safe"
    fix_note = (
        "Escapes the spaces of an http(s) URL or an absolute path as `%20`, as a browser does; "
        "escaping other characters a URL may not hold (`|`, `{`, `\\` ...), or spaces "
        "elsewhere, is an unsafe fix."
    )

    def tags(self, schema: Schema) -> frozenset[str]:
        return url_tags(schema)

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for attribute, url, problem in urls_of(doc, element):
            if problem is None:
                continue
            fixed = _encoded(url)
            escapes = fixed != url and url_problem(fixed) is None
            hint = f"escape it: {fixed!r}" if escapes else "write a valid absolute or relative URL"
            fix = _escape_fix(doc, element, attribute, url, fixed) if escapes else None
            message = f"{_where(element, attribute)}: {problem}"
            found = found or []
            found.append(self.report(doc, element, message, hint, attribute=attribute, fix=fix))
        return found


def _escape_fix(
    doc: Document, element: etree._Element, attribute: str | None, url: str, fixed: str
) -> Fix | None:
    """The fix that writes ``url`` escaped as ``fixed``: safe when only spaces were escaped in
    what is plainly a URL (an http(s) URL or an absolute path, not words such as a fax's text)."""
    plain = _LOOKS_LIKE_URL.match(url) is not None
    safe = plain and all(char == " " for char in _ILLEGAL.findall(url))
    if attribute is None:
        return replace_text(doc, element, url, fixed, safe=safe)
    value = element.get(attribute) or ""
    return replace_value(doc, element, attribute, value.replace(url, fixed, 1), safe=safe)


class UnsupportedUrlScheme(Rule):
    """An absolute URL whose scheme is not http or https.

    What it does
    Reports URLs Restcomm would have to fetch (documents, audio, callbacks) that use another
    scheme, such as `ftp:` or `file:`.

    Why it matters
    Restcomm fetches documents, media and callbacks with an HTTP client; any other scheme fails
    when the verb runs, and a failed `<Play>` download hangs up the call.

    Example
        <Response><Play>ftp://media.example.com/hello.wav</Play></Response>

    Use instead
        <Response><Play>https://media.example.com/hello.wav</Play></Response>
    """

    code = "RCML302"
    cleared_by = "url-walk"
    name = "unsupported-url-scheme"
    severity = Severity.WARNING

    def tags(self, schema: Schema) -> frozenset[str]:
        return url_tags(schema)

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        found = None
        for attribute, url, problem in urls_of(doc, element):
            scheme = _SCHEME.match(url) if problem is None else None
            if scheme is None:
                continue
            name = scheme.group(1).lower()
            if name in FETCHED_SCHEMES:
                continue
            found = found or []
            found.append(
                self.report(
                    doc,
                    element,
                    f"{_where(element, attribute)} uses {name}:, which Restcomm cannot fetch",
                    "serve it over https:// or http://",
                    attribute=attribute,
                )
            )
        return found


CACHED_MEDIA = frozenset({"Play", "Fax"})


def cache_mistakes(url: str) -> bool:
    """Whether Restcomm's media cache takes ``url`` for one of its own hashed URLs and fails: it
    contains 'hash' (any place, this case) but no '#' fragment (DiskCache.java:138-141)."""
    return "hash" in url and "#" not in url


class HashInMediaUrl(Rule):
    """A `<Play>` or `<Fax>` URL containing `hash` without a `#` fragment: the media cache fails.

    What it does
    Reports the URL in a Play or Fax whose text contains the letters `hash` (in this case,
    anywhere: `/hashtag.wav`, `?hash=1`) and no `#`.

    Why it matters
    Restcomm's media cache takes any URL containing `hash` for one it made itself and reads the
    hash from its fragment (DiskCache.java:138-141). Without a fragment that fails: the download
    is refused with warning 13233 and the call hangs up (VoiceInterpreter.java:1082-1096); inside
    `<Gather>` the whole Gather is skipped. (Unless the server sets `cache-no-wav` and the file is
    a `.wav`, which is not the shipped default.)

    Example
        <Response><Play>https://media.example.com/hashtag-promo.wav</Play></Response>

    Use instead
        <Response><Play>https://media.example.com/tag-promo.wav</Play></Response>
    """

    code = "RCML303"
    cleared_by = "url-walk"
    name = "hash-in-media-url"
    severity = Severity.ERROR
    contexts = frozenset({"voice", "sms", "screening", "conference-wait"})  # no media in USSD

    def tags(self, schema: Schema) -> frozenset[str]:
        return CACHED_MEDIA

    def check_element(self, doc: Document, element: etree._Element) -> list[Finding] | None:
        url = text_of(element)
        if not cache_mistakes(url):
            return None
        parent = element.getparent()
        outcome = (
            "the whole <Gather> is skipped"
            if parent is not None and parent.tag == "Gather"
            else "the call hangs up"
        )
        return [
            self.report(
                doc,
                element,
                f"Restcomm's media cache takes a URL containing 'hash' for one of its own and "
                f"fails on it (warning 13233): {outcome}",
                "rename the file or path so that the URL does not contain 'hash'",
            )
        ]


RULES: tuple[type[Rule], ...] = (InvalidUrl, UnsupportedUrlScheme, HashInMediaUrl)
