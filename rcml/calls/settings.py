"""Where the account comes from when it is not given: one place for the library and the CLI.

``CallsClient()`` and every ``rcml call`` command read the same three variables, so a shell
set up for one works for the other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ACCOUNT_SID = "RCML_ACCOUNT_SID"
AUTH_TOKEN = "RCML_AUTH_TOKEN"
API_URL = "RCML_API_URL"


def resolve(
    account_sid: str | None,
    auth_token: str | None,
    base_url: str | None,
    environ: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """The three settings, each from its argument or else its variable; and the missing ones.

    Returns ``({"account_sid": …, "auth_token": …, "base_url": …}, missing)`` where ``missing``
    names the variables of the settings found nowhere (empty values count as missing).
    """
    env = os.environ if environ is None else environ
    given = {"account_sid": account_sid, "auth_token": auth_token, "base_url": base_url}
    names = {"account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN, "base_url": API_URL}
    found: dict[str, str] = {}
    missing: list[str] = []
    for key, value in given.items():
        value = value or env.get(names[key], "")
        if value:
            found[key] = value
        else:
            missing.append(names[key])
    return found, missing
