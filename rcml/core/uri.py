"""URLs as Restcomm's Java handles them: java.net.URI's parts and resolution, and form encoding.

* Relative URLs resolve with ``java.net.URI.resolve`` (UriUtils.java:75-83), which follows
  RFC 2396, not a browser: ``?q`` keeps the base's directory, not its file; ``..`` at the top of
  a path stays; and a base with no path at all (``http://host``) glues a relative path to the
  host (``http://hostnext.xml``).
* Parameters are form-encoded as Apache's ``URLEncodedUtils.format`` does: only letters, digits
  and ``_-.*`` are kept, a space is ``+``, and a parameter whose value is Java's ``null`` is sent
  as its bare name, with no ``=``. A query is parsed as ``URLEncodedUtils.parse`` does: ``&`` and
  ``;`` separate the fields.

Pure functions on strings: no HTTP client here (the simulator and the Calls client's preflight
both build on them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote_plus, unquote, unquote_plus

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
    def host(self) -> str | None:
        """The host, as ``URI.getHost()`` gives it (an IPv6 address keeps its brackets)."""
        if self.authority is None:
            return None
        hostport = self.authority.rpartition("@")[2]
        if hostport.startswith("["):
            return hostport[: hostport.find("]") + 1] or None
        return hostport.partition(":")[0] or None

    @property
    def port(self) -> int | None:
        """The port written in the URL, None when there is none (Java's -1)."""
        if self.authority is None:
            return None
        hostport = self.authority.rpartition("@")[2]
        digits = hostport.rpartition("]")[2].rpartition(":")[2] if ":" in hostport else ""
        return int(digits) if digits.isdigit() else None

    @property
    def credentials(self) -> tuple[str, str] | None:
        """The (user, password) written in the authority, percent-decoded; None without any."""
        if self.authority is None or "@" not in self.authority:
            return None
        user, _, password = self.authority.rpartition("@")[0].partition(":")
        return unquote(user), unquote(password)

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


def without_userinfo(url: str) -> str:
    """The URL without credentials: where a GET with parameters goes (Downloader.java:207-216)."""
    parts = Uri.parse(url)
    if parts.authority is None or "@" not in parts.authority:
        return url
    host = parts.authority.rpartition("@")[2]
    return str(Uri(parts.scheme, host, parts.path, parts.query, parts.fragment))


def userinfo(url: str) -> tuple[str, str] | None:
    """The (user, password) written in a URL, if any."""
    return Uri.parse(url).credentials


def masked(url: str) -> str:
    """The URL as a transcript shows it: a password is never written out."""
    parts = Uri.parse(url)
    if parts.authority is None or "@" not in parts.authority:
        return url
    info, _, host = parts.authority.rpartition("@")
    user = info.partition(":")[0]
    return str(Uri(parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))
