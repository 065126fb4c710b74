"""What a validation run is asked to do: the kind of document and the parser's safety caps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Context = Literal["voice", "sms", "ussd", "screening", "conference-wait"]
"""The kind of document, which decides the verbs Restcomm runs in it:

* ``voice``: a call's document (the number's Url, an ``action``, a ``Redirect``);
* ``sms``: an SMS application's document;
* ``ussd``: a USSD application's document;
* ``screening``: the document behind a Dial noun's ``url``, run on the called party;
* ``conference-wait``: the document behind a Conference ``waitUrl``: only Play and Say.
"""

CONTEXTS: tuple[Context, ...] = get_args(Context)


@dataclass(frozen=True)
class Limits:
    """Caps that keep hostile input cheap. RCML documents are small and shallow; these are generous.

    ``max_bytes``: larger documents are refused before parsing (Restcomm's own TwiML-world
    neighbours cap responses at 64 kB). ``max_depth``: deeper nesting is refused (real RCML is at
    most four levels deep: Response, Dial, Client, Video). ``max_findings``: a document's findings
    past this many (in position order) are summed up in one RCML008 finding.
    """

    max_bytes: int = 1_048_576
    max_depth: int = 64
    max_findings: int = 500

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.max_depth < 1 or self.max_findings < 1:
            raise ValueError("limits must be positive")


def check_context(context: str) -> Context:
    """Return ``context`` if it is a known context, else raise ValueError naming the choices."""
    if context not in CONTEXTS:
        raise ValueError(f"unknown context {context!r}; choose one of {', '.join(CONTEXTS)}")
    return context  # type: ignore[return-value,unused-ignore]
