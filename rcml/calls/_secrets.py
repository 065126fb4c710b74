"""Keeping credentials out of every message, repr and log line the client produces.

Three kinds of secret pass through the client: the account's auth token, credentials embedded in
a ``Url`` (``https://user:pass@host/app.xml``) and the SIP ``Password`` of a new call. Anything
shown to a person goes through :func:`mask_url` or a :class:`Redactor` first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

MASK = "***"
# user-info in any URL-looking text: scheme://user[:password]@, up to the last @ before the
# path, so that a password with a raw '#', '?' or '@' in it is masked whole (over-masking is safe).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s]*@")


def split_userinfo(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without its user-info, and the (percent-decoded) user name and password in it."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, sep, password = userinfo.partition(":")
    bare = urlunsplit(SplitResult(parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return bare, unquote(user), unquote(password) if sep else None


def mask_url(url: str) -> str:
    """``url`` with any user-info replaced by ``***`` (the user name is a credential too)."""
    return _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", url)


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
