"""Keeping credentials out of every message, repr and log line the client produces.

Three kinds of secret pass through the client: the account's auth token, credentials embedded in
a ``Url`` (``https://user:pass@host/app.xml``) and the SIP ``Password`` of a new call. Anything
shown to a person goes through :func:`mask_url` or a :class:`Redactor` first. A secret travels
in other shapes too (the ``Authorization`` header carries ``base64(user:password)``, a form
percent-encodes it), and a hostile or careless server may echo any of them back in an error
page: :func:`credential_forms` lists the shapes a redactor masks.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

MASK = "***"
# user-info in any URL-looking text: scheme://user[:password]@, up to the last @ before the
# path, so that a password with a raw '#', '?' or '@' in it is masked whole (over-masking is safe).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s]*@")
_ONE_URL = re.compile(r"(?i)[a-z][a-z0-9+.-]*://\S*")


def split_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without its user-info, and the (percent-decoded) user name and password in it."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, sep, password = userinfo.partition(":")
    bare = urlunsplit(SplitResult(parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return bare, unquote(user), unquote(password) if sep else None


def userinfo_problem(url: str) -> str | None:
    """Why the host and credentials of ``url`` cannot be told apart for sure, or None.

    A raw ``/``, ``#`` or ``?`` in a password ends the authority early: in
    ``https://user:pa/ss@host/`` the host is read as ``user`` and the port as ``pa``, and the
    rest of the password lands in the path. Such a URL would be fetched from the wrong place and
    printed unmasked, so it is refused, and the reason never quotes it. An ``@`` in the path or
    fragment of a URL without user-info is refused on the same grounds (write it ``%40``).
    """
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "its host or port cannot be read"
    if "@" not in parts.netloc and "@" in parts.path + parts.fragment:
        return "an '@' after its host makes the host ambiguous"
    return None


ENCODE_HINT = (
    "percent-encode '/', '#', '?' and '@' in a user name or password "
    "(%2F, %23, %3F, %40), and '@' in a path (%40)"
)


def mask_url(url: str) -> str:
    """``url`` (or a text with URLs in it) with any user-info replaced by ``***``.

    The user name is a credential too. A single URL whose user-info cannot be told from its
    host (:func:`userinfo_problem`) is masked from ``//`` up to its last ``@``, or whole after
    the scheme when it has none.
    """
    if _ONE_URL.fullmatch(url) and userinfo_problem(url) is not None:
        scheme, _, rest = url.partition("://")
        return (
            f"{scheme}://{MASK}@{rest.rpartition('@')[2]}" if "@" in rest else f"{scheme}://{MASK}"
        )
    return _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", url)


def credential_forms(user: str | None, password: str | None) -> list[str]:
    """The shapes in which ``password`` (and the pair ``user:password``) travel and may echo.

    The password itself and percent-encoded; ``base64(user:password)`` as in a Basic
    ``Authorization`` header, with and without padding, standard and URL-safe alphabets.
    """
    if not password:
        return []
    forms = [password, quote(password, safe=""), quote(password)]
    if user is not None:
        pair = f"{user}:{password}".encode()
        for encoded in (base64.b64encode(pair), base64.urlsafe_b64encode(pair)):
            text = encoded.decode("ascii")
            forms += [text, text.rstrip("="), quote(text, safe="")]
    return forms


class Redactor:
    """Replaces known secret strings and any URL user-info in text meant for people."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # Longest first, so a secret that contains another is masked whole.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)

    def with_secrets(self, secrets: Iterable[str | None]) -> Redactor:
        """A redactor that also masks ``secrets``."""
        return Redactor([*self._secrets, *secrets])

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return mask_url(text)

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secret(s))"
