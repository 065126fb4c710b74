"""Optional HTTP Basic authentication, as Restcomm's HTTP client speaks it.

Restcomm sends credentials only after a ``401`` that carries ``WWW-Authenticate: Basic``
(its documentation writes Urls like ``https://ACCOUNT_SID:AUTH_TOKEN@host/app.xml``), so a
protected route always answers the challenge first. Both the user and the token are compared in
constant time, and neither is ever logged or shown.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

ENV_AUTH = "RCML_AUTH"


def covers(prefix: str, route: str) -> bool:
    """Whether the path prefix ``prefix`` (other than ``/``) covers ``route``: whole segments."""
    return route == prefix or route.startswith(prefix + "/")


@dataclass(frozen=True)
class BasicAuth:
    """``user:token`` credentials, required on ``prefixes`` (default: the whole site)."""

    user: str
    token: str = field(repr=False)
    prefixes: tuple[str, ...] = ("/",)
    realm: str = "rcml"

    @classmethod
    def parse(cls, spec: str, prefixes: tuple[str, ...] = ()) -> BasicAuth:
        """From ``USER:TOKEN``; raises ValueError (without echoing the secret) when malformed."""
        user, sep, token = spec.partition(":")
        if not sep or not user or not token:
            raise ValueError("credentials must look like USER:TOKEN (both non-empty)")
        cleaned = tuple("/" + p.strip("/") for p in prefixes) or ("/",)
        return cls(user, token, cleaned)

    def protects(self, route: str) -> bool:
        """Whether ``route`` needs credentials."""
        return any(prefix == "/" or covers(prefix, route) for prefix in self.prefixes)

    def case_slips(self, routes: Iterable[str]) -> list[str]:
        """One line for each prefix that protects none of ``routes`` but would in another case.

        Routes are case-sensitive, so ``--auth-prefix /private`` leaves ``/Private/...`` open:
        almost certainly not what was meant, and nothing else would say so.
        """
        routes = sorted(routes)
        lines = []
        for prefix in self.prefixes:
            if prefix == "/" or any(covers(prefix, route) for route in routes):
                continue
            wanted = [part.lower() for part in prefix.split("/")]
            for route in routes:
                parts = route.split("/")[: len(wanted)]
                if [part.lower() for part in parts] == wanted:
                    named = "/".join(parts)
                    lines.append(
                        f"{prefix} protects nothing: the site has {named}, in another case "
                        "(prefixes are case-sensitive)"
                    )
                    break
        return lines

    @property
    def challenge(self) -> str:
        """The ``WWW-Authenticate`` value of a 401."""
        return f'Basic realm="{self.realm}", charset="UTF-8"'

    def accepts(self, authorization: bytes | None) -> bool:
        """Whether an ``Authorization`` header holds these credentials (constant time)."""
        credentials = basic_credentials(authorization)
        if credentials is None:
            return False
        user, token = credentials
        user_ok = hmac.compare_digest(user, self.user.encode("utf-8"))
        token_ok = hmac.compare_digest(token, self.token.encode("utf-8"))
        return user_ok & token_ok


def basic_credentials(authorization: bytes | None) -> tuple[bytes, bytes] | None:
    """The user and password of a Basic ``Authorization`` header; None for any other header."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.strip().partition(b" ")
    if scheme.lower() != b"basic":
        return None
    try:
        user, colon, token = base64.b64decode(encoded.strip(), validate=True).partition(b":")
    except (binascii.Error, ValueError):
        return None
    return (user, token) if colon else None
