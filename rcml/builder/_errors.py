"""The builder's one exception, raised at the call that is wrong and naming what is allowed
there, and its one warning, for what Restcomm runs but not as a TwiML author expects."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable
from pathlib import Path

from rcml.core.errors import RcmlError
from rcml.core.names import choices, did_you_mean


class BuildError(RcmlError, ValueError):
    """A builder call asked for something RCML does not allow.

    ``element`` is the element being built, ``attribute`` the attribute (None for children and
    text), ``allowed`` what would have been accepted there, ``suggestion`` the closest allowed
    name to a misspelt one (or None).
    """

    def __init__(
        self,
        message: str,
        *,
        element: str,
        attribute: str | None = None,
        allowed: Iterable[str] = (),
        suggestion: str | None = None,
    ) -> None:
        self.element = element
        self.attribute = attribute
        self.allowed = tuple(allowed)
        self.suggestion = suggestion
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the keywords (exceptions cross process pools in test runners and apps)."""
        return (
            _rebuild,
            (type(self), str(self), self.element, self.attribute, self.allowed, self.suggestion),
        )


def _rebuild(
    cls: type[BuildError],
    message: str,
    element: str,
    attribute: str | None,
    allowed: tuple[str, ...],
    suggestion: str | None,
) -> BuildError:
    return cls(
        message, element=element, attribute=attribute, allowed=allowed, suggestion=suggestion
    )


class ChildNotAllowedError(BuildError, AttributeError):
    """A child element asked for where the schema does not allow it (``response.client()``).

    Also an AttributeError, so ``hasattr(response, "client")`` stays False.
    """


def unknown_name(kind: str, name: str, element: str, allowed: Iterable[str]) -> BuildError:
    """The error for a misspelt keyword or child: names the element, lists the allowed names."""
    pool = list(allowed)
    guess = did_you_mean(name, pool)
    hint = f"; did you mean {guess!r}?" if guess else ""
    listing = choices(pool) if pool else "nothing"
    return BuildError(
        f"<{element}> has no {kind} {name!r}{hint} (allowed: {listing})",
        element=element,
        attribute=name,
        allowed=pool,
        suggestion=guess,
    )


class BuildWarning(UserWarning):
    """A builder call Restcomm runs, but not as its author probably meant (``play(loop=0)``:
    forever in TwiML, once in Restcomm). Turn it into an error with
    ``warnings.simplefilter("error", rcml.BuildWarning)``."""


_BUILDER = str(Path(__file__).parent)


def warn(message: str) -> None:
    """Warn with :class:`BuildWarning`, pointing at the first caller outside the builder (the
    line that made the call), however deep in the builder the check runs."""
    level = 2
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_BUILDER):
        frame = frame.f_back
        level += 1
    warnings.warn(message, BuildWarning, stacklevel=level)
