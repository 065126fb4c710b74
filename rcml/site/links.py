"""Links between a site's documents: where each URL in a document leads, and in what context.

Restcomm resolves a relative URL against the URL of the document that holds it (java
``URI.resolve``, whose RFC 2396 rules send an empty URL or a query alone to the document's
folder), so a link points into the site when it is relative, or absolute under the
site's ``--base-url``. Each kind of link gives its target a context:

* ``action`` (Gather, Record, Dial, Sms, UssdCollect) and ``<Redirect>``: the linking
  document's own context (the answer replaces the document);
* a Dial noun's ``url``: ``screening``;
* a Conference ``waitUrl``: ``conference-wait``, or a media file when its path ends in ``wav``;
* ``<Play>`` and ``<Fax>``: a media file (or a document) that must exist.

Callbacks (``statusCallback``, ``transcribeCallback``, ``partialResultCallback``) are not
followed: Restcomm ignores their answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from rcml.core import Limits
from rcml.core.document import Document, text_of
from rcml.core.options import Context
from rcml.engine.parse import parse
from rcml.rules.urls import java_resolve, url_problem, wait_url_is_audio
from rcml.schema import load_schema

_PLACEHOLDER_BASE = "http://rcml-site.invalid/"
# Verbs that take call time: a redirect loop through one of them is a hold loop, not a storm.
WAITING_VERBS = frozenset({"Say", "Play", "Pause", "Gather", "Record", "Dial"})
_ACTION_OWNERS = frozenset({"Gather", "Record", "Dial", "Sms", "UssdCollect"})
_NOUNS_WITH_URL = frozenset({"Number", "Client", "Sip", "Uri"})

LinkKind = Literal["document", "media"]


@dataclass(frozen=True)
class Link:
    """One URL in one document that points into the site."""

    line: int
    column: int
    element: str  # the element's path, /Response/Dial[1]/Conference[1]
    where: str  # "waitUrl of <Conference>", "the URL in <Redirect>"
    url: str  # as written
    route: str  # the site route it resolves to
    kind: LinkKind
    context: Context | None  # the context the target runs in (documents only)
    replaces: bool  # Redirect or Sms action: fetched at once, replacing the document
    waits_before: bool  # a verb that takes call time runs before this link is followed


class Resolver:
    """Turns a URL in the document at ``route`` into a site route, or None when it leaves."""

    def __init__(self, base_url: str | None) -> None:
        base = base_url or _PLACEHOLDER_BASE
        if not base.endswith("/"):
            base += "/"
        parts = urlsplit(base)
        self.base = base
        self._origin = (parts.scheme.lower(), parts.netloc.lower())
        self._prefix = parts.path  # ends with "/"

    def url_of(self, route: str) -> str:
        """The absolute URL at which the site serves ``route``."""
        return urljoin(self.base, route.lstrip("/"))

    def route_of(self, url: str, source_route: str) -> str | None:
        """The route ``url`` (written in the document at ``source_route``) leads to, if in-site."""
        if url_problem(url) is not None:
            return None  # RCML301 reports it
        target = urlsplit(java_resolve(self.url_of(source_route), url))
        if (target.scheme.lower(), target.netloc.lower()) != self._origin:
            return None
        path = target.path or "/"
        if not path.startswith(self._prefix):
            return None
        return "/" + unquote(path[len(self._prefix) :])


def _where(element: etree._Element, attribute: str | None) -> str:
    return f"{attribute} of <{element.tag}>" if attribute else f"the URL in <{element.tag}>"


def _raw_links(
    doc: Document,
) -> Iterator[tuple[etree._Element, str | None, str, LinkKind, Context | None]]:
    """(element, attribute, url, kind, context) for every followed URL, in document order."""
    for element in doc.elements:
        tag = element.tag
        if tag in _ACTION_OWNERS and element.get("action"):
            yield element, "action", element.get("action", "").strip(), "document", doc.context
        if tag in _NOUNS_WITH_URL and element.get("url"):
            yield element, "url", element.get("url", "").strip(), "document", "screening"
        if tag == "Conference" and element.get("waitUrl"):
            url = element.get("waitUrl", "").strip()
            kind: LinkKind = "media" if wait_url_is_audio(url) else "document"
            yield element, "waitUrl", url, kind, "conference-wait"
        if tag == "Redirect" and text_of(element):
            yield element, None, text_of(element), "document", doc.context
        if tag in ("Play", "Fax") and text_of(element):
            yield element, None, text_of(element), "media", None


def _waits_before(doc: Document, element: etree._Element) -> bool:
    """Whether a verb that takes call time runs before the top-level verb holding ``element``."""
    top = element
    while top.getparent() is not None and top.getparent() is not doc.root:
        top = top.getparent()  # type: ignore[assignment]
    for verb in doc.root:
        if verb is top:
            return False
        if verb.tag in WAITING_VERBS:
            return True
    return False


def document_links(
    body: bytes, source_route: str, context: Context, resolver: Resolver, limits: Limits
) -> list[Link]:
    """Every in-site link of one document (none when it does not parse: validate says why)."""
    parsed = parse(body, limits)
    if parsed.root is None:
        return []
    doc = Document(parsed.root, parsed.text, context, load_schema(), parsed.amp_fixes)
    links: list[Link] = []
    for element, attribute, url, kind, link_context in _raw_links(doc):
        route = resolver.route_of(url, source_route)
        if route is None:
            continue
        line, column = doc.position(element, attribute)
        replaces = element.tag == "Redirect" or (element.tag == "Sms" and attribute == "action")
        links.append(
            Link(
                line=line,
                column=column,
                element=doc.path(element),
                where=_where(element, attribute),
                url=url,
                route=route,
                kind=kind,
                context=link_context if kind == "document" else None,
                replaces=replaces,
                waits_before=_waits_before(doc, element),
            )
        )
    return links
