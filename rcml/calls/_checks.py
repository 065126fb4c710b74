"""The checks every request goes through before it is sent: values Restcomm would mishandle.

The vocabulary is the builder's (``HttpMethod`` and ``CallEvent``, generated from the schema),
and a misspelt word gets the same did-you-mean as in the builder. Messages never quote a URL:
it may hold a password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, get_args
from urllib.parse import urlsplit

from rcml.calls._secrets import ENCODE_HINT, userinfo_problem
from rcml.calls.errors import InvalidRequestError
from rcml.core.names import choices, did_you_mean

if TYPE_CHECKING:
    from rcml.builder import HttpMethod

# The states Restcomm gives a call (CallStateChanged.java:30-31), as its API writes them.
CallStatus = Literal[
    "queued",
    "ringing",
    "wait-for-answer",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
    "not-found",
]
# The fields Restcomm sorts calls by (CallsEndpoint.java:126-132); any other is ignored.
SortField = Literal["DateCreated", "From", "To", "Direction", "Status", "Duration", "Price"]
INT_MAX = 2**31 - 1  # Restcomm parses numbers with Integer.parseInt


def _one_of(value: object, allowed: Sequence[str], what: str, *, fold: bool = False) -> str:
    """``value`` if it is one of ``allowed`` (ignoring case when ``fold``), else a did-you-mean."""
    if not isinstance(value, str):
        raise InvalidRequestError(f"{what} takes a str, not {type(value).__name__} {value!r}")
    if value in allowed:
        return value
    if fold:
        for word in allowed:
            if word.lower() == value.strip().lower():
                return word
    guess = did_you_mean(value, allowed)
    hint = f"; did you mean {guess!r}?" if guess else ""
    listing = choices(repr(a) for a in allowed)
    raise InvalidRequestError(f"{what}={value!r} is not accepted: expected {listing}{hint}")


def check_method(method: object, what: str = "method") -> HttpMethod:
    """GET or POST (any case): Restcomm accepts anything here, then every fetch fails."""
    from rcml.builder import HttpMethod  # the builder's type; imported when first needed

    word = _one_of(method, get_args(HttpMethod), what, fold=True)
    return word  # type: ignore[return-value]  # one of HttpMethod's own values


def check_events(events: object, what: str = "status_callback_event") -> str:
    """Call events written as Restcomm reads them: comma-separated, no spaces.

    A bare string is refused, even a valid one: ``"initiated ringing"`` would otherwise be read
    as a sequence of letters, and Restcomm splits on commas without trimming
    (CallsEndpoint.java:519), so ``"initiated, ringing"`` names an unknown event.
    """
    from rcml.builder import CallEvent  # the builder's type; imported when first needed

    if isinstance(events, str) or not isinstance(events, Sequence):
        raise InvalidRequestError(
            f"{what} takes a list of events such as ['initiated', 'ringing'], "
            f"not {type(events).__name__} {events!r}"
        )
    if not events:
        raise InvalidRequestError(f"{what} is empty: leave it out, or name at least one event")
    allowed = get_args(CallEvent)
    return ",".join(_one_of(event, allowed, what) for event in events)


def check_status(status: object, what: str = "status") -> CallStatus:
    word = _one_of(status, get_args(CallStatus), what, fold=True)
    return word  # type: ignore[return-value]  # one of CallStatus's own values


def check_sort(field: object) -> SortField:
    word = _one_of(field, get_args(SortField), "sort_by")
    return word  # type: ignore[return-value]  # one of SortField's own values


def check_count(value: object, what: str, *, minimum: int) -> int:
    """A whole number in ``minimum``..2**31-1 (bool refused: it is an int to Python only)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidRequestError(f"{what} takes an int, not {type(value).__name__} {value!r}")
    if not minimum <= value <= INT_MAX:
        raise InvalidRequestError(f"{what} must be between {minimum} and {INT_MAX}, not {value}")
    return value


def check_day(value: object, what: str) -> str:
    """A day as Restcomm parses it (``yyyy-MM-dd``); a ``date`` or such a string."""
    if isinstance(value, dt.datetime):
        raise InvalidRequestError(f"{what} takes a day (a date), not a datetime: Restcomm "
                                  "filters by whole days")  # fmt: skip
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InvalidRequestError(f"{what} takes a day such as 2024-05-31, not {value!r}")


def segment(value: str, what: str) -> str:
    """A SID checked to be one harmless path segment."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value or any(c in value for c in "/?#%") or any(c.isspace() for c in value):
        raise InvalidRequestError(f"{what} must be a SID such as CA…, got {value!r}")
    return value


def check_url(url: str, what: str = "Url") -> str:
    """An absolute http(s) URL, as Restcomm requires (a relative one gives HTTP 500).

    The messages never quote the URL: it may hold a password that could not be told apart.
    """
    if not isinstance(url, str):
        raise InvalidRequestError(f"{what} takes a str, not {type(url).__name__}")
    problem = userinfo_problem(url)
    if problem is not None:
        raise InvalidRequestError(f"{what} cannot be used: {problem}; {ENCODE_HINT}")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidRequestError(f"{what} must be an absolute http:// or https:// URL")
    return url
