"""Talking to a running local Restcomm about what only it has: its clock and call transcripts.

The Calls API itself is :mod:`rcml.calls`'s; these two extensions are read with the same account
settings (``RCML_ACCOUNT_SID``, ``RCML_AUTH_TOKEN``, ``RCML_API_URL``). Messages never hold the
token.
"""

from __future__ import annotations

from typing import Any

import httpx

from rcml.core.errors import RcmlError
from rcml.local.records import API_VERSION


class RemoteError(RcmlError):
    """The local Restcomm could not be reached, or refused the request (one line)."""


def _request(
    api_url: str, account: str, token: str, method: str, path: str, *,
    data: dict[str, str] | None = None, timeout: float = 10.0,
) -> httpx.Response:  # fmt: skip
    url = f"{api_url.rstrip('/')}/{API_VERSION}/Accounts/{account}/{path}"
    try:
        with httpx.Client(auth=(account, token), timeout=timeout, trust_env=False) as client:
            answer = client.request(method, url, data=data)
    except httpx.HTTPError as exc:
        raise RemoteError(f"{method} {url} failed: {type(exc).__name__}") from None
    if answer.status_code != 200:
        detail = answer.text.strip().splitlines()[0][:200] if answer.text.strip() else ""
        raise RemoteError(f"{method} {url}: HTTP {answer.status_code}"
                          + (f" ({detail})" if detail else ""))  # fmt: skip
    return answer


def clock(
    api_url: str, account: str, token: str, *, advance: float | None = None,
    timeout: float = 10.0,
) -> dict[str, Any]:  # fmt: skip
    """The clock's state, after moving it ``advance`` seconds (virtual clocks only)."""
    if advance is None:
        answer = _request(api_url, account, token, "GET", "Clock.json", timeout=timeout)
    else:
        answer = _request(api_url, account, token, "POST", "Clock.json",
                          data={"Advance": repr(float(advance))}, timeout=timeout)
    state: dict[str, Any] = answer.json()
    return state


def transcript(
    api_url: str, account: str, token: str, call_sid: str, *, as_json: bool = False,
    timeout: float = 10.0,
) -> str:  # fmt: skip
    """A call's transcript: text, or the simulator's JSON."""
    if not call_sid or any(c in call_sid for c in "/?#%") or not call_sid.isprintable():
        raise RemoteError(f"{call_sid!r} is not a call SID")
    path = f"Calls/{call_sid}/Transcript" + (".json" if as_json else "")
    return _request(api_url, account, token, "GET", path, timeout=timeout).text
