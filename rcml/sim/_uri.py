"""URLs in the simulator: Restcomm's java.net.URI handling, from :mod:`rcml.core.uri` (shared
with the Calls client's preflight), and the parse check whose failure is Restcomm's error 11100.
"""

from __future__ import annotations

from rcml.core.uri import Params, Uri, masked, resolve
from rcml.rules.urls import url_problem

__all__ = ["Params", "Uri", "java_uri_problem", "masked", "resolve"]


def java_uri_problem(text: str) -> str | None:
    """Why ``URI.create(text)`` throws (Restcomm's error 11100), or None when it parses."""
    return url_problem(text)
