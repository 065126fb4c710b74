"""URLs as Restcomm handles them: java.net.URI's resolution and the request it builds from one.

* Relative URLs resolve against the URL of the request that fetched the current document with
  ``java.net.URI.resolve`` (UriUtils.java:75-83), which follows RFC 2396, not a browser: ``?q``
  keeps the base's directory, not its file; ``..`` at the top of a path stays; and a base with no
  path at all (``http://host``) glues a relative path to the host (``http://hostnext.xml``).
* A request keeps only the URL's scheme, host, port, path and credentials; the URL's own query
  is parsed (``&`` and ``;`` separate fields) and its fields are sent *after* Restcomm's
  parameters, in the query of a GET or the form body of a POST (HttpRequestDescriptor.java:45-97).
  The fragment is dropped.
* Parameters are form-encoded as Apache's URLEncodedUtils does: only letters, digits and
  ``_-.*`` are kept, a space is ``+``, and a parameter whose value is Java's ``null`` is sent as
  its bare name, with no ``=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote_plus, unquote, unquote_plus

from rcml.rules.urls import url_problem

Params = list[tuple[str, str | None]]
_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?\Z", re.S)


@dataclass(frozen=True)
class Uri:
    """The parts of a URI reference (None: absent, as java.net.URI tells them apart)."""

    scheme: str | None
    authority: str | None
    path: str
    query: str | None
    fragment: str | None

    @classmethod
    def parse(cls, text: str) -> Uri:
        match = _URI.match(text)
        assert match is not None  # the pattern matches every string
        scheme, authority, path, query, fragment = match.groups()
        return cls(scheme, authority, path, query, fragment)

    @property
    def opaque(self) -> bool:
        return self.scheme is not None and self.authority is None and not self.path.startswith("/")

    def __str__(self) -> str:
        text = f"{self.scheme}:" if self.scheme is not None else ""
        if self.authority is not None:
            text += "//" + self.authority
        text += self.path
        if self.query is not None:
            text += "?" + self.query
        if self.fragment is not None:
            text += "#" + self.fragment
        return text


def java_uri_problem(text: str) -> str | None:
    """Why ``URI.create(text)`` throws (Restcomm's error 11100), or None when it parses."""
    return url_problem(text)


def _normalize(path: str) -> str:
    """java.net.URI's path normalisation: drop ``.`` and ``x/..``; a leading ``..`` stays."""
    segments = path.split("/")
    if not any(s in (".", "..") for s in segments):
        return path
    absolute = path.startswith("/")
    out: list[str] = []
    trailing = False
    body = segments[1:] if absolute else segments
    for index, segment in enumerate(body):
        last = index == len(body) - 1
        if segment == ".":
            trailing = last
        elif segment == "..":
            if out and out[-1] != "..":
                out.pop()
            else:
                out.append("..")
            trailing = last
        elif segment or last:
            out.append(segment)
            trailing = False
    joined = "/".join(out)
    if trailing and joined:
        joined += "/"
    return ("/" if absolute else "") + joined


def resolve(base: str, reference: str) -> str:
    """``URI.resolve`` as Restcomm's UriUtils.resolveWithBase calls it."""
    if base == reference:
        return reference
    ref = Uri.parse(reference)
    if ref.scheme is not None:
        return reference
    root = Uri.parse(base)
    if root.opaque:
        return reference
    if ref.authority is None and not ref.path and ref.query is None and ref.fragment is not None:
        return str(Uri(root.scheme, root.authority, root.path, root.query, ref.fragment))
    if ref.authority is not None:
        return str(Uri(root.scheme, ref.authority, _normalize(ref.path), ref.query, ref.fragment))
    if ref.path.startswith("/"):
        path = ref.path
    else:
        cut = root.path.rfind("/")
        directory = root.path[: cut + 1] if cut >= 0 else ""
        path = directory + ref.path
    return str(Uri(root.scheme, root.authority, _normalize(path), ref.query, ref.fragment))


def encode(params: Params) -> str:
    """URLEncodedUtils.format(params, "UTF-8")."""
    fields = []
    for name, value in params:
        key = _form(name)
        fields.append(key if value is None else f"{key}={_form(value)}")
    return "&".join(fields)


_FORM_SAFE = re.compile(r"[A-Za-z0-9_.*\-]*\Z")


def _form(text: str) -> str:
    if _FORM_SAFE.match(text):  # most values: nothing to escape
        return text
    return quote_plus(text, safe="*").replace("~", "%7E")


def query_fields(query: str) -> Params:
    """URLEncodedUtils.parse of a URL's raw query: ``&`` and ``;`` separate the fields."""
    fields: Params = []
    for token in re.split(r"[&;]", query):
        name, sep, value = token.partition("=")
        name = unquote_plus(name.strip())
        if name:
            fields.append((name, unquote_plus(value.strip()) if sep else None))
    return fields


@dataclass(frozen=True)
class Target:
    """What a request descriptor keeps of a URL (HttpRequestDescriptor.java:81-97)."""

    url: str  # scheme://[userinfo@]host[:port]path: the base for later relative URLs
    extra: Params  # the URL's own query fields, sent after Restcomm's parameters

    @classmethod
    def of(cls, url: str) -> Target:
        parts = Uri.parse(url)
        base = str(Uri(parts.scheme, parts.authority, parts.path, None, None))
        return cls(base, query_fields(parts.query) if parts.query else [])


def without_userinfo(url: str) -> str:
    """The URL without credentials: where a GET with parameters goes (Downloader.java:207-216)."""
    parts = Uri.parse(url)
    if parts.authority is None or "@" not in parts.authority:
        return url
    host = parts.authority.rpartition("@")[2]
    return str(Uri(parts.scheme, host, parts.path, parts.query, parts.fragment))


def userinfo(url: str) -> tuple[str, str] | None:
    """The (user, password) written in a URL, if any."""
    parts = Uri.parse(url)
    if parts.authority is None or "@" not in parts.authority:
        return None
    user, _, password = parts.authority.rpartition("@")[0].partition(":")
    return unquote(user), unquote(password)


def masked(url: str) -> str:
    """The URL as a transcript shows it: a password is never written out."""
    parts = Uri.parse(url)
    if parts.authority is None or "@" not in parts.authority:
        return url
    info, _, host = parts.authority.rpartition("@")
    user = info.partition(":")[0]
    return str(Uri(parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))
