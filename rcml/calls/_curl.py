"""A request as the ``curl`` command that would send it: what ``--dry-run`` prints.

The auth token never appears: the command reads it from ``$RCML_AUTH_TOKEN`` when it runs, as
the README's own examples do. Other secrets (a SIP password, a Url's credentials) are masked,
so a printed command holding them needs them written back in before it is run.
"""

from __future__ import annotations

import re
import shlex

from rcml.calls._secrets import MASK, Redactor
from rcml.calls._transport import Outgoing
from rcml.calls.settings import AUTH_TOKEN

_PLAIN_SID = re.compile(r"[A-Za-z0-9_.-]+")


def to_curl(out: Outgoing, *, account_sid: str, redact: Redactor) -> str:
    """``out`` as a ``curl`` command line, one option per line, ready to paste into a shell."""
    words: list[str] = []
    if out.target == "api":
        user = account_sid if _PLAIN_SID.fullmatch(account_sid) else shlex.quote(account_sid)
        words.append(f'-u "{user}:${AUTH_TOKEN}"')
    fields = out.form if out.form is not None else out.params
    if out.method == "GET" and fields:
        words.append("-G")
    elif out.method != "GET" and not fields:
        words.append(f"-X {out.method}")
    words.append(shlex.quote(redact(out.url)))
    for key, value in (fields or {}).items():
        shown = MASK if key == "Password" else redact(value)
        words.append("--data-urlencode " + shlex.quote(f"{key}={shown}"))
    return "curl " + " \\\n  ".join(words)
